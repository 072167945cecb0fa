"""The command line: output formats, exit codes, one-line errors, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from openlic.cli import main
from tests.conftest import EXAMPLE, reference_text


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openlic", *args], capture_output=True, text=True, check=False
    )


def test_check_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Not legal advice" in out
    assert "Apache-2.0" in out
    assert "Freedoms (OSAID 1.0)" in out
    assert "open-source-ai" in out


def test_check_json_to_file(tmp_path: Path, validate_report) -> None:
    target = tmp_path / "report.json"
    assert main(["check", str(EXAMPLE), "--format", "json", "--output", str(target)]) == 0
    validate_report(json.loads(target.read_text()))


def test_check_shows_findings_with_path_and_line(make_release, capsys) -> None:
    root = make_release({"README.md": "---\nlicense: [a\n---\n"})
    assert main(["check", str(root)]) == 0
    assert "README.md:2" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["check", "/nonexistent/release"],
        ["identify", "/nonexistent/LICENSE"],
        ["check"],
        ["check", ".", "--format", "xml"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_unreadable_path_is_one_line(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no such file or folder" in result.stderr


def test_identify_json(tmp_path: Path) -> None:
    lic = tmp_path / "LICENSE"
    lic.write_text(reference_text("MIT"))
    result = run("identify", str(lic), "--format", "json")
    assert result.returncode == 0
    (entry,) = json.loads(result.stdout)["files"]
    (match,) = entry["matches"]
    assert match["id"] == "MIT"
    assert match["modified"] is False
    assert {"name", "score", "start_line", "end_line", "scancode_key", "hf_id"} <= set(match)


def test_identify_text_and_binary(tmp_path: Path) -> None:
    lic = tmp_path / "LICENSE"
    lic.write_text(reference_text("Apache-2.0"))
    blob = tmp_path / "blob"
    blob.write_bytes(b"\x00\x01binary")
    result = run("identify", str(lic), str(blob))
    assert result.returncode == 0
    assert "Apache-2.0" in result.stdout
    assert "binary" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("openlic ")


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["identify", "--help"]])
def test_help_everywhere(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert "usage: openlic" in result.stdout


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from openlic.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('huggingface_hub', 'spdx_tools', 'license_expression', 'yaml')"
        " if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
