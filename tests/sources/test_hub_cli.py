"""``openlic check hf://...``: Hub options on the command line, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from openlic.cli import main
from tests.conftest import EXAMPLE, REPO
from tests.fakehub import FakeHub, FakeRepo, folder_files


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openlic", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "HF_TOKEN": "", **(env or {})},
        timeout=60,
    )


def hub_args(hub: FakeHub, cache: Path) -> list[str]:
    return ["--hub-endpoint", hub.url, "--timeout", "2"]


def test_check_hf_target_json(fake_hub: FakeHub, hf_cache: Path, validate_report) -> None:
    fake_hub.add(FakeRepo("acme/tiny", folder_files(EXAMPLE), branches={"step5": {}}))
    env = {"HF_HUB_CACHE": str(hf_cache)}
    result = cli(
        "check", "hf://acme/tiny", "--format", "json", *hub_args(fake_hub, hf_cache), env=env
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    validate_report(report)
    assert report["release"]["hub"]["refs"]["checkpoints"] == [{"name": "step5", "kind": "branch"}]
    offline = cli("check", "hf://acme/tiny", "--offline", "--format", "json", env=env)
    assert offline.returncode == 0, offline.stderr
    statuses = {c: v["status"] for c, v in json.loads(offline.stdout)["components"].items()}
    # online, the step5 branch is an intermediate checkpoint; offline the refs are unknown
    assert report["components"]["model-parameters-intermediate"]["status"] == "present"
    assert statuses.pop("model-parameters-intermediate") == "missing"
    assert statuses == {
        c: v["status"]
        for c, v in report["components"].items()
        if c != "model-parameters-intermediate"
    }


def test_check_follow_options(
    fake_hub: FakeHub, hf_cache: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    files = folder_files(EXAMPLE)
    files["README.md"] = b"---\nlicense: apache-2.0\nbase_model: acme/base\n---\n# t\n"
    fake_hub.add(FakeRepo("acme/tiny", files))
    fake_hub.add(FakeRepo("acme/base", {"README.md": b"---\nlicense: mit\n---\n"}))
    # HF_HUB_CACHE is read when huggingface_hub is imported: point the module at the test cache
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(hf_cache))
    code = main(
        [
            "check",
            "hf://acme/tiny",
            "--follow-base",
            "--format",
            "json",
            "--hub-endpoint",
            fake_hub.url,
            "--timeout",
            "2",
        ]
    )
    assert code == 0
    links = json.loads(capsys.readouterr().out)["release"]["hub"]["links"]
    assert [(link["repo_id"], link["license"]) for link in links] == [("acme/base", "mit")]


@pytest.mark.parametrize(
    ("target", "mode", "expected"),
    [
        ("hf://acme/none", "ok", "hf://acme/none: repository not found"),
        ("hf://acme/tiny@nope", "ok", "hf://acme/tiny: revision 'nope' not found"),
        ("hf://acme/tiny", "rate-limit", "rate limited"),
        ("hf://acme/tiny", "hang", "no answer from"),
        ("hf://acme/tiny", "error", "HTTP 500"),
        ("hf://acme/tiny", "forbidden", "access denied"),
    ],
)
def test_hub_errors_are_one_line_exit_2(
    fake_hub: FakeHub, hf_cache: Path, target: str, mode: str, expected: str
) -> None:
    fake_hub.add(FakeRepo("acme/tiny", folder_files(EXAMPLE)))
    fake_hub.mode = mode
    result = cli(
        "check",
        target,
        "--hub-endpoint",
        fake_hub.url,
        "--timeout",
        "1",
        env={"HF_HUB_CACHE": str(hf_cache)},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("openlic: error: ")
    assert expected in lines[0]


def test_network_down_exit_2(hf_cache: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli(
        "check",
        "hf://acme/tiny",
        "--hub-endpoint",
        f"http://127.0.0.1:{port}",
        env={"HF_HUB_CACHE": str(hf_cache)},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"openlic: error: hf://acme/tiny: cannot reach http://127.0.0.1:{port} (ConnectError)"
    )


def test_offline_not_cached_exit_2(hf_cache: Path) -> None:
    result = cli(
        "check", "hf://acme/never", env={"HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(hf_cache)}
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "openlic: error: hf://acme/never is not in the local Hugging Face cache (offline mode)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EXAMPLE), "--revision", "main"],
        ["check", str(EXAMPLE), "--offline"],
        ["check", "hf://spaces/acme/app"],
        ["check", "hf://acme/tiny@"],
        ["check", "hf://acme/tiny", "--timeout", "0"],
    ],
)
def test_hub_usage_errors(args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_does_not_import_huggingface_hub() -> None:
    code = (
        "import sys; from openlic.cli import main\n"
        "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('huggingface_hub', 'httpx2', 'yaml')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
