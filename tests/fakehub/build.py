"""Builders of fake Hub repositories: safetensors files, folders as file maps, huge repos."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from tests.fakehub.server import Content, Declared, FakeRepo

DTYPE_BYTES = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "U8": 1}


def safetensors_header(
    tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> tuple[bytes, int]:
    """Return (8-byte length + JSON header, size of the tensor data that follows)."""
    header: dict[str, object] = {}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        count = 1
        for dim in shape:
            count *= dim
        size = count * DTYPE_BYTES[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw, offset


def safetensors_bytes(
    tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> bytes:
    """Return a complete, valid safetensors file (tensor data all zero)."""
    head, data = safetensors_header(tensors, metadata)
    return head + b"\0" * data


def declared_safetensors(
    tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> Declared:
    """Return a safetensors file whose header is served and whose weights are only declared."""
    head, data = safetensors_header(tensors, metadata)
    return Declared(len(head) + data, head)


def folder_files(root: Path) -> dict[str, Content]:
    """Return {relative path: bytes} for every file under ``root``."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def huge_repo(repo_id: str, shards: int, shard_bytes: int, texts: dict[str, Content]) -> FakeRepo:
    """A repository shaped like a big model: ``shards`` safetensors shards of ``shard_bytes``."""
    files: dict[str, Content] = dict(texts)
    weight_map = {}
    for i in range(1, shards + 1):
        name = f"model-{i:05d}-of-{shards:05d}.safetensors"
        tensors = {f"model.layers.{i}.mlp.weight": ("BF16", [shard_bytes // 2])}
        head, _ = safetensors_header(tensors, {"format": "pt"})
        files[name] = Declared(shard_bytes, head)
        weight_map[f"model.layers.{i}.mlp.weight"] = name
    index = {"metadata": {"total_size": shards * shard_bytes}, "weight_map": weight_map}
    files["model.safetensors.index.json"] = json.dumps(index, indent=2).encode()
    return FakeRepo(
        repo_id,
        files,
        safetensors={
            "parameters": {"BF16": shards * shard_bytes // 2},
            "total": shards * shard_bytes // 2,
        },
    )
