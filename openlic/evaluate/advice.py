"""One-line actions for every missing or failing element.

Two goals: to become Open Source AI (OSAID 1.0), and to reach the next MOF class. The wording is
data (``advice`` in ``data/frameworks/evaluation.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openlic import kb
from openlic.evaluate.osaid import osaid_elements
from openlic.model import (
    Advice,
    ComponentStatus,
    FreedomGrant,
    FreedomVerdict,
    LicenseMatch,
    MofAssessment,
    OsaidVerdict,
)


def _component_names() -> dict[str, str]:
    data = kb.load("frameworks/mof.yaml")
    return {str(c["id"]): str(c["name"]).lower() for c in data["components"]}


def advise(
    osaid: OsaidVerdict,
    mof: MofAssessment,
    freedoms: Mapping[str, FreedomVerdict],
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
) -> tuple[Advice, ...]:
    """Return the actions: OSAID elements first (definition order), then the next MOF class."""
    wording: Mapping[str, Any] = kb.load("frameworks/evaluation.yaml")["advice"]
    terms: Mapping[str, str] = wording["terms"]
    specs = {str(s["element"]): s for s in osaid_elements()}
    out: list[Advice] = []
    for name, verdict in freedoms.items():
        if verdict.verdict is FreedomGrant.RESTRICTED:
            text = wording["osaid"]["freedom"].format(
                freedom=name, licence=", ".join(_licence_ids(verdict.reasons))
            )
            out.append(Advice("osaid", f"freedom-{name}", text))
    for element in osaid.elements:
        if element.status == "met":
            continue
        spec = specs[element.element]
        present = [c for c in element.components if components[c].paths]
        licence = _licence_of(present or list(element.components), governance)
        targets = sorted({t for c in element.components for t in components[c].references})
        aspects = _aspects(element.reasons)
        text = wording["osaid"][element.status].format(
            what=spec["what"],
            terms=terms[str(spec["licence"])],
            licence=licence,
            targets=", ".join(targets[:3]),
            aspects=aspects,
        )
        out.append(Advice("osaid", element.element, text))
    names = _component_names()
    if mof.next_class is not None:
        for need in mof.needs:
            status = components[need.component]
            if need.status.value == "referenced":
                key = "referenced"
            elif need.status.value != "present":
                key = "missing"
            elif not governance.get(need.component):
                key = "unlicensed"
            else:
                key = "wrong-licence"
            text = wording["mof"][key].format(
                what=names.get(need.component, need.component),
                terms=terms[need.licence_type],
                licence=_licence_of([need.component], governance),
                targets=", ".join(status.references[:3]),
            )
            out.append(Advice(f"mof-{mof.next_class}", need.component, text))
    return tuple(out)


def _licence_of(components: list[str], governance: Mapping[str, tuple[LicenseMatch, ...]]) -> str:
    ids = sorted({m.license_id for c in components for m in governance.get(c, ())})
    return ", ".join(ids) or "no licence"


def _licence_ids(reasons: tuple[str, ...]) -> list[str]:
    """Return the licence ids a freedom's reasons name ("component: ID restricts ...")."""
    ids: list[str] = []
    for reason in reasons:
        for part in reason.split("; "):
            if ": " in part:
                word = part.split(": ", 1)[1].split(" ", 1)[0]
                if word and (word[0].isupper() or word.startswith("LicenseRef-")):
                    ids.append(word)
    return list(dict.fromkeys(ids)) or ["the governing licence"]


def _aspects(reasons: tuple[str, ...]) -> str:
    """Pull the aspect list out of an ``incomplete`` reason ("does not describe a, b; ...")."""
    for reason in reasons:
        if "does not describe " in reason:
            return reason.split("does not describe ", 1)[1].split(";", 1)[0]
    return ""
