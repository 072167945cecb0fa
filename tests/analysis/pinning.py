"""Shared check for the tests that pin a profile's reading (category, failed criteria, freedoms)."""

from __future__ import annotations

from openlic.analysis import find_profile, read_profile


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
