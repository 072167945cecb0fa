"""Write docs/rules.md from data/rules/findings.yaml (run after editing the rules data).

Usage: python scripts/generate_rules_doc.py [--check]
With --check, exit 1 when docs/rules.md is not what the data gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def render() -> str:
    """Return the Markdown text of docs/rules.md."""
    data = yaml.safe_load((ROOT / "data" / "rules" / "findings.yaml").read_text(encoding="utf-8"))
    out = [
        "# Finding rules",
        "",
        "<!-- Generated from data/rules/findings.yaml by scripts/generate_rules_doc.py. -->",
        "",
        "Every finding openlic reports has a stable rule id, a severity and evidence (path and",
        "lines). Rule ids never change meaning. The severity below is the default; a few rules",
        "report a milder case at a lower severity (the message says which case it is).",
        "",
        "| rule | severity | title |",
        "| --- | --- | --- |",
    ]
    out += [
        f"| [`{r['id']}`](#{r['id']}) | {r['severity']} | {r['title']} |" for r in data["rules"]
    ]
    for rule in data["rules"]:
        out += [
            "",
            f"## {rule['id']}",
            "",
            f"**{rule['title']}** ({rule['severity']})",
            "",
            f"- What it checks: {rule['checks']}",
            f"- Why it matters: {rule['why']}",
            f"- How to fix: {rule['fix']}",
        ]
        if rule.get("example"):
            out += [f"- Example: {rule['example']}"]
    return "\n".join(out) + "\n"


def main() -> int:
    """Write or check docs/rules.md."""
    target = ROOT / "docs" / "rules.md"
    text = render()
    if "--check" in sys.argv[1:]:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print("docs/rules.md is out of date: run python scripts/generate_rules_doc.py")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
