"""Write docs/licenses.md from the licence profiles and the taxonomy (run after editing them).

Usage: python scripts/generate_license_docs.py [--check]
With --check, exit 1 when docs/licenses.md is not what the data gives.

The verdicts come from openlic itself (:func:`openlic.analysis.read_profile`), so the page shows
exactly what ``openlic explain`` says for each licence.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openlic.analysis import profiles, read_profile, taxonomy  # noqa: E402
from openlic.analysis.profiles import Profile, Taxonomy  # noqa: E402
from openlic.model import FREEDOMS, Verdict  # noqa: E402

OUT = ROOT / "docs" / "licenses.md"
MARK = {Verdict.PASS: "pass", Verdict.FAIL: "**fail**", Verdict.UNKNOWN: "?"}
FREEDOM_MARK = {"granted": "yes", "restricted": "**no**", "unknown": "?"}


def _criterion(verdict: Verdict, confidence: str | None) -> str:
    mark = MARK[verdict]
    return f"{mark}~" if confidence == "arguable" else mark


#: docs/licenses.md sections: profile domain, heading, one-line introduction.
SECTIONS = (
    (
        "ai",
        "AI model licences and use policies",
        "Licences written for model weights and AI systems, and the use policies they incorporate.",
    ),
    (
        "data",
        "Data licences",
        "Licences written for datasets, including the data agreements model releases cite.",
    ),
    (
        "content",
        "Content licences (Creative Commons)",
        "Licences for creative works, often used for model weights, cards and datasets.",
    ),
    (
        "software",
        "Software and other licences of the SPDX list (reviewed profiles)",
        "Every SPDX licence the OSI has not approved, read clause by clause; restricting clauses"
        " are listed below the table.",
    ),
)


def _table(members: list[Profile]) -> list[str]:
    rows = [
        "| licence | id | category | "
        + " | ".join(str(n) for n in range(1, 11))
        + " | use | study | modify | share |",
        "| --- | --- | --- | " + " | ".join("---" for _ in range(14)) + " |",
    ]
    for profile in members:
        reading = read_profile(profile)
        cells = [
            _criterion(reading.osd.criteria[n].verdict, reading.osd.criteria[n].confidence)
            for n in range(1, 11)
        ]
        freedoms = [FREEDOM_MARK[reading.freedoms[f].verdict.value] for f in FREEDOMS]
        rows.append(
            f"| {profile.name} | `{profile.id}` | {profile.category} | "
            + " | ".join(cells)
            + " | "
            + " | ".join(freedoms)
            + " |"
        )
    return rows


def _clauses(profile: Profile, tax: Taxonomy) -> list[str]:
    out = [f"#### {profile.name}", ""]
    facts = [f"`{profile.id}`", profile.publisher]
    if profile.hf_ids:
        facts.append("Hub: " + ", ".join(f"`{h}`" for h in profile.hf_ids))
    if profile.incorporates:
        facts.append("incorporates " + ", ".join(f"`{i}`" for i in profile.incorporates))
    out += [" · ".join(facts) + f" · <{profile.url}>", ""]
    if not profile.clauses:
        return [*out, ("No restricting clause. " + profile.notes).strip(), ""]
    for clause in profile.clauses:
        names = ", ".join(tax.get(c).name.lower() for c in clause.categories)
        title = f" {clause.title}" if clause.title else ""
        head = f"- **{clause.ref}{title}** ({names}; {clause.confidence})"
        out.append(f"{head}: “{clause.quote}”")
    if profile.obligations:
        obligations = "; ".join(o.summary.rstrip(".") for o in profile.obligations)
        out.append(f"- Obligations: {obligations}.")
    return [*out, ""]


def render() -> str:
    """Return the Markdown text of docs/licenses.md."""
    reviewed = [p for p in profiles() if p.hand_written]
    generated = [p for p in profiles() if p.generated]
    out = [
        "# Licences openlic knows clause by clause",
        "",
        "<!-- Generated from data/licenses/profiles and data/licenses/taxonomy.yaml by",
        "     scripts/generate_license_docs.py. Do not edit by hand. -->",
        "",
        "Each row is openlic's reading of one licence or use policy, as `openlic explain ID`",
        "prints it: the ten criteria of the Open Source Definition and the four freedoms of the",
        "Open Source AI Definition 1.0, for the licence alone. `pass` needs a grant that supports",
        "it (or OSI approval); `**fail**` cites a clause; `?` means neither; `~` marks an",
        "arguable verdict. How verdicts are reached: [license-analysis.md](license-analysis.md).",
        "Not legal advice.",
        "",
    ]
    tax = taxonomy()
    for domain, title, intro in SECTIONS:
        members = [p for p in reviewed if p.domain == domain]
        if not members:
            continue
        out += [f"## {title}", "", intro, "", *_table(members), ""]
        restricted = [p for p in members if p.clauses or domain != "software"]
        if restricted:
            out += ["### Restricting clauses and obligations", ""]
        for profile in restricted:
            out += _clauses(profile, tax)
    by_category = Counter(p.category for p in generated)
    out += [
        "## OSI-approved licences (generated profiles)",
        "",
        f"{len(generated)} licences of the SPDX list carry the OSI-approved flag. Each passes",
        'every criterion with the reason "OSI-approved" and grants the four freedoms; its profile',
        "(data/licenses/profiles/generated/osi-approved.json, written by",
        "scripts/generate_license_profiles.py) records its category and flags. By category: "
        + ", ".join(f"{c} {n}" for c, n in sorted(by_category.items()))
        + ".",
        "",
        ", ".join(f"`{p.id}`" for p in generated),
        "",
    ]
    return "\n".join(out)


def main() -> int:
    """Write or check docs/licenses.md."""
    text = render()
    if "--check" in sys.argv[1:]:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("docs/licenses.md is stale: run scripts/generate_license_docs.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
