"""Plain-text report for a person reading a terminal."""

from __future__ import annotations

from collections.abc import Callable

from openlic.formats.common import place
from openlic.model import (
    COMPONENT_IDS,
    FREEDOMS,
    AuditReport,
    ComponentPresence,
    Evidence,
    LicenseAssessment,
    WeightsInfo,
)

_CLASS_NAMES = {
    1: "Class I (Open Science)",
    2: "Class II (Open Tooling)",
    3: "Class III (Open Model)",
}


def _osd_summary(lic: LicenseAssessment) -> str:
    conformant = lic.osd.conformant
    if conformant is True:
        return "meets the OSD (OSI-approved)" if lic.osi_approved else "meets the OSD"
    if conformant is False:
        return "fails OSD criteria " + ", ".join(str(n) for n in lic.osd.failed)
    return "OSD: unknown"


def format_text(report: AuditReport) -> str:
    """Return the report as text: licences per component, OSD, freedoms, artifacts, findings."""
    out: list[str] = []
    add = out.append
    add(f"openlic {report.tool_version}: {report.release_name} ({report.release_source})")
    add("Not legal advice: a reproducible reading of the documents in the release.")
    add("")
    mof = report.mof
    mof_text = _CLASS_NAMES[mof.mof_class] if mof.mof_class else "no MOF class reached"
    add(f"Open Source AI (OSAID 1.0): {report.osaid.verdict.value}   MOF: {mof_text}")
    add("")
    add("Licences")
    if not report.licenses:
        add("  (none found)")
    for lic in sorted(report.licenses, key=lambda x: x.license_id):
        add(f"  {lic.license_id}  {lic.name}")
        add(f"    {_osd_summary(lic)}")
        if lic.components:
            add(f"    governs: {', '.join(lic.components)}")
        places = ", ".join(place(e) for e in sorted(lic.evidence, key=Evidence.sort_key)[:4])
        add(f"    found in: {places}")
        for number, criterion in sorted(lic.osd.criteria.items()):
            if criterion.verdict.value == "fail":
                where = ", ".join(place(e) for e in criterion.evidence[:2])
                add(f"    OSD {number} fails: {'; '.join(criterion.reasons)} [{where}]")
    add("")
    add("Components (Model Openness Framework)")
    for component in COMPONENT_IDS:
        status = report.components[component]
        where = ""
        if status.paths:
            more = f" (+{len(status.paths) - 2} more)" if len(status.paths) > 2 else ""
            where = "  " + ", ".join(status.paths[:2]) + more
        licence = f"  [{status.license}]" if status.license else ""
        if not status.paths and status.references:
            more = f" (+{len(status.references) - 2} more)" if len(status.references) > 2 else ""
            where = "  -> " + ", ".join(status.references[:2]) + more
        add(f"  {status.status.value:<10} {component}{licence}{where}")
    if report.weights:
        add("")
        add("Weights (headers only, never loaded)")
        for info in sorted(report.weights, key=lambda w: w.path)[:10]:
            add(f"  {info.path}: {_weights_line(info)}")
        if len(report.weights) > 10:
            add(f"  ... and {len(report.weights) - 10} more weight files")
    add("")
    add("Freedoms (OSAID 1.0)")
    for freedom in FREEDOMS:
        verdict = report.freedoms[freedom]
        add(f"  {freedom:<7} {verdict.verdict.value}")
        for reason in verdict.reasons[:3]:
            add(f"          - {reason}")
    add("")
    add(f"OSAID verdict: {report.osaid.verdict.value}")
    for reason in report.osaid.reasons:
        add(f"  - {reason}")
    add("")
    add(f"MOF: {mof_text}")
    for number in sorted(mof.progress, reverse=True):
        missing = mof.missing.get(number, ())
        line = f"  {_CLASS_NAMES[number]}: {mof.progress[number]:.0%}"
        if missing:
            line += " - lacking: " + ", ".join(missing)
        add(line)
    missing_any = [
        c for c in COMPONENT_IDS if report.components[c].status is ComponentPresence.MISSING
    ]
    if missing_any:
        add(f"  missing from the release: {', '.join(missing_any)}")
    _advice(report, add)
    if report.grades:
        add("")
        add("Openness grades (European Open Source AI Index parameters, from the files)")
        for parameter, grade in report.grades.items():
            reason = grade.reasons[0] if grade.reasons else ""
            add(f"  {grade.grade.value:<8} {parameter}: {reason}")
    add("")
    add(f"Findings ({len(report.findings)})")
    for finding in sorted(report.findings, key=lambda f: f.sort_key()):
        where = place(finding.evidence[0]) if finding.evidence else "-"
        add(f"  {finding.severity.value:<7} {finding.rule}  {where}")
        add(f"          {finding.message}")
    return "\n".join(out) + "\n"


def _weights_line(info: WeightsInfo) -> str:
    if info.parameter_count is None:
        return f"{info.format}, {info.problem or 'header not read'}"
    line = f"{info.format}, {info.parameter_count:,} parameters, {', '.join(info.dtypes)}"
    return line + (f", licence in header: {info.license}" if info.license else "")


def _advice(report: AuditReport, add: Callable[[str], None]) -> None:
    """Add the short "to become Open Source AI" and "to reach MOF class N" lists."""
    osaid = [a for a in report.advice if a.goal == "osaid"]
    if osaid:
        add("")
        add("To become Open Source AI")
        for item in osaid:
            add(f"  - {item.action}")
    mof = [a for a in report.advice if a.goal.startswith("mof-")]
    if mof:
        number = int(mof[0].goal.split("-", 1)[1])
        add("")
        add(f"To reach MOF {_CLASS_NAMES[number]}")
        for item in mof:
            add(f"  - {item.action}")
