"""The precomputed matching index (``data/licenses/match-index.json``).

Built by ``scripts/build_match_index.py`` from the reference texts and the standard notices: a
shared vocabulary, every text as a sequence of token numbers, and for the rarer tokens the list
of texts that contain them with an idf weight. Loading it is a JSON parse; a text's token
sequence is unpacked only when that text becomes a candidate.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from openlic import kb
from openlic.identification.align import unique_grams
from openlic.identification.normalize import NormalizedText

INDEX_PATH = "licenses/match-index.json"
T = TypeVar("T")
#: Token number given to words the index has never seen: they match nothing.
UNKNOWN = -1


def _unpack(packed: str) -> array[int]:
    values = array("H")
    values.frombytes(base64.b64decode(packed))
    if sys.byteorder != "little":
        values.byteswap()
    return values


def gram_keys(values: Sequence[int]) -> list[int]:
    """Return the 4-grams of a token-number sequence, each packed into one integer.

    Token numbers are below 2**16 (the index is built so), and an unknown word (``UNKNOWN``)
    becomes 0xFFFF, which no indexed text contains.
    """
    v = [t & 0xFFFF for t in values]
    return [
        (v[i] << 48) | (v[i + 1] << 32) | (v[i + 2] << 16) | v[i + 3] for i in range(len(v) - 3)
    ]


@attrs.frozen
class IndexEntry:
    """One text of the index.

    Attributes:
        number: its position in the index.
        license_id: the licence it identifies.
        kind: ``text`` (a full licence text) or ``notice`` (a standard licence notice).
        length: number of tokens.
        weight: sum of the idf of its distinct rare tokens (the retrieval norm).

    """

    number: int
    license_id: str
    kind: str
    length: int
    weight: float


@attrs.frozen(eq=False)
class MatchIndex:
    """The loaded index: vocabulary, entries, postings (see the module docstring)."""

    vocabulary: dict[str, int]
    words: Sequence[str]
    idf: Sequence[float]
    entries: tuple[IndexEntry, ...]
    _postings: Sequence[str]
    _packed: Sequence[str]
    _cache: dict[int, array[int]] = attrs.field(factory=dict)
    _grams: dict[int, frozenset[int]] = attrs.field(factory=dict)
    _unique: dict[int, dict[int, int]] = attrs.field(factory=dict)
    _memo: dict[tuple[str, int], Any] = attrs.field(factory=dict)
    _decoded: dict[int, array[int] | None] = attrs.field(factory=dict)
    _lengths: dict[int, tuple[int, ...]] = attrs.field(factory=dict)

    def encode(self, text: NormalizedText) -> list[int]:
        """Return the token numbers of a normalised text (``UNKNOWN`` for unseen words)."""
        get = self.vocabulary.get
        return [get(t, UNKNOWN) for t in text.tokens]

    def tokens(self, number: int) -> array[int]:
        """Return the token numbers of entry ``number`` (unpacked once, then cached)."""
        found = self._cache.get(number)
        if found is None:
            found = _unpack(self._packed[number])
            self._cache[number] = found
        return found

    def postings(self, token: int) -> array[int] | None:
        """Return the entries that contain a rare ``token``, or None for common tokens."""
        if not 0 <= token < len(self._postings):
            return None
        if token not in self._decoded:
            packed = self._postings[token]
            self._decoded[token] = _unpack(packed) if packed else None
        return self._decoded[token]

    def grams(self, number: int) -> frozenset[int]:
        """Return the distinct 4-grams of entry ``number`` as :func:`gram_keys` (cached)."""
        found = self._grams.get(number)
        if found is None:
            found = frozenset(gram_keys(self.tokens(number)))
            self._grams[number] = found
        return found

    def unique_grams(self, number: int) -> dict[int, int]:
        """Return the anchor n-grams that occur once in entry ``number`` (cached)."""
        found = self._unique.get(number)
        if found is None:
            found = unique_grams(self.tokens(number))
            self._unique[number] = found
        return found

    def by_length(self, length: int) -> tuple[int, ...]:
        """Return the entries with exactly ``length`` tokens."""
        if not self._lengths:
            table: dict[int, list[int]] = {}
            for entry in self.entries:
                table.setdefault(entry.length, []).append(entry.number)
            self._lengths.update({k: tuple(v) for k, v in table.items()})
        return self._lengths.get(length, ())

    def memo(self, kind: str, number: int, compute: Callable[[], T]) -> T:
        """Return ``compute()`` for entry ``number``, computed once per ``kind``."""
        key = (kind, number)
        if key not in self._memo:
            self._memo[key] = compute()
        found: T = self._memo[key]
        return found

    def text_of(self, values: Sequence[int]) -> str:
        """Return the words of token numbers, space-separated."""
        return " ".join(self.words[v] if v >= 0 else "?" for v in values)


@kb.cached
def match_index() -> MatchIndex:
    """Return the matching index (loaded once per knowledge-base location)."""
    data = kb.load(INDEX_PATH)
    words: list[str] = data["vocabulary"]
    entries = tuple(
        IndexEntry(n, e["id"], e["kind"], int(e["length"]), float(e["weight"]))
        for n, e in enumerate(data["entries"])
    )
    return MatchIndex(
        vocabulary={w: n for n, w in enumerate(words)},
        words=words,
        idf=data["idf"],
        entries=entries,
        postings=data["postings"],
        packed=[e["tokens"] for e in data["entries"]],
    )
