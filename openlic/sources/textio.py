"""Turning bytes into text safely, shared by every source."""

from __future__ import annotations

import codecs

import attrs

from openlic.model import Evidence, Finding, Severity
from openlic.sources.interface import SNIFF_BYTES


@attrs.frozen
class Decoded:
    """The outcome of decoding a file: its text, or why there is none, plus any finding."""

    text: str | None
    unread_reason: str | None = None
    finding: Finding | None = None


def lines_of(text: str) -> list[str]:
    r"""Split ``text`` into lines the way openlic numbers them everywhere.

    Only ``\n`` ends a line (so line N is what ``text.count("\n")`` predicts) and trailing
    carriage returns are dropped, whatever mix of CRLF or CR CR LF a file uses.
    """
    return [line.rstrip("\r") for line in text.split("\n")]


def looks_binary(data: bytes) -> bool:
    """Return True when ``data`` looks like binary content (a NUL byte early on, no UTF-16 BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:SNIFF_BYTES]


def decode(data: bytes, path: str) -> Decoded:
    """Decode file content as text.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted. Invalid UTF-8 is decoded
    with replacement characters and yields a ``text-invalid-utf8`` finding that points at the
    line of the first bad byte. Binary content yields no text.
    """
    if looks_binary(data):
        return Decoded(None, "binary")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError:
            return Decoded(None, "binary")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
        finding = Finding(
            rule="text-invalid-utf8",
            severity=Severity.WARNING,
            message=(
                f"{path} is not valid UTF-8 (first bad byte at offset {exc.start}); it was read "
                "with replacement characters, so quotes from it may be inexact."
            ),
            evidence=(Evidence(path, line, line, "invalid UTF-8 byte sequence"),),
        )
        return Decoded(text, None, finding)
