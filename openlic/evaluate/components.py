"""Whether each MOF component is present, referenced or missing, and under which licence."""

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
    for ref in inventory.references:
        evidence[ref.component].append(ref.evidence)
    out: dict[str, ComponentStatus] = {}
    for component in COMPONENT_IDS:
        referenced = [r for r in inventory.references if r.component == component]
        if paths.get(component):
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
        )
    return out


def _first(items: list[Evidence], limit: int = 20) -> list[Evidence]:
    """Keep reports readable: at most ``limit`` pieces of evidence per component."""
    return sorted(items, key=Evidence.sort_key)[:limit]
