"""Weight-file headers: parameter count, dtypes and metadata, without loading a tensor.

safetensors files start with an 8-byte little-endian length and a JSON header; GGUF files with a
typed key/value header and a tensor directory. Both are read through the source's ``read_range``
within size caps (``data/inventory/weight-formats.yaml``). PyTorch ``.bin``/``.pt`` files are
pickles (or zip archives of pickles): they are only recognised by their first bytes and never
unpickled, because unpickling runs code.
"""

from __future__ import annotations

import fnmatch
import json
import math
import struct
from collections.abc import Callable, Mapping
from typing import Any

from openlic import kb
from openlic.model import ReleaseFile, WeightsInfo

#: Reads ``length`` bytes of ``path`` from ``start`` (a source's ``read_range``).
RangeReader = Callable[[str, int, int], bytes]

_CHUNK = 1 << 20


class _HeaderTooLarge(Exception):
    """The header goes past the size cap."""


class _Truncated(Exception):
    """The file ends inside its header."""


def _formats() -> Mapping[str, Any]:
    data: Mapping[str, Any] = kb.load("inventory/weight-formats.yaml")
    return data


def header_format(f: ReleaseFile, head: bytes | None = None) -> str:
    """Return the weight format the file's name and first bytes (``head``, else ``f.head``) show."""
    low = f.path.lower()
    head = f.head if head is None else head
    if low.endswith(".safetensors"):
        return "safetensors"
    if low.endswith(".gguf") or head.startswith(b"GGUF"):
        return "gguf"
    if head.startswith(b"PK\x03\x04"):
        return "pytorch-zip"
    if head[:1] == b"\x80":
        return "pickle"
    return "unknown"


def read_weights(f: ReleaseFile, reader: RangeReader | None) -> WeightsInfo | None:
    """Return what the header of weight file ``f`` says, or None for formats openlic does not read.

    ``reader`` reads byte ranges of the file; without one only the name and first bytes are used.
    """
    head = f.head
    if not head and reader is not None:
        # A small file without NUL bytes may have been read as text: fetch its first bytes.
        head = reader(f.path, 0, 64)
    kind = header_format(f, head)
    if kind in ("pytorch-zip", "pickle"):
        return WeightsInfo(
            f.path,
            kind,
            problem="pickle-based format: never unpickled, so its tensors are not counted",
        )
    if kind not in ("safetensors", "gguf"):
        return None
    if reader is None:
        return WeightsInfo(f.path, kind, problem="the source cannot read byte ranges")
    if kind == "safetensors":
        return _safetensors(f, reader)
    return _gguf(f, reader)


def _safetensors(f: ReleaseFile, reader: RangeReader) -> WeightsInfo:
    cap = int(_formats()["safetensors"]["max_header_bytes"])
    first = reader(f.path, 0, 8)
    if len(first) < 8:
        return WeightsInfo(f.path, "safetensors", problem="file shorter than a safetensors header")
    length = int.from_bytes(first, "little")
    if length > cap:
        return WeightsInfo(
            f.path, "safetensors", problem=f"header of {length} bytes is larger than the cap {cap}"
        )
    if f.size and length > f.size - 8:
        return WeightsInfo(f.path, "safetensors", problem="header length exceeds the file size")
    raw = reader(f.path, 8, length)
    if len(raw) < length:
        return WeightsInfo(f.path, "safetensors", problem="file ends inside its header")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return WeightsInfo(f.path, "safetensors", problem="header is not valid JSON")
    if not isinstance(header, dict):
        return WeightsInfo(f.path, "safetensors", problem="header is not a JSON object")
    metadata_raw = header.pop("__metadata__", None)
    metadata = _clean_metadata(metadata_raw if isinstance(metadata_raw, dict) else {})
    count = 0
    dtypes: set[str] = set()
    malformed = 0
    for entry in header.values():
        shape = entry.get("shape") if isinstance(entry, dict) else None
        dtype = entry.get("dtype") if isinstance(entry, dict) else None
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            malformed += 1
            continue
        count += math.prod(shape)
        if isinstance(dtype, str):
            dtypes.add(dtype)
    licence = metadata.get("license")
    return WeightsInfo(
        f.path,
        "safetensors",
        parameter_count=count,
        tensor_count=len(header),
        dtypes=tuple(sorted(dtypes)),
        metadata=metadata,
        license=licence,
        problem=f"{malformed} tensor entries without a valid shape" if malformed else None,
    )


def _clean_metadata(raw: Mapping[Any, Any], limit: int = 300) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in list(raw.items())[:50]:
        if isinstance(value, str | int | float | bool):
            out[str(key)] = str(value)[:limit]
    return out


class _Cursor:
    """Sequential reads over byte ranges of one file, in chunks, within a cap."""

    def __init__(self, reader: RangeReader, path: str, cap: int) -> None:
        self._reader = reader
        self._path = path
        self._cap = cap
        self._buffer = b""
        self._buffer_start = 0
        self.position = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.position + n > self._cap:
            raise _HeaderTooLarge
        end = self.position + n
        if end > self._buffer_start + len(self._buffer):
            want = max(_CHUNK, end - self.position)
            self._buffer = self._reader(self._path, self.position, want)
            self._buffer_start = self.position
            if len(self._buffer) < n:
                raise _Truncated
        offset = self.position - self._buffer_start
        data = self._buffer[offset : offset + n]
        self.position = end
        return data

    def u32(self) -> int:
        value: int = struct.unpack("<I", self.take(4))[0]
        return value

    def u64(self) -> int:
        value: int = struct.unpack("<Q", self.take(8))[0]
        return value

    def string(self, long_length: bool) -> str:
        length = self.u64() if long_length else self.u32()
        return self.take(length).decode("utf-8", errors="replace")


# GGUF value types: size in bytes of the fixed-size ones, and struct formats for scalars.
_FIXED = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRUCT = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q",
           11: "<q", 12: "<d"}  # fmt: skip
_STRING, _ARRAY = 8, 9


def _gguf_value(cursor: _Cursor, kind: int, long_length: bool, keep: bool) -> Any:
    if kind in _FIXED:
        raw = cursor.take(_FIXED[kind])
        return struct.unpack(_STRUCT[kind], raw)[0] if keep else None
    if kind == _STRING:
        return cursor.string(long_length)
    if kind == _ARRAY:
        item_kind = cursor.u32()
        count = cursor.u64() if long_length else cursor.u32()
        if item_kind in _FIXED:
            cursor.take(_FIXED[item_kind] * count)
        else:
            for _ in range(count):
                _gguf_value(cursor, item_kind, long_length, keep=False)
        return f"[{count} items]" if keep else None
    raise ValueError(f"unknown GGUF value type {kind}")


def _gguf(f: ReleaseFile, reader: RangeReader) -> WeightsInfo:
    spec = _formats()["gguf"]
    cap = int(spec["max_header_bytes"])
    limit = int(spec["max_metadata_chars"])
    wanted = tuple(str(p) for p in spec["metadata_keys"])
    types = {int(k): str(v) for k, v in spec["tensor_types"].items()}
    cursor = _Cursor(reader, f.path, cap)
    metadata: dict[str, str] = {}
    try:
        if cursor.take(4) != b"GGUF":
            return WeightsInfo(f.path, "gguf", problem="no GGUF magic number")
        version = cursor.u32()
        long_length = version >= 2
        tensors = cursor.u64() if long_length else cursor.u32()
        pairs = cursor.u64() if long_length else cursor.u32()
        if tensors > 10_000_000 or pairs > 1_000_000:
            return WeightsInfo(f.path, "gguf", problem="implausible tensor or key counts")
        for _ in range(pairs):
            key = cursor.string(long_length)
            kind = cursor.u32()
            keep = any(fnmatch.fnmatchcase(key, p) for p in wanted)
            value = _gguf_value(cursor, kind, long_length, keep)
            if keep and value is not None:
                metadata[key] = str(value)[:limit]
        count = 0
        dtypes: set[str] = set()
        for _ in range(tensors):
            cursor.string(long_length)
            dims = cursor.u32()
            if dims > 16:
                return WeightsInfo(f.path, "gguf", metadata=metadata, problem="bad tensor info")
            shape = [cursor.u64() if long_length else cursor.u32() for _ in range(dims)]
            dtypes.add(types.get(cursor.u32(), "unknown"))
            cursor.u64()
            count += math.prod(shape)
    except _HeaderTooLarge:
        return _partial(f, metadata, f"header larger than the cap of {cap} bytes")
    except _Truncated:
        return _partial(f, metadata, "file ends inside its header")
    except (ValueError, struct.error) as exc:
        return _partial(f, metadata, f"header could not be read ({exc})")
    return WeightsInfo(
        f.path,
        "gguf",
        parameter_count=count,
        tensor_count=tensors,
        dtypes=tuple(sorted(dtypes)),
        metadata=metadata,
        license=metadata.get("general.license"),
    )


def _partial(f: ReleaseFile, metadata: dict[str, str], problem: str) -> WeightsInfo:
    return WeightsInfo(
        f.path, "gguf", metadata=metadata, license=metadata.get("general.license"), problem=problem
    )
