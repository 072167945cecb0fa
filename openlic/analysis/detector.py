"""The clause detector: restriction categories found in a licence text by the rules in data/.

Rules (``data/licenses/clause-rules.yaml``) are regular expressions, each tied to one taxonomy
category. The text is read one paragraph at a time (lines up to a blank line, list items
separately), with its whitespace collapsed, so that a rule sees a clause however it is wrapped.
Every hit is a :class:`DetectedClause` with the lines it spans. The detector is a heuristic: it
reads words, not law; its results are always marked as such in reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from openlic import kb
from openlic.analysis.profiles import taxonomy

RULES_FILE = "licenses/clause-rules.yaml"
_ITEM = re.compile(r"^\s*(?:[-*•]|\(?[0-9a-zA-Z]{1,4}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+")


@attrs.frozen
class ClauseRule:
    """One detector rule: patterns that signal a category."""

    id: str
    category: str
    confidence: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    #: Lower-case substrings, one of which a paragraph needs before the patterns are tried.
    needs: tuple[str, ...] = ()


@attrs.frozen
class DetectedClause:
    """A passage the detector tied to a restriction category.

    Attributes:
        rule: the rule id.
        category: the taxonomy id.
        confidence: the rule's confidence.
        start_line: first line of the passage (1-based, in the text given to the detector).
        end_line: last line.
        text: the sentence that matched (trimmed to 300 characters).

    """

    rule: str
    category: str
    confidence: str
    start_line: int
    end_line: int
    text: str


@attrs.frozen
class _Paragraph:
    text: str
    # (offset in ``text``, line number) for the start of each joined line
    starts: tuple[tuple[int, int], ...]

    def line_at(self, offset: int) -> int:
        line = self.starts[0][1]
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line


def _load_rules() -> tuple[ClauseRule, ...]:
    data = kb.load(RULES_FILE)
    tax = taxonomy()
    rules: list[ClauseRule] = []
    for entry in data["rules"]:
        tax.get(str(entry["category"]))  # raises on an unknown category
        rules.append(
            ClauseRule(
                id=str(entry["id"]),
                category=str(entry["category"]),
                confidence=str(entry["confidence"]),
                description=str(entry.get("description", "")),
                patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
                unless=tuple(re.compile(p, re.IGNORECASE) for p in entry.get("unless") or ()),
                needs=tuple(str(n).lower() for n in entry.get("needs") or ()),
            )
        )
    return tuple(rules)


@kb.cached
def rules() -> tuple[ClauseRule, ...]:
    """Return the detector rules (compiled once per knowledge-base location)."""
    return _load_rules()


def _paragraphs(text: str, first_line: int) -> Iterator[_Paragraph]:
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    length = 0
    # Lines are counted on "\n" only, as grep and the rest of openlic count them (str.splitlines
    # would also split on U+2028 and form feeds, which licence texts do contain).
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = raw.strip()
        if not line or (_ITEM.match(raw) and parts):
            if parts:
                yield _Paragraph(" ".join(parts), tuple(starts))
            parts, starts, length = [], [], 0
            if not line:
                continue
        line = " ".join(line.split())
        starts.append((length, number))
        parts.append(line)
        length += len(line) + 1
    if parts:
        yield _Paragraph(" ".join(parts), tuple(starts))


def _sentence(paragraph: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to the sentence(s) around it."""
    left = 0
    for m in _SENTENCE_END.finditer(paragraph, 0, start):
        left = m.end()
    right_match = _SENTENCE_END.search(paragraph, end)
    right = right_match.start() if right_match else len(paragraph)
    return left, right


def detect_clauses(
    text: str, first_line: int = 1, only: Sequence[str] | None = None
) -> tuple[DetectedClause, ...]:
    """Return the restriction clauses the rules find in ``text``, in line order.

    Args:
        text: a licence text or a passage of one.
        first_line: the line number of the text's first line in its file (for evidence).
        only: restrict to these categories (None: all).

    Returns:
        One :class:`DetectedClause` per rule and sentence (a sentence that several patterns of
        one rule match is reported once).

    """
    found: dict[tuple[str, int, int], DetectedClause] = {}
    for paragraph in _paragraphs(text, first_line):
        lowered = f" {paragraph.text.lower()} "
        for rule in rules():
            if only is not None and rule.category not in only:
                continue
            if rule.needs and not any(n in lowered for n in rule.needs):
                continue
            for pattern in rule.patterns:
                for match in pattern.finditer(paragraph.text):
                    left, right = _sentence(paragraph.text, match.start(), match.end())
                    sentence = paragraph.text[left:right]
                    if any(u.search(sentence) for u in rule.unless):
                        continue
                    start = paragraph.line_at(left)
                    end = paragraph.line_at(max(left, right - 1))
                    key = (rule.id, start, end)
                    if key not in found:
                        excerpt = sentence if len(sentence) <= 300 else sentence[:297] + "..."
                        found[key] = DetectedClause(
                            rule.id, rule.category, rule.confidence, start, end, excerpt
                        )
    return tuple(sorted(found.values(), key=lambda d: (d.start_line, d.end_line, d.rule)))
