"""Shared fixtures: release builders, the report schema, and the third-party corpus."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "releases"
HF_CARDS = SHARED / "hf-cards" / "cards"
EXAMPLE = REPO / "examples" / "tiny-release"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


MakeRelease = Callable[[dict[str, str | bytes]], Path]


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} below ``root`` and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_release(tmp_path: Path) -> MakeRelease:
    """Write a release folder from {relative path: text or bytes} and return its path."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "release", files)

    return make


@pytest.fixture(scope="session")
def report_schema() -> dict[str, Any]:
    return json.loads((REPO / "data" / "schema" / "report-v1.schema.json").read_text())


@pytest.fixture(scope="session")
def validate_report(report_schema: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """Return a function that fails the test when a report dict breaks the v1 schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(report_schema)

    def validate(report: dict[str, Any]) -> None:
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])

    return validate


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real releases (third-party files, read in place)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def hf_cards_dir() -> Path:
    """The 3,433 real Hugging Face model cards (third-party files, read in place)."""
    if not HF_CARDS.is_dir():
        pytest.skip("../shared/hf-cards is not present")
    return HF_CARDS


def reference_text(license_id: str) -> str:
    """Return the reference text openlic ships for ``license_id``."""
    from openlic import kb
    from openlic.identification.catalog import catalog

    info = catalog().get(license_id)
    assert info is not None, license_id
    assert info.text_path is not None, license_id
    return kb.read_text(info.text_path)


@pytest.fixture
def kb_reset() -> Iterator[None]:
    """Restore the default knowledge-base location after a test that changes it."""
    from openlic import kb

    yield
    kb.use_location(None)
