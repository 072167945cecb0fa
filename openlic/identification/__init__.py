"""Identification: which licences a release names or contains, each with its evidence."""

from __future__ import annotations

from openlic.identification.card_metadata import CardMetadataIdentifier
from openlic.identification.catalog import catalog
from openlic.identification.expression import parse_expression
from openlic.identification.headers import SpdxHeaderIdentifier, find_headers
from openlic.identification.interface import Identification, Identifier
from openlic.identification.prose import ProseIdentifier, identify_prose
from openlic.identification.references import find_references
from openlic.identification.text import LicenseFileIdentifier, match_text
from openlic.model import FileKind, LicenseMatch

DEFAULT_IDENTIFIERS: tuple[type[Identifier], ...] = (
    CardMetadataIdentifier,
    LicenseFileIdentifier,
    SpdxHeaderIdentifier,
    ProseIdentifier,
)

#: File kinds whose whole text is meant to be licence terms.
LICENCE_KINDS = (FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY)


def identify_text(
    text: str, path: str | None = None, *, licence_file: bool | None = None
) -> list[LicenseMatch]:
    """Return every licence found in ``text``, in line order.

    Full texts and notices (method ``text``/``notice``, with ``modified`` and the differences),
    ``SPDX-License-Identifier`` lines (``spdx-header``) and, outside those, licences named in
    prose, labels, badges, tables and links (``reference``).

    Args:
        text: the text.
        path: its path; copied into the matches, and used to tell a licence file from a README,
            documentation or source file when ``licence_file`` is None.
        licence_file: True when the whole text is licence terms: stretches that match nothing
            are then reported as unidentified licence texts. None decides from ``path`` (no
            path: True).

    """
    if licence_file is None:
        licence_file = path is None or _is_licence_path(path)
    headers, _ = find_headers(text, path)
    if licence_file:
        texts = match_text(text, path, licence_file=True)
        if headers:
            texts = [m for m in texts if m.score > 0]
        # An SPDX line quoted inside a licence text (CAL-1.0 shows one) is part of that text.
        inside = [(m.start_line or 0, m.end_line or 0) for m in texts if m.score > 0]
        headers = [h for h in headers if not any(a <= (h.start_line or 0) <= b for a, b in inside)]
        found = headers + texts
    else:
        found = identify_prose(text, path) + headers
    return sorted(found, key=lambda m: (m.start_line or 0, m.end_line or 0, m.license_id))


def _is_licence_path(path: str) -> bool:
    """Everything but prose and code is read as licence terms (``terms.txt``, ``COPYING``)."""
    from openlic.identification.prose import CODE_KINDS, PROSE_KINDS  # noqa: PLC0415
    from openlic.inventory.filetypes import file_types  # noqa: PLC0415 - loads data lazily

    kind, _, _ = file_types().classify(path)
    return kind in LICENCE_KINDS or kind not in (*PROSE_KINDS, *CODE_KINDS, FileKind.NOTEBOOK)


__all__ = [
    "DEFAULT_IDENTIFIERS",
    "CardMetadataIdentifier",
    "Identification",
    "Identifier",
    "LicenseFileIdentifier",
    "ProseIdentifier",
    "SpdxHeaderIdentifier",
    "catalog",
    "find_references",
    "identify_text",
    "match_text",
    "parse_expression",
]
