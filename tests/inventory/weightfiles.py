"""Build small, valid weight files (safetensors, GGUF) for tests; tensors are zero bytes."""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping, Sequence

_SIZES = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8}


def safetensors(
    tensors: Mapping[str, tuple[str, Sequence[int]]], metadata: Mapping[str, str] | None = None
) -> bytes:
    """Return a safetensors file holding zero-filled ``tensors`` {name: (dtype, shape)}."""
    header: dict[str, object] = {}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        size = _SIZES[dtype] * math.prod(shape)
        header[name] = {
            "dtype": dtype,
            "shape": list(shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    if metadata is not None:
        header["__metadata__"] = dict(metadata)
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\0" * offset


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def gguf(
    metadata: Mapping[str, str | int],
    tensors: Mapping[str, tuple[int, Sequence[int]]],
    vocabulary: Sequence[str] = (),
) -> bytes:
    """Return a GGUF v3 file: string/uint32 metadata, an optional token array, tensor infos."""
    pairs = b""
    count = 0
    for key, value in metadata.items():
        if isinstance(value, str):
            pairs += _string(key) + struct.pack("<I", 8) + _string(value)
        else:
            pairs += _string(key) + struct.pack("<I", 4) + struct.pack("<I", value)
        count += 1
    if vocabulary:
        pairs += _string("tokenizer.ggml.tokens") + struct.pack("<I", 9)
        pairs += struct.pack("<IQ", 8, len(vocabulary)) + b"".join(_string(t) for t in vocabulary)
        count += 1
    infos = b""
    for name, (kind, shape) in tensors.items():
        infos += _string(name) + struct.pack("<I", len(shape))
        infos += b"".join(struct.pack("<Q", d) for d in shape)
        infos += struct.pack("<IQ", kind, 0)
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), count)
    return head + pairs + infos + b"\0" * 64
