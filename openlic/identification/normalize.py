"""Licence-text normalisation following the SPDX Matching Guidelines.

Texts are reduced to a sequence of word tokens: case folded, punctuation, quotes, Markdown
markup, bullets and list numbering dropped, British spellings and other equivalent words mapped
to one form, copyright lines removed, ``http://`` and ``https://`` made equal. Each token keeps
the line it came from, so a match can be reported with line numbers.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate
from operator import add

import attrs

from openlic import kb
from openlic.sources.textio import lines_of

# Words, plus each CJK ideograph as a token of its own (Chinese licences have no spaces).
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A copyright line: "Copyright (c) 2024 ...", "Copyright [yyyy] [name]", "© Meta", "All rights
# reserved." Not "copyright notice ...", which is licence wording.
_COPYRIGHT_LINE = re.compile(
    r"^\W*(?:copyright\s*(?:\(c\)|©|\d{4}|[\[<{(]\s*(?:yyyy|year)|by\b)|©|\(c\)\s*\d{4}"
    r"|all rights reserved\W*$)",
    re.IGNORECASE,
)
_RESERVED_TAIL = re.compile(r"all rights reserved\W*")
#: A copyright line longer than this holds more than the statement (a merged paragraph).
MERGED_LINE = 120
_STATEMENT_END = re.compile(r"\.\s+(?:<[^>]*>\s*)?(?=[a-z])")
# A copyright statement inside running text, possibly wrapped over two lines.
_COPYRIGHT_STATEMENT = re.compile(
    r"\bcopyright\s*(?:©|\(c\))[^\n]{0,100}?(?:\n[^\n]{0,100}?)?all\s+rights\s+reserved\.?",
    re.IGNORECASE,
)
_URL_SCHEME = re.compile(r"https?://", re.IGNORECASE)
# List numbering anywhere in a line ("1.", "(a)", "iv)", "b."), so that a reflowed text whose
# numbers no longer start lines normalises like the original. Decimal numbers ("2.0") stay.
_ENUMERATION = re.compile(
    r"(?<![\w.])\(?(?:\d{1,3}|[a-z]|i{1,3}|iv|vi{0,3}|ix|xi{0,3})(?:\)|\.)(?=\s|$)"
)
_SECTION_SIGN = re.compile(r"§+")
# The fast tokeniser's table: every character below U+3000 that is not a-z or 0-9 becomes a
# space (the regular expression _WORD keeps exactly those); texts with characters from U+3000 up
# (CJK ideographs are tokens of their own) take the regular expression.
_SPACES = str.maketrans(
    {
        c: " "
        for c in range(0x3000)
        if not ("a" <= chr(c) <= "z" or "0" <= chr(c) <= "9" or chr(c) == "\n")
    }
)
# What _WORD drops after an apostrophe: "licensor's" is "licensor" (see normalize()).
_POSSESSIVE = re.compile(r"'(?<=[a-z0-9]')[a-z]+")
_EMPHASIS = re.compile(r"[*_`~]+")


@attrs.frozen
class NormalizedText:
    """A text as a token sequence with the line of each token.

    Attributes:
        tokens: the normalised words.
        lines: ``lines[i]`` is the 1-based line of ``tokens[i]``.
        joined: the tokens joined by single spaces, with a leading and trailing space, so that
            a token-aligned substring search is a plain ``str.find``.

    """

    tokens: tuple[str, ...]
    lines: tuple[int, ...]
    joined: str
    _offsets: tuple[int, ...]

    def token_at(self, char_offset: int) -> int:
        """Return the index of the token that starts at or before ``char_offset`` in ``joined``."""
        return max(0, bisect_right(self._offsets, char_offset) - 1)

    def find(self, other: NormalizedText, start: int = 0) -> tuple[int, int] | None:
        """Return the token span [first, last] where ``other`` occurs whole, or None."""
        if not other.tokens:
            return None
        pos = self.joined.find(other.joined, start)
        if pos < 0:
            return None
        first = self.token_at(pos + 1)
        return first, first + len(other.tokens) - 1


@kb.cached
def _equivalents() -> dict[str, str]:
    data = kb.load("licenses/equivalents.yaml")["words"]
    return {str(k): str(v) for k, v in data.items() if " " not in str(k)}


def fold(text: str) -> str:
    """Case-fold and map typographic quotes and dashes to plain ones."""
    text = unicodedata.normalize("NFKC", text).lower()
    return (
        text.replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )


def normalize(text: str, *, first_line: int = 1) -> NormalizedText:
    """Normalise ``text`` into tokens with line numbers (see the module docstring)."""
    get = _equivalents().get
    lines: list[int] = []
    # Blank embedded copyright statements, keeping their line breaks so lines stay numbered.
    if "reserved" in text.lower():
        text = _COPYRIGHT_STATEMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    # Folding the whole text at once is much cheaper than line by line; it keeps line breaks.
    folded_text = fold(text)
    lines_text = lines_of(folded_text)
    for index, original in enumerate(lines_text):
        line = original
        # Cheap substring tests first: most lines need none of the regular expressions.
        if ("copyright" in line or "©" in line or "(c)" in line or "reserved" in line) and (
            _COPYRIGHT_LINE.match(line.strip(" \t*#>-"))
        ):
            # A copyright line is dropped, but only up to "all rights reserved" when the line
            # goes on: a reflowed text may carry licence words after it.
            rest = _RESERVED_TAIL.search(line)
            if rest is None and len(line) > MERGED_LINE:
                # A paragraph merged into one line: the statement ends with its sentence.
                rest = _STATEMENT_END.search(line)
            if rest is None:
                lines_text[index] = ""
                continue
            line = line[rest.end() :]
        if "http" in line:
            line = _URL_SCHEME.sub("", line)
        # Markdown emphasis and code marks: "**16.**" must read like "16." for numbering.
        if "*" in line or "_" in line or "`" in line or "~" in line:
            line = _EMPHASIS.sub(" ", line)
        if "§" in line:
            line = _SECTION_SIGN.sub(" ", line)
        if "." in line or ")" in line:
            line = _ENUMERATION.sub(" ", line)
        lines_text[index] = line
    body = "\n".join(lines_text)
    words: list[str] = []
    if max(body, default=" ") < "\u3000":
        # No character from U+3000 up: a translation table tokenises the whole text several
        # times faster than _WORD, with the same tokens (tests/identification/test_normalize.py).
        if "'" in body:
            body = _POSSESSIVE.sub("", body)
        for number, line in enumerate(body.translate(_SPACES).split("\n"), start=first_line):
            found = line.split()
            if found:
                words.extend(found)
                lines.extend([number] * len(found))
    else:
        for number, line in enumerate(lines_text, start=first_line):
            found = _WORD.findall(line)
            if "'" in line:
                # "licensor's" -> "licensor": possessives do not change a licence's meaning.
                found = [w.split("'")[0] for w in found]
            if found:
                words.extend(found)
                lines.extend([number] * len(found))
    tokens = list(map(get, words, words))
    # Token i starts at (sum of the lengths before it) + i in the space-joined string.
    offsets = list(map(add, accumulate(map(len, tokens), initial=0), range(len(tokens))))
    joined = " " + " ".join(tokens) + " "
    return NormalizedText(tuple(tokens), tuple(lines), joined, tuple(offsets))
