"""Markdown: a review-ready report, and an "Openness" section for a model card.

:func:`format_markdown` writes the whole report (summary verdict, licences, OSD criteria,
freedoms, components, artifacts, findings with links to the file lines); :func:`openness_section`
writes only the compact section a publisher pastes into a model card. Both are CommonMark with
GitHub tables, and the same report always gives the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from openlic import kb
from openlic.formats.common import (
    file_link,
    mof_class_name,
    osaid_label,
    osd_summary,
    place,
    weights_licenses,
)
from openlic.model import (
    COMPONENT_IDS,
    FREEDOMS,
    AuditReport,
    ComponentPresence,
    Evidence,
    Finding,
    LicenseAssessment,
    Severity,
)

_DISCLAIMER = (
    "Not legal advice: a reproducible reading of the documents in the release by "
    "[openlic](https://pypi.org/project/openlic/)."
)
_VERDICT_MARK = {"pass": "✅ pass", "fail": "❌ fail", "unknown": "❔ unknown"}
_GRANT_MARK = {"granted": "✅ granted", "restricted": "❌ restricted", "unknown": "❔ unknown"}
_STATUS_MARK = {
    "present": "✅ present",
    "referenced": "↗️ referenced",
    "missing": "❌ missing",
    "unknown": "❔ unknown",
}
_MAX_PLACES = 4

#: Appends one line to the output.
Emit = Callable[[str], None]


def cell(text: str) -> str:
    """Return ``text`` made safe for one Markdown table cell (no pipe, no line break)."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else text


def _linked(report: AuditReport, evidence: Evidence) -> str:
    link = file_link(report, evidence)
    label = cell(place(evidence))
    return f"[{label}]({link})" if link else label


def _places(report: AuditReport, evidence: Iterable[Evidence]) -> str:
    items = sorted(set(evidence), key=Evidence.sort_key)
    shown = ", ".join(_linked(report, e) for e in items[:_MAX_PLACES])
    if len(items) > _MAX_PLACES:
        shown += f" (+{len(items) - _MAX_PLACES} more)"
    return shown or "-"


def _osd_titles() -> dict[int, str]:
    return {int(c["number"]): str(c["title"]) for c in kb.load("frameworks/osd.yaml")["criteria"]}


def _count(findings: Iterable[Finding]) -> str:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return ", ".join(f"{counts[s]} {s.value}" for s in Severity)


def _licence_list(licenses: Iterable[LicenseAssessment]) -> str:
    shown = [f"{_code(lic.license_id)} ({osd_summary(lic)})" for lic in licenses]
    return ", ".join(shown) if shown else "none found"


def _code_licenses(report: AuditReport) -> tuple[LicenseAssessment, ...]:
    code = {"inference-code", "training-code", "model-architecture"}
    return tuple(
        lic
        for lic in sorted(report.licenses, key=lambda x: x.license_id)
        if code.intersection(lic.components)
    )


def openness_section(report: AuditReport, *, heading_level: int = 2) -> str:
    """Return the compact "Openness" section a publisher can paste into a model card.

    Args:
        report: the audit report.
        heading_level: the level of the section's heading (2 gives ``## Openness``).

    Returns:
        Markdown: the OSAID verdict, the MOF class, the weights and code licences with their
        OSD reading, the four freedoms, and the tool and version that produced it.

    """
    mof = report.mof
    freedoms = " · ".join(f"{f}: {report.freedoms[f].verdict.value}" for f in FREEDOMS)
    progress = ""
    if mof.next_class is not None and mof.next_class in mof.progress:
        progress = (
            f" ({mof_class_name(mof.next_class)}: {mof.progress[mof.next_class]:.0%} complete)"
        )
    rows = [
        ("Open Source AI Definition 1.0", osaid_label(report.osaid.verdict)),
        ("Model Openness Framework", mof_class_name(mof.mof_class) + progress),
        ("Weights licence", _licence_list(weights_licenses(report))),
        ("Code licence", _licence_list(_code_licenses(report))),
        ("Freedoms (OSAID)", freedoms),
    ]
    out = [f"{'#' * heading_level} Openness", "", "| | |", "| --- | --- |"]
    out += [f"| {name} | {cell(value)} |" for name, value in rows]
    out += [
        "",
        f"<sub>Assessed by openlic {report.tool_version} from the files of this release. "
        "Not legal advice.</sub>",
        "",
    ]
    return "\n".join(out)


def format_markdown(report: AuditReport, policy: Any = None) -> str:
    """Return the whole report as Markdown for a reviewer (a pull request, a review ticket).

    Sections: summary verdict, the policy's outcome when ``policy`` (an
    :class:`openlic.policy.PolicyResult`) is given, licences, OSD criteria per licence,
    freedoms, OSAID, MOF components and class progress, artifacts (weight headers, cards),
    findings with links to the file lines, next steps, and the "Openness" section for the
    model card.
    """
    out: list[str] = []
    add = out.append
    add(f"# Openness report: {cell(report.release_name)}")
    add("")
    source = f"`{report.release_source}`"
    if report.release_revision:
        source += f" at revision `{report.release_revision}`"
    add(f"Release read from {source} by openlic {report.tool_version}. {_DISCLAIMER}")
    add("")
    _summary(report, add)
    if policy is not None:
        _policy(report, policy, add)
    _licences(report, add)
    _osd_table(report, add)
    _freedoms(report, add)
    _osaid(report, add)
    _components(report, add)
    _artifacts(report, add)
    _findings(report, add)
    _advice(report, add)
    add("## For the model card")
    add("")
    add("Paste this section into the release's model card:")
    add("")
    add("```markdown")
    add(openness_section(report).rstrip("\n"))
    add("```")
    return "\n".join(out) + "\n"


def _summary(report: AuditReport, emit: Emit) -> None:
    mof = report.mof
    emit("## Summary")
    emit("")
    emit("| question | answer |")
    emit("| --- | --- |")
    emit(f"| Open Source AI (OSAID 1.0)? | **{osaid_label(report.osaid.verdict)}** |")
    emit(f"| Model Openness Framework class | **{mof_class_name(mof.mof_class)}** |")
    emit(f"| Weights licence | {cell(_licence_list(weights_licenses(report)))} |")
    emit(f"| Licences found | {len(report.licenses)} |")
    emit(f"| Findings | {_count(report.findings)} |")
    emit("")


def _policy(report: AuditReport, result: Any, emit: Emit) -> None:
    policy = result.policy
    verdict = "passed" if result.passed else "**failed**"
    where = f" (`{policy.source}`)" if policy.source else ""
    emit(f"## Policy `{cell(policy.name)}`{where}: {verdict}")
    emit("")
    emit("| rule | outcome | why | where |")
    emit("| --- | --- | --- | --- |")
    blocking = set(result.failures)
    for outcome in result.outcomes:
        mark = {"pass": "✅ pass", "fail": "❌ fail", "unknown": "❔ unknown"}[outcome.status.value]
        if outcome.status.value == "unknown" and outcome not in blocking:
            mark += " (warning)"
        why = cell("; ".join(outcome.reasons[:4]))
        if len(outcome.reasons) > 4:
            why += f" (+{len(outcome.reasons) - 4} more)"
        emit(f"| `{outcome.rule}` | {mark} | {why or '-'} | {_places(report, outcome.evidence)} |")
    emit("")


def _licences(report: AuditReport, emit: Emit) -> None:
    emit("## Licences")
    emit("")
    if not report.licenses:
        emit("No licence was found in the release.")
        emit("")
        return
    emit("| licence | name | category | OSD | governs | found in |")
    emit("| --- | --- | --- | --- | --- | --- |")
    for lic in sorted(report.licenses, key=lambda x: x.license_id):
        governs = ", ".join(lic.components) or "-"
        emit(
            f"| {_code(lic.license_id)} | {cell(lic.name)} | {cell(lic.category or 'unknown')} "
            f"| {cell(osd_summary(lic))} | {cell(governs)} | {_places(report, lic.evidence)} |"
        )
    emit("")
    clauses = [(lic, c) for lic in report.licenses for c in lic.clauses]
    if clauses:
        emit("Restricting clauses:")
        emit("")
        for lic, clause in sorted(clauses, key=lambda x: (x[0].license_id, x[1].ref)):
            quote = cell(clause.quote)
            if len(quote) > 200:
                quote = quote[:197] + "..."
            where = _places(report, clause.evidence)
            kinds = ", ".join(clause.categories)
            emit(
                f"- {_code(lic.license_id)} {cell(clause.ref)} ({kinds}, {clause.confidence}"
                f"{', heuristic' if clause.heuristic else ''}): “{quote}” [{where}]"
            )
        emit("")


def _osd_table(report: AuditReport, emit: Emit) -> None:
    licenses = sorted(report.licenses, key=lambda x: x.license_id)
    if not licenses:
        return
    emit("## Open Source Definition criteria")
    emit("")
    emit("| criterion | " + " | ".join(_code(lic.license_id) for lic in licenses) + " |")
    emit("| --- |" + " --- |" * len(licenses))
    for number, title in sorted(_osd_titles().items()):
        cells = []
        for lic in licenses:
            criterion = lic.osd.criteria.get(number)
            verdict = criterion.verdict.value if criterion else "unknown"
            cells.append(_VERDICT_MARK[verdict])
        emit(f"| {number}. {cell(title)} | " + " | ".join(cells) + " |")
    emit("")
    failures = [
        (lic, number, criterion)
        for lic in licenses
        for number, criterion in sorted(lic.osd.criteria.items())
        if criterion.verdict.value == "fail"
    ]
    for lic, number, criterion in failures:
        reasons = cell("; ".join(criterion.reasons)) or "fails"
        emit(
            f"- {_code(lic.license_id)} fails OSD {number}: {reasons} "
            f"[{_places(report, criterion.evidence)}]"
        )
    if failures:
        emit("")


def _freedoms(report: AuditReport, emit: Emit) -> None:
    emit("## Freedoms (OSAID 1.0)")
    emit("")
    emit("| freedom | verdict | why | evidence |")
    emit("| --- | --- | --- | --- |")
    for freedom in FREEDOMS:
        verdict = report.freedoms[freedom]
        why = cell("; ".join(verdict.reasons[:3])) or "-"
        emit(
            f"| {freedom} | {_GRANT_MARK[verdict.verdict.value]} | {why} "
            f"| {_places(report, verdict.evidence)} |"
        )
    emit("")


def _osaid(report: AuditReport, emit: Emit) -> None:
    emit(f"## Open Source AI Definition: {osaid_label(report.osaid.verdict)}")
    emit("")
    for reason in report.osaid.reasons:
        emit(f"- {cell(reason)}")
    if report.osaid.missing:
        emit(f"- missing from the release: {', '.join(report.osaid.missing)}")
    emit("")


def _components(report: AuditReport, emit: Emit) -> None:
    mof = report.mof
    emit(f"## Model Openness Framework: {mof_class_name(mof.mof_class)}")
    emit("")
    for number in sorted(mof.progress, reverse=True):
        lacking = mof.missing.get(number, ())
        line = f"- {mof_class_name(number)}: {mof.progress[number]:.0%}"
        if lacking:
            line += " - lacking " + ", ".join(lacking)
        emit(line)
    emit("")
    emit("| component | status | licence | files |")
    emit("| --- | --- | --- | --- |")
    for component in COMPONENT_IDS:
        status = report.components[component]
        files = ", ".join(_linked(report, Evidence(p)) for p in sorted(status.paths)[:_MAX_PLACES])
        if len(status.paths) > _MAX_PLACES:
            files += f" (+{len(status.paths) - _MAX_PLACES} more)"
        if status.status is ComponentPresence.REFERENCED and status.references:
            files = "refers to " + cell(", ".join(sorted(status.references)[:_MAX_PLACES]))
        licence = _code(status.license) if status.license else "-"
        emit(f"| {component} | {_STATUS_MARK[status.status.value]} | {licence} | {files or '-'} |")
    emit("")


def _artifacts(report: AuditReport, emit: Emit) -> None:
    if not report.weights and not report.documents:
        return
    emit("## Artifacts")
    emit("")
    if report.weights:
        emit("| weights file | format | parameters | dtypes | licence in header |")
        emit("| --- | --- | --- | --- | --- |")
        for w in sorted(report.weights, key=lambda w: w.path):
            params = f"{w.parameter_count:,}" if w.parameter_count is not None else "unknown"
            if w.problem:
                params = f"unread: {cell(w.problem)}"
            emit(
                f"| {_linked(report, Evidence(w.path))} | {w.format} | {params} "
                f"| {', '.join(w.dtypes) or '-'} | {cell(w.license or '-')} |"
            )
        emit("")
    if report.documents:
        emit("| card | kind | complete | missing sections |")
        emit("| --- | --- | --- | --- |")
        for d in sorted(report.documents, key=lambda d: d.path):
            missing = cell(", ".join([*d.missing, *d.empty])) or "-"
            emit(
                f"| {_linked(report, Evidence(d.path))} | {d.component} "
                f"| {d.completeness:.0%} | {missing} |"
            )
        emit("")


def _findings(report: AuditReport, emit: Emit) -> None:
    findings = sorted(report.findings, key=Finding.sort_key)
    emit(f"## Findings ({len(findings)})")
    emit("")
    if not findings:
        emit("No findings.")
        emit("")
        return
    emit("| severity | rule | where | message |")
    emit("| --- | --- | --- | --- |")
    for f in findings:
        emit(
            f"| {f.severity.value} | {_code(f.rule)} | {_places(report, f.evidence)} "
            f"| {cell(f.message)} |"
        )
    emit("")


def _advice(report: AuditReport, emit: Emit) -> None:
    if not report.advice:
        return
    emit("## Next steps")
    emit("")
    for a in report.advice:
        emit(f"- **{cell(a.goal)}** {cell(a.subject)}: {cell(a.action)}")
    emit("")
