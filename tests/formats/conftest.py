"""Fixtures of the format tests: reports of the example release and of the shared corpus."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import openlic
from openlic.model import AuditReport
from tests.conftest import CORPUS, EXAMPLE

RELEASES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []


@functools.cache
def audit_cached(path: str) -> AuditReport:
    """Audit once per test session: the formats only read the report."""
    return openlic.audit(path)


@pytest.fixture(scope="session")
def tiny_report() -> AuditReport:
    """The report of examples/tiny-release (an open release)."""
    return audit_cached(str(EXAMPLE))


@pytest.fixture
def corpus_report(corpus_dir: Path, request: pytest.FixtureRequest) -> AuditReport:
    """The report of the corpus release named by the test's ``release`` parameter."""
    return audit_cached(str(corpus_dir / request.param))
