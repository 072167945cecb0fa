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


#: Leading bytes of document and image formats that are never plain text, even when their
#: first bytes hold no NUL: PDF, ZIP (DOCX, ODT), OLE2 (DOC), PNG, JPEG and GIF images.
BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF8",
)


def looks_binary(data: bytes) -> bool:
    """Return True when ``data`` looks like binary content.

    That is: a document or image format (``BINARY_MAGIC``), or a NUL byte early on (a UTF-16
    text with its byte-order mark is text).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return data.startswith(BINARY_MAGIC) or b"\x00" in data[:SNIFF_BYTES]


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
