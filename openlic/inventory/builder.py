"""The default inventory: files typed by name and light header checks, cards parsed."""

from __future__ import annotations

import json
import re

from openlic.inventory.card import as_list, parse_card
from openlic.inventory.filetypes import file_types
from openlic.inventory.interface import InventoryBuilder
from openlic.model import (
    ComponentReference,
    Evidence,
    FileKind,
    Finding,
    Inventory,
    InventoryEntry,
    ModelCard,
    Release,
    ReleaseFile,
    Severity,
)

#: File kinds whose text openlic needs: a binary or oversized one is a finding.
TEXT_KINDS = frozenset(
    {FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY, FileKind.MODEL_CARD, FileKind.README}
)

_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})|\barxiv:\s*(\d{4}\.\d{4,5})", re.I)


class NameInventory(InventoryBuilder):
    """Types files by the ordered rules of ``data/inventory/file-types.yaml``."""

    def build(self, release: Release) -> Inventory:
        """Build the inventory of ``release`` (see :class:`InventoryBuilder`)."""
        table = file_types()
        entries: list[InventoryEntry] = []
        findings: list[Finding] = []
        parsed_cards: list[ModelCard] = []
        for f in release.files:
            kind, components, reason = table.classify(f.path)
            if kind in (FileKind.README, FileKind.MODEL_CARD) and f.text is not None:
                parse = parse_card(f.path, f.text)
                findings.extend(parse.findings)
                has_metadata = parse.card.metadata_lines is not None
                if kind is FileKind.MODEL_CARD or has_metadata:
                    parsed_cards.append(parse.card)
                    kind, components = FileKind.MODEL_CARD, ("model-card",)
                    reason = "model card with metadata" if has_metadata else "model card"
            elif kind is FileKind.CONFIG and "model-architecture" in components:
                components, reason = _config_components(f, components, reason)
            if kind in TEXT_KINDS and f.text is None:
                findings.append(_unreadable_text(f, kind))
            entries.append(InventoryEntry(f.path, kind, tuple(components), reason))
        if not release.files:
            findings.append(
                Finding(
                    "release-empty",
                    Severity.WARNING,
                    "the release holds no readable files; nothing could be audited",
                    (Evidence(".", None, None, "no files"),),
                )
            )
        cards = tuple(sorted(parsed_cards, key=_card_rank))
        references = _references(cards[0]) if cards else ()
        return Inventory(tuple(entries), cards, tuple(findings), references)


def _card_rank(card: ModelCard) -> tuple[int, int, int, str]:
    depth = card.path.count("/")
    name = card.path.rsplit("/", 1)[-1].lower()
    return (depth, 0 if card.metadata_lines else 1, 0 if name == "readme.md" else 1, card.path)


def _config_components(
    f: ReleaseFile, components: tuple[str, ...], reason: str
) -> tuple[tuple[str, ...], str]:
    """Keep the architecture component only for a config that names an architecture."""
    if f.text is None or not f.path.lower().endswith(".json"):
        return components, reason
    try:
        data = json.loads(f.text)
    except (ValueError, RecursionError):
        return (), "configuration (not valid JSON)"
    if isinstance(data, dict) and ("architectures" in data or "model_type" in data):
        arch = data.get("architectures") or data.get("model_type")
        return components, f"model configuration ({arch})"
    if f.path.lower().endswith(".index.json"):
        return (), "weight-shard index"
    return (), "configuration"


def _unreadable_text(f: ReleaseFile, kind: FileKind) -> Finding:
    why = {
        "binary": "is binary, not text",
        "too-large": f"is larger than the text size cap ({f.size} bytes)",
    }.get(f.unread_reason or "", "could not be read as text")
    return Finding(
        f"{kind.value}-unreadable"
        if kind in (FileKind.LICENSE, FileKind.NOTICE)
        else "text-unreadable",
        Severity.WARNING,
        f"{f.path} looks like a {kind.value} file but {why}; its content was not analysed",
        (Evidence(f.path, None, None, f.unread_reason or "unreadable"),),
    )


def _references(card: ModelCard) -> tuple[ComponentReference, ...]:
    refs: list[ComponentReference] = []
    for dataset in as_list(card.metadata.get("datasets")):
        refs.append(ComponentReference("datasets", dataset, card.evidence_for("datasets")))
    if card.metadata.get("model-index"):
        refs.append(
            ComponentReference(
                "evaluation-results", "model-index", card.evidence_for("model-index")
            )
        )
    for tag in as_list(card.metadata.get("tags")):
        if tag.lower().startswith("arxiv:"):
            refs.append(ComponentReference("research-paper", tag, card.evidence_for("tags")))
    for match in _ARXIV.finditer(card.body):
        paper = match.group(1) or match.group(2)
        line = card.body_start_line + card.body.count("\n", 0, match.start())
        evidence = Evidence(card.path, line, line, match.group(0))
        refs.append(ComponentReference("research-paper", f"arxiv:{paper}", evidence))
    unique = {(r.component, r.target): r for r in reversed(refs)}
    return tuple(sorted(unique.values(), key=lambda r: (r.component, r.target)))
