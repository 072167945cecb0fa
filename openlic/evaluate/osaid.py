"""The Open Source AI Definition 1.0 verdict: the four freedoms plus the preferred form."""

from __future__ import annotations

from collections.abc import Mapping

from openlic import kb
from openlic.identification.catalog import catalog
from openlic.model import (
    ComponentPresence,
    ComponentStatus,
    FreedomGrant,
    FreedomVerdict,
    LicenseMatch,
    OsaidStatus,
    OsaidVerdict,
    OsdAssessment,
)


def assess_osaid(
    freedoms: Mapping[str, FreedomVerdict],
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
) -> OsaidVerdict:
    """Return the release's OSAID verdict with every missing or failing element."""
    required = kb.load("frameworks/evaluation.yaml")["osaid_required"]
    reasons: list[str] = []
    missing: list[str] = []
    undetermined: list[str] = []
    fails = False
    for name, verdict in freedoms.items():
        if verdict.verdict is FreedomGrant.RESTRICTED:
            fails = True
            reasons.append(f"freedom to {name} is restricted: {'; '.join(verdict.reasons)}")
        elif verdict.verdict is FreedomGrant.UNKNOWN:
            undetermined.append(f"freedom to {name} could not be established")
    for element in required:
        options = element["any_of"]
        present = [c for c in options if components[c].status is ComponentPresence.PRESENT]
        if not present:
            fails = True
            missing.extend(options)
            shown = " or ".join(options)
            reasons.append(f"{element['element']}: {shown} is not in the release")
            continue
        licence_problem = _licence_problem(element["licence"], present, governance, osd)
        if licence_problem is not None:
            kind, text = licence_problem
            if kind == "fail":
                fails = True
                reasons.append(f"{element['element']}: {text}")
            else:
                undetermined.append(f"{element['element']}: {text}")
    if fails:
        return OsaidVerdict(
            OsaidStatus.NOT_OPEN_SOURCE_AI, tuple(reasons + undetermined), tuple(missing)
        )
    if undetermined:
        return OsaidVerdict(OsaidStatus.UNDETERMINED, tuple(undetermined), tuple(missing))
    return OsaidVerdict(
        OsaidStatus.OPEN_SOURCE_AI,
        ("the four freedoms are granted and every element of the preferred form is present",),
        (),
    )


def _licence_problem(
    rule: str,
    present: list[str],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
) -> tuple[str, str] | None:
    """Return ("fail" | "unknown", why) when the element's licence does not meet ``rule``."""
    cat = catalog()
    for component in present:
        matches = governance.get(component, ())
        if not matches:
            return "unknown", f"{component} has no licence"
        for m in matches:
            if rule == "osi":
                info = cat.get(m.license_id)
                if info is None:
                    return "unknown", f"{component} is under an unidentified licence"
                if not info.osi_approved:
                    return "fail", f"{component} is under {m.license_id}, not OSI-approved"
            else:
                conformant = osd[m.license_id].conformant
                if conformant is False:
                    return "fail", f"{component} is under {m.license_id}, which fails the OSD"
                if conformant is None:
                    return "unknown", f"{component}: {m.license_id} not shown to meet the OSD"
    return None
