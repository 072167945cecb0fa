"""A release on the Hugging Face Hub, audited without downloading its weights.

The source asks the Hub for the repository's metadata (file list with sizes and digests, card
metadata, gating, safetensors parameter counts) and its branches and tags, then downloads only
the files the audit reads (model card and other documents, licence and notice files, code,
configuration) through the normal Hugging Face cache. Weight files are never downloaded: their
facts come from the file list and from safetensors headers read with HTTP range requests.

Network use is bounded: every request has the configured timeout and none is retried; a rate
limit, a server error, a timeout or a lost connection ends the audit with one
:class:`~openlic.errors.SourceError` naming the repository. With ``HF_HUB_OFFLINE=1`` (or
``offline=True``) nothing is requested and the release is read from the local cache.

huggingface_hub is imported only when a Hub release is read, never by ``import openlic``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from openlic import kb
from openlic.errors import SourceError, UsageError
from openlic.model import Evidence, FileKind, Finding, Release, ReleaseFile, Severity
from openlic.sources.interface import HEAD_BYTES, SNIFF_BYTES, ReadLimits, Source
from openlic.sources.local import LocalSource
from openlic.sources.textio import decode, looks_binary

if TYPE_CHECKING:
    from huggingface_hub import HfApi

#: The URI scheme of Hub targets.
HF_SCHEME = "hf://"

#: Repository types a target may name (``hf://datasets/org/name``).
REPO_TYPES = {"models": "model", "datasets": "dataset"}

_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")

#: File kinds whose text the audit reads whatever their extension.
_DOCUMENT_KINDS = frozenset(
    {FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY, FileKind.MODEL_CARD, FileKind.README}
)
#: File kinds whose text the audit reads (SPDX headers, configs, documents) when they are text.
_TEXT_KINDS = frozenset(
    {
        FileKind.CODE,
        FileKind.SCRIPT,
        FileKind.NOTEBOOK,
        FileKind.CONFIG,
        FileKind.REQUIREMENTS,
        FileKind.DOC,
    }
)
#: Extensions that hold text (a DOC may be a PDF, a CONFIG may be binary ``training_args.bin``).
_TEXT_EXTENSIONS = (
    ".md",
    ".markdown",
    ".rst",
    ".txt",
    ".yaml",
    ".yml",
    ".json",
    ".toml",
    ".cfg",
    ".ini",
    ".ipynb",
    ".tex",
    ".html",
)


@attrs.frozen
class HubTarget:
    """A repository on the Hub named by an ``hf://`` URI.

    Attributes:
        repo_id: ``org/name`` (or a legacy one-part name).
        repo_type: ``model`` or ``dataset``.
        revision: branch, tag or commit, or None for the default branch.

    """

    repo_id: str
    repo_type: str = "model"
    revision: str | None = None

    @classmethod
    def parse(cls, target: str) -> HubTarget:
        """Parse ``hf://[datasets/|models/]ORG/NAME[@REVISION]``.

        Raises:
            UsageError: when ``target`` is not a valid Hub URI.

        """
        if not target.startswith(HF_SCHEME):
            raise UsageError(f"not a Hub target (hf://ORG/NAME): {target}")
        rest = target[len(HF_SCHEME) :].strip("/")
        repo_type = "model"
        first, _, tail = rest.partition("/")
        if first in REPO_TYPES and tail:
            repo_type, rest = REPO_TYPES[first], tail
        elif first == "spaces" and tail:
            raise UsageError(f"Spaces are not model releases and cannot be audited: {target}")
        repo_id, at, revision = rest.partition("@")
        if not _REPO_ID.match(repo_id) or (at and not revision):
            raise UsageError(f"not a valid Hub repository: {target} (expected hf://ORG/NAME[@REV])")
        return cls(repo_id, repo_type, revision or None)

    @property
    def uri(self) -> str:
        """The ``hf://`` URI of the repository (without revision)."""
        prefix = "datasets/" if self.repo_type == "dataset" else ""
        return f"{HF_SCHEME}{prefix}{self.repo_id}"


def _safe_revision(revision: str) -> bool:
    """Return True for a revision that can name a file under the cache's ``refs/``."""
    parts = revision.split("/")
    return (
        bool(revision.strip())
        and "\\" not in revision
        and not any(part in ("", ".", "..") for part in parts)
    )


def is_hub_target(target: object) -> bool:
    """Return True when ``target`` names a Hub repository (a string starting with ``hf://``)."""
    return isinstance(target, str) and target.startswith(HF_SCHEME)


@attrs.frozen
class HubOptions:
    """How the Hub source reaches the Hub and how much it reads.

    Attributes:
        endpoint: the Hub's URL; None means huggingface_hub's default (``HF_ENDPOINT`` as read
            when huggingface_hub was imported, else https://huggingface.co).
        token: an access token, False for none, None for the standard places (``HF_TOKEN``,
            the token saved by ``hf auth login``).
        offline: True to read only the local cache; None follows ``HF_HUB_OFFLINE``.
        timeout: seconds each request may take (connect and each read); no request is retried.
        cache_dir: the Hugging Face cache folder; None means huggingface_hub's default.
        revision: branch, tag or commit when the target does not name one.
        max_download_bytes: total size of the files downloaded for one audit; files past it are
            listed but not read (a finding says which).
        max_header_files: how many safetensors files have their header read while the release is
            read (two range requests each; :meth:`HubSource.read_range` then serves them).
        max_header_bytes: a safetensors header larger than this is not read.
        max_range_requests: range requests :meth:`HubSource.read_range` may still make for
            other files; past it, it returns b"" so the request count stays bounded whatever
            the number of weight shards.
        follow_base: depth of the card's ``base_model`` chain to read (0: not followed).
        follow_datasets: how many of the card's ``datasets`` to read (0: not followed).

    """

    endpoint: str | None = None
    token: str | bool | None = None
    offline: bool | None = None
    timeout: float = 10.0
    cache_dir: str | None = None
    revision: str | None = None
    max_download_bytes: int = 64 * 1024 * 1024
    max_header_files: int = 4
    max_header_bytes: int = 1024 * 1024
    max_range_requests: int = 64
    follow_base: int = 0
    follow_datasets: int = 0

    def __attrs_post_init__(self) -> None:
        """Reject values that cannot work."""
        if not self.timeout > 0:
            raise UsageError(f"timeout must be positive, not {self.timeout}")
        for name in (
            "max_download_bytes",
            "max_header_files",
            "max_header_bytes",
            "max_range_requests",
        ):
            if getattr(self, name) < 0:
                raise UsageError(f"{name} must not be negative")
        if self.follow_base < 0 or self.follow_datasets < 0:
            raise UsageError("follow depths and counts must not be negative")


#: Most base models and datasets read per level when links are followed.
MAX_LINKS_PER_LEVEL = 5


class HubSource(Source):
    """Read a release from a Hub repository (see the module documentation)."""

    def __init__(
        self, target: str, limits: ReadLimits | None = None, options: HubOptions | None = None
    ) -> None:
        """Prepare to read ``target`` (``hf://...``) within ``limits``.

        Raises:
            UsageError: when ``target`` is not a Hub URI or names two different revisions.

        """
        self._given = target
        self._target = HubTarget.parse(target)
        self._limits = limits or ReadLimits()
        self._options = options or HubOptions()
        revision = self._target.revision
        if self._options.revision and revision and self._options.revision != revision:
            raise UsageError(
                f"two revisions given for {self._target.uri}: @{revision} and "
                f"--revision {self._options.revision}"
            )
        self._revision = revision or self._options.revision
        if self._revision is not None and not _safe_revision(self._revision):
            raise UsageError(f"not a valid revision: {self._revision!r}")
        self._commit: str | None = None
        self._snapshot: Path | None = None
        # Bytes already fetched from the start of weight files (their headers), and the local
        # copies of downloaded files: read_range answers from them without a request.
        self._prefixes: dict[str, bytes] = {}
        self._local: dict[str, str] = {}
        self._range_budget = self._options.max_range_requests
        self._denied = False

    # --- the Source interface -----------------------------------------------------------------

    def read(self) -> Release:
        """Read the repository (see :meth:`Source.read`).

        Raises:
            SourceError: when the repository, the revision or the Hub cannot be reached, or,
                offline, when the repository is not in the local cache.

        """
        if self._is_offline():
            return self._read_offline()
        with _bounded(self._options.timeout):
            try:
                return self._read_online()
            except Exception as exc:
                error = self._source_error(exc)
                if error is None:
                    raise
                raise error from None

    def read_range(self, path: str, start: int, length: int) -> bytes:
        """Return up to ``length`` bytes of ``path`` from ``start``.

        Headers read with the release and downloaded files are answered from memory and the
        HF cache; other ranges take an HTTP range request, at most ``max_range_requests`` of
        them. Offline, the bytes come from the cached file when it is there. Returns b"" when
        the file cannot be read (or the request budget is spent).
        """
        if length <= 0 or start < 0:
            return b""
        if self._is_offline():
            if self._snapshot is None:
                return b""
            return LocalSource(self._snapshot, self._limits).read_range(path, start, length)
        prefix = self._prefixes.get(path)
        if prefix is not None and start + length <= len(prefix):
            return prefix[start : start + length]
        if path in self._local:
            try:
                with open(self._local[path], "rb") as handle:
                    handle.seek(start)
                    return handle.read(length)
            except OSError:
                return b""
        if self._range_budget <= 0 or self._denied:
            return b""
        self._range_budget -= 1
        with _bounded(self._options.timeout):
            try:
                return self._range(path, start, length)
            except Exception as exc:
                if self._source_error(exc) is None:
                    raise
                return b""

    # --- online -------------------------------------------------------------------------------

    def _api(self) -> HfApi:
        from huggingface_hub import HfApi  # noqa: PLC0415 - heavy, only for Hub targets

        from openlic import __version__  # noqa: PLC0415

        return HfApi(
            endpoint=self._options.endpoint,
            token=self._options.token,
            library_name="openlic",
            library_version=__version__,
        )

    def _read_online(self) -> Release:
        api = self._api()
        target = self._target
        info = _repo_info(api, target.repo_type, target.repo_id, self._revision, self._options)
        commit = info.sha
        if not isinstance(commit, str) or not _COMMIT.match(commit):
            raise SourceError(f"{target.uri}: the Hub gave no commit for this revision", target.uri)
        self._commit = commit
        card_data = _card_dict(info)
        listing = _listing(info.siblings or [])
        refs = self._refs(api)
        self._remember(listing)

        findings: list[Finding] = []
        files, unread = self._files(listing, findings)
        card_read = any(
            f.text is not None for f in files if f.path.lower() in ("readme.md", "readme")
        )
        facts: dict[str, Any] = {
            **self._base_facts(offline=False),
            "commit": commit,
            "gated": _gated_value(info.gated),
            "gating": _gating(card_data, info.gated),
            "refs": refs,
            "weights": self._weights(listing, info, headers="denied" if self._denied else "read"),
            "unread": unread,
            "card_data": None if card_read else _jsonable(card_data),
            "links": [],
        }
        findings.extend(_gating_findings(target, info.gated, card_data, card_read))
        links, link_findings = _Linker(self, api).follow(card_data)
        facts["links"] = links
        findings.extend(link_findings)
        return Release(
            name=target.repo_id,
            source=self._given,
            revision=commit,
            files=tuple(files),
            findings=tuple(findings),
            facts={"hub": facts},
        )

    def _base_facts(self, *, offline: bool) -> dict[str, Any]:
        return {
            "repo_id": self._target.repo_id,
            "repo_type": self._target.repo_type,
            "uri": self._target.uri,
            "revision": self._revision,
            "offline": offline,
        }

    def _refs(self, api: HfApi) -> dict[str, Any] | None:
        """Branches and tags; those named like checkpoints are listed as ``checkpoints``.

        ``list_repo_refs`` takes no timeout of its own: the hooks of :func:`_bounded` give it
        the configured one. A Hub that refuses to list refs leaves them unknown (None).
        """
        from huggingface_hub.errors import HfHubHTTPError  # noqa: PLC0415

        _install_hooks()
        try:
            refs = api.list_repo_refs(self._target.repo_id, repo_type=self._target.repo_type)
        except HfHubHTTPError:
            return None
        return refs_facts([b.name for b in refs.branches], [t.name for t in refs.tags])

    def _headers(self) -> dict[str, str]:
        from huggingface_hub.utils import (  # type: ignore[attr-defined]  # noqa: PLC0415
            build_hf_headers,
        )

        from openlic import __version__  # noqa: PLC0415

        return build_hf_headers(
            token=self._options.token, library_name="openlic", library_version=__version__
        )

    def _files(
        self, listing: Mapping[str, _Listed], findings: list[Finding]
    ) -> tuple[list[ReleaseFile], list[dict[str, str]]]:
        """One ReleaseFile per listed file: downloaded text for those the audit reads."""
        paths = sorted(listing)
        if len(paths) > self._limits.max_files:
            findings.append(
                Finding(
                    "release-too-many-files",
                    Severity.WARNING,
                    f"the release has more than {self._limits.max_files} files; the rest "
                    "were not read",
                    (Evidence(paths[self._limits.max_files], None, None, "first file not read"),),
                )
            )
            paths = paths[: self._limits.max_files]
        wanted = sorted((p for p in paths if wants_text(p)), key=_priority)
        budget = self._options.max_download_bytes
        read: dict[str, ReleaseFile] = {}
        unread: list[dict[str, str]] = []
        for path in wanted:
            listed = listing[path]
            if listed.size > self._limits.max_text_bytes:
                continue  # typed by name only, like an oversized local file
            if listed.size > budget:
                unread.append({"path": path, "reason": "download-budget"})
                continue
            got = self._download(path, listed, findings)
            if isinstance(got, str):
                unread.append({"path": path, "reason": got})
                continue
            budget -= listed.size
            read[path] = got
        failed = {u["path"]: u["reason"] for u in unread}
        # Without access to a gated repository no file can be read: say so on every file, and
        # make no range request for weight headers.
        self._denied = "gated" in failed.values()
        files: list[ReleaseFile] = []
        for path in paths:
            listed = listing[path]
            if path in read:
                files.append(read[path])
                continue
            reason = failed.get(path) or (
                "too-large"
                if listed.size > self._limits.max_text_bytes and wants_text(path)
                else ("gated" if self._denied else "not-downloaded")
            )
            files.append(ReleaseFile(path, listed.size, None, b"", reason, listed.sha256))
        unread.sort(key=lambda u: u["path"])
        findings.extend(_unread_findings(self._target, unread))
        return files, unread

    def _download(self, path: str, listed: _Listed, findings: list[Finding]) -> ReleaseFile | str:
        """Download one file through the HF cache; return it read, or why it was not read."""
        from huggingface_hub import hf_hub_download  # noqa: PLC0415
        from huggingface_hub.errors import (  # noqa: PLC0415
            GatedRepoError,
            HfHubHTTPError,
            RemoteEntryNotFoundError,
        )

        _install_hooks()
        try:
            local = hf_hub_download(
                self._target.repo_id,
                path,
                repo_type=self._target.repo_type,
                revision=self._commit,
                cache_dir=self._options.cache_dir,
                token=self._options.token,
                endpoint=self._options.endpoint,
                etag_timeout=self._options.timeout,
                library_name="openlic",
                tqdm_class=_NoProgress,  # the library never prints
            )
        except GatedRepoError:
            return "gated"
        except RemoteEntryNotFoundError:
            return "missing"
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            if status in (401, 403):
                return "no-access"
            raise
        try:
            with open(local, "rb") as handle:
                data = handle.read(self._limits.max_text_bytes + 1)
        except OSError:
            return "unreadable"
        self._local[path] = local
        return file_from_bytes(
            path, listed.size, data, limits=self._limits, findings=findings, sha256=listed.sha256
        )

    def _range(self, path: str, start: int, length: int) -> bytes:
        from huggingface_hub import get_session, hf_hub_url  # noqa: PLC0415

        url = hf_hub_url(
            self._target.repo_id,
            path,
            repo_type=self._target.repo_type,
            revision=self._commit or self._revision,
            endpoint=self._options.endpoint,
        )
        headers = {**self._headers(), "Range": f"bytes={start}-{start + length - 1}"}
        _install_hooks()
        with get_session().stream(
            "GET", url, headers=headers, timeout=self._options.timeout
        ) as response:
            if response.status_code not in (200, 206):
                return b""
            out = bytearray()
            # A server that ignores the range sends the whole file: stop after `length` bytes.
            for chunk in response.iter_bytes():
                out.extend(chunk)
                if len(out) >= length:
                    break
            return bytes(out[:length])

    def _weights(
        self, listing: Mapping[str, _Listed], info: Any, *, headers: str
    ) -> dict[str, Any]:
        """Facts about the weight files: count, bytes, formats, parameters, a few headers.

        ``headers`` is ``read`` (range requests), ``denied`` (gated away from this token) or
        ``none`` (offline: nothing is requested).
        """
        from openlic.inventory.filetypes import file_types  # noqa: PLC0415

        table = file_types()
        weights = [p for p in sorted(listing) if table.classify(p)[0] is FileKind.WEIGHTS]
        formats: dict[str, int] = {}
        for path in weights:
            ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
            formats[ext] = formats.get(ext, 0) + 1
        safetensors = getattr(info, "safetensors", None)
        read: list[dict[str, Any]] = []
        candidates = [p for p in weights if p.lower().endswith(".safetensors")]
        for path in candidates[: self._options.max_header_files if headers != "none" else 0]:
            if headers == "read":
                read.append(self._header(path, listing[path].size))
            else:
                read.append({"path": path, "error": "gated: no access with this token"})
        return {
            "files": len(weights),
            "bytes": sum(listing[p].size for p in weights),
            "formats": dict(sorted(formats.items())),
            "safetensors": (
                {
                    "total": safetensors.total,
                    "parameters": dict(sorted(safetensors.parameters.items())),
                }
                if safetensors is not None
                else None
            ),
            "headers": read,
        }

    def _header(self, path: str, size: int) -> dict[str, Any]:
        """Read a safetensors header (8-byte length, then the JSON) with two range requests."""
        fact: dict[str, Any] = {"path": path}
        if size < 8:
            return {**fact, "error": "file shorter than a safetensors header"}
        prefix = self._range(path, 0, 8)
        if len(prefix) != 8:
            return {**fact, "error": "header not readable"}
        length = int.from_bytes(prefix, "little")
        if length > min(self._options.max_header_bytes, size - 8):
            return {**fact, "error": f"header length {length} over the cap or the file size"}
        raw = self._range(path, 8, length)
        if len(raw) == length:
            self._prefixes[path] = prefix + raw
        return {**fact, **safetensors_header_facts(raw)}

    def _remember(self, listing: Mapping[str, _Listed]) -> None:
        """Record the file list and the revision in the HF cache, for offline audits."""
        folder = self._storage_folder()
        commit = self._commit
        if folder is None or commit is None:
            return
        with contextlib.suppress(OSError):
            if self._revision and not _COMMIT.match(self._revision):
                _write_atomic(folder / "refs" / self._revision, commit)
            elif self._revision is None:
                _write_atomic(folder / "refs" / "main", commit)
            entries = {}
            for path in sorted(listing):
                listed = listing[path]
                entry: dict[str, Any] = {"size": listed.size, "blob_id": listed.blob_id}
                if listed.sha256 is not None:
                    entry["lfs_sha256"] = listed.sha256
                    entry["lfs_size"] = listed.size
                entries[path] = entry
            tree = folder / "trees" / f"{commit}.json"
            if not tree.exists():
                _write_atomic(tree, json.dumps({"format_version": 1, "files": entries}, indent=1))

    def _storage_folder(self) -> Path | None:
        from huggingface_hub import constants  # noqa: PLC0415
        from huggingface_hub.file_download import repo_folder_name  # noqa: PLC0415

        cache = self._options.cache_dir or constants.HF_HUB_CACHE
        name = repo_folder_name(repo_id=self._target.repo_id, repo_type=self._target.repo_type)
        return Path(cache).expanduser() / name

    # --- offline ------------------------------------------------------------------------------

    def _is_offline(self) -> bool:
        if self._options.offline is not None:
            return self._options.offline
        return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")

    def _read_offline(self) -> Release:
        target = self._target
        folder = self._storage_folder()
        commit = self._cached_commit(folder)
        if folder is None or commit is None:
            raise SourceError(
                f"{target.uri}"
                + (f"@{self._revision}" if self._revision else "")
                + " is not in the local Hugging Face cache (offline mode)",
                target.uri,
            )
        self._commit = commit
        snapshot = folder / "snapshots" / commit
        self._snapshot = snapshot
        local = LocalSource(snapshot, self._limits).read()
        files = {f.path: f for f in local.files}
        findings = list(local.findings)
        listing = _read_tree_cache(folder / "trees" / f"{commit}.json")
        if listing is None:
            findings.append(
                Finding(
                    "hub-listing-unavailable",
                    Severity.WARNING,
                    f"offline: the file list of {target.uri} at {commit[:12]} is not in the "
                    f"local cache; only the {len(files)} cached files were audited (weights and "
                    "other files never downloaded are not in this report)",
                    (Evidence(target.uri, None, None, f"snapshot {commit}"),),
                )
            )
        else:
            for path, listed in listing.items():
                if path not in files:
                    reason = (
                        "too-large"
                        if listed.size > self._limits.max_text_bytes and wants_text(path)
                        else "not-downloaded"
                    )
                    files[path] = ReleaseFile(path, listed.size, None, b"", reason, listed.sha256)
        card = next((f for p, f in files.items() if p.lower() == "readme.md"), None)
        card_data = _front_matter(card.text) if card is not None and card.text else {}
        facts: dict[str, Any] = {
            **self._base_facts(offline=True),
            "commit": commit,
            "gated": None,
            "gating": _gating(card_data, None),
            "refs": None,
            "weights": (
                self._weights(listing, None, headers="none") if listing is not None else None
            ),
            "unread": [],
            "card_data": None,
            "links": [],
        }
        links, link_findings = _Linker(self, None).follow(card_data)
        facts["links"] = links
        findings.extend(link_findings)
        return Release(
            name=target.repo_id,
            source=self._given,
            revision=commit,
            files=tuple(sorted(files.values(), key=lambda f: f.path)),
            findings=tuple(findings),
            facts={"hub": facts},
        )

    def _cached_commit(self, folder: Path | None) -> str | None:
        if folder is None:
            return None
        revision = self._revision or "main"
        if _COMMIT.match(revision):
            commit = revision
        else:
            try:
                commit = (folder / "refs" / revision).read_text(encoding="utf-8").strip()
            except OSError:
                return None
        if not _COMMIT.match(commit):
            return None
        return commit if (folder / "snapshots" / commit).is_dir() else None

    def _card_only(self, api: HfApi | None) -> _LinkedCard:
        """Read a linked repository's card (metadata, README text, gating) or say why not."""
        target = self._target
        if api is None:  # offline: the card from the cache, if it is there
            folder = self._storage_folder()
            commit = self._cached_commit(folder)
            if folder is None or commit is None:
                return _LinkedCard(error="not in the local cache (offline)")
            self._commit = commit
            readme = folder / "snapshots" / commit / "README.md"
            try:
                cached = readme.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return _LinkedCard(error="no README.md in the local cache (offline)")
            return _LinkedCard(_front_matter(cached), cached)
        from huggingface_hub.errors import HfHubHTTPError  # noqa: PLC0415

        try:
            info = _repo_info(api, target.repo_type, target.repo_id, None, self._options)
        except HfHubHTTPError as exc:
            error = self._source_error(exc)
            message = str(error).split(": ", 1)[-1] if error is not None else "unreadable"
            return _LinkedCard(error=message)
        self._commit = info.sha if isinstance(info.sha, str) else None
        card = _card_dict(info)
        listing = _listing(info.siblings or [])
        self._remember(listing)  # so that an offline audit finds this card too
        text: str | None = None
        readme_listed = listing.get("README.md")
        if readme_listed is not None and readme_listed.size <= self._limits.max_text_bytes:
            got = self._download("README.md", readme_listed, [])
            if isinstance(got, ReleaseFile):
                text = got.text
        return _LinkedCard(card, text, gated=_gated_value(info.gated))

    # --- errors -------------------------------------------------------------------------------

    def _source_error(self, exc: BaseException) -> SourceError | None:
        """Turn a network or Hub error into one clear line, or None for other exceptions."""
        return describe_error(exc, self._target, self._revision, self._endpoint(), self._options)

    def _endpoint(self) -> str:
        if self._options.endpoint:
            return self._options.endpoint.rstrip("/")
        from huggingface_hub import constants  # noqa: PLC0415

        return str(constants.ENDPOINT)


# --- helpers shared by the online and offline paths -------------------------------------------


@attrs.frozen
class _LinkedCard:
    """The card of a linked repository: metadata, README text, gating, or why it is unknown."""

    metadata: dict[str, Any] = attrs.field(factory=dict)
    text: str | None = None
    gated: str | bool | None = None
    error: str | None = None


@attrs.frozen
class _Listed:
    """One entry of the repository's file list."""

    size: int
    blob_id: str | None
    sha256: str | None


def _listing(siblings: Any) -> dict[str, _Listed]:
    out: dict[str, _Listed] = {}
    for sibling in siblings:
        name = getattr(sibling, "rfilename", None)
        if not isinstance(name, str) or not name or name.startswith("/") or ".." in name.split("/"):
            continue
        lfs = getattr(sibling, "lfs", None)
        sha = lfs.get("sha256") if isinstance(lfs, Mapping) else getattr(lfs, "sha256", None)
        size = getattr(sibling, "size", None)
        out[name] = _Listed(int(size or 0), getattr(sibling, "blob_id", None), sha)
    return out


def _read_tree_cache(path: Path) -> dict[str, _Listed] | None:
    """Read a tree listing cached by huggingface_hub (or by openlic) in the HF cache."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format_version") != 1:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    out: dict[str, _Listed] = {}
    for name, entry in files.items():
        if not isinstance(entry, dict) or ".." in str(name).split("/"):
            continue
        out[str(name)] = _Listed(
            int(entry.get("size") or 0), entry.get("blob_id"), entry.get("lfs_sha256")
        )
    return out


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def wants_text(path: str) -> bool:
    """Return True for a file whose text the audit reads (so the Hub source downloads it).

    Documents that carry licence terms (card, README, licence, notice, use policy) always;
    code, scripts, notebooks, configs, requirements and documents when they are text files.
    Weights, data, tokenizers and media are never downloaded.
    """
    from openlic.inventory.filetypes import file_types  # noqa: PLC0415

    kind = file_types().classify(path)[0]
    if kind in _DOCUMENT_KINDS:
        return True
    if kind not in _TEXT_KINDS:
        return False
    name = path.rsplit("/", 1)[-1].lower()
    if kind in (FileKind.CODE, FileKind.SCRIPT, FileKind.NOTEBOOK):
        return True
    return name.endswith(_TEXT_EXTENSIONS) or "." not in name


def _priority(path: str) -> tuple[int, str]:
    """Documents with licence terms first, then the rest, so a tight budget keeps them."""
    from openlic.inventory.filetypes import file_types  # noqa: PLC0415

    kind = file_types().classify(path)[0]
    return (0 if kind in _DOCUMENT_KINDS else 1, path)


def file_from_bytes(
    path: str,
    size: int,
    data: bytes,
    *,
    limits: ReadLimits,
    findings: list[Finding],
    sha256: str | None = None,
) -> ReleaseFile:
    """Build the ReleaseFile for content read from the cache, exactly as a local file would be."""
    if len(data) > limits.max_text_bytes:
        return ReleaseFile(path, size, None, data[:HEAD_BYTES], "too-large", sha256)
    if looks_binary(data[:SNIFF_BYTES]):
        return ReleaseFile(path, size, None, data[:HEAD_BYTES], "binary", sha256)
    decoded = decode(data, path)
    if decoded.finding is not None:
        findings.append(decoded.finding)
    head = data[:HEAD_BYTES] if decoded.text is None else b""
    return ReleaseFile(path, size, decoded.text, head, decoded.unread_reason, sha256)


def refs_facts(branches: list[str], tags: list[str]) -> dict[str, Any]:
    """Return the refs facts: branches, tags, and those named like intermediate checkpoints.

    Checkpoint names are the patterns of ``data/hub/revisions.yaml`` (``step1000``,
    ``step1000-tokens4B``, ``ckpt_042``...).
    """
    patterns = [re.compile(p) for p in kb.load("hub/revisions.yaml")["checkpoint_revisions"]]
    checkpoints = [
        {"name": name, "kind": kind}
        for kind, names in (("branch", branches), ("tag", tags))
        for name in names
        if any(p.search(name) for p in patterns)
    ]
    return {
        "branches": sorted(branches),
        "tags": sorted(tags),
        "checkpoints": sorted(checkpoints, key=lambda c: (_natural(c["name"]), c["kind"])),
    }


def _natural(name: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def safetensors_header_facts(raw: bytes) -> dict[str, Any]:
    """Summarise a safetensors JSON header: tensor count, parameters per dtype, metadata."""
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {"error": "header is not valid JSON"}
    if not isinstance(header, dict):
        return {"error": "header is not a JSON object"}
    metadata = header.pop("__metadata__", None)
    parameters: dict[str, int] = {}
    tensors = 0
    for value in header.values():
        if not isinstance(value, dict):
            continue
        tensors += 1
        count = 1
        for dim in value.get("shape") or []:
            count *= int(dim) if isinstance(dim, int) else 0
        dtype = str(value.get("dtype", "?"))
        parameters[dtype] = parameters.get(dtype, 0) + count
    return {
        "tensors": tensors,
        "parameters": dict(sorted(parameters.items())),
        "metadata": (
            {str(k): str(v) for k, v in sorted(metadata.items())}
            if isinstance(metadata, dict)
            else None
        ),
    }


def _card_dict(info: Any) -> dict[str, Any]:
    card = getattr(info, "card_data", None)
    if card is None:
        return {}
    try:
        data = card.to_dict()
    except Exception:  # a card huggingface_hub could not model: keep what it has
        data = dict(getattr(card, "__dict__", {}))
    return data if isinstance(data, dict) else {}


def _front_matter(text: str) -> dict[str, Any]:
    from openlic.inventory.card import parse_card  # noqa: PLC0415

    return dict(parse_card("README.md", text).card.metadata)


def _gated_value(gated: Any) -> str | bool | None:
    if gated in (False, None):
        return False if gated is False else None
    return str(gated)


def _gating(card: Mapping[str, Any], gated: Any) -> dict[str, Any]:
    """Return the gating facts: the Hub's mode plus what the card's ``extra_gated_*`` ask."""
    fields = card.get("extra_gated_fields")
    prompt = card.get("extra_gated_prompt")
    return {
        "mode": _gated_value(gated),
        "manual_approval": True if gated == "manual" else (False if gated is not None else None),
        "eu_disallowed": card.get("extra_gated_eu_disallowed") is True,
        "prompt": prompt.strip() if isinstance(prompt, str) else None,
        "fields": sorted(str(k) for k in fields) if isinstance(fields, dict) else [],
    }


def _gating_findings(
    target: HubTarget, gated: Any, card: Mapping[str, Any], card_read: bool
) -> list[Finding]:
    """``gated-access`` from the Hub's own gating state (the card's fields are checked later)."""
    out: list[Finding] = []
    where = Evidence(target.uri, None, None, f"gated: {gated} (Hub API)")
    if gated == "manual":
        out.append(
            Finding(
                "gated-access",
                Severity.WARNING,
                f"{target.uri} is gated with manual approval: the publisher decides who may "
                "download the files, so use needs permission",
                (where,),
            )
        )
    if not card_read and card.get("extra_gated_eu_disallowed") is True:
        out.append(
            Finding(
                "gated-access",
                Severity.WARNING,
                "the card's gating excludes users in the European Union "
                "(extra_gated_eu_disallowed: true, per the Hub API)",
                (Evidence(target.uri, None, None, "extra_gated_eu_disallowed: True"),),
            )
        )
    return out


def _unread_findings(target: HubTarget, unread: list[dict[str, str]]) -> list[Finding]:
    """One ``hub-file-unread`` finding per reason, with every file concerned as evidence."""
    out: list[Finding] = []
    for reason in sorted({u["reason"] for u in unread}):
        paths = [u["path"] for u in unread if u["reason"] == reason]
        why = {
            "gated": "the repository is gated and this token has no access",
            "no-access": "the Hub refused access",
            "missing": "the Hub lists them but could not serve them",
            "download-budget": "the download budget (max_download_bytes) was spent",
            "unreadable": "the cached copies could not be read",
        }.get(reason, reason)
        shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
        count = "1 file" if len(paths) == 1 else f"{len(paths)} files"
        out.append(
            Finding(
                "hub-file-unread",
                Severity.WARNING,
                f"{count} the audit reads could not be read from {target.uri} ({shown}): {why}; "
                "their content was not analysed",
                tuple(Evidence(path, None, None, reason) for path in paths),
            )
        )
    return out


def _jsonable(value: Any) -> Any:
    """Return a JSON-safe copy of card data (dates and other YAML values become strings)."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _repo_info(
    api: HfApi, repo_type: str, repo_id: str, revision: str | None, options: HubOptions
) -> Any:
    _install_hooks()
    if repo_type == "dataset":
        return api.dataset_info(
            repo_id, revision=revision, files_metadata=True, timeout=options.timeout
        )
    return api.model_info(repo_id, revision=revision, files_metadata=True, timeout=options.timeout)


def describe_error(
    exc: BaseException,
    target: HubTarget,
    revision: str | None,
    endpoint: str,
    options: HubOptions,
) -> SourceError | None:
    """Return the SourceError for a failure reaching the Hub, or None when ``exc`` is not one."""
    import httpx2  # noqa: PLC0415 - huggingface_hub's HTTP client
    from huggingface_hub.errors import (  # noqa: PLC0415
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    uri = target.uri
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, _Aborted):
        return SourceError(f"{uri}: {exc}", uri)
    if isinstance(exc, RevisionNotFoundError):
        return SourceError(f"{uri}: revision '{revision}' not found", uri)
    if isinstance(exc, GatedRepoError):
        return SourceError(f"{uri}: gated repository and this token has no access", uri)
    if isinstance(exc, RepositoryNotFoundError):
        return SourceError(
            f"{uri}: repository not found on {endpoint} (or private, and the token gives no "
            "access)",
            uri,
        )
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else 0
        if status in (401, 403):
            return SourceError(f"{uri}: access denied by {endpoint} (HTTP {status})", uri)
        if status == 429:
            return SourceError(f"{uri}: rate limited by {endpoint}; try again later", uri)
        return SourceError(f"{uri}: {endpoint} answered HTTP {status}", uri)
    if isinstance(exc, httpx2.TimeoutException):
        return SourceError(f"{uri}: no answer from {endpoint} within {options.timeout:g} s", uri)
    if isinstance(exc, httpx2.RemoteProtocolError):
        return SourceError(f"{uri}: {endpoint} dropped the connection without an answer", uri)
    if isinstance(exc, httpx2.TransportError):
        return SourceError(f"{uri}: cannot reach {endpoint} ({type(exc).__name__})", uri)
    if isinstance(exc, OfflineModeIsEnabled):
        return SourceError(f"{uri}: HF_HUB_OFFLINE is set; use --offline to read the cache", uri)
    return None


class _NoProgress:
    """A progress bar that shows nothing (huggingface_hub accepts any tqdm look-alike)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: float | None = 1) -> None:
        """Ignore progress."""


# --- bounded network use ----------------------------------------------------------------------


class _Aborted(Exception):
    """Raised inside huggingface_hub's HTTP calls to stop a retry, a rate-limit wait or a 5xx."""


class _Budget:
    """The network policy of one audit: the timeout, and what was requested."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.pending: dict[tuple[str, str, str], float] = {}
        self.seen: set[tuple[str, str, str]] = set()

    def on_request(self, request: Any) -> None:
        key = (request.method, str(request.url), request.headers.get("range", ""))
        if key in self.seen:
            # huggingface_hub retries a failed request (with waits of up to a minute): stop.
            started = self.pending.get(key)
            if started is not None and time.monotonic() - started >= self.timeout * 0.9:
                raise _Aborted(f"no answer within {self.timeout:g} s ({request.url.path})")
            raise _Aborted(f"the connection failed ({request.url.path}); not retrying")
        self.seen.add(key)
        self.pending[key] = time.monotonic()
        t = self.timeout
        request.extensions["timeout"] = {"connect": t, "read": t, "write": t, "pool": t}

    def on_response(self, response: Any) -> None:
        request = response.request
        self.pending.pop((request.method, str(request.url), request.headers.get("range", "")), None)
        status = response.status_code
        if status == 429:
            wait = response.headers.get("retry-after")
            raise _Aborted(
                "rate limited by the Hub (HTTP 429"
                + (f", retry after {wait} s" if wait else "")
                + "); try again later"
            )
        if status in (408, 500, 502, 503, 504):
            raise _Aborted(f"the Hub answered HTTP {status} ({request.url.path})")


_ACTIVE: ContextVar[_Budget | None] = ContextVar("openlic_hub_budget", default=None)


def _request_hook(request: Any) -> None:
    budget = _ACTIVE.get()
    if budget is not None:
        budget.on_request(request)


def _response_hook(response: Any) -> None:
    budget = _ACTIVE.get()
    if budget is not None:
        budget.on_response(response)


def _install_hooks() -> None:
    """Attach openlic's hooks to huggingface_hub's shared HTTP client (idempotent).

    The hooks act only inside :func:`_bounded`; elsewhere they do nothing, so other users of
    huggingface_hub in the same process keep its usual behaviour. huggingface_hub replaces its
    client after a connection error (and then retries): the client factory is wrapped once so
    that the replacement carries the hooks too, and the retry is stopped.
    """
    from huggingface_hub import get_session, set_client_factory  # noqa: PLC0415
    from huggingface_hub.utils import _http  # noqa: PLC0415

    current = getattr(_http, "_GLOBAL_CLIENT_FACTORY", None)
    if callable(current) and not getattr(current, "_openlic_hooks", False):

        def factory() -> Any:
            client = current()
            _add_hooks(client)
            return client

        factory._openlic_hooks = True  # type: ignore[attr-defined]
        set_client_factory(factory)
    _add_hooks(get_session())


def _add_hooks(client: Any) -> None:
    hooks = client.event_hooks
    if _request_hook not in hooks["request"]:
        hooks["request"].append(_request_hook)
    if _response_hook not in hooks["response"]:
        hooks["response"].append(_response_hook)


@contextlib.contextmanager
def _bounded(timeout: float) -> Iterator[None]:
    """Apply the timeout and the no-retry rule to every Hub request made inside the block."""
    if _ACTIVE.get() is not None:  # nested (a followed link): keep the outer budget
        yield
        return
    token = _ACTIVE.set(_Budget(timeout))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


# --- following base models and datasets -------------------------------------------------------


class _Linker:
    """Reads the licence of the card's base models (a chain) and datasets, bounded."""

    def __init__(self, source: HubSource, api: HfApi | None) -> None:
        self._source = source
        self._api = api
        self._options = source._options
        self._done: set[tuple[str, str]] = {(source._target.repo_type, source._target.repo_id)}

    def follow(self, card: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[Finding]]:
        """Return the link facts and their findings (empty when following is off)."""
        links: list[dict[str, Any]] = []
        level = [(name, self._source._target.repo_id) for name in _names(card.get("base_model"))]
        depth = 1
        while level and depth <= self._options.follow_base:
            upcoming: list[tuple[str, str]] = []
            for repo_id, via in level[:MAX_LINKS_PER_LEVEL]:
                link, next_card = self._read("base_model", "model", repo_id, via, depth)
                if link is None:
                    continue
                links.append(link)
                upcoming.extend((n, repo_id) for n in _names(next_card.get("base_model")))
            level, depth = upcoming, depth + 1
        if self._options.follow_datasets:
            names = _names(card.get("datasets"))[: self._options.follow_datasets]
            for repo_id in names:
                link, _ = self._read("dataset", "dataset", repo_id, self._source._target.repo_id, 1)
                if link is not None:
                    links.append(link)
        return links, [_link_finding(link) for link in links]

    def _read(
        self, relation: str, repo_type: str, repo_id: str, via: str, depth: int
    ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        if (repo_type, repo_id) in self._done:
            return None, {}
        self._done.add((repo_type, repo_id))
        prefix = "datasets/" if repo_type == "dataset" else ""
        link: dict[str, Any] = {
            "relation": relation,
            "repo_id": repo_id,
            "repo_type": repo_type,
            "uri": f"{HF_SCHEME}{prefix}{repo_id}",
            "via": via,
            "depth": depth,
            "license": None,
            "license_name": None,
            "license_link": None,
            "gated": None,
            "commit": None,
            "evidence": None,
            "error": None,
        }
        if not _REPO_ID.match(repo_id):
            link["error"] = "not a repository id"
            return link, {}
        sub = HubSource(
            link["uri"],
            self._source._limits,
            attrs.evolve(self._options, revision=None, follow_base=0, follow_datasets=0),
        )
        linked = sub._card_only(self._api)
        if linked.error is not None:
            link["error"] = linked.error
            return link, {}
        card, text = linked.metadata, linked.text
        link["commit"] = sub._commit
        link["gated"] = linked.gated
        for key in ("license", "license_name", "license_link"):
            value = card.get(key)
            link[key] = (
                value
                if isinstance(value, str)
                else (", ".join(map(str, value)) if isinstance(value, list) else None)
            )
        link["evidence"] = _card_evidence(link["uri"], text, card)
        return link, card


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def _card_evidence(uri: str, text: str | None, card: Mapping[str, Any]) -> dict[str, Any]:
    path = f"{uri}/README.md"
    if text is not None:
        from openlic.inventory.card import parse_card  # noqa: PLC0415

        parsed = parse_card("README.md", text).card
        if "license" in parsed.metadata:
            ev = parsed.evidence_for("license")
            return Evidence(path, ev.start_line, ev.end_line, ev.text).to_dict()
    value = card.get("license")
    return Evidence(f"{uri}#cardData", None, None, f"license: {value}").to_dict()


def _link_finding(link: Mapping[str, Any]) -> Finding:
    what = "base model" if link["relation"] == "base_model" else "dataset"
    ev = link.get("evidence")
    evidence = (
        Evidence(ev["path"], ev["start_line"], ev["end_line"], ev["text"])
        if isinstance(ev, dict)
        else Evidence(link["uri"], None, None, str(link.get("error") or ""))
    )
    if link.get("error"):
        return Finding(
            "hub-link-unreadable",
            Severity.WARNING,
            f"{what} {link['repo_id']} (named by {link['via']}) could not be read: "
            f"{link['error']}; its licence is unknown",
            (evidence,),
        )
    licence = link.get("license") or "no licence in its card"
    extra = f" ({link['license_name']})" if link.get("license_name") else ""
    return Finding(
        "hub-link-license",
        Severity.INFO,
        f"{what} {link['repo_id']} (named by {link['via']}, depth {link['depth']}) is under "
        f"{licence}{extra} per its card",
        (evidence,),
    )
