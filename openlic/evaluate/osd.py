"""The Open Source Definition, criterion by criterion, for each licence.

The reading itself is :mod:`openlic.analysis`: an OSI-approved licence passes every criterion
("OSI-approved"); a licence with a reviewed profile fails the criteria its clauses fail (quoted
and located in the release's copy), passes those its grants support, and is ``unknown`` on the
rest; any other licence text is read by the clause detector (verdicts marked ``heuristic``).
openlic never reports a pass it cannot support.
"""

from __future__ import annotations

from collections.abc import Sequence

from openlic.analysis.reading import LicenseReading, read_license
from openlic.model import LicenseMatch, OsdAssessment, Release

CRITERIA = tuple(range(1, 11))


def assess_osd(
    license_id: str, matches: tuple[LicenseMatch, ...], release: Release | None = None
) -> OsdAssessment:
    """Return the OSD reading of ``license_id`` as found by ``matches`` (in ``release``)."""
    return read_license(license_id, matches, release).osd


def assess_licenses(
    matches: Sequence[LicenseMatch], release: Release | None = None
) -> dict[str, LicenseReading]:
    """Return the reading of every licence ``matches`` name, keyed by licence id (sorted)."""
    ids = sorted({m.license_id for m in matches})
    return {
        license_id: read_license(
            license_id, tuple(m for m in matches if m.license_id == license_id), release
        )
        for license_id in ids
    }
