"""A fake Hugging Face Hub on 127.0.0.1 for tests and benchmarks (no internet).

It answers the endpoints huggingface_hub calls (model and dataset info, refs, tree, resolve with
HEAD, GET and range requests, errors through ``X-Error-Code``) and records every request, so tests
can assert which URLs were fetched and how many bytes were sent.
"""

from tests.fakehub.build import (
    declared_safetensors,
    folder_files,
    huge_repo,
    safetensors_bytes,
    safetensors_header,
)
from tests.fakehub.server import Declared, FakeHub, FakeRepo, Recorded, serve

__all__ = [
    "Declared",
    "FakeHub",
    "FakeRepo",
    "Recorded",
    "declared_safetensors",
    "folder_files",
    "huge_repo",
    "safetensors_bytes",
    "safetensors_header",
    "serve",
]
