"""The local-folder source: safe reading of whatever a release folder holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openlic.errors import SourceError
from openlic.sources.interface import ReadLimits
from openlic.sources.local import LocalSource


def rules(release) -> list[str]:
    return sorted(f.rule for f in release.findings)


def test_reads_text_and_types_binary(make_release) -> None:
    root = make_release({"LICENSE": "MIT License\n", "w.bin": b"\x00\x01\x02" * 10})
    release = LocalSource(root).read()
    files = {f.path: f for f in release.files}
    assert files["LICENSE"].text == "MIT License\n"
    assert files["w.bin"].text is None
    assert files["w.bin"].unread_reason == "binary"
    assert files["w.bin"].head.startswith(b"\x00\x01\x02")
    assert release.findings == ()


def test_skips_git_folder_and_sorts(make_release) -> None:
    root = make_release({"b.txt": "b", "a/c.txt": "c", ".git/config": "x", ".gitattributes": "*"})
    release = LocalSource(root).read()
    assert [f.path for f in release.files] == [".gitattributes", "a/c.txt", "b.txt"]


def test_symlink_outside_release_is_a_finding(make_release, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("do not read")
    root = make_release({"README.md": "# x\n"})
    (root / "LICENSE").symlink_to("/etc/passwd")
    (root / "leak").symlink_to(outside)
    release = LocalSource(root).read()
    assert [f.path for f in release.files] == ["README.md"]
    assert rules(release) == ["symlink-outside-release", "symlink-outside-release"]
    assert all("do not read" not in (f.text or "") for f in release.files)


def test_symlink_inside_release_is_read(make_release) -> None:
    root = make_release({"docs/LICENSE.txt": "MIT License\n"})
    (root / "LICENSE").symlink_to("docs/LICENSE.txt")
    release = LocalSource(root).read()
    assert {f.path for f in release.files} == {"LICENSE", "docs/LICENSE.txt"}


def test_folder_symlinks_are_not_followed(make_release, tmp_path: Path) -> None:
    root = make_release({"sub/a.txt": "a"})
    (root / "loop").symlink_to(root)
    (root / "etc").symlink_to("/etc")
    release = LocalSource(root).read()
    assert [f.path for f in release.files] == ["sub/a.txt"]
    assert rules(release) == ["symlink-outside-release", "symlink-skipped"]


def test_broken_symlink(make_release) -> None:
    root = make_release({})
    (root / "LICENSE").symlink_to("nowhere")
    assert rules(LocalSource(root).read()) == ["symlink-broken"]


def test_fifo_is_never_opened(make_release) -> None:
    root = make_release({"README.md": "x"})
    os.mkfifo(root / "LICENSE")
    release = LocalSource(root).read()
    assert rules(release) == ["special-file-skipped"]


def test_invalid_utf8_is_replaced_with_a_finding(make_release) -> None:
    root = make_release({"LICENSE": b"line one\nbad \xff\xfe byte\n"})
    release = LocalSource(root).read()
    assert release.files[0].text is not None
    assert "\ufffd" in release.files[0].text
    (finding,) = release.findings
    assert finding.rule == "text-invalid-utf8"
    assert finding.evidence[0].start_line == 2


def test_utf16_with_bom_is_text(make_release) -> None:
    root = make_release({"LICENSE": "MIT License\n".encode("utf-16")})
    assert LocalSource(root).read().files[0].text == "MIT License\n"


def test_size_cap(make_release) -> None:
    root = make_release({"big.txt": "x" * 200, "small.txt": "y"})
    release = LocalSource(root, ReadLimits(max_text_bytes=100)).read()
    files = {f.path: f for f in release.files}
    assert files["big.txt"].text is None
    assert files["big.txt"].unread_reason == "too-large"
    assert files["big.txt"].size == 200
    assert files["small.txt"].text == "y"


def test_read_range_stays_inside(make_release, tmp_path: Path) -> None:
    root = make_release({"a.bin": b"0123456789"})
    source = LocalSource(root)
    assert source.read_range("a.bin", 2, 3) == b"234"
    assert source.read_range("../secret", 0, 3) == b""
    assert source.read_range("missing", 0, 3) == b""


@pytest.mark.parametrize("make", ["missing", "file"])
def test_unopenable_release_raises(tmp_path: Path, make: str) -> None:
    target = tmp_path / "x"
    if make == "file":
        target.write_text("not a folder")
    with pytest.raises(SourceError):
        LocalSource(target).read()


def test_empty_folder(tmp_path: Path) -> None:
    release = LocalSource(tmp_path).read()
    assert release.files == ()
    assert release.name == tmp_path.name
