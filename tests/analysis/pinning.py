"""Shared check for the tests that pin a profile's reading (category, failed criteria, freedoms)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openlic
from openlic.analysis import find_profile, read_profile
from tests.conftest import reference_text


def assert_pinned_reading(
    license_id: str,
    category: str,
    failed: tuple[int, ...],
    restricted: frozenset[str],
    unknown: frozenset[str] = frozenset(),
) -> None:
    """Assert that the hand-written profile of ``license_id`` reads as pinned.

    The rows are complete readings: a freedom not ``restricted`` is granted by one of the
    profile's grants, unless it is listed in ``unknown``.
    """
    profile = find_profile(license_id)
    assert profile is not None, f"no profile for {license_id}"
    assert profile.hand_written
    assert profile.category == category
    reading = read_profile(profile)
    assert reading.osd.failed == failed
    got = {f for f, v in reading.freedoms.items() if v.verdict.value == "restricted"}
    assert got == restricted
    for freedom, verdict in reading.freedoms.items():
        if freedom not in restricted:
            expected = "unknown" if freedom in unknown else "granted"
            assert verdict.verdict.value == expected, (freedom, verdict.reasons)


def assert_release_reads_as_pinned(
    make_release: Callable[[dict[str, str | bytes]], Path],
    license_id: str,
    failed: tuple[int, ...],
) -> None:
    """Assert that a release holding the licence's reference text is read with its profile."""
    report = openlic.audit(make_release({"LICENSE": reference_text(license_id)}))
    found = [lic for lic in report.licenses if lic.license_id == license_id]
    assert found, [lic.license_id for lic in report.licenses]
    assert found[0].profile == license_id
    assert found[0].osd.failed == failed
