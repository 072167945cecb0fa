"""The Model Openness Framework: which class the release reaches and what the next one needs.

A component counts towards a class when the release ships it and its licence is of the kind MOF
asks for its type (``licence_types`` in ``data/frameworks/mof.yaml``): an OSI-approved licence for
code; for weights, data and documents an open-data or open-content licence of the Model Openness
Tool's lists, or any licence that meets the OSD (openlic's reading, see evaluation.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping

from openlic import kb
from openlic.identification.catalog import catalog
from openlic.model import (
    ComponentPresence,
    ComponentStatus,
    LicenseMatch,
    MofAssessment,
    MofNeed,
    OsdAssessment,
)


def mof_classes() -> dict[int, tuple[str, ...]]:
    """Return, for classes 1 to 3, every component the class requires (cumulative)."""
    classes = kb.load("frameworks/mof.yaml")["classes"]
    return {int(entry["class"]): tuple(entry["required"]) for entry in classes}


def _component_types() -> dict[str, str]:
    data = kb.load("frameworks/mof.yaml")
    return {str(c["id"]): str(c["type"]) for c in data["components"]}


def assess_mof(
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
) -> MofAssessment:
    """Return the class reached (1 is the most open, None when class III is not reached)."""
    classes = mof_classes()
    types = _component_types()
    licence_types = kb.load("frameworks/mof.yaml")["licence_types"]
    open_content = {
        lic for kind in ("data", "documentation") for lic in licence_types[kind]["mot_whitelist"]
    }
    satisfied = {
        c
        for c, status in components.items()
        if status.status is ComponentPresence.PRESENT
        and _licence_fits(types.get(c, "documentation"), governance.get(c, ()), osd, open_content)
    }
    progress: dict[int, float] = {}
    missing: dict[int, tuple[str, ...]] = {}
    for number, required in classes.items():
        lacking = tuple(c for c in required if c not in satisfied)
        missing[number] = lacking
        progress[number] = (len(required) - len(lacking)) / len(required) if required else 1.0
    reached = [n for n in sorted(classes) if not missing[n]]
    mof_class = reached[0] if reached else None
    next_class = _next_class(mof_class, classes)
    needs: tuple[MofNeed, ...] = ()
    if next_class is not None:
        needs = tuple(
            _need(c, types.get(c, "documentation"), components[c], governance.get(c, ()))
            for c in missing[next_class]
        )
    return MofAssessment(mof_class, progress, missing, next_class, needs)


def _next_class(reached: int | None, classes: Mapping[int, tuple[str, ...]]) -> int | None:
    """Return the class to aim for next: 3 when none is reached, then 2, then 1."""
    if reached is None:
        return max(classes)
    better = [n for n in classes if n < reached]
    return max(better) if better else None


def _need(
    component: str,
    kind: str,
    status: ComponentStatus,
    matches: tuple[LicenseMatch, ...],
) -> MofNeed:
    """Say why ``component`` does not count yet, and which licence type it needs."""
    licence_type = "code" if kind == "code" else "data" if kind in ("data", "model") else kind
    if status.status is ComponentPresence.REFERENCED:
        targets = ", ".join(status.references[:3])
        reason = f"only referenced ({targets}), not in the release"
    elif status.status is not ComponentPresence.PRESENT:
        reason = "not in the release"
    elif not matches:
        reason = "in the release but no licence covers it"
    else:
        ids = ", ".join(sorted({m.license_id for m in matches}))
        reason = f"in the release under {ids}, not {_TYPE_WORDS.get(licence_type, licence_type)}"
    return MofNeed(component, status.status, licence_type, reason)


_TYPE_WORDS = {
    "code": "an OSI-approved licence",
    "data": "an open data or open licence",
    "documentation": "an open content licence",
}


def _licence_fits(
    kind: str,
    matches: tuple[LicenseMatch, ...],
    osd: Mapping[str, OsdAssessment],
    open_content: set[str],
) -> bool:
    if not matches:
        return False
    cat = catalog()
    for m in matches:
        info = cat.get(m.license_id)
        osi = info is not None and info.osi_approved
        if kind == "code":
            if not osi:
                return False
        elif not (osi or m.license_id in open_content or osd[m.license_id].conformant):
            return False
    return True
