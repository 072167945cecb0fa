"""The installed package: a real (non-editable) wheel finds its data outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("openlic-*.whl")
    return built


def test_wheel_ships_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "openlic/data/schema/report-v1.schema.json" in names
    assert "openlic/data/licenses/spdx.json" in names
    assert "openlic/data/licenses/reference/texts/MIT.txt" in names
    assert "openlic/py.typed" in names


def test_installed_wheel_audits_from_its_own_data(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The wheel goes into the venv; its dependencies come from this interpreter's site-packages,
    # added *after* the venv's own (a .pth line), so the checkout's editable install is not seen.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            purelib,
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    Path(purelib, "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = (
        "import openlic, openlic.kb as kb, sys\n"
        "print(openlic.__file__)\n"
        "print(kb.location())\n"
        f"r = openlic.audit({str(EXAMPLE)!r})\n"
        "print([l.license_id for l in r.licenses])\n"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    module_file, data_dir, licences = result.stdout.strip().splitlines()
    assert module_file.startswith(purelib)
    assert data_dir.startswith(purelib)
    assert data_dir.endswith("openlic/data")
    assert licences == "['Apache-2.0']"
