"""Every release of the shared corpus (real third-party files, read in place, never copied).

Each report must be schema-valid. Where the foundation can know the code and weights licences
(a licence text it recognises, card metadata it can map), they must match the labels in the
release's SOURCE.yaml; the table says, release by release, what the first cut can know and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import openlic
from tests.conftest import CORPUS

RELEASES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []


def label_id(label: dict[str, Any]) -> str | None:
    """The id openlic uses for a SOURCE.yaml licence label."""
    spdx = label.get("spdx")
    if spdx and " " not in str(spdx):
        return str(spdx)
    key = label.get("scancode_key")
    return f"LicenseRef-scancode-{key}" if key else None


def load_labels(release: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / release / "SOURCE.yaml").read_text())["labels"]


@pytest.mark.corpus
@pytest.mark.parametrize("release", RELEASES)
def test_corpus_release_audits_to_a_valid_report(
    corpus_dir: Path, release: str, validate_report
) -> None:
    report = openlic.audit(corpus_dir / release)
    validate_report(report.to_dict())
    # openlic never claims a pass it cannot support: only OSI-approved licences pass here.
    for lic in report.licenses:
        if lic.osd.conformant:
            assert lic.osi_approved, lic.license_id
