"""The Open Source Definition, criterion by criterion, for each licence.

First cut: a licence the OSI has approved (per the SPDX licence list) passes every criterion with
the reason "OSI-approved". Any other licence is ``unknown`` on every criterion until its clauses
are analysed: openlic never reports a pass it cannot support.
"""

from __future__ import annotations

from openlic.identification.catalog import catalog
from openlic.model import CriterionVerdict, Evidence, LicenseMatch, OsdAssessment, Verdict

CRITERIA = tuple(range(1, 11))


def assess_osd(license_id: str, matches: tuple[LicenseMatch, ...]) -> OsdAssessment:
    """Return the OSD reading of ``license_id`` as found by ``matches``."""
    info = catalog().get(license_id)
    if info is not None and info.osi_approved:
        evidence = (
            Evidence("data/licenses/spdx.json", None, None, f"{info.license_id}: isOsiApproved"),
        )
        verdict = CriterionVerdict(Verdict.PASS, ("OSI-approved",), evidence)
        return OsdAssessment(dict.fromkeys(CRITERIA, verdict))
    if info is None:
        reason = "licence not identified; its terms could not be read"
    else:
        reason = "not OSI-approved and its clauses have not been analysed"
    unknown = CriterionVerdict(Verdict.UNKNOWN, (reason,), tuple(m.evidence for m in matches[:3]))
    return OsdAssessment(dict.fromkeys(CRITERIA, unknown))
