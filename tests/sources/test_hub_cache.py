"""A snapshot folder of the Hugging Face cache audits like any folder (its blob links allowed)."""

from __future__ import annotations

import os
from pathlib import Path

import openlic
from openlic.sources.local import LocalSource
from tests.conftest import EXAMPLE

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def cache_snapshot(cache: Path, repo_folder: str = "models--acme--tiny") -> Path:
    """Lay out EXAMPLE as huggingface_hub does: blobs/<hash> plus relative snapshot links."""
    repo = cache / repo_folder
    snapshot = repo / "snapshots" / COMMIT
    for source in sorted(EXAMPLE.rglob("*")):
        if not source.is_file():
            continue
        rel = source.relative_to(EXAMPLE)
        blob = repo / "blobs" / f"blob{abs(hash(rel.as_posix())):x}"
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(source.read_bytes())
        link = snapshot / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snapshot


def rules(release) -> list[str]:
    return sorted(f.rule for f in release.findings)


def test_snapshot_audits_like_the_folder(tmp_path: Path) -> None:
    snapshot = cache_snapshot(tmp_path)
    cached = openlic.audit(snapshot).to_dict()
    folder = openlic.audit(EXAMPLE).to_dict()
    assert {k: v for k, v in cached.items() if k != "release"} == {
        k: v for k, v in folder.items() if k != "release"
    }
    assert cached["release"]["name"] == "acme/tiny"
    assert cached["release"]["revision"] == COMMIT


def test_links_leaving_the_repo_blobs_stay_refused(tmp_path: Path) -> None:
    snapshot = cache_snapshot(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    other = cache_snapshot(tmp_path, "models--other--repo")
    other_blob = next((other.parent.parent / "blobs").iterdir())
    (snapshot / "LEAK").symlink_to(secret)
    (snapshot / "NOTICE").symlink_to("/etc/hostname")
    (snapshot / "OTHER.md").symlink_to(os.path.relpath(other_blob, snapshot))
    # a link into blobs/ that then escapes (a blob that is itself a link out of the cache)
    (snapshot.parent.parent / "blobs" / "evil").symlink_to(secret)
    (snapshot / "EVIL.md").symlink_to("../../blobs/evil")
    release = LocalSource(snapshot).read()
    paths = {f.path for f in release.files}
    assert not {"LEAK", "NOTICE", "OTHER.md", "EVIL.md"} & paths
    assert rules(release) == ["symlink-outside-release"] * 4
    assert all("do not read" not in (f.text or "") for f in release.files)


def test_shared_blob_store_is_followed_only_with_its_marker(tmp_path: Path) -> None:
    snapshot = cache_snapshot(tmp_path)
    store = tmp_path / "blobs" / "ab"
    store.mkdir(parents=True)
    stored = store / ("ab" + "0" * 62)
    stored.write_text("Shared notice\n")
    repo_blob = snapshot.parent.parent / "blobs" / "sharedetag"
    repo_blob.symlink_to(os.path.relpath(stored, repo_blob.parent))
    (snapshot / "NOTICE").symlink_to("../../blobs/sharedetag")
    refused = LocalSource(snapshot).read()
    assert refused.file("NOTICE") is None
    (tmp_path / "blobs" / ".huggingface-shared-blobs").write_text("1")
    allowed = LocalSource(snapshot).read()
    assert allowed.file("NOTICE").text == "Shared notice\n"


def test_read_range_follows_blob_links(tmp_path: Path) -> None:
    snapshot = cache_snapshot(tmp_path)
    source = LocalSource(snapshot)
    assert source.read_range("LICENSE", 0, 6) == (EXAMPLE / "LICENSE").read_bytes()[:6]
    (snapshot / "LEAK").symlink_to("/etc/hostname")
    assert source.read_range("LEAK", 0, 4) == b""


def test_a_folder_named_like_a_snapshot_elsewhere_is_not_special(tmp_path: Path) -> None:
    root = tmp_path / "project" / "snapshots" / "abc"
    root.mkdir(parents=True)
    (root / "README.md").write_text("# x\n")
    outside = tmp_path / "project" / "blobs"
    outside.mkdir()
    (outside / "b").write_text("secret")
    (root / "LEAK").symlink_to("../../blobs/b")
    release = LocalSource(root).read()
    assert release.file("LEAK") is None
    assert release.name == "abc"
