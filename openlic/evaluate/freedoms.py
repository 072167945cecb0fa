"""The four freedoms of the Open Source AI Definition 1.0, for the release as a whole.

Each freedom needs certain parts of the system (``data/frameworks/evaluation.yaml``): use and
share need the weights, study and modify the weights and the code. The weakest licence
governing a needed part decides. With licence readings (:mod:`openlic.analysis`), a licence
decides by its own verdict on that freedom (a clause that restricts it, a grant that gives it,
or unknown); without them, a licence that fails the OSD restricts every freedom. An
unidentified or unanalysed licence, or a needed part with no licence, leaves it unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

from openlic import kb
from openlic.analysis.reading import LicenseReading
from openlic.model import (
    FREEDOMS,
    ComponentPresence,
    ComponentStatus,
    Evidence,
    FreedomGrant,
    FreedomVerdict,
    LicenseMatch,
    OsdAssessment,
)


def assess_freedoms(
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    components: Mapping[str, ComponentStatus],
    readings: Mapping[str, LicenseReading] | None = None,
) -> dict[str, FreedomVerdict]:
    """Return a verdict for each of use, study, modify and share.

    Args:
        governance: the licences governing each component.
        osd: the OSD reading of each licence.
        components: the status of each MOF component.
        readings: each licence's own reading (per-licence freedoms); None judges by OSD
            conformance alone.

    """
    needs = kb.load("frameworks/evaluation.yaml")["freedoms"]
    return {
        freedom: _freedom(
            freedom,
            needs[freedom],
            governance=governance,
            osd=osd,
            components=components,
            readings=readings or {},
        )
        for freedom in FREEDOMS
    }


def _freedom(
    freedom: str,
    needed: list[str],
    *,
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    components: Mapping[str, ComponentStatus],
    readings: Mapping[str, LicenseReading],
) -> FreedomVerdict:
    restricted: list[str] = []
    unknown: list[str] = []
    granted: list[str] = []
    evidence: list[Evidence] = []
    for component in needed:
        matches = governance.get(component, ())
        status = components[component].status
        if not matches:
            if component == "model-parameters-final" or status is ComponentPresence.PRESENT:
                unknown.append(f"{component}: no licence found")
            continue
        for m in matches:
            evidence.append(m.evidence)
            reading = readings.get(m.license_id)
            if reading is not None:
                own = reading.freedoms[freedom]
                why = own.reasons[0] if own.reasons else ""
                if own.verdict is FreedomGrant.RESTRICTED:
                    restricted.append(f"{component}: {m.license_id} restricts {freedom}: {why}")
                    evidence.extend(own.evidence)
                elif own.verdict is FreedomGrant.UNKNOWN:
                    unknown.append(f"{component}: {m.license_id}: {why}")
                else:
                    granted.append(f"{component}: {m.license_id} grants {freedom}: {why}")
                continue
            conformant = osd[m.license_id].conformant
            if conformant is False:
                failed = ", ".join(str(n) for n in osd[m.license_id].failed)
                restricted.append(f"{component}: {m.license_id} fails OSD criteria {failed}")
            elif conformant is None:
                unknown.append(f"{component}: {m.license_id} not shown to meet the OSD")
            else:
                granted.append(f"{component}: {m.license_id} meets the OSD")
    if restricted:
        verdict, reasons = FreedomGrant.RESTRICTED, restricted
    elif unknown or not granted:
        verdict, reasons = FreedomGrant.UNKNOWN, unknown or ["no licence governs the parts needed"]
    else:
        verdict, reasons = FreedomGrant.GRANTED, granted
    return FreedomVerdict(
        freedom,
        verdict,
        tuple(dict.fromkeys(reasons)),
        tuple(sorted(set(evidence), key=Evidence.sort_key)),
    )
