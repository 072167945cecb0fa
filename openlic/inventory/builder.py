"""The default inventory: files typed by name, then by reading code, configs, cards and headers.

Every decision carries its evidence: the name rule, the line of an optimiser call, the
hyperparameter keys of a config, the header of a weight file. Nothing in the release is
imported, executed or unpickled.
"""

from __future__ import annotations

import json
import re

from openlic.inventory.card import parse_card
from openlic.inventory.code import CodeReading, read_config, read_notebook, read_python, read_shell
from openlic.inventory.documents import is_dataset_card, review_data_card, review_model_card
from openlic.inventory.filetypes import file_types
from openlic.inventory.interface import InventoryBuilder
from openlic.inventory.references import (
    card_references,
    reference_rules,
    results_in_card,
    revision_references,
)
from openlic.inventory.weights import RangeReader, header_format, read_weights
from openlic.model import (
    DocumentReview,
    Evidence,
    FileKind,
    Finding,
    Inventory,
    InventoryEntry,
    ModelCard,
    Release,
    ReleaseFile,
    Severity,
    WeightsInfo,
)

#: File kinds whose text openlic needs: a binary or oversized one is a finding.
TEXT_KINDS = frozenset(
    {FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY, FileKind.MODEL_CARD, FileKind.README}
)

_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".slurm", ".sbatch")
_CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".toml")


class NameInventory(InventoryBuilder):
    """Types files by the rules of ``data/inventory/file-types.yaml``, then reads their content.

    Args:
        reader: reads byte ranges of a file (the source's ``read_range``), used for weight
            headers; without it weight files are typed by name and first bytes only.

    """

    def __init__(self, reader: RangeReader | None = None) -> None:
        """Keep the range reader used for weight headers."""
        self._reader = reader

    def build(self, release: Release) -> Inventory:
        """Build the inventory of ``release`` (see :class:`InventoryBuilder`)."""
        entries: list[InventoryEntry] = []
        findings: list[Finding] = []
        parsed_cards: list[ModelCard] = []
        card_entries: dict[str, int] = {}
        documents: list[DocumentReview] = []
        weights: list[WeightsInfo] = []
        for f in release.files:
            entry, card, review, info, more = self._entry(f)
            findings.extend(more)
            if card is not None:
                parsed_cards.append(card)
                card_entries[f.path] = len(entries)
            if review is not None:
                documents.append(review)
            if info is not None:
                weights.append(info)
            entries.append(entry)
        if not release.files:
            findings.append(
                Finding(
                    "release-empty",
                    Severity.WARNING,
                    "the release holds no readable files; nothing could be audited",
                    (Evidence(".", None, None, "no files"),),
                )
            )
        entries = _weight_series(entries)
        cards = tuple(sorted(parsed_cards, key=_card_rank))
        references = card_references(cards[0]) if cards else ()
        references += revision_references(release.facts)
        if cards:
            # The main card's own results (model-index, results tables) are shipped, not pointed to.
            results = results_in_card(cards[0])
            index = card_entries[cards[0].path]
            if results:
                old = entries[index]
                entries[index] = InventoryEntry(
                    old.path,
                    old.kind,
                    (*old.components, "evaluation-results"),
                    old.reason + "; carries evaluation results",
                    (*old.evidence, *results),
                )
        return Inventory(
            tuple(entries),
            cards,
            tuple(_summarise_unreadable_headers(findings)),
            references,
            tuple(weights),
            tuple(documents),
        )

    def _entry(
        self, f: ReleaseFile
    ) -> tuple[
        InventoryEntry, ModelCard | None, DocumentReview | None, WeightsInfo | None, list[Finding]
    ]:
        table = file_types()
        kind, components, reason = table.classify(f.path)
        findings: list[Finding] = []
        card: ModelCard | None = None
        review: DocumentReview | None = None
        info: WeightsInfo | None = None
        evidence: tuple[Evidence, ...] = ()
        if kind in (FileKind.README, FileKind.MODEL_CARD) and f.text is not None:
            parse = parse_card(f.path, f.text)
            findings.extend(parse.findings)
            has_metadata = parse.card.metadata_lines is not None
            if has_metadata and is_dataset_card(parse.card.metadata):
                kind, components, reason = FileKind.DOC, ("data-card",), "dataset card"
                review = review_data_card(f.path, parse.card.body, parse.card.body_start_line)
                evidence = _review_evidence(review)
            elif kind is FileKind.MODEL_CARD or has_metadata:
                card = parse.card
                kind, components = FileKind.MODEL_CARD, ("model-card",)
                reason = "model card with metadata" if has_metadata else "model card"
                review = review_model_card(f.path, card.body, card.body_start_line)
        elif "data-card" in components and f.text is not None:
            review = review_data_card(f.path, f.text)
            evidence = _review_evidence(review)
            reason = f"data card ({len(review.filled)} of 7 aspects described)"
        elif kind is FileKind.CONFIG and "model-architecture" in components:
            components, reason = _config_components(f, components, reason)
        elif kind is FileKind.WEIGHTS:
            kind, components, reason, info, evidence = self._weights(f, components, reason)
            if info is not None:
                findings.extend(_weights_findings(info))
        elif f.text is not None:
            reading = _read_content(f.path, kind, f.text)
            if reading is not None and reading.components:
                merged = tuple(dict.fromkeys((*components, *reading.components)))
                by_name = f"{reason}; " if components else ""
                components, reason = merged, by_name + reading.reason
                evidence = reading.evidence
                if kind in (FileKind.OTHER, FileKind.DOC):
                    kind = FileKind.CONFIG
        if kind in TEXT_KINDS and f.text is None:
            findings.append(_unreadable_text(f, kind))
        entry = InventoryEntry(f.path, kind, tuple(components), reason, evidence)
        return entry, card, review, info, findings

    def _weights(
        self, f: ReleaseFile, components: tuple[str, ...], reason: str
    ) -> tuple[FileKind, tuple[str, ...], str, WeightsInfo | None, tuple[Evidence, ...]]:
        if "model-metadata" in components:
            fmt = header_format(f)
            shown = "" if fmt == "unknown" else f", {fmt} header"
            return FileKind.WEIGHTS, components, f"{reason}{shown}; never loaded", None, ()
        if "model-parameters-final" in components and reference_rules().is_intermediate_name(
            f.path
        ):
            components, reason = ("model-parameters-intermediate",), "checkpoint (by file name)"
        info = read_weights(f, self._reader)
        if info is None:
            return FileKind.WEIGHTS, components, reason, None, ()
        summary = _weights_summary(info)
        return FileKind.WEIGHTS, components, f"{reason}; {summary}", info, ()


_SERIES_NUMBER = re.compile(r"\d{3,}")


def _weight_series(entries: list[InventoryEntry]) -> list[InventoryEntry]:
    """Mark weight sets saved as a numbered series (``run-000500/``, ``run-001000/``) as such.

    Folders holding final weights whose names differ only by a number of three or more digits are
    a series of training checkpoints. When the release also has final weights outside the series
    (at the root, say), the whole series is intermediate; otherwise its highest-numbered set is
    taken as the final one. Format or precision variants (``onnx/``, ``fp16/``) are not series.
    """
    folders: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if "model-parameters-final" in entry.components:
            folder = entry.path.rsplit("/", 1)[0] if "/" in entry.path else ""
            folders.setdefault(folder, []).append(index)
    series: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for folder in folders:
        parent, _, name = folder.rpartition("/")
        numbers = _SERIES_NUMBER.findall(name)
        if numbers:
            key = (parent, _SERIES_NUMBER.sub("#", name))
            series.setdefault(key, []).append((int(numbers[-1]), folder))
    out = list(entries)
    for members in series.values():
        if len(members) < 2:
            continue
        members.sort()
        in_series = {folder for _, folder in members}
        others = [f for f in folders if f not in in_series]
        keep = set() if others else {members[-1][1]}
        names = f"{members[0][1]} ... {members[-1][1]}"
        for _, folder in members:
            if folder in keep:
                continue
            for index in folders[folder]:
                old = out[index]
                components = tuple(
                    "model-parameters-intermediate" if c == "model-parameters-final" else c
                    for c in old.components
                )
                reason = f"one of {len(members)} numbered weight sets ({names}); {old.reason}"
                out[index] = InventoryEntry(old.path, old.kind, components, reason, old.evidence)
    return out


def _review_evidence(review: DocumentReview) -> tuple[Evidence, ...]:
    return review.evidence


def _read_content(path: str, kind: FileKind, text: str) -> CodeReading | None:
    """Read code, notebooks, scripts and configs for the components they serve."""
    low = path.lower()
    if low.endswith((".py", ".pyi")):
        return read_python(path, text)
    if low.endswith(".ipynb"):
        return read_notebook(path, text)
    if low.endswith(_SHELL_SUFFIXES):
        return read_shell(path, text)
    if low.endswith(_CONFIG_SUFFIXES) and kind in (FileKind.CONFIG, FileKind.OTHER, FileKind.DOC):
        return read_config(path, text)
    return None


def _weights_summary(info: WeightsInfo) -> str:
    if info.parameter_count is None:
        return f"{info.format} header: {info.problem or 'not read'}"
    dtypes = ", ".join(info.dtypes) or "no dtype"
    return f"{info.format} header: {info.parameter_count:,} parameters, {dtypes}"


def _weights_findings(info: WeightsInfo) -> list[Finding]:
    out: list[Finding] = []
    if info.license is not None:
        key = "general.license" if info.format == "gguf" else "__metadata__.license"
        out.append(
            Finding(
                "weights-header-license",
                Severity.INFO,
                f"the {info.format} header of {info.path} declares the licence "
                f"{info.license!r}; check that it agrees with the release's licence files",
                (Evidence(info.path, None, None, f"{key}: {info.license}"),),
            )
        )
    if info.problem is not None and info.format in ("safetensors", "gguf"):
        out.append(
            Finding(
                "weights-header-unreadable",
                Severity.INFO,
                f"the {info.format} header of {info.path} could not be read fully "
                f"({info.problem}); its parameter count is not reported",
                (Evidence(info.path, None, None, info.problem),),
            )
        )
    return out


#: Past this many unreadable weight headers, one summary finding replaces the individual ones.
MAX_HEADER_FINDINGS = 5


def _summarise_unreadable_headers(findings: list[Finding]) -> list[Finding]:
    """Replace many unreadable-header findings by one that counts them.

    A sharded Hub repository past its range-request budget would otherwise give one finding per
    shard; the summary keeps the first paths as evidence.
    """
    unreadable = [f for f in findings if f.rule == "weights-header-unreadable"]
    if len(unreadable) <= MAX_HEADER_FINDINGS:
        return findings
    kept = [f for f in findings if f.rule != "weights-header-unreadable"]
    evidence = tuple(e for f in unreadable[:MAX_HEADER_FINDINGS] for e in f.evidence)
    kept.append(
        Finding(
            "weights-header-unreadable",
            Severity.INFO,
            f"{len(unreadable)} weight-file headers could not be read fully (for a Hub "
            "repository, usually because the range-request budget was spent); their parameter "
            f"counts are not reported. First {MAX_HEADER_FINDINGS} shown.",
            evidence,
        )
    )
    return kept


def _card_rank(card: ModelCard) -> tuple[int, int, int, str]:
    """Return a sort key that puts the main card first.

    The card with metadata (the Hub's card) comes before any without, then the shallowest, then
    a README.md.
    """
    depth = card.path.count("/")
    name = card.path.rsplit("/", 1)[-1].lower()
    return (0 if card.metadata_lines else 1, depth, 0 if name == "readme.md" else 1, card.path)


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
