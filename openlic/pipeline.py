"""The audit pipeline: source -> inventory -> identify -> evaluate -> report."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openlic.analysis.reading import LicenseReading
from openlic.evaluate import (
    assess_freedoms,
    assess_mof,
    assess_osaid,
    component_statuses,
    govern,
)
from openlic.evaluate.advice import advise
from openlic.evaluate.consistency import Context as ConsistencyContext
from openlic.evaluate.consistency import check_consistency
from openlic.evaluate.grades import assess_grades
from openlic.evaluate.osd import assess_licenses
from openlic.identification import DEFAULT_IDENTIFIERS
from openlic.identification.catalog import catalog
from openlic.inventory import NameInventory
from openlic.model import (
    COMPONENT_IDS,
    AuditReport,
    ComponentPresence,
    ComponentStatus,
    Evidence,
    Finding,
    Inventory,
    LicenseAssessment,
    LicenseMatch,
    OsdAssessment,
    Release,
    Severity,
)
from openlic.sources.hub import HubOptions, HubSource, is_hub_target
from openlic.sources.interface import ReadLimits, Source
from openlic.sources.local import LocalSource


def open_source(
    target: str | os.PathLike[str], limits: ReadLimits, hub: HubOptions | None = None
) -> Source:
    """Return the source that reads ``target``: a Hub repository for ``hf://...``, else a folder.

    ``hub`` configures the Hub source (endpoint, token, offline, timeout, links to follow).
    """
    if is_hub_target(target):
        return HubSource(str(target), limits, hub)
    return LocalSource(target, limits)


#: Progress callback: ``(stage, done, total)``, called as each stage starts (``done`` stages
#: finished out of ``total``) and once more with ``done == total`` at the end. The library never
#: shows progress itself; the CLI passes a callback that draws a bar on a terminal.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    """Ignore progress (the default)."""


def run(source: Source, tool_version: str, progress: Progress | None = None) -> AuditReport:
    """Run every stage on ``source`` and return the report.

    ``progress`` is told as each stage starts (see :data:`Progress`).
    """
    tell = progress or _no_progress
    total = 4 + len(DEFAULT_IDENTIFIERS)
    tell("reading the release", 0, total)
    release = source.read()
    tell(f"typing {len(release.files)} files", 1, total)
    inventory = NameInventory(source.read_range).build(release)
    matches: list[LicenseMatch] = []
    findings: list[Finding] = [*release.findings, *inventory.findings]
    for step, identifier in enumerate(DEFAULT_IDENTIFIERS, start=2):
        tell(f"identifying licences ({identifier.__name__})", step, total)
        found = identifier().identify(release, inventory)
        matches.extend(found.matches)
        findings.extend(found.findings)
    tell("evaluating licences and components", total - 2, total)
    boundaries = tuple(str(part["path"]) for part in release.facts.get("with", ()))
    governance = govern(inventory, matches, boundaries)
    components = component_statuses(inventory, governance)
    readings = assess_licenses(matches, release)
    osd = {license_id: reading.osd for license_id, reading in readings.items()}
    freedoms = assess_freedoms(governance, osd, components, readings)
    osaid = assess_osaid(freedoms, components, governance, osd, inventory.documents)
    mof = assess_mof(components, governance, osd)
    grades = assess_grades(inventory, components, governance, osd)
    advice = advise(osaid, mof, freedoms, components, governance)
    findings.extend(_missing_licences(components, governance))
    tell("checking consistency", total - 1, total)
    findings.extend(
        check_consistency(
            ConsistencyContext(
                release, inventory, tuple(matches), governance, components, osd, osaid
            )
        )
    )
    tell("done", total, total)
    return AuditReport(
        tool_version=tool_version,
        release_name=release.name,
        release_source=release.source,
        release_revision=release.revision,
        licenses=_assessments(matches, governance, osd, readings),
        components=components,
        freedoms=freedoms,
        osaid=osaid,
        mof=mof,
        findings=tuple(_dedupe(findings)),
        release_facts=release.facts,
        weights=inventory.weights,
        documents=inventory.documents,
        grades=grades,
        advice=advice,
    )


def _matches_of(license_id: str, matches: Sequence[LicenseMatch]) -> tuple[LicenseMatch, ...]:
    return tuple(m for m in matches if m.license_id == license_id)


def _assessments(
    matches: Sequence[LicenseMatch],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
    readings: Mapping[str, LicenseReading] | None = None,
) -> tuple[LicenseAssessment, ...]:
    cat = catalog()
    components: dict[str, set[str]] = defaultdict(set)
    for component, governing in governance.items():
        for m in governing:
            components[m.license_id].add(component)
    out: list[LicenseAssessment] = []
    for license_id in sorted({m.license_id for m in matches}):
        mine = _matches_of(license_id, matches)
        info = cat.get(license_id)
        first = mine[0]
        out.append(
            LicenseAssessment(
                license_id=license_id,
                name=info.name if info else first.name,
                scancode_key=info.scancode_key if info else first.scancode_key,
                hf_id=info.hf_id if info else first.hf_id,
                osi_approved=info.osi_approved if info else None,
                components=tuple(c for c in COMPONENT_IDS if c in components[license_id]),
                evidence=tuple(sorted({m.evidence for m in mine}, key=Evidence.sort_key)),
                osd=osd[license_id],
                **_reading_fields((readings or {}).get(license_id)),
            )
        )
    return tuple(out)


def _reading_fields(reading: LicenseReading | None) -> dict[str, Any]:
    """Return the per-licence analysis fields of a :class:`LicenseAssessment`."""
    if reading is None:
        return {}
    return {
        "freedoms": reading.freedoms,
        "category": reading.category,
        "profile": reading.profile.id if reading.profile else None,
        "clauses": reading.clauses,
    }


def _missing_licences(
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
) -> list[Finding]:
    """Weights or code that the release ships with no licence at all."""
    out: list[Finding] = []
    for component in ("model-parameters-final", "inference-code", "training-code"):
        status = components[component]
        if status.status is ComponentPresence.PRESENT and not governance.get(component):
            first = status.paths[0]
            out.append(
                Finding(
                    "missing-license",
                    Severity.ERROR,
                    f"the release ships {component} ({first}"
                    f"{f' and {len(status.paths) - 1} more' if len(status.paths) > 1 else ''}) "
                    "with no licence: no licence file, card licence or SPDX header covers it",
                    (Evidence(first, None, None, component),),
                )
            )
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def inventory_of(release: Release) -> Inventory:
    """Return the default inventory of ``release`` (for callers that want only this stage)."""
    return NameInventory().build(release)
