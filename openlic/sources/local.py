"""A release in a local folder."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from openlic.errors import SourceError
from openlic.model import Evidence, Finding, Release, ReleaseFile, Severity
from openlic.sources.interface import HEAD_BYTES, SNIFF_BYTES, ReadLimits, Source
from openlic.sources.textio import decode, looks_binary

#: Folders never descended into: version-control metadata is not part of a release.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn"})

#: A repository folder of the Hugging Face cache (``models--org--name``, ``datasets--...``).
_HF_REPO_FOLDER = re.compile(r"^(models|datasets|spaces)--.+")
#: Marker of the Hugging Face cache's shared blob store (``<cache>/blobs/``).
_HF_SHARED_BLOBS_MARKER = ".huggingface-shared-blobs"


class LocalSource(Source):
    """Read a release from a folder on disk.

    Symlinks are followed only when they resolve inside the release; a symlink that leaves it,
    a symlinked folder, or a special file (FIFO, device, socket) is never read and becomes a
    finding. Nothing is ever written.

    One exception: in a snapshot folder of the Hugging Face cache
    (``<cache>/models--org--name/snapshots/<commit>/``) every file is a symlink into the same
    repository's ``blobs/`` folder (which may in turn link into the cache's shared blob store);
    those links are followed, and every other link leaving the snapshot stays refused.
    """

    def __init__(self, path: str | os.PathLike[str], limits: ReadLimits | None = None) -> None:
        """Prepare to read the folder at ``path`` within ``limits``."""
        self._given = os.fspath(path)
        self._root = Path(path)
        self._limits = limits or ReadLimits()
        self._blobs: tuple[Path, Path | None] | None = None

    def read(self) -> Release:
        """Read every regular file of the folder (see :meth:`Source.read`)."""
        root = self._root
        if not root.exists():
            raise SourceError(f"no such file or folder: {self._given}", self._given)
        if not root.is_dir():
            raise SourceError(f"not a folder: {self._given}", self._given)
        try:
            real_root = root.resolve(strict=True)
            os.listdir(real_root)
        except OSError as exc:
            raise SourceError(
                f"cannot read folder {self._given}: {exc.strerror}", self._given
            ) from exc

        files: list[ReleaseFile] = []
        findings: list[Finding] = []
        self._blobs = hf_blob_folders(real_root)
        for rel, entry_path in self._walk(real_root, findings):
            if len(files) >= self._limits.max_files:
                findings.append(
                    Finding(
                        "release-too-many-files",
                        Severity.WARNING,
                        f"the release has more than {self._limits.max_files} files; the rest "
                        "were not read",
                        (Evidence(rel, None, None, "first file not read"),),
                    )
                )
                break
            read = self._read_file(rel, entry_path, real_root, findings)
            if read is not None:
                files.append(read)
        files.sort(key=lambda f: f.path)
        snapshot = hf_snapshot_of(real_root)
        return Release(
            name=snapshot[0] if snapshot else real_root.name,
            source=self._given,
            revision=snapshot[1] if snapshot else None,
            files=tuple(files),
            findings=tuple(findings),
        )

    def read_range(self, path: str, start: int, length: int) -> bytes:
        """Return ``length`` bytes of ``path`` from ``start``, or b"" when it cannot be read."""
        real_root = self._root.resolve()
        candidate = real_root / path
        target = candidate.resolve()
        allowed = _inside(target, real_root) or (
            _inside(candidate.parent.resolve(), real_root)
            and _hf_blob_link(candidate, target, hf_blob_folders(real_root))
        )
        if not allowed or not target.is_file():
            return b""
        try:
            with target.open("rb") as handle:
                handle.seek(start)
                return handle.read(length)
        except OSError:
            return b""

    def _walk(self, real_root: Path, findings: list[Finding]) -> list[tuple[str, Path]]:
        """Return (relative path, path) of every candidate file, sorted.

        Symlinked folders are not followed: each becomes a finding.
        """
        out: list[tuple[str, Path]] = []
        stack = [real_root]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                rel = folder.relative_to(real_root).as_posix()
                findings.append(
                    Finding(
                        "file-unreadable",
                        Severity.WARNING,
                        f"folder {rel} could not be listed ({exc.strerror}); its files were "
                        "not audited",
                        (Evidence(rel, None, None, exc.strerror or "unreadable"),),
                    )
                )
                continue
            for entry in entries:
                path = Path(entry.path)
                rel = path.relative_to(real_root).as_posix()
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_DIRS:
                        stack.append(path)
                    continue
                if entry.is_symlink() and path.is_dir():
                    findings.append(_symlink_finding(rel, path, real_root, folder=True))
                    continue
                out.append((rel, path))
        out.sort(key=lambda item: item[0])
        return out

    def _read_file(
        self, rel: str, path: Path, real_root: Path, findings: list[Finding]
    ) -> ReleaseFile | None:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                findings.append(
                    Finding(
                        "symlink-broken",
                        Severity.WARNING,
                        f"{rel} is a symlink whose target does not exist (or loops)",
                        (Evidence(rel, None, None, f"-> {os.readlink(path)}"),),
                    )
                )
                return None
            if not _inside(target, real_root) and not _hf_blob_link(path, target, self._blobs):
                findings.append(_symlink_finding(rel, path, real_root, folder=False))
                return None
        try:
            info = path.stat()
        except OSError as exc:
            findings.append(_unreadable(rel, exc))
            return None
        if not stat.S_ISREG(info.st_mode):
            findings.append(
                Finding(
                    "special-file-skipped",
                    Severity.WARNING,
                    f"{rel} is not a regular file (FIFO, device or socket) and was not read",
                    (Evidence(rel, None, None, "special file"),),
                )
            )
            return None
        size = info.st_size
        try:
            with path.open("rb") as handle:
                if size > self._limits.max_text_bytes:
                    head = handle.read(HEAD_BYTES)
                    return ReleaseFile(rel, size, None, head, "too-large")
                # Read one byte past the cap: a file that grows while we read stays bounded.
                data = handle.read(self._limits.max_text_bytes + 1)
        except OSError as exc:
            findings.append(_unreadable(rel, exc))
            return None
        if len(data) > self._limits.max_text_bytes:
            return ReleaseFile(rel, size, None, data[:HEAD_BYTES], "too-large")
        if looks_binary(data[:SNIFF_BYTES]):
            return ReleaseFile(rel, size, None, data[:HEAD_BYTES], "binary")
        decoded = decode(data, rel)
        if decoded.finding is not None:
            findings.append(decoded.finding)
        head = data[:HEAD_BYTES] if decoded.text is None else b""
        return ReleaseFile(rel, size, decoded.text, head, decoded.unread_reason)


def _inside(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def hf_snapshot_of(real_root: Path) -> tuple[str, str] | None:
    """Return (repo id, commit) when ``real_root`` is a snapshot folder of the HF cache."""
    repo_folder = real_root.parent.parent
    if real_root.parent.name != "snapshots" or not _HF_REPO_FOLDER.match(repo_folder.name):
        return None
    if not (repo_folder / "blobs").is_dir():
        return None
    repo_id = repo_folder.name.split("--", 1)[1].replace("--", "/")
    return repo_id, real_root.name


def hf_blob_folders(real_root: Path) -> tuple[Path, Path | None] | None:
    """Return the blob folders a HF-cache snapshot may link into, or None for other folders.

    The first is the repository's own ``blobs/``; the second the cache's shared blob store
    (``<cache>/blobs``, recognised by its marker file) when there is one.
    """
    if hf_snapshot_of(real_root) is None:
        return None
    repo_folder = real_root.parent.parent
    blobs = (repo_folder / "blobs").resolve()
    shared = repo_folder.parent / "blobs"
    store = shared.resolve() if (shared / _HF_SHARED_BLOBS_MARKER).is_file() else None
    return blobs, store


def _hf_blob_link(link: Path, target: Path, blobs: tuple[Path, Path | None] | None) -> bool:
    """Return True when ``link`` (in a HF-cache snapshot) points into its repository's blobs.

    The link's own target must be in the repository's ``blobs/``; the file it finally resolves
    to must be there too, or in the cache's shared blob store.
    """
    if blobs is None:
        return False
    repo_blobs, store = blobs
    try:
        first = Path(os.path.normpath(link.parent.resolve() / os.readlink(link)))
    except OSError:
        return False
    if first.parent != repo_blobs:
        return False
    return target.parent == repo_blobs or (store is not None and _inside(target, store))


def _symlink_finding(rel: str, path: Path, real_root: Path, *, folder: bool) -> Finding:
    try:
        target_text = os.readlink(path)
    except OSError:
        target_text = "?"
    try:
        inside = _inside(path.resolve(), real_root)
    except (OSError, RuntimeError):
        inside = False
    if folder and inside:
        return Finding(
            "symlink-skipped",
            Severity.INFO,
            f"{rel} is a symlink to a folder inside the release; it was not followed (its files "
            "are audited at their real place)",
            (Evidence(rel, None, None, f"-> {target_text}"),),
        )
    return Finding(
        "symlink-outside-release",
        Severity.WARNING,
        f"{rel} is a symlink pointing outside the release ({target_text}); it was not read",
        (Evidence(rel, None, None, f"-> {target_text}"),),
    )


def _unreadable(rel: str, exc: OSError) -> Finding:
    return Finding(
        "file-unreadable",
        Severity.WARNING,
        f"{rel} could not be read ({exc.strerror or exc}); it was not audited",
        (Evidence(rel, None, None, exc.strerror or "unreadable"),),
    )
