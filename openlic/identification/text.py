"""Licence texts: find the reference texts that a file contains.

First cut: a reference licence text is found when its normalised token sequence occurs whole in
the file's normalised tokens (so whitespace, case, punctuation, Markdown markup, numbering and
copyright lines do not matter). Several licences in one file are all found. A licence file that
contains no known text is reported as unidentified, with its title line, never as a guess.
"""

from __future__ import annotations

import attrs

from openlic import kb
from openlic.identification.catalog import LicenseInfo, catalog, openlic_ref
from openlic.identification.interface import Identification, Identifier
from openlic.identification.normalize import NormalizedText, normalize
from openlic.model import Evidence, FileKind, Finding, Inventory, LicenseMatch, Release, Severity
from openlic.sources.textio import lines_of

METHOD = "text"
#: Reference texts shorter than this many tokens are too generic to be matched on their own.
MIN_REFERENCE_TOKENS = 20


@attrs.frozen
class ReferenceText:
    """A licence's reference text, normalised."""

    info: LicenseInfo
    text: NormalizedText


@kb.cached
def reference_texts() -> tuple[ReferenceText, ...]:
    """Return every reference text of the catalog, normalised, longest first."""
    refs: list[ReferenceText] = []
    for info in catalog():
        if info.text_path is None or info.deprecated:
            continue
        normalized = normalize(kb.read_text(info.text_path))
        if len(normalized.tokens) >= MIN_REFERENCE_TOKENS:
            refs.append(ReferenceText(info, normalized))
    refs.sort(key=lambda r: (-len(r.text.tokens), r.info.license_id))
    return tuple(refs)


def match_text(text: str, path: str | None = None) -> list[LicenseMatch]:
    """Return the known licence texts found whole in ``text``, in order of position.

    A text that contains none yields one ``LicenseRef-openlic-unknown-...`` match with score 0
    and the title line as its name; an empty text yields nothing.
    """
    doc = normalize(text)
    if not doc.tokens:
        return []
    spans: list[tuple[int, int, ReferenceText]] = []
    for ref in reference_texts():
        if len(ref.text.tokens) > len(doc.tokens):
            continue
        found = doc.find(ref.text)
        while found is not None:
            first, last = found
            # A longer licence already claimed these tokens: a shorter text inside it is part of
            # that licence (e.g. a notice quoted within a full text), not a licence of its own.
            if not any(a <= first and last <= b for a, b, _ in spans):
                spans.append((first, last, ref))
            found = doc.find(ref.text, doc._offsets[last] + 1)
    spans.sort(key=lambda s: (s[0], s[1]))
    lines = lines_of(text)
    matches = [
        LicenseMatch(
            license_id=ref.info.license_id,
            name=ref.info.name,
            method=METHOD,
            score=1.0,
            path=path,
            start_line=doc.lines[first],
            end_line=doc.lines[last],
            scancode_key=ref.info.scancode_key,
            hf_id=ref.info.hf_id,
            matched_text=_line(lines, doc.lines[first]),
        )
        for first, last, ref in spans
    ]
    if matches:
        return matches
    title_line, title = _title(lines)
    return [
        LicenseMatch(
            license_id=openlic_ref(f"unknown-{title or path or 'text'}"),
            name=f"Unidentified licence text{f': {title}' if title else ''}",
            method=METHOD,
            score=0.0,
            path=path,
            start_line=title_line,
            end_line=title_line,
            matched_text=title,
        )
    ]


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1].strip()[:200] if 0 < number <= len(lines) else ""


def _title(lines: list[str]) -> tuple[int | None, str]:
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip().strip("#*=_- \t").strip()
        if stripped:
            return number, stripped[:120]
    return None, ""


class LicenseFileIdentifier(Identifier):
    """Identifies the licence texts in licence, notice and use-policy files."""

    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return the matches of every licence-like file; unidentified texts become findings."""
        kinds = {FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY}
        wanted = {e.path: e.kind for e in inventory.entries if e.kind in kinds}
        matches: list[LicenseMatch] = []
        findings: list[Finding] = []
        for f in release.files:
            if f.path not in wanted or not f.text:
                continue
            found = match_text(f.text, f.path)
            matches.extend(found)
            for m in found:
                if m.score == 0.0:
                    findings.append(
                        Finding(
                            "license-text-unidentified",
                            Severity.WARNING,
                            f"{f.path} holds a licence text openlic does not recognise"
                            f"{f' ({m.matched_text})' if m.matched_text else ''}; its terms "
                            "were not evaluated",
                            (Evidence(f.path, m.start_line, m.end_line, m.matched_text),),
                        )
                    )
        return Identification(tuple(matches), tuple(findings))
