"""Normalisation: the fast tokeniser gives exactly the tokens of the regular expression."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlic import kb
from openlic.identification.normalize import normalize
from tests.conftest import REPO

#: An ideographic space on a line of its own: no token, but it sends a text down the regular-
#: expression tokeniser (texts with a character from U+3000 up take that path).
SLOW_PATH = "\n\u3000"
REFERENCE = sorted((REPO / "data" / "licenses" / "reference" / "texts").glob("*.txt"))


def _same(text: str) -> None:
    fast, slow = normalize(text), normalize(text + SLOW_PATH)
    assert fast.tokens == slow.tokens
    assert fast.lines == slow.lines
    assert fast.joined == slow.joined


@pytest.mark.parametrize(
    "text",
    [
        "The Licensor's rights, and the licensors' notices: don't 'quote' it.",
        "**16.** Limitation of Liability (a) see § 3; 1) one ii. two\r\nhttps://x.org/l?a=b",
        "Copyright (c) 2024 Meta. All rights reserved. Licence terms follow here.",
        "naïve café Ünïcödé – dashes — and “quotes” ½ ² ﬁ ligature",
        "",
        "\n\n\n",
    ],
)
def test_fast_tokeniser_matches_the_regular_expression(text: str) -> None:
    _same(text)


def test_fast_tokeniser_matches_on_every_reference_text() -> None:
    for path in REFERENCE:
        _same(kb.read_text(f"licenses/reference/texts/{path.name}"))


@pytest.mark.corpus
def test_fast_tokeniser_matches_on_the_corpus(corpus_dir: Path) -> None:
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        _same(path.read_text(encoding="utf-8", errors="replace"))


def test_cjk_ideographs_are_tokens() -> None:
    assert normalize("许可 协议 License").tokens == ("许", "可", "协", "议", "license")
