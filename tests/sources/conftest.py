"""Fixtures of the source tests: a fake Hugging Face Hub on 127.0.0.1 and Hub options for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openlic.sources.hub import HubOptions
from tests.fakehub import FakeHub, serve


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A running fake Hub with no repositories (tests add them); stopped after the test."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with serve(FakeHub()) as hub:
        yield hub


@pytest.fixture
def hf_cache(tmp_path: Path) -> Path:
    """An empty Hugging Face cache folder for one test."""
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    return cache


@pytest.fixture
def hub_options(fake_hub: FakeHub, hf_cache: Path) -> HubOptions:
    """Options that point the Hub source at the fake Hub, with a private cache and no token."""
    return HubOptions(endpoint=fake_hub.url, cache_dir=str(hf_cache), token=False, timeout=3.0)
