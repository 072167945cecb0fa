"""The knowledge base itself: every data file parses, rules are documented, docs are current."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

DATA = REPO / "data"
DATA_FILES = sorted(
    p for p in DATA.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_data_file_parses_and_has_provenance(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    assert data, path
    if path.parent.name == "schema" or "profiles" in path.parts:
        return  # JSON Schemas describe formats; profiles carry `sources` per licence
    assert isinstance(data, dict)
    assert "provenance" in data or "sources" in data, f"{path} has no provenance"


def documented_rules() -> set[str]:
    data = yaml.safe_load((DATA / "rules" / "findings.yaml").read_text())
    return {r["id"] for r in data["rules"]}


def emitted_rules() -> set[str]:
    """Rule ids that appear as the first argument of a Finding in the package's code."""
    found: set[str] = set()
    pattern = re.compile(r"Finding\(\s*(?:rule=)?f?\"([a-z0-9{}._-]+)\"", re.S)
    for path in (REPO / "openlic").rglob("*.py"):
        for rule in pattern.findall(path.read_text()):
            if "{" in rule:
                found.update({"license-unreadable", "notice-unreadable"})
            else:
                found.add(rule)
    return found


def test_every_emitted_rule_is_documented() -> None:
    missing = emitted_rules() - documented_rules()
    assert not missing, f"rules emitted but not in data/rules/findings.yaml: {sorted(missing)}"


def test_rules_doc_is_generated_from_the_data() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_rules_doc.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
