"""``openlic identify``: per-file matches with every field, modified texts and differences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openlic.cli import main
from tests.conftest import reference_text

FIELDS = {
    "id",
    "name",
    "method",
    "score",
    "path",
    "start_line",
    "end_line",
    "scancode_key",
    "hf_id",
    "modified",
    "differences",
    "matched_text",
    "expression",
    "scope",
}


def test_json_lists_every_field_with_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paragraphs = reference_text("MIT").split("\n\n")
    clause = "The Software shall not be used for military purposes."
    lic = tmp_path / "LICENSE"
    text = "\n\n".join([paragraphs[0], clause, *paragraphs[1:]])
    lic.write_text(text, encoding="utf-8")
    line = text.splitlines().index(clause) + 1
    readme = tmp_path / "README.md"
    readme.write_text("# X\n\nThe model weights are released under the Apache 2.0 license.\n")
    assert main(["identify", str(lic), str(readme), "--format", "json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    [mit] = files[0]["matches"]
    assert set(mit) == FIELDS
    assert (mit["id"], mit["method"], mit["modified"], mit["scancode_key"], mit["hf_id"]) == (
        "MIT",
        "text",
        True,
        "mit",
        "mit",
    )
    assert mit["differences"] == [
        {
            "change": "added",
            "text": "the software shall not be used for military purposes",
            "start_line": line,
            "end_line": line,
        }
    ]
    [reference] = files[1]["matches"]
    assert (reference["id"], reference["method"], reference["scope"], reference["start_line"]) == (
        "Apache-2.0",
        "reference",
        ["model"],
        3,
    )


def test_text_output_shows_modified_and_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lic = tmp_path / "LICENSE"
    lic.write_text(reference_text("MIT").replace("free of charge", "for a small fee"))
    assert main(["identify", str(lic)]) == 0
    out = capsys.readouterr().out
    assert "MIT (modified)" in out
    assert "added at 1-1: for a small fee" in out
    assert "removed at" in out
