"""Bytes downloaded and requests made by `openlic check hf://...` on big Hub-shaped repos.

Runs the fake Hub of the test suite (tests/fakehub) on 127.0.0.1 with repositories of 1 GB,
100 GB and 1 TB of declared weights (50 MB safetensors shards, so 20 to 20,000 files), the same
text files in each (card, licence, config, shard index, code), and audits each through the Hub
source with an empty Hugging Face cache, then again with the cache warm. The fake Hub counts
every request and every body byte it sends; the weights themselves are never served.

Usage: python bench/hub.py            (prints a Markdown table for bench/README.md)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openlic  # noqa: E402
from openlic.sources.hub import HubOptions  # noqa: E402
from tests.fakehub import FakeHub, FakeRepo, folder_files, huge_repo, serve  # noqa: E402

SHARD = 50 * 1000**2
SHAPES = {"1 GB": 20, "100 GB": 2_000, "1 TB": 20_000}
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf")


def texts() -> dict[str, bytes]:
    """The repository's text files: those of the example release plus code and configs."""
    files = {
        path: content
        for path, content in folder_files(ROOT / "examples" / "tiny-release").items()
        if not path.endswith(WEIGHT_SUFFIXES)
    }
    for i in range(20):
        files[f"src/module_{i:02d}.py"] = (
            f"# SPDX-License-Identifier: Apache-2.0\nX = {i}\n".encode()
        )
    files["generation_config.json"] = b'{"max_new_tokens": 256}'
    return files


def repo(name: str, shards: int) -> FakeRepo:
    base = huge_repo(name, shards, SHARD, texts())
    checkpoints = {f"step{n}": {"README.md": b"# checkpoint\n"} for n in range(1000, 11000, 1000)}
    return FakeRepo(base.repo_id, base.files, branches=checkpoints, safetensors=base.safetensors)


def audit(hub: FakeHub, name: str, cache: str) -> dict[str, float]:
    hub.clear()
    started = time.perf_counter()
    report = openlic.audit(
        f"hf://{name}", hub=HubOptions(endpoint=hub.url, cache_dir=cache, token=False)
    )
    elapsed = time.perf_counter() - started
    weight_bodies = sum(
        r.sent for r in hub.requests if r.url_path.endswith(WEIGHT_SUFFIXES) and r.range is None
    )
    assert weight_bodies == 0, "a weight file was downloaded"
    facts = report.to_dict()["release"]["hub"]
    return {
        "requests": len(hub.requests),
        "head": sum(1 for r in hub.requests if r.method == "HEAD"),
        "ranges": sum(1 for r in hub.requests if r.range),
        "bytes": hub.bytes_sent,
        "range_bytes": sum(r.sent for r in hub.requests if r.range),
        "seconds": elapsed,
        "weights": facts["weights"]["bytes"],
        "checkpoints": len(facts["refs"]["checkpoints"]),
    }


def main() -> int:
    print(
        "| declared weights | files | cache | requests | of which HEAD / range | bytes received "
        "| of which header ranges | wall time |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, shards in SHAPES.items():
        name = f"bench/model-{shards}"
        hub = FakeHub([repo(name, shards)])
        files = len(hub.repos[0].files)
        with serve(hub), tempfile.TemporaryDirectory() as cache:
            for state in ("empty", "warm"):
                row = audit(hub, name, cache)
                print(
                    f"| {label} ({row['weights'] / 1e9:,.0f} GB) | {files:,} | {state} "
                    f"| {row['requests']:.0f} | {row['head']:.0f} / {row['ranges']:.0f} "
                    f"| {row['bytes'] / 1024:,.1f} KiB | {row['range_bytes'] / 1024:,.1f} KiB "
                    f"| {row['seconds']:.2f} s |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
