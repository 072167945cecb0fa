"""``openlic check --policy`` (exit 1 with the failed rule and why), discovery, --quiet, the
progress bar, and ``openlic badge``."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from openlic.cli import main
from tests.conftest import EXAMPLE, REPO

OPEN_SOURCE_AI = REPO / "examples" / "policies" / "open-source-ai.toml"


def test_policy_passes_on_the_open_release(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLE), "--policy", str(OPEN_SOURCE_AI), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["osaid"]["verdict"] == "open-source-ai"  # the report still goes out
    assert "policy 'open-source-ai'" in err
    assert "passed: 3 rule(s) checked" in err


@pytest.mark.corpus
def test_policy_fails_on_llama_2_with_the_reason(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(corpus_dir / "llama-2"), "--policy", str(OPEN_SOURCE_AI)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Open Source AI (OSAID 1.0): not-open-source-ai" in out
    assert "FAILED: 2 of 3 rule(s) not met" in err
    assert "  FAIL require-open-source-ai\n" in err
    assert "    - the release is not Open Source AI (OSAID 1.0)\n" in err
    assert "  FAIL weights-pass-osd\n" in err
    assert "    - LicenseRef-scancode-llama-2-license-2023 fails OSD 5: " in err
    assert "    at LICENSE:" in err


@pytest.mark.corpus
def test_quiet_prints_only_the_failure(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(corpus_dir / "llama-2"), "--policy", str(OPEN_SOURCE_AI), "-q"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "FAILED" in err


def test_quiet_pass_is_silent_but_output_file_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.sarif"
    code = main(
        [
            "check",
            str(EXAMPLE),
            "--policy",
            str(OPEN_SOURCE_AI),
            "--quiet",
            "--format",
            "sarif",
            "-o",
            str(target),
        ]
    )
    assert code == 0
    assert capsys.readouterr() == ("", "")
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_policy_is_discovered_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.openlic.policy]\nname = 'strict'\nmin-mof-class = 1\n"
    )
    monkeypatch.chdir(tmp_path)
    code = main(["check", str(EXAMPLE), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert "openlic: policy 'strict' (" in err
    assert "pyproject.toml) FAILED: 1 of 1 rule(s) not met" in err
    assert "requires Class I - Open Science or better" in err
    assert main(["check", str(EXAMPLE), "-q", "--no-policy"]) == 0


def test_a_policy_inside_the_audited_release_is_ignored(
    make_release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    release = make_release(
        {"LICENSE": "MIT License\n", "openlic.toml": "[policy]\nmin-mof-class = 1\n"}
    )
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["check", str(release), "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy]\nfail-on = 'fatal'\n", "'fail-on' must be one of error, warning, info"),
        ("[policy\n", "is not valid TOML"),
    ],
)
def test_bad_policy_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(text)
    assert main(["check", str(EXAMPLE), "--policy", str(policy)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing audited
    assert err.startswith("openlic: error: ")
    assert message in err
    assert "Traceback" not in err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # not a terminal (pytest's capture): nothing but the report
    assert main(["check", str(EXAMPLE), "--no-policy"]) == 0
    assert capsys.readouterr().err == ""
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", str(EXAMPLE), "--no-policy"]) == 0
    drawn = terminal.getvalue()
    assert "\r\x1b[K[" in drawn
    assert "reading the release" in drawn
    assert re.search(r"\] (\d+)/\1 done", drawn)  # the last stage is drawn full
    assert drawn.endswith("\r\x1b[K")  # and erased
    quiet = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["check", str(EXAMPLE), "--no-policy", "--quiet", "-o", "/dev/null"]) == 0
    assert quiet.getvalue() == ""


def test_library_reports_progress_through_the_callback() -> None:
    import openlic

    seen: list[tuple[str, int, int]] = []
    openlic.audit(EXAMPLE, progress=lambda stage, done, total: seen.append((stage, done, total)))
    total = seen[0][2]
    assert seen[0] == ("reading the release", 0, total)
    assert seen[-1] == ("done", total, total)
    assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)


def test_badge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "badge.svg"
    assert main(["badge", str(EXAMPLE), "-o", str(target)]) == 0
    svg = target.read_text()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "Open Source AI · MOF Class II" in svg
    assert main(["badge", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == svg
    assert main(["badge", str(tmp_path / "missing")]) == 2
