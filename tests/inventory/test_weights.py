"""Weight headers: counted from the header only, size-capped, damaged files become findings."""

from __future__ import annotations

import struct

import pytest

import openlic
from openlic.inventory.weights import read_weights
from openlic.model import ReleaseFile
from tests.inventory.weightfiles import gguf, safetensors


def reader_of(data: bytes):
    calls: list[tuple[int, int]] = []

    def read(path: str, start: int, length: int) -> bytes:
        calls.append((start, length))
        return data[start : start + length]

    return read, calls


def file_of(path: str, data: bytes) -> ReleaseFile:
    return ReleaseFile(path, len(data), head=data[:64])


def test_safetensors_header_counts_parameters_without_reading_tensors() -> None:
    data = safetensors(
        {"a": ("F32", [1000, 1000]), "b": ("BF16", [3])}, {"format": "pt", "license": "mit"}
    )
    read, calls = reader_of(data)
    info = read_weights(file_of("m.safetensors", data), read)
    assert info is not None
    assert (info.parameter_count, info.tensor_count, info.dtypes) == (1_000_003, 2, ("BF16", "F32"))
    assert info.metadata == {"format": "pt", "license": "mit"}
    assert info.license == "mit"
    # Only the length prefix and the JSON header were read, never the 4 MB of tensor data.
    assert sum(length for _, length in calls) < 300


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x01\x00", "file shorter than a safetensors header"),
        (struct.pack("<Q", 10**12) + b"{}", "header of 1000000000000 bytes is larger than the cap"),
        (struct.pack("<Q", 100) + b"{" + b" " * 10, "header length exceeds the file size"),
        (struct.pack("<Q", 4) + b"nope", "header is not valid JSON"),
        (struct.pack("<Q", 2) + b"[]", "header is not a JSON object"),
    ],
)
def test_damaged_safetensors(data: bytes, problem: str) -> None:
    read, _ = reader_of(data)
    info = read_weights(file_of("m.safetensors", data), read)
    assert info is not None
    assert info.parameter_count is None
    assert (info.problem or "").startswith(problem)


def test_gguf_header_and_licence() -> None:
    data = gguf(
        {
            "general.name": "X",
            "general.license": "llama3",
            "llama.block_count": 2,
            "other.key": "z",
        },
        {"t": (30, [4, 4])},
        vocabulary=["a"] * 1000,
    )
    read, _ = reader_of(data)
    info = read_weights(file_of("x.gguf", data), read)
    assert info is not None
    assert (info.parameter_count, info.dtypes, info.license) == (16, ("BF16",), "llama3")
    assert info.metadata == {
        "general.name": "X",
        "general.license": "llama3",
        "llama.block_count": "2",
    }


def test_truncated_gguf_keeps_what_was_read() -> None:
    data = gguf({"general.license": "apache-2.0"}, {"t": (0, [2])})
    cut = data[:-84]
    read, _ = reader_of(cut)
    info = read_weights(file_of("x.gguf", cut), read)
    assert info is not None
    assert info.problem == "file ends inside its header"
    assert info.license == "apache-2.0"


def test_damaged_header_is_a_finding(make_release) -> None:
    root = make_release({"model.safetensors": struct.pack("<Q", 4) + b"nope\0\0\0\0"})
    report = openlic.audit(root)
    (finding,) = [f for f in report.findings if f.rule == "weights-header-unreadable"]
    assert finding.evidence[0].path == "model.safetensors"
    assert finding.severity.value == "info"


def test_checkpoint_by_file_name(make_release) -> None:
    weights = safetensors({"w": ("F32", [2])})
    root = make_release({"model.safetensors": weights, "model_step2000.safetensors": weights})
    report = openlic.audit(root)
    assert report.components["model-parameters-final"].paths == ("model.safetensors",)
    assert report.components["model-parameters-intermediate"].paths == (
        "model_step2000.safetensors",
    )


def test_numbered_weight_sets_are_a_series_of_checkpoints(make_release) -> None:
    weights = safetensors({"w": ("F32", [2])})
    root = make_release(
        {
            "run-000500/model.safetensors": weights,
            "run-001000/model.safetensors": weights,
            "run-001500/model.safetensors": weights,
            "onnx/model.onnx": b"\x08\x07onnx",
            "fp16/model.safetensors": weights,
            "fp32/model.safetensors": weights,
        }
    )
    report = openlic.audit(root)
    final = report.components["model-parameters-final"].paths
    assert final == ("fp16/model.safetensors", "fp32/model.safetensors", "onnx/model.onnx")
    assert report.components["model-parameters-intermediate"].paths == (
        "run-000500/model.safetensors",
        "run-001000/model.safetensors",
        "run-001500/model.safetensors",
    )
    evidence = report.components["model-parameters-intermediate"].evidence
    assert any(e.text.startswith("one of 3 numbered weight sets") for e in evidence)


def test_a_lone_series_keeps_its_last_set_as_final(make_release) -> None:
    weights = safetensors({"w": ("F32", [2])})
    root = make_release(
        {"ckpt-100000/model.safetensors": weights, "ckpt-200000/model.safetensors": weights}
    )
    report = openlic.audit(root)
    assert report.components["model-parameters-final"].paths == ("ckpt-200000/model.safetensors",)
    assert report.components["model-parameters-intermediate"].paths == (
        "ckpt-100000/model.safetensors",
    )


def test_many_unreadable_headers_are_summarised(make_release) -> None:
    import openlic

    files: dict[str, str | bytes] = {
        f"model-{i:05d}-of-00009.safetensors": b"\x01\x02" for i in range(9)
    }
    report = openlic.audit(make_release(files))
    found = [f for f in report.findings if f.rule == "weights-header-unreadable"]
    assert len(found) == 1
    assert found[0].message.startswith("9 weight-file headers")
    assert len(found[0].evidence) == 5
