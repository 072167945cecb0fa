"""HTML: one self-contained page with the report, and an SVG badge for a README.

The page has its style inline and loads nothing (no script, font, image or style sheet from
elsewhere), so it can be archived or attached to a review as one file. It is well-formed XML
(HTML5 written in its XML-compatible form), so any XML parser can read it. The badge is the same
SVG that ``openlic badge`` writes: the OSAID verdict and the MOF class.
"""

from __future__ import annotations

from html import escape
from typing import Any

from openlic import kb
from openlic.formats.common import (
    file_link,
    mof_class_name,
    mof_short,
    osaid_label,
    osd_summary,
    place,
)
from openlic.model import (
    COMPONENT_IDS,
    FREEDOMS,
    AuditReport,
    Evidence,
    Finding,
    OsaidStatus,
)

#: Badge colours by OSAID verdict (shields.io's palette: green, red, grey).
_COLOURS = {
    OsaidStatus.OPEN_SOURCE_AI: "#4c1",
    OsaidStatus.NOT_OPEN_SOURCE_AI: "#e05d44",
    OsaidStatus.UNDETERMINED: "#9f9f9f",
}
_MAX_PLACES = 4
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;
margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font-size:.9em;background:#f6f8fa;padding:0 .2em;border-radius:3px}
.pass,.granted,.present{color:#1a7f37}.fail,.restricted,.missing,.error{color:#cf222e}
.unknown,.referenced,.info{color:#6e7781}.warning{color:#9a6700}.note{color:#57606a}
td ul{margin:0;padding-left:1.1rem}
"""


def _text_width(text: str) -> int:
    """Approximate width in pixels of ``text`` in 11px Verdana (the badge's font)."""
    wide = sum(1 for c in text if c.isupper() or c in "mwMW")
    return int(len(text) * 6.2 + wide * 1.3) + 10


def badge_svg(report: AuditReport) -> str:
    """Return an SVG badge: ``openlic | <OSAID verdict> · MOF <class>``, coloured by verdict.

    Green for Open Source AI, red for not Open Source AI, grey when undetermined.
    """
    label = "openlic"
    value = f"{osaid_label(report.osaid.verdict)} · MOF {mof_short(report.mof.mof_class)}"
    left, right = _text_width(label), _text_width(value)
    width = left + right
    colour = _COLOURS[report.osaid.verdict]
    title = escape(
        f"openlic {report.tool_version}: {report.release_name} is "
        f"{osaid_label(report.osaid.verdict)} (OSAID 1.0); "
        f"Model Openness Framework: {mof_class_name(report.mof.mof_class)}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{escape(label)}: {escape(value)}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:.1f}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{escape(value)}</text></g></svg>\n'
    )


def _link(report: AuditReport, evidence: Evidence) -> str:
    href = file_link(report, evidence)
    label = escape(place(evidence))
    return f'<a href="{escape(href)}">{label}</a>' if href else label


def _places(report: AuditReport, evidence: tuple[Evidence, ...]) -> str:
    items = sorted(set(evidence), key=Evidence.sort_key)
    shown = ", ".join(_link(report, e) for e in items[:_MAX_PLACES])
    if len(items) > _MAX_PLACES:
        shown += f" (+{len(items) - _MAX_PLACES} more)"
    return shown or "-"


def _row(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _mark(value: str) -> str:
    return f'<span class="{escape(value)}">{escape(value)}</span>'


def _reason_list(reasons: tuple[str, ...], limit: int = 6) -> str:
    if not reasons:
        return "-"
    items = [f"<li>{escape(r)}</li>" for r in reasons[:limit]]
    if len(reasons) > limit:
        items.append(f"<li>... {len(reasons) - limit} more</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _policy(report: AuditReport, result: Any) -> list[str]:
    policy = result.policy
    verdict = "passed" if result.passed else "failed"
    where = f" (<code>{escape(policy.source)}</code>)" if policy.source else ""
    out = [
        f"<h2>Policy <code>{escape(policy.name)}</code>{where}: "
        f'<span class="{"pass" if result.passed else "fail"}">{verdict}</span></h2>',
        "<table>" + _row("rule", "outcome", "why", "where", header=True),
    ]
    blocking = set(result.failures)
    for outcome in result.outcomes:
        status = outcome.status.value
        label = status + (" (warning)" if status == "unknown" and outcome not in blocking else "")
        out.append(
            _row(
                f"<code>{escape(outcome.rule)}</code>",
                f'<span class="{status}">{escape(label)}</span>',
                _reason_list(outcome.reasons),
                _places(report, outcome.evidence),
            )
        )
    out.append("</table>")
    return out


def format_html(report: AuditReport, policy: Any = None) -> str:
    """Return the report as one self-contained HTML page (badge, verdicts, tables, findings).

    ``policy`` (an :class:`openlic.policy.PolicyResult`) adds the policy's outcome.
    """
    e = escape
    osd_titles = {
        int(c["number"]): str(c["title"]) for c in kb.load("frameworks/osd.yaml")["criteria"]
    }
    licenses = sorted(report.licenses, key=lambda x: x.license_id)
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add('<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>')
    add('<meta name="viewport" content="width=device-width, initial-scale=1"/>')
    add(f"<title>openlic: {e(report.release_name)}</title><style>{_STYLE}</style></head><body>")
    add(f"<h1>Openness report: {e(report.release_name)}</h1>")
    add(f'<p class="badge">{badge_svg(report).strip()}</p>')
    source = f"<code>{e(report.release_source)}</code>"
    if report.release_revision:
        source += f" at revision <code>{e(report.release_revision)}</code>"
    add(
        f"<p>Release read from {source} by openlic {e(report.tool_version)}. Not legal advice: "
        "a reproducible reading of the documents in the release.</p>"
    )
    add("<h2>Summary</h2><table>")
    add(
        _row(
            "Open Source AI (OSAID 1.0)", f"<strong>{e(osaid_label(report.osaid.verdict))}</strong>"
        )
    )
    add(
        _row(
            "Model Openness Framework",
            f"<strong>{e(mof_class_name(report.mof.mof_class))}</strong>",
        )
    )
    add(_row("Findings", str(len(report.findings))))
    add("</table>")
    if policy is not None:
        out.extend(_policy(report, policy))
    add("<h2>Licences</h2>")
    if licenses:
        add(
            "<table>"
            + _row("licence", "name", "category", "OSD", "governs", "found in", header=True)
        )
        for lic in licenses:
            add(
                _row(
                    f"<code>{e(lic.license_id)}</code>",
                    e(lic.name),
                    e(lic.category or "unknown"),
                    e(osd_summary(lic)),
                    e(", ".join(lic.components) or "-"),
                    _places(report, lic.evidence),
                )
            )
        add("</table>")
        add("<h2>Open Source Definition criteria</h2><table>")
        add(
            _row(
                "criterion", *(f"<code>{e(lic.license_id)}</code>" for lic in licenses), header=True
            )
        )
        for number, title in sorted(osd_titles.items()):
            cells = []
            for lic in licenses:
                criterion = lic.osd.criteria.get(number)
                verdict = criterion.verdict.value if criterion else "unknown"
                why = "; ".join(criterion.reasons) if criterion else ""
                cells.append(f'<span class="{verdict}" title="{e(why)}">{verdict}</span>')
            add(_row(f"{number}. {e(title)}", *cells))
        add("</table>")
    else:
        add("<p>No licence was found in the release.</p>")
    add("<h2>Freedoms (OSAID 1.0)</h2><table>")
    add(_row("freedom", "verdict", "why", "evidence", header=True))
    for freedom in FREEDOMS:
        grant = report.freedoms[freedom]
        add(
            _row(
                e(freedom),
                _mark(grant.verdict.value),
                e("; ".join(grant.reasons[:3]) or "-"),
                _places(report, grant.evidence),
            )
        )
    add("</table>")
    add(f"<h2>Open Source AI Definition: {e(osaid_label(report.osaid.verdict))}</h2><ul>")
    for reason in report.osaid.reasons:
        add(f"<li>{e(reason)}</li>")
    add("</ul>")
    add(f"<h2>Model Openness Framework: {e(mof_class_name(report.mof.mof_class))}</h2><ul>")
    for number in sorted(report.mof.progress, reverse=True):
        lacking = report.mof.missing.get(number, ())
        more = f" - lacking {e(', '.join(lacking))}" if lacking else ""
        add(f"<li>{e(mof_class_name(number))}: {report.mof.progress[number]:.0%}{more}</li>")
    add("</ul><table>")
    add(_row("component", "status", "licence", "files", header=True))
    for component in COMPONENT_IDS:
        status = report.components[component]
        files = ", ".join(_link(report, Evidence(p)) for p in sorted(status.paths)[:_MAX_PLACES])
        add(
            _row(
                e(component),
                _mark(status.status.value),
                f"<code>{e(status.license)}</code>" if status.license else "-",
                files or "-",
            )
        )
    add("</table>")
    findings = sorted(report.findings, key=Finding.sort_key)
    add(f"<h2>Findings ({len(findings)})</h2>")
    if findings:
        add("<table>" + _row("severity", "rule", "where", "message", header=True))
        for f in findings:
            add(
                _row(
                    _mark(f.severity.value),
                    f"<code>{e(f.rule)}</code>",
                    _places(report, f.evidence),
                    e(f.message),
                )
            )
        add("</table>")
    else:
        add("<p>No findings.</p>")
    add("</body></html>")
    return "\n".join(out) + "\n"
