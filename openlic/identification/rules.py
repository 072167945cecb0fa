"""Identification rules of openlic's own, read from ``data/licenses/rules/``.

* ``licenses.yaml``: licences that no registry publishes a text for (Llama 3 of April 2024,
  ChatGLM, Tongyi Qianwen Research, Mistral Research...), each known by phrases its text must
  contain (title, version line, distinctive wording) and phrases that rule it out.
* ``matching.yaml``: how copies of reference texts may differ without being modified: passages
  a copy may omit (Apache-2.0's appendix) and words that a copy replaces with its own (names).

Phrases are normalised like the texts they are searched in, so case, punctuation, quotes and
Markdown do not matter.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from openlic import kb
from openlic.identification.normalize import NormalizedText, normalize


@attrs.frozen
class Phrase:
    """A normalised phrase, searched as a whole-token sequence."""

    raw: str
    text: NormalizedText

    def find(self, doc: NormalizedText, start: int = 0) -> tuple[int, int] | None:
        """Return the token span of the first occurrence at or after token ``start``, or None."""
        offset = doc._offsets[start] if 0 < start < len(doc._offsets) else 0
        if start >= len(doc.tokens) > 0:
            return None
        return doc.find(self.text, offset)


def _phrases(values: object) -> tuple[Phrase, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(Phrase(str(v), normalize(str(v))) for v in values if normalize(str(v)).tokens)


@attrs.frozen
class LicenseRule:
    """A licence recognised by its wording (``data/licenses/rules/licenses.yaml``).

    Attributes:
        license_id: the id reported (see the id convention).
        name: the licence's full name.
        all_of: phrases the text must all contain; the first one found starts the match.
        any_of: phrases of which at least one must be present (empty: no such condition).
        none_of: phrases that rule the licence out (wording of another version).

    """

    license_id: str
    name: str
    all_of: tuple[Phrase, ...]
    any_of: tuple[Phrase, ...] = ()
    none_of: tuple[Phrase, ...] = ()

    def find(self, doc: NormalizedText) -> tuple[int, int] | None:
        """Return the token span from the first to the last required phrase, or None."""
        spans: list[tuple[int, int]] = []
        for phrase in self.all_of:
            found = phrase.find(doc)
            if found is None:
                return None
            spans.append(found)
        if self.any_of:
            hits = [s for s in (p.find(doc) for p in self.any_of) if s is not None]
            if not hits:
                return None
            spans.extend(hits)
        if any(p.find(doc) is not None for p in self.none_of):
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)


@attrs.frozen
class MatchingRules:
    """Allowed departures from reference texts (``data/licenses/rules/matching.yaml``)."""

    optional_after: Mapping[str, tuple[Phrase, ...]]
    variables: Mapping[str, tuple[Phrase, ...]]
    max_title_tokens: int
    max_replacement_tokens: int


@kb.cached
def license_rules() -> tuple[LicenseRule, ...]:
    """Return the wording rules of every licence openlic describes itself."""
    data = kb.load("licenses/rules/licenses.yaml")
    rules: list[LicenseRule] = []
    for entry in data["licenses"]:
        match = entry.get("match") or {}
        rules.append(
            LicenseRule(
                license_id=str(entry["id"]),
                name=str(entry["name"]),
                all_of=_phrases(match.get("all")),
                any_of=_phrases(match.get("any")),
                none_of=_phrases(match.get("none")),
            )
        )
    return tuple(rules)


@kb.cached
def matching_rules() -> MatchingRules:
    """Return the allowed departures from reference texts."""
    data = kb.load("licenses/rules/matching.yaml")
    optional = {str(e["id"]): _phrases(e.get("after")) for e in data.get("optional", [])}
    variables = {str(e["id"]): _phrases(e.get("phrases")) for e in data.get("variables", [])}
    limits = data.get("limits") or {}
    return MatchingRules(
        optional_after=optional,
        variables=variables,
        max_title_tokens=int(limits.get("omitted_title_tokens", 12)),
        max_replacement_tokens=int(limits.get("replaced_name_tokens", 4)),
    )
