"""Licences declared in a model card's metadata: ``license``, ``license_name``, ``license_link``."""

from __future__ import annotations

from openlic.identification.catalog import LicenseInfo, catalog, openlic_ref
from openlic.identification.expression import parse_expression
from openlic.identification.interface import Identification, Identifier
from openlic.identification.references import license_names
from openlic.inventory.card import as_list
from openlic.model import Evidence, Finding, Inventory, LicenseMatch, ModelCard, Release, Severity

METHOD = "card-metadata"


class CardMetadataIdentifier(Identifier):
    """Reads the licence fields of the release's main model card."""

    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return one match per licence the main card declares (see :class:`Identifier`)."""
        card = inventory.card
        if card is None:
            return Identification()
        return identify_card(card)


def identify_card(card: ModelCard) -> Identification:
    """Return the licences declared by ``card``'s metadata, with findings for gaps."""
    cat = catalog()
    matches: list[LicenseMatch] = []
    findings: list[Finding] = []
    values = as_list(card.metadata.get("license"))
    name = card.metadata.get("license_name")
    link = card.metadata.get("license_link")
    evidence = card.evidence_for("license")
    if not values and card.metadata_lines is not None and (name or link):
        values = ["other"]
    for value in values:
        if cat.is_hf_meta(value):
            if value.strip().lower() == "unknown":
                findings.append(_missing(card, "license: unknown declares no licence", evidence))
                continue
            if not name and not link:
                findings.append(
                    _missing(
                        card,
                        "license: other without license_name or license_link names no licence",
                        evidence,
                    )
                )
                continue
            matches.append(_other(card, str(name) if name else None, str(link) if link else None))
            continue
        info = cat.from_hf_id(value) or cat.get(value)
        if info is not None:
            matches.append(_match(card, info, value))
            continue
        parsed = parse_expression(value)
        if parsed.error is None and len(parsed.keys) > 1 and not parsed.unknown:
            for key in parsed.keys:
                known = cat.get(key)
                matches.append(
                    _match(card, known, value, expression=parsed.text)
                    if known
                    else _unknown(card, key, value)
                )
            continue
        matches.append(_unknown(card, value, value))
        findings.append(
            Finding(
                "license-unrecognised",
                Severity.WARNING,
                f"{card.path} declares license '{value}', which is neither a Hugging Face Hub "
                "licence id nor an SPDX id; its terms could not be evaluated",
                (evidence,),
            )
        )
    return Identification(tuple(matches), tuple(findings))


def _match(
    card: ModelCard, info: LicenseInfo, value: str, expression: str | None = None
) -> LicenseMatch:
    line = card.key_lines.get("license")
    return LicenseMatch(
        license_id=info.license_id,
        name=info.name,
        method=METHOD,
        path=card.path,
        start_line=line,
        end_line=line,
        scancode_key=info.scancode_key,
        hf_id=info.hf_id,
        matched_text=f"license: {value}",
        expression=expression,
    )


def _unknown(card: ModelCard, name: str, value: str) -> LicenseMatch:
    line = card.key_lines.get("license")
    return LicenseMatch(
        license_id=openlic_ref(f"unknown-{name}"),
        name=f"Unrecognised licence '{name}'",
        method=METHOD,
        score=0.0,
        path=card.path,
        start_line=line,
        end_line=line,
        matched_text=f"license: {value}",
    )


def _other(card: ModelCard, name: str | None, link: str | None) -> LicenseMatch:
    """``license: other`` with a name and/or a link: known when the name is a Hub id."""
    cat = catalog()
    key = "license_name" if name else "license_link"
    line = card.key_lines.get(key, card.key_lines.get("license"))
    text = f"license_name: {name}" if name else f"license_link: {link}"
    info = cat.from_hf_id(name) if name else None
    if info is None and name:
        info = cat.get(name)
    if info is None:
        # A vendor's own name for its licence ("tongyi-qianwen-license-agreement") or a link
        # to the licence's own page (data/licenses/rules/names.yaml).
        names = license_names()
        named = (names.exact(name) if name else None) or (names.url(link) if link else None)
        info = cat.get(named) if named else None
    if info is not None:
        return LicenseMatch(
            license_id=info.license_id,
            name=info.name,
            method=METHOD,
            path=card.path,
            start_line=line,
            end_line=line,
            scancode_key=info.scancode_key,
            hf_id=info.hf_id,
            matched_text=text,
        )
    label = name or (link.rstrip("/").rsplit("/", 1)[-1] if link else "other")
    return LicenseMatch(
        license_id=openlic_ref(f"unknown-{label}"),
        name=f"Unrecognised licence '{label}'",
        method=METHOD,
        score=0.0,
        path=card.path,
        start_line=line,
        end_line=line,
        matched_text=text,
    )


def _missing(card: ModelCard, what: str, evidence: Evidence) -> Finding:
    return Finding(
        "missing-license",
        Severity.WARNING,
        f"{card.path}: {what}; the model's licence is not stated in its metadata",
        (evidence,),
    )
