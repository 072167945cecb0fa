"""Identification: which licences a release names or contains, each with its evidence."""

from __future__ import annotations

from openlic.identification.card_metadata import CardMetadataIdentifier
from openlic.identification.headers import SpdxHeaderIdentifier, find_headers
from openlic.identification.interface import Identification, Identifier
from openlic.identification.text import LicenseFileIdentifier, match_text
from openlic.model import LicenseMatch

DEFAULT_IDENTIFIERS: tuple[type[Identifier], ...] = (
    CardMetadataIdentifier,
    LicenseFileIdentifier,
    SpdxHeaderIdentifier,
)


def identify_text(text: str, path: str | None = None) -> list[LicenseMatch]:
    """Return every licence found in ``text``: full texts and SPDX headers, in line order."""
    headers, _ = find_headers(text, path)
    texts = match_text(text, path)
    if headers:
        texts = [m for m in texts if m.score > 0]
    return sorted(headers + texts, key=lambda m: (m.start_line or 0, m.end_line or 0, m.license_id))


__all__ = [
    "DEFAULT_IDENTIFIERS",
    "CardMetadataIdentifier",
    "Identification",
    "Identifier",
    "LicenseFileIdentifier",
    "SpdxHeaderIdentifier",
    "identify_text",
]
