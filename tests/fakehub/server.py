"""The fake Hub server: repositories in memory, a threaded HTTP server, a request log."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

#: Extensions the fake Hub stores with Git LFS (as the real Hub does for weights).
LFS_EXTENSIONS = (
    ".safetensors",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".onnx",
    ".h5",
    ".msgpack",
)

#: Files of a gated repository anyone can download (the model card is public on the Hub).
GATED_PUBLIC = frozenset({"README.md", ".gitattributes"})


@dataclass(frozen=True)
class Declared:
    """A large file whose size is declared but whose bytes are not held, except a prefix.

    ``prefix`` (e.g. a safetensors header) is served for range requests inside it; any request
    that reaches past it is refused with 403 and recorded, so a test sees the attempt.
    """

    size: int
    prefix: bytes = b""


Content = bytes | Declared


@dataclass
class FakeRepo:
    """One repository: its branches (name -> files), tags (name -> branch) and gating."""

    repo_id: str
    files: Mapping[str, Content]
    repo_type: str = "model"
    branches: Mapping[str, Mapping[str, Content]] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    gated: bool | str = False
    granted_tokens: frozenset[str] = frozenset()
    card_data: Mapping[str, Any] | None = None
    safetensors: Mapping[str, Any] | None = None
    unservable: frozenset[str] = frozenset()

    def revisions(self) -> dict[str, Mapping[str, Content]]:
        """Branch name -> files, ``main`` first."""
        return {"main": self.files, **self.branches}

    def commit(self, branch: str) -> str:
        """A stable 40-hex commit id for a branch."""
        files = self.revisions()[branch]
        digest = hashlib.sha1(f"{self.repo_type}/{self.repo_id}@{branch}".encode())
        for path in sorted(files):
            digest.update(path.encode() + b"\0" + blob_id(files[path]).encode())
        return digest.hexdigest()

    def resolve(self, revision: str) -> str | None:
        """Return the branch a revision (branch, tag or commit) designates, or None."""
        if revision in self.revisions():
            return revision
        if revision in self.tags:
            return self.tags[revision]
        for branch in self.revisions():
            if self.commit(branch) == revision:
                return branch
        return None

    def metadata(self, branch: str) -> dict[str, Any]:
        """The card metadata: ``card_data`` or the README's front matter."""
        if self.card_data is not None:
            return dict(self.card_data)
        readme = self.revisions()[branch].get("README.md")
        if isinstance(readme, bytes):
            match = re.match(rb"---\r?\n(.*?)\r?\n---", readme, re.S)
            if match:
                data = yaml.safe_load(match.group(1).decode())
                return data if isinstance(data, dict) else {}
        return {}


def is_lfs(path: str, content: Content) -> bool:
    """True when the Hub would store the file with LFS."""
    return isinstance(content, Declared) or path.endswith(LFS_EXTENSIONS)


def size_of(content: Content) -> int:
    """The file's size in bytes."""
    return content.size if isinstance(content, Declared) else len(content)


def blob_id(content: Content) -> str:
    """The git blob id (sha1 of ``blob <size>\\0`` + content)."""
    if isinstance(content, Declared):
        return hashlib.sha1(f"declared {content.size}".encode() + content.prefix).hexdigest()
    return hashlib.sha1(f"blob {len(content)}\0".encode() + content).hexdigest()


def sha256_of(content: Content) -> str:
    """The LFS sha256 (declared files get a stable stand-in)."""
    if isinstance(content, Declared):
        return hashlib.sha256(f"declared {content.size}".encode() + content.prefix).hexdigest()
    return hashlib.sha256(content).hexdigest()


def etag_of(path: str, content: Content) -> str:
    """The ETag the Hub sends: the sha256 for LFS files, else the blob id."""
    return sha256_of(content) if is_lfs(path, content) else blob_id(content)


@dataclass(frozen=True)
class Recorded:
    """One request the server received."""

    method: str
    path: str
    range: str | None
    status: int
    sent: int
    authorization: str | None

    @property
    def url_path(self) -> str:
        """The path without the query string."""
        return self.path.split("?", 1)[0]


class FakeHub:
    """The repositories and behaviour of the fake Hub, plus what it was asked.

    Attributes:
        delay: seconds every answer waits (a slow network).
        mode: ``ok``, ``hang`` (never answer), ``rate-limit`` (429), ``error`` (500) or
            ``forbidden`` (403 without an error code).
        requests: every request received, in order.

    """

    def __init__(self, repos: list[FakeRepo] | None = None) -> None:
        """Create a hub holding ``repos``."""
        self.repos: list[FakeRepo] = list(repos or [])
        self.mode = "ok"
        self.delay = 0.0
        self.hang_paths: tuple[str, ...] = ()
        self.drop_paths: tuple[str, ...] = ()
        self.requests: list[Recorded] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.url = ""

    def add(self, repo: FakeRepo) -> FakeRepo:
        """Add a repository and return it."""
        self.repos.append(repo)
        return repo

    def record(self, entry: Recorded) -> None:
        """Log one request (thread-safe)."""
        with self._lock:
            self.requests.append(entry)

    def clear(self) -> None:
        """Forget the requests received so far."""
        with self._lock:
            self.requests.clear()

    @property
    def bytes_sent(self) -> int:
        """Body bytes sent so far."""
        return sum(r.sent for r in self.requests)

    def paths(self, method: str | None = None) -> list[str]:
        """The URL paths requested (optionally only for ``method``)."""
        return [r.url_path for r in self.requests if method is None or r.method == method]

    def find(self, repo_type: str, rest: str) -> tuple[FakeRepo, str] | None:
        """Return the repository whose id starts ``rest`` and what follows it."""
        best: tuple[FakeRepo, str] | None = None
        for repo in self.repos:
            if repo.repo_type != repo_type:
                continue
            if rest == repo.repo_id or rest.startswith(repo.repo_id + "/"):
                tail = rest[len(repo.repo_id) :].lstrip("/")
                if best is None or len(repo.repo_id) > len(best[0].repo_id):
                    best = (repo, tail)
        return best


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    # --- dispatch -------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        hub = self.server.hub
        self._method = method
        self._sent = 0
        self._status = 0
        path = urlsplit(self.path).path
        if hub.delay:
            hub.release.wait(hub.delay)  # a slow Hub: every answer comes late
        if any(path.startswith(p) for p in hub.drop_paths):
            self._log()
            self.close_connection = True  # no answer at all: the connection is dropped
            return
        if hub.mode == "hang" or any(path.startswith(p) for p in hub.hang_paths):
            self._log()
            hub.release.wait(30)
            self.close_connection = True
            return
        if hub.mode == "rate-limit":
            self._error(
                429,
                None,
                "Too many requests",
                {"Retry-After": "3600", "RateLimit": '"api";r=0;t=3600'},
            )
        elif hub.mode == "error":
            self._error(500, None, "Internal Error")
        elif hub.mode == "forbidden":
            self._error(403, None, "Forbidden")
        else:
            self._route(path)

    def _log(self) -> None:
        self.server.hub.record(
            Recorded(
                self._method,
                self.path,
                self.headers.get("Range"),
                self._status,
                self._sent,
                self.headers.get("Authorization"),
            )
        )

    def _route(self, path: str) -> None:
        hub = self.server.hub
        api = re.match(r"^/api/(models|datasets)/(.+)$", path)
        if api:
            found = hub.find(api.group(1)[:-1], unquote(api.group(2)))
            if found is None:
                self._error(404, "RepoNotFound", "Repository not found")
                return
            repo, tail = found
            if tail == "":
                self._info(repo, "main")
            elif tail.startswith("revision/"):
                self._info_at(repo, unquote(tail[len("revision/") :]))
            elif tail == "refs":
                self._refs(repo)
            elif tail.startswith("tree/"):
                self._tree(repo, tail[len("tree/") :])
            else:
                self._error(404, None, "Not found")
            return
        resolve = re.match(r"^/(datasets/)?(.+?)/resolve/([^/]+)/(.+)$", path)
        if resolve:
            repo_type = "dataset" if resolve.group(1) else "model"
            found = hub.find(repo_type, resolve.group(2))
            if found is None or found[1] != "":
                self._error(404, "RepoNotFound", "Repository not found")
                return
            self._resolve(found[0], unquote(resolve.group(3)), unquote(resolve.group(4)))
            return
        self._error(404, None, "Not found")

    # --- endpoints ------------------------------------------------------------------------

    def _info_at(self, repo: FakeRepo, revision: str) -> None:
        branch = repo.resolve(revision)
        if branch is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        self._info(repo, branch)

    def _info(self, repo: FakeRepo, branch: str) -> None:
        files = repo.revisions()[branch]
        siblings = []
        for p in sorted(files):
            content = files[p]
            sibling: dict[str, Any] = {
                "rfilename": p,
                "size": size_of(content),
                "blobId": blob_id(content),
            }
            if is_lfs(p, content):
                sibling["lfs"] = {
                    "size": size_of(content),
                    "sha256": sha256_of(content),
                    "pointerSize": 134,
                }
            siblings.append(sibling)
        query = parse_qs(urlsplit(self.path).query)
        if "blobs" not in query:
            siblings = [{"rfilename": s["rfilename"]} for s in siblings]
        body: dict[str, Any] = {
            "_id": hashlib.md5(repo.repo_id.encode()).hexdigest()[:24],
            "id": repo.repo_id,
            "author": repo.repo_id.split("/")[0],
            "sha": repo.commit(branch),
            "lastModified": "2026-01-01T00:00:00.000Z",
            "createdAt": "2025-01-01T00:00:00.000Z",
            "private": False,
            "gated": repo.gated,
            "disabled": False,
            "tags": [],
            "cardData": repo.metadata(branch),
            "siblings": siblings,
        }
        if repo.safetensors is not None and repo.repo_type == "model":
            body["safetensors"] = dict(repo.safetensors)
        self._json(body)

    def _refs(self, repo: FakeRepo) -> None:
        branches = [
            {"name": b, "ref": f"refs/heads/{b}", "targetCommit": repo.commit(b)}
            for b in repo.revisions()
        ]
        tags = [
            {"name": t, "ref": f"refs/tags/{t}", "targetCommit": repo.commit(b)}
            for t, b in sorted(repo.tags.items())
        ]
        self._json({"branches": branches, "tags": tags, "converts": []})

    def _tree(self, repo: FakeRepo, tail: str) -> None:
        revision, _, folder = tail.partition("/")
        branch = repo.resolve(unquote(revision))
        if branch is None:
            self._error(404, "RevisionNotFound", "Invalid rev id")
            return
        files = repo.revisions()[branch]
        prefix = unquote(folder).strip("/")
        items = []
        for p in sorted(files):
            if prefix and not p.startswith(prefix + "/"):
                continue
            content = files[p]
            item: dict[str, Any] = {
                "type": "file",
                "oid": blob_id(content),
                "size": size_of(content),
                "path": p,
            }
            if is_lfs(p, content):
                item["lfs"] = {
                    "oid": sha256_of(content),
                    "size": size_of(content),
                    "pointerSize": 134,
                }
            items.append(item)
        self._json(items)

    def _resolve(self, repo: FakeRepo, revision: str, path: str) -> None:
        branch = repo.resolve(revision)
        if branch is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        commit = repo.commit(branch)
        files = repo.revisions()[branch]
        if path not in files or path in repo.unservable:
            self._error(404, "EntryNotFound", "Entry not found", {"X-Repo-Commit": commit})
            return
        if repo.gated and path not in GATED_PUBLIC:
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            if token not in repo.granted_tokens:
                self._error(
                    403,
                    "GatedRepo",
                    "Access to this repository is restricted",
                    {"X-Repo-Commit": commit},
                )
                return
        content = files[path]
        etag = etag_of(path, content)
        headers = {
            "X-Repo-Commit": commit,
            "ETag": f'"{etag}"',
            "Accept-Ranges": "bytes",
        }
        if is_lfs(path, content):
            headers["X-Linked-Etag"] = f'"{etag}"'
            headers["X-Linked-Size"] = str(size_of(content))
        size = size_of(content)
        data = content.prefix if isinstance(content, Declared) else content
        wanted = self.headers.get("Range")
        if self._method == "HEAD":
            self._send(200, b"", {**headers, "Content-Length": str(size)}, head=True)
            return
        if wanted:
            match = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted.strip())
            if match is None:
                self._error(416, None, "Bad range")
                return
            start = int(match.group(1))
            end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
            if start > end:
                self._send(416, b"", {**headers, "Content-Range": f"bytes */{size}"})
                return
            if end >= len(data):
                self._error(403, "WeightDownloadRefused", "range beyond the stored prefix")
                return
            self._send(
                206,
                data[start : end + 1],
                {**headers, "Content-Range": f"bytes {start}-{end}/{size}"},
            )
            return
        if isinstance(content, Declared):
            self._error(403, "WeightDownloadRefused", "the fake Hub refuses to send weights")
            return
        self._send(200, data, headers)

    # --- responses ------------------------------------------------------------------------

    def _json(self, body: Any) -> None:
        self._send(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    def _error(
        self, status: int, code: str | None, message: str, extra: Mapping[str, str] | None = None
    ) -> None:
        headers = {"Content-Type": "application/json", "X-Error-Message": message, **(extra or {})}
        if code:
            headers["X-Error-Code"] = code
        self._send(status, json.dumps({"error": message}).encode(), headers)

    def _send(
        self, status: int, body: bytes, headers: Mapping[str, str], *, head: bool = False
    ) -> None:
        self._status = status
        send = not head and self._method != "HEAD"
        self._sent = len(body) if send else 0
        # Recorded before anything reaches the socket (end_headers flushes the status line and
        # headers): a client that acts on the headers alone must find its request logged.
        self._log()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hub: FakeHub

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients close kept-alive connections (and time out on a hanging hub): not errors.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(hub: FakeHub) -> Iterator[FakeHub]:
    """Run ``hub`` on 127.0.0.1 (a free port) in a daemon thread until the block ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hub = hub
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fakehub", daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        hub.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
