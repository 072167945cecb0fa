"""``SPDX-License-Identifier:`` lines in source files."""

from __future__ import annotations

import re

from openlic.identification.catalog import catalog
from openlic.identification.expression import parse_expression
from openlic.identification.interface import Identification, Identifier
from openlic.model import Evidence, FileKind, Finding, Inventory, LicenseMatch, Release, Severity
from openlic.sources.textio import lines_of

METHOD = "spdx-header"
_HEADER = re.compile(r"SPDX-License-Identifier:\s*(.+?)\s*(?:\*/|-->|#}|$)", re.MULTILINE)
#: Only the top of a file carries its licence header.
HEADER_LINES = 30


def find_headers(text: str, path: str | None) -> tuple[list[LicenseMatch], list[Finding]]:
    """Return matches for the SPDX headers in the first lines of ``text``."""
    head = "\n".join(lines_of(text)[:HEADER_LINES])
    cat = catalog()
    matches: list[LicenseMatch] = []
    findings: list[Finding] = []
    for m in _HEADER.finditer(head):
        raw = m.group(1).strip().strip("\"'")
        line = head.count("\n", 0, m.start()) + 1
        parsed = parse_expression(raw)
        if not parsed.valid:
            reason = parsed.error or f"unknown id(s): {', '.join(parsed.unknown)}"
            findings.append(
                Finding(
                    "spdx-header-invalid",
                    Severity.WARNING,
                    f"the SPDX-License-Identifier in {path or 'the text'} is not a valid SPDX "
                    f"expression ({reason})",
                    (Evidence(path or "<text>", line, line, m.group(0).strip()),),
                )
            )
        for key in parsed.keys if parsed.error is None else ():
            info = cat.get(key)
            matches.append(
                LicenseMatch(
                    license_id=info.license_id if info else key,
                    name=info.name if info else key,
                    method=METHOD,
                    score=1.0 if info or key.startswith("LicenseRef-") else 0.0,
                    path=path,
                    start_line=line,
                    end_line=line,
                    scancode_key=info.scancode_key if info else None,
                    hf_id=info.hf_id if info else None,
                    matched_text=m.group(0).strip(),
                    expression=parsed.text,
                )
            )
    return matches, findings


class SpdxHeaderIdentifier(Identifier):
    """Reads SPDX headers in code, scripts and notebooks."""

    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return one match per licence id in each file's SPDX header."""
        kinds = {FileKind.CODE, FileKind.SCRIPT, FileKind.NOTEBOOK, FileKind.CONFIG}
        wanted = {e.path for e in inventory.entries if e.kind in kinds}
        matches: list[LicenseMatch] = []
        findings: list[Finding] = []
        for f in release.files:
            if f.path in wanted and f.text and "SPDX-License-Identifier" in f.text:
                found, problems = find_headers(f.text, f.path)
                matches.extend(found)
                findings.extend(problems)
        return Identification(tuple(matches), tuple(findings))
