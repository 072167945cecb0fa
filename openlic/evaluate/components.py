"""Whether each MOF component is present, referenced or missing, and under which licence.

``present``: files of the release provide it (or the source holds it in another revision of the
same repository, such as checkpoint branches on the Hub). ``referenced``: the card points to it
(a dataset id, a link to a training repository, a paper) without shipping it; not verified.
``missing``: neither. Every status carries the evidence of each file decision and reference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from openlic.identification.expression import combine_and
from openlic.model import (
    COMPONENT_IDS,
    ComponentPresence,
    ComponentStatus,
    Evidence,
    Inventory,
    LicenseMatch,
)

#: At most this many pieces of evidence per component, to keep reports readable.
EVIDENCE_LIMIT = 20


def component_statuses(
    inventory: Inventory, governance: Mapping[str, tuple[LicenseMatch, ...]]
) -> dict[str, ComponentStatus]:
    """Return the status of every MOF component, in framework order."""
    paths: dict[str, list[str]] = defaultdict(list)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for entry in inventory.entries:
        for component in entry.components:
            paths[component].append(entry.path)
            evidence[component].append(Evidence(entry.path, None, None, entry.reason))
            evidence[component].extend(entry.evidence)
    for ref in inventory.references:
        evidence[ref.component].append(ref.evidence)
    out: dict[str, ComponentStatus] = {}
    for component in COMPONENT_IDS:
        referenced = [r for r in inventory.references if r.component == component]
        if paths.get(component) or any(r.in_source for r in referenced):
            status = ComponentPresence.PRESENT
        elif referenced:
            status = ComponentPresence.REFERENCED
        else:
            status = ComponentPresence.MISSING
        licences = [m.license_id for m in governance.get(component, ()) if m.score > 0]
        licences += [m.license_id for m in governance.get(component, ()) if m.score == 0]
        out[component] = ComponentStatus(
            component=component,
            status=status,
            paths=tuple(sorted(paths.get(component, ()))),
            license=combine_and(licences),
            evidence=tuple(_first(evidence.get(component, []))),
            references=tuple(sorted({r.target for r in referenced})),
        )
    return out


def _first(items: list[Evidence], limit: int = EVIDENCE_LIMIT) -> list[Evidence]:
    """Keep reports readable: at most ``limit`` pieces of evidence per component."""
    return sorted(set(items), key=Evidence.sort_key)[:limit]
