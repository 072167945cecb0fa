"""The licence documentation is generated from the data and covers the taxonomy."""

from __future__ import annotations

import subprocess
import sys

from openlic.analysis import taxonomy
from tests.conftest import REPO


def test_licenses_doc_is_generated_from_the_data() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_license_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_analysis_doc_lists_every_category_with_its_criteria() -> None:
    text = (REPO / "docs" / "license-analysis.md").read_text(encoding="utf-8")
    for category in taxonomy().categories.values():
        row = next(
            (line for line in text.splitlines() if line.startswith(f"| `{category.id}`")), None
        )
        assert row is not None, category.id
        criteria = [str(e.criterion) for e in category.osd]
        cells = row.split("|")
        assert all(c in cells[3] for c in criteria), (category.id, row)
        assert all(f in cells[4] for f in category.freedoms), (category.id, row)
