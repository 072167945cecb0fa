"""The Open Source AI Definition 1.0 verdict: the four freedoms plus the preferred form.

Each element of the preferred form (``osaid_required`` in ``data/frameworks/evaluation.yaml``:
data information, data-processing, training and inference code, architecture, parameters) is
judged on its own:

- ``met``: a component that provides it is in the release under acceptable terms;
- ``missing``: nothing provides it and the card does not point to it;
- ``referenced``: only the card points to it (a link to a training repository): not verified;
- ``failing``: it is present under terms that are not acceptable;
- ``incomplete``: a data card is present but does not describe the required aspects;
- ``undetermined``: present, but its licence could not be established.

The verdict is ``not-open-source-ai`` when a freedom is restricted or an element is missing or
failing; ``undetermined`` when nothing fails but something is referenced, incomplete or unknown;
otherwise ``open-source-ai``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openlic import kb
from openlic.identification.catalog import catalog
from openlic.model import (
    ComponentPresence,
    ComponentStatus,
    DocumentReview,
    Evidence,
    FreedomGrant,
    FreedomVerdict,
    LicenseMatch,
    OsaidElement,
    OsaidStatus,
    OsaidVerdict,
    OsdAssessment,
)

#: Element statuses that make the release fail the definition.
FAILING = frozenset({"missing", "failing"})
#: Element statuses that leave the verdict open.
OPEN = frozenset({"referenced", "incomplete", "undetermined"})


def osaid_elements() -> list[dict[str, Any]]:
    """Return the elements of the preferred form as openlic reads them (evaluation.yaml)."""
    elements: list[dict[str, Any]] = kb.load("frameworks/evaluation.yaml")["osaid_required"]
    return elements


def assess_osaid(
    freedoms: Mapping[str, FreedomVerdict],
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    documents: Sequence[DocumentReview] = (),
) -> OsaidVerdict:
    """Return the release's OSAID verdict with every missing or failing element and its reason.

    Args:
        freedoms: the four freedoms for the release.
        components: the status of each MOF component.
        governance: the licences governing each component.
        osd: the OSD reading of each licence id.
        documents: the card reviews of the inventory (data cards are judged by their aspects).

    """
    reasons: list[str] = []
    undetermined: list[str] = []
    fails = False
    for name, verdict in freedoms.items():
        if verdict.verdict is FreedomGrant.RESTRICTED:
            fails = True
            reasons.append(f"freedom to {name} is restricted: {'; '.join(verdict.reasons)}")
        elif verdict.verdict is FreedomGrant.UNKNOWN:
            undetermined.append(f"freedom to {name} could not be established")
    elements = [_element(spec, components, governance, osd, documents) for spec in osaid_elements()]
    missing: list[str] = []
    for element in elements:
        # The first reason is the judgment; the others are reported notes (listings, options).
        if element.status in FAILING:
            fails = True
            reasons.extend(element.reasons[:1])
            if element.status == "missing":
                missing.extend(element.components)
        elif element.status in OPEN:
            undetermined.extend(element.reasons[:1])
    if fails:
        return OsaidVerdict(
            OsaidStatus.NOT_OPEN_SOURCE_AI,
            tuple(reasons + undetermined),
            tuple(missing),
            tuple(elements),
        )
    if undetermined:
        return OsaidVerdict(OsaidStatus.UNDETERMINED, tuple(undetermined), (), tuple(elements))
    return OsaidVerdict(
        OsaidStatus.OPEN_SOURCE_AI,
        ("the four freedoms are granted and every element of the preferred form is present",),
        (),
        tuple(elements),
    )


def _element(
    spec: Mapping[str, Any],
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    documents: Sequence[DocumentReview],
) -> OsaidElement:
    judged = _judge(spec, components, governance, osd, documents)
    notes = _notes(spec, components)
    if not notes:
        return judged
    return OsaidElement(
        judged.element, judged.status, judged.components, (*judged.reasons, *notes), judged.evidence
    )


def _notes(spec: Mapping[str, Any], components: Mapping[str, ComponentStatus]) -> list[str]:
    """Return the reported (not required) facts of an element: listings, optional parts."""
    element = str(spec["element"])
    notes: list[str] = []
    listing = spec.get("listing")
    if listing:
        status = components[str(listing)]
        count = len(status.references) + len(status.paths)
        if count:
            notes.append(f"{element}: the training data is listed ({count} datasets or files)")
        else:
            notes.append(
                f"{element}: no listing of the training data and where to obtain it (asked for)"
            )
    for optional in spec.get("optional", ()):
        presence = components[str(optional)].status.value
        notes.append(f"{element}: {optional} {presence} (optional)")
    return notes


def _judge(
    spec: Mapping[str, Any],
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    documents: Sequence[DocumentReview],
) -> OsaidElement:
    element = str(spec["element"])
    options = tuple(str(c) for c in spec["any_of"])
    present = [c for c in options if components[c].status is ComponentPresence.PRESENT]
    evidence = tuple(e for c in options for e in components[c].evidence[:3])
    if not present:
        referenced = [c for c in options if components[c].status is ComponentPresence.REFERENCED]
        if referenced:
            targets = sorted({t for c in referenced for t in components[c].references})
            shown = ", ".join(targets[:3]) + (" ..." if len(targets) > 3 else "")
            return OsaidElement(
                element,
                "referenced",
                options,
                (
                    f"{element}: {' or '.join(referenced)} is only referenced ({shown}); "
                    "not verified: audit it with the release (--with)",
                ),
                evidence,
            )
        return OsaidElement(
            element,
            "missing",
            options,
            (f"{element}: {' or '.join(options)} is not in the release",),
            evidence,
        )
    problem = _licence_problem(str(spec["licence"]), present, governance, osd)
    if problem is not None:
        kind, text = problem
        status = "failing" if kind == "fail" else "undetermined"
        return OsaidElement(element, status, options, (f"{element}: {text}",), evidence)
    required = tuple(spec.get("required_aspects", ()))
    if required and "datasets" not in present:
        return _data_information(element, options, spec, documents, evidence)
    shown = " and ".join(present)
    return OsaidElement(element, "met", options, (f"{element}: {shown} in the release",), evidence)


def _data_information(
    element: str,
    options: tuple[str, ...],
    spec: Mapping[str, Any],
    documents: Sequence[DocumentReview],
    evidence: tuple[Evidence, ...],
) -> OsaidElement:
    """Judge the data card(s) by the aspects of the training data they describe."""
    cards = [d for d in documents if d.component == "data-card"]
    covered = {aspect for d in cards for aspect in d.filled}
    required = [str(a) for a in spec.get("required_aspects", ())]
    reported = [str(a) for a in spec.get("reported_aspects", ())]
    lacking = [a for a in required if a not in covered]
    absent = [a for a in reported if a not in covered]
    card_evidence = tuple(e for d in cards for e in d.evidence[:7]) or evidence
    note = f"; it does not describe {', '.join(absent)}" if absent else ""
    if lacking:
        return OsaidElement(
            element,
            "incomplete",
            options,
            (f"{element}: the data card does not describe {', '.join(lacking)}{note}",),
            card_evidence,
        )
    paths = ", ".join(sorted({d.path for d in cards})) or "data card"
    return OsaidElement(
        element,
        "met",
        options,
        (f"{element}: {paths} describes {', '.join(required)}{note}",),
        card_evidence,
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
