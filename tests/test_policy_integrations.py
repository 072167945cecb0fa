"""The CI integrations run what docs/integrations.md says: the GitHub Action's audit step and the
pre-commit hook's entry, executed here with the installed ``openlic`` (no network)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, REPO

OPENLIC = shutil.which("openlic")
needs_cli = pytest.mark.skipif(OPENLIC is None, reason="the openlic script is not installed")


def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text())


def _step(name: str) -> dict:
    return next(s for s in _action()["runs"]["steps"] if s.get("name") == name)


def test_action_is_a_composite_with_documented_inputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "policy", "sarif-file", "upload-sarif"}
    upload = _step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    # inputs reach shell steps through env, never spliced into the script
    for step in action["runs"]["steps"]:
        assert "${{ inputs." not in step.get("run", ""), step.get("name")


def _run_audit_step(tmp_path: Path, release: Path, policy: str) -> tuple[int, dict, str]:
    step = _step("Audit and apply the policy")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {
        **os.environ,
        "OPENLIC_PATH": str(release),
        "OPENLIC_POLICY": policy,
        "OPENLIC_SARIF": str(tmp_path / "openlic.sarif"),
        "GITHUB_OUTPUT": str(output),
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    sarif = json.loads((tmp_path / "openlic.sarif").read_text())
    return proc.returncode, values | {"sarif": sarif}, proc.stderr


@needs_cli
def test_action_audit_step_passes_the_open_release(tmp_path: Path) -> None:
    policy = str(REPO / "examples" / "policies" / "open-source-ai.toml")
    code, out, err = _run_audit_step(tmp_path, EXAMPLE, policy)
    assert code == 0, err
    assert out["exit-code"] == "0"
    assert out["sarif"]["version"] == "2.1.0"


@needs_cli
@pytest.mark.corpus
def test_action_audit_step_reports_a_failed_policy(tmp_path: Path, corpus_dir: Path) -> None:
    policy = str(REPO / "examples" / "policies" / "open-source-ai.toml")
    code, out, err = _run_audit_step(tmp_path, corpus_dir / "llama-2", policy)
    # the step itself succeeds so that the SARIF upload runs; a later step fails the job
    assert code == 0, err
    assert out["exit-code"] == "1"
    assert "FAIL require-open-source-ai" in err
    rules = {r["ruleId"] for r in out["sarif"]["runs"][0]["results"]}
    assert "policy/require-open-source-ai" in rules
    final = _step("Fail when the policy failed")
    assert "steps.audit.outputs.exit-code == '1'" in final["if"]


def _hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}


@needs_cli
@pytest.mark.corpus
def test_pre_commit_hook_entry_gates_the_release(tmp_path: Path, corpus_dir: Path) -> None:
    hook = _hooks()["openlic"]
    assert hook["pass_filenames"] is False
    (tmp_path / "openlic.toml").write_text(
        (REPO / "examples" / "policies" / "open-source-ai.toml").read_text()
    )
    for release, expected in ((EXAMPLE, 0), (corpus_dir / "llama-2", 1)):
        # what pre-commit runs: entry + args, from the repository root
        argv = [*shlex.split(hook["entry"]), str(release), *hook["args"][1:]]
        proc = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert proc.returncode == expected, proc.stderr
        assert proc.stdout == ""  # --quiet
    assert "FAILED" in proc.stderr


@needs_cli
def test_pre_commit_report_hook_writes_markdown(tmp_path: Path) -> None:
    hook = _hooks()["openlic-report"]
    argv = [*shlex.split(hook["entry"]), str(EXAMPLE)]
    proc = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "openlic-report.md").read_text().startswith("# Openness report: ")


def test_hook_file_patterns_match_release_files() -> None:
    import re

    pattern = re.compile(_hooks()["openlic"]["files"])
    for path in (
        "LICENSE",
        "models/x/LICENSE.txt",
        "README.md",
        "openlic.toml",
        "a/model.safetensors",
    ):
        assert pattern.search(path), path
    assert not pattern.search("assets/logo.png")
