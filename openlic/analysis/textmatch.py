"""Find a quoted passage in a licence text, whatever its line breaks, case and punctuation.

Licence texts are re-wrapped, re-quoted and marked up when they are copied into releases, so
quotes are compared on their words only: letters and digits, lower-cased, with every other run
of characters read as one space. The match is mapped back to the lines of the original text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs


@attrs.frozen
class IndexedText:
    """A text reduced to its words, with the map back to the original offsets and lines."""

    text: str
    words: str
    offsets: tuple[int, ...]
    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> IndexedText:
        """Index ``text``."""
        chars: list[str] = []
        offsets: list[int] = []
        pending_space = False
        for i, char in enumerate(text):
            if char.isalnum():
                if pending_space and chars:
                    chars.append(" ")
                    offsets.append(i)
                pending_space = False
                chars.append(char.lower())
                offsets.append(i)
            else:
                pending_space = True
        starts = [0]
        starts.extend(i + 1 for i, char in enumerate(text) if char == "\n")
        return cls(text, "".join(chars), tuple(offsets), tuple(starts))

    def line_of(self, offset: int) -> int:
        """Return the 1-based line holding the character at ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Return the first and last line (1-based) where ``quote`` occurs, or None."""
        needle = words_of(quote)
        if not needle:
            return None
        at = self.words.find(needle)
        while at >= 0:
            end = at + len(needle)
            # Whole words only: "use" must not match inside "user".
            before_ok = at == 0 or self.words[at - 1] == " "
            after_ok = end == len(self.words) or self.words[end] == " "
            if before_ok and after_ok:
                return self.line_of(self.offsets[at]), self.line_of(self.offsets[end - 1])
            at = self.words.find(needle, at + 1)
        return None

    def lines(self, first: int, last: int) -> str:
        """Return lines ``first``..``last`` (1-based, inclusive) of the original text."""
        return "\n".join(self.text.split("\n")[first - 1 : last])


def words_of(text: str) -> str:
    """Return ``text`` reduced to lower-case words separated by single spaces."""
    out: list[str] = []
    word: list[str] = []
    for char in text:
        if char.isalnum():
            word.append(char.lower())
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return " ".join(out)


def contains_all(text: IndexedText, quotes: Sequence[str]) -> bool:
    """Return True when every quote occurs in ``text``."""
    return all(text.find(q) is not None for q in quotes)
