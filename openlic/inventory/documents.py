"""Model cards and data cards judged by the sections they fill.

The expected sections (the Hugging Face model card template; the seven aspects of training-data
description the OSAID asks for) and the placeholders that count as empty are data
(``data/inventory/card-sections.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from openlic import kb
from openlic.model import DocumentReview, Evidence
from openlic.sources.textio import lines_of

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")


@attrs.frozen
class Section:
    """A Markdown heading and the text under it (to the next heading of its level or higher)."""

    title: str
    level: int
    line: int
    text: str


@attrs.frozen
class _Expected:
    id: str
    headings: tuple[re.Pattern[str], ...]
    mentions: tuple[re.Pattern[str], ...] = ()


@attrs.frozen
class SectionTable:
    """The expected sections of ``data/inventory/card-sections.yaml``."""

    model_card: tuple[_Expected, ...]
    data_card: tuple[_Expected, ...]
    placeholders: tuple[re.Pattern[str], ...]
    min_words: int
    dataset_card_keys: frozenset[str]
    model_card_keys: frozenset[str]

    @classmethod
    def load(cls) -> SectionTable:
        """Read the table from the knowledge base."""
        data = kb.load("inventory/card-sections.yaml")

        def expected(items: Sequence[Mapping[str, Any]]) -> tuple[_Expected, ...]:
            return tuple(
                _Expected(
                    str(item["id"]),
                    tuple(re.compile(p, re.IGNORECASE) for p in item["headings"]),
                    tuple(re.compile(p, re.IGNORECASE) for p in item.get("mentions", ())),
                )
                for item in items
            )

        return cls(
            model_card=expected(data["model_card"]),
            data_card=expected(data["data_card"]),
            placeholders=tuple(
                re.compile(p, re.IGNORECASE | re.DOTALL) for p in data["placeholders"]
            ),
            min_words=int(data["min_words"]),
            dataset_card_keys=frozenset(data["dataset_card_keys"]),
            model_card_keys=frozenset(data["model_card_keys"]),
        )


@kb.cached
def section_table() -> SectionTable:
    """Return the section table (cached)."""
    return SectionTable.load()


def sections(text: str, first_line: int = 1) -> list[Section]:
    """Split Markdown ``text`` into sections; line numbers start at ``first_line``."""
    lines = lines_of(text)
    headings: list[tuple[int, int, str]] = []
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            headings.append((index, len(match.group(1)), match.group(2).strip()))
    out: list[Section] = []
    for position, (index, level, title) in enumerate(headings):
        end = len(lines)
        for later_index, later_level, _ in headings[position + 1 :]:
            if later_level <= level:
                end = later_index
                break
        body = "\n".join(lines[index + 1 : end])
        out.append(Section(_plain(title), level, first_line + index, body))
    return out


def _plain(title: str) -> str:
    """Drop Markdown emphasis, links and emoji-like symbols from a heading."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    title = re.sub(r"[*_`]", "", title)
    return re.sub(r"^[^\w]+", "", title).strip()


def is_filled(text: str, table: SectionTable | None = None) -> bool:
    """Return True when ``text`` has real content once placeholders are removed."""
    table = table or section_table()
    for pattern in table.placeholders:
        text = pattern.sub(" ", text)
    return len(_WORD.findall(text)) >= table.min_words


def _review(
    path: str, component: str, found: list[Section], expected: tuple[_Expected, ...]
) -> DocumentReview:
    table = section_table()
    filled: list[str] = []
    empty: list[str] = []
    missing: list[str] = []
    evidence: list[Evidence] = []
    for item in expected:
        matching = [s for s in found if any(p.search(s.title) for p in item.headings)]
        if not matching:
            mention = _mention(path, found, item, table)
            if mention is None:
                missing.append(item.id)
            else:
                filled.append(item.id)
                evidence.append(mention)
            continue
        full = [s for s in matching if is_filled(s.text, table)]
        chosen = full[0] if full else matching[0]
        (filled if full else empty).append(item.id)
        state = "filled" if full else "empty"
        evidence.append(
            Evidence(path, chosen.line, chosen.line, f"{item.id} ({state}): {chosen.title}"[:160])
        )
    return DocumentReview(
        path, component, tuple(filled), tuple(empty), tuple(missing), tuple(evidence)
    )


def _mention(
    path: str, found: list[Section], item: _Expected, table: SectionTable
) -> Evidence | None:
    """Return where a filled section mentions the aspect in its text, or None."""
    # The deepest section that mentions it is the most precise evidence.
    for section in sorted(found, key=lambda s: (-s.level, s.line)):
        if not item.mentions or not is_filled(section.text, table):
            continue
        for offset, line in enumerate(lines_of(section.text), start=1):
            if any(p.search(line) for p in item.mentions):
                number = section.line + offset
                return Evidence(
                    path, number, number, f"{item.id} (mentioned under '{section.title}')"
                )
    return None


def review_model_card(path: str, body: str, body_start_line: int) -> DocumentReview:
    """Judge a model card's body against the Hugging Face model card template's sections."""
    return _review(path, "model-card", sections(body, body_start_line), section_table().model_card)


def review_data_card(path: str, body: str, body_start_line: int = 1) -> DocumentReview:
    """Judge a data card (datasheet, dataset card) by the training-data aspects it describes."""
    return _review(path, "data-card", sections(body, body_start_line), section_table().data_card)


def is_dataset_card(metadata: Mapping[str, Any]) -> bool:
    """Return True when card metadata is that of a dataset card, not a model card."""
    table = section_table()
    keys = set(metadata)
    return bool(keys & table.dataset_card_keys) and not keys & table.model_card_keys
