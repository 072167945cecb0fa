"""The values that flow through openlic's pipeline, all frozen.

source -> :class:`Release` (files read as text or typed by header)
inventory -> :class:`Inventory` (what each file is, which MOF component it supports)
identify -> :class:`LicenseMatch` (which licence a text, header or card field names)
evaluate -> :class:`LicenseAssessment`, :class:`ComponentStatus`, :class:`FreedomVerdict`,
            :class:`OsaidVerdict`, :class:`MofAssessment`
report -> :class:`AuditReport`, whose :meth:`AuditReport.to_dict` is the JSON report format v1.

Every verdict carries :class:`Evidence` (path and lines) so that a reviewer can check it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

#: Version of the JSON report format; minor versions only add fields.
SCHEMA_VERSION = "1.0"

#: The 17 components of the Model Openness Framework, in report order.
COMPONENT_IDS: tuple[str, ...] = (
    "model-architecture",
    "model-parameters-final",
    "model-parameters-intermediate",
    "model-metadata",
    "training-code",
    "inference-code",
    "evaluation-code",
    "data-preprocessing-code",
    "supporting-libraries",
    "datasets",
    "evaluation-data",
    "model-card",
    "data-card",
    "technical-report",
    "research-paper",
    "evaluation-results",
    "sample-outputs",
)

#: The four freedoms of the Open Source AI Definition 1.0.
FREEDOMS: tuple[str, ...] = ("use", "study", "modify", "share")


class Severity(enum.StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Verdict(enum.StrEnum):
    """Outcome of one OSD criterion for one licence."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class FreedomGrant(enum.StrEnum):
    """Outcome of one OSAID freedom."""

    GRANTED = "granted"
    RESTRICTED = "restricted"
    UNKNOWN = "unknown"


class OsaidStatus(enum.StrEnum):
    """The release-level Open Source AI Definition verdict."""

    OPEN_SOURCE_AI = "open-source-ai"
    NOT_OPEN_SOURCE_AI = "not-open-source-ai"
    UNDETERMINED = "undetermined"


class ComponentPresence(enum.StrEnum):
    """Whether a MOF component is in the release, only pointed to, or absent."""

    PRESENT = "present"
    REFERENCED = "referenced"
    MISSING = "missing"
    UNKNOWN = "unknown"


class FileKind(enum.StrEnum):
    """What a file of the release is, decided by the inventory stage."""

    LICENSE = "license"
    USE_POLICY = "use-policy"
    NOTICE = "notice"
    MODEL_CARD = "model-card"
    README = "readme"
    WEIGHTS = "weights"
    CONFIG = "config"
    TOKENIZER = "tokenizer"
    CODE = "code"
    NOTEBOOK = "notebook"
    SCRIPT = "script"
    DOC = "doc"
    DATA = "data"
    REQUIREMENTS = "requirements"
    OTHER = "other"


@attrs.frozen
class Evidence:
    """A place in the release that supports a verdict: a path, lines and the text quoted.

    Attributes:
        path: release-relative POSIX path (or a pseudo-path such as ``README.md#license``).
        start_line: first line, 1-based, or None when the evidence is a whole file or a fact
            about a file (its name, its size).
        end_line: last line, inclusive, or None.
        text: the quoted text (trimmed), or a short description of the fact.

    """

    path: str
    start_line: int | None = None
    end_line: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this evidence."""
        return {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "text": self.text,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return a key that orders evidence by place, for deterministic output."""
        return (self.path, self.start_line or 0, self.end_line or 0, self.text)


@attrs.frozen
class Finding:
    """A problem or notable fact in the audited release.

    Attributes:
        rule: stable rule id (see docs/rules.md), e.g. ``card-yaml-invalid``.
        severity: error, warning or info.
        message: one or two sentences a reviewer understands.
        evidence: where it was seen.

    """

    rule: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this finding."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }

    def sort_key(self) -> tuple[str, str, str, str]:
        """Return a key that orders findings deterministically (by place, then rule)."""
        first = min((e.sort_key() for e in self.evidence), default=("", 0, 0, ""))
        return (first[0], f"{first[1]:09d}", self.rule, self.message)


@attrs.frozen
class ReleaseFile:
    """One regular file of a release, as the source read it.

    Attributes:
        path: release-relative POSIX path.
        size: size in bytes as the source reports it.
        text: the decoded text when the file was read as text, else None.
        head: the first bytes of a file that was not read as text (for typing by header).
        unread_reason: why ``text`` is None (``binary``, ``too-large``, ``unreadable``; from the
            Hub also ``not-downloaded`` for files the audit does not read, such as weights, and
            ``gated``, ``no-access``, ``missing``, ``download-budget`` for files it could not
            read), or None.
        sha256: content digest when the source knows it without reading (e.g. the Hub), or None.

    """

    path: str
    size: int
    text: str | None = None
    head: bytes = b""
    unread_reason: str | None = None
    sha256: str | None = None

    @property
    def name(self) -> str:
        """The file name without folders."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def folder(self) -> str:
        """The folder part of the path ('' at the release root)."""
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@attrs.frozen
class Release:
    """What a source read: every file of the release plus problems met while reading.

    Attributes:
        name: a short name for the release (folder name or repository id).
        source: where it came from, as the caller named it.
        revision: commit or revision when the source knows one, else None.
        files: the regular files, sorted by path.
        findings: problems met while reading (symlinks leaving the release, bad encodings...).
        facts: source-level facts (e.g. Hub gating) as plain JSON-able values.

    """

    name: str
    source: str
    revision: str | None
    files: tuple[ReleaseFile, ...]
    findings: tuple[Finding, ...] = ()
    facts: Mapping[str, Any] = attrs.field(factory=dict)

    def file(self, path: str) -> ReleaseFile | None:
        """Return the file at ``path``, or None."""
        for f in self.files:
            if f.path == path:
                return f
        return None


@attrs.frozen
class ModelCard:
    """A Hugging Face style model card split into metadata and body.

    Attributes:
        path: release-relative path of the card.
        metadata: the YAML front matter as a mapping ({} when absent or unusable).
        metadata_lines: first and last line of the YAML block (1-based), or None.
        key_lines: line number of each top-level metadata key.
        body: the Markdown after the front matter.
        body_start_line: line number of the body's first line.

    """

    path: str
    metadata: Mapping[str, Any]
    metadata_lines: tuple[int, int] | None
    key_lines: Mapping[str, int]
    body: str
    body_start_line: int

    def evidence_for(self, key: str) -> Evidence:
        """Return evidence pointing at a top-level metadata key and its value."""
        line = self.key_lines.get(key)
        value = self.metadata.get(key)
        return Evidence(self.path, line, line, f"{key}: {value}" if value is not None else key)


@attrs.frozen
class InventoryEntry:
    """What the inventory decided about one file.

    Attributes:
        path: release-relative path.
        kind: the file's type.
        components: MOF component ids the file supports (possibly empty).
        reason: why, in a few words (shown as evidence text).
        evidence: the lines that decided it (an optimiser call, a hyperparameter key), if any.

    """

    path: str
    kind: FileKind
    components: tuple[str, ...] = ()
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()


@attrs.frozen
class Inventory:
    """The typed view of a release: one entry per file, plus the parsed model cards."""

    entries: tuple[InventoryEntry, ...]
    cards: tuple[ModelCard, ...] = ()
    findings: tuple[Finding, ...] = ()
    references: tuple[ComponentReference, ...] = ()
    #: Weight-file headers read (safetensors, GGUF), in path order.
    weights: tuple[WeightsInfo, ...] = ()
    #: Model and data cards judged by the sections they fill, in path order.
    documents: tuple[DocumentReview, ...] = ()

    def of_kind(self, *kinds: FileKind) -> tuple[InventoryEntry, ...]:
        """Return the entries of the given kinds, in path order."""
        return tuple(e for e in self.entries if e.kind in kinds)

    @property
    def card(self) -> ModelCard | None:
        """The release's main model card (the shallowest one), or None."""
        return self.cards[0] if self.cards else None


@attrs.frozen
class ComponentReference:
    """A component the release points to without shipping it (a dataset id, a paper link)."""

    component: str
    target: str
    evidence: Evidence
    #: True when the source itself holds the component elsewhere (another revision of the
    #: same repository), so that it counts as present rather than only referenced.
    in_source: bool = False


@attrs.frozen
class TextDifference:
    """A passage where a licence text departs from the reference text it matched.

    Attributes:
        change: ``added`` (in the release, not in the reference) or ``removed``.
        text: the passage.
        start_line: first line in the audited text (for removed passages: where it should be).
        end_line: last line in the audited text.

    """

    change: str
    text: str
    start_line: int | None
    end_line: int | None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "change": self.change,
            "text": self.text,
            "start_line": self.start_line,
            "end_line": self.end_line,
        }


@attrs.frozen
class LicenseMatch:
    """A licence found in a text, a header or a card field.

    Attributes:
        license_id: SPDX id or ``LicenseRef-...``.
        name: the licence's full name.
        method: how it was found: ``text`` (full text), ``notice``, ``reference`` (prose, URL,
            badge), ``spdx-header``, ``card-metadata``, ``expression``, ``filename`` (the
            name of a licence file openlic could not read, such as a PDF).
        score: 0..1, how much of the reference text was matched (1 for declarations).
        path: release-relative path, or None for free text given to :func:`openlic.identify`.
        start_line: first line of the match, or None.
        end_line: last line of the match, or None.
        scancode_key: ScanCode LicenseDB key, if it has one.
        hf_id: Hugging Face Hub licence id, if the Hub has one.
        modified: True when the text matches a known licence except for some passages.
        differences: those passages.
        matched_text: a short excerpt of what matched (first line), for evidence.
        expression: the SPDX expression when the match came from one (card metadata, headers).
        scope: for a ``reference``, the parts of the release its sentence names (``model``,
            ``code``, ``data``); empty when it names none (then it governs nothing).

    """

    license_id: str
    name: str
    method: str
    score: float = 1.0
    path: str | None = None
    start_line: int | None = None
    end_line: int | None = None
    scancode_key: str | None = None
    hf_id: str | None = None
    modified: bool = False
    differences: tuple[TextDifference, ...] = ()
    matched_text: str = ""
    expression: str | None = None
    scope: tuple[str, ...] = ()

    @property
    def evidence(self) -> Evidence:
        """Evidence pointing at the matched lines."""
        return Evidence(self.path or "<text>", self.start_line, self.end_line, self.matched_text)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form used by ``openlic identify --format json``."""
        return {
            "id": self.license_id,
            "name": self.name,
            "method": self.method,
            "score": round(self.score, 4),
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "scancode_key": self.scancode_key,
            "hf_id": self.hf_id,
            "modified": self.modified,
            "differences": [d.to_dict() for d in self.differences],
            "matched_text": self.matched_text,
            "expression": self.expression,
            "scope": list(self.scope),
        }


@attrs.frozen
class CriterionVerdict:
    """The verdict on one OSD criterion for one licence.

    Attributes:
        verdict: pass, fail or unknown.
        reasons: why, citing the clause (section reference and quote).
        evidence: where the clause is in the release.
        confidence: ``clear`` or ``arguable`` (how settled the reading is), None for unknown.
        heuristic: True when the verdict rests on the clause detector, not a reviewed profile.

    """

    verdict: Verdict
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: str | None = None
    heuristic: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
            "confidence": self.confidence,
            "heuristic": self.heuristic,
        }


@attrs.frozen
class LicenseClause:
    """A restricting clause of a licence as it bears on the release (see docs/license-analysis.md).

    Attributes:
        ref: the section reference (from the licence's profile) or ``detector:<rule>``.
        categories: restriction categories (data/licenses/taxonomy.yaml).
        confidence: ``clear`` or ``arguable``.
        quote: the clause's words.
        heuristic: True when found by the clause detector rather than a reviewed profile.
        evidence: where the clause is in the release (or ``openlic:`` + openlic's reference text).
        criteria: OSD criteria the clause is limited to (empty: all its categories fail).
        note: a reviewer's remark, or why the evidence is indirect.
        source: the profile id, or ``detector``.

    """

    ref: str
    categories: tuple[str, ...]
    confidence: str
    quote: str
    heuristic: bool
    evidence: tuple[Evidence, ...] = ()
    criteria: tuple[int, ...] = ()
    note: str = ""
    source: str = "detector"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (report ``licenses[].clauses[]``)."""
        return {
            "ref": self.ref,
            "categories": list(self.categories),
            "confidence": self.confidence,
            "quote": self.quote,
            "heuristic": self.heuristic,
            "source": self.source,
            "note": self.note,
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }


@attrs.frozen
class OsdAssessment:
    """The Open Source Definition reading of one licence: a verdict for each of the 10 criteria."""

    criteria: Mapping[int, CriterionVerdict]

    @property
    def conformant(self) -> bool | None:
        """True if every criterion passes, False if any fails, None otherwise."""
        verdicts = [c.verdict for c in self.criteria.values()]
        if any(v is Verdict.FAIL for v in verdicts):
            return False
        if len(verdicts) == 10 and all(v is Verdict.PASS for v in verdicts):
            return True
        return None

    @property
    def failed(self) -> tuple[int, ...]:
        """The numbers of the failed criteria."""
        return tuple(n for n, c in sorted(self.criteria.items()) if c.verdict is Verdict.FAIL)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "conformant": self.conformant,
            "criteria": {str(n): self.criteria[n].to_dict() for n in sorted(self.criteria)},
        }


@attrs.frozen
class LicenseAssessment:
    """One licence that applies to part of the release, with the components it governs."""

    license_id: str
    name: str
    scancode_key: str | None
    hf_id: str | None
    osi_approved: bool | None
    components: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    osd: OsdAssessment
    #: The four freedoms as this licence alone grants them (empty when not assessed).
    freedoms: Mapping[str, FreedomVerdict] = attrs.field(factory=dict)
    #: The licence category from its profile (permissive, community-user-cap...), or None.
    category: str | None = None
    #: The profile the reading used, or None (no profile: detector or nothing).
    profile: str | None = None
    #: The restricting clauses found (profile clauses located in the release, detector hits).
    clauses: tuple[LicenseClause, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "id": self.license_id,
            "name": self.name,
            "scancode_key": self.scancode_key,
            "hf_id": self.hf_id,
            "osi_approved": self.osi_approved,
            "components": sorted(self.components, key=COMPONENT_IDS.index),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
            "osd": self.osd.to_dict(),
            "freedoms": {f: self.freedoms[f].to_dict() for f in FREEDOMS if f in self.freedoms},
            "category": self.category,
            "profile": self.profile,
            "clauses": [c.to_dict() for c in self.clauses],
        }


@attrs.frozen
class ComponentStatus:
    """Whether one MOF component is in the release, and under which licence."""

    component: str
    status: ComponentPresence
    paths: tuple[str, ...] = ()
    license: str | None = None
    evidence: tuple[Evidence, ...] = ()
    #: What the release points to for this component (dataset ids, links), not verified.
    references: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "status": self.status.value,
            "paths": sorted(self.paths),
            "license": self.license,
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
            "references": sorted(self.references),
        }


@attrs.frozen
class FreedomVerdict:
    """Whether the release grants one of the four OSAID freedoms."""

    freedom: str
    verdict: FreedomGrant
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }


@attrs.frozen
class OsaidVerdict:
    """The Open Source AI Definition 1.0 verdict for the release."""

    verdict: OsaidStatus
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    #: Each element of the preferred form, judged (in osaid_required order).
    elements: tuple[OsaidElement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "missing": sorted(self.missing, key=COMPONENT_IDS.index),
            "elements": [e.to_dict() for e in self.elements],
        }


@attrs.frozen
class MofAssessment:
    """The Model Openness Framework class reached and the progress towards each class."""

    mof_class: int | None
    progress: Mapping[int, float]
    missing: Mapping[int, tuple[str, ...]]
    #: The class to aim for next (2 after 3, 1 after 2; 3 when none is reached), or None.
    next_class: int | None = None
    #: What that class still needs, one entry per lacking component.
    needs: tuple[MofNeed, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "class": self.mof_class,
            "progress": {str(k): round(self.progress[k], 4) for k in sorted(self.progress)},
            "missing": {
                str(k): sorted(self.missing[k], key=COMPONENT_IDS.index)
                for k in sorted(self.missing)
            },
            "next_class": self.next_class,
            "next_class_needs": [n.to_dict() for n in self.needs],
        }


@attrs.frozen
class AuditReport:
    """Everything openlic concluded about one release. ``to_dict()`` is report format v1."""

    tool_version: str
    release_name: str
    release_source: str
    release_revision: str | None
    licenses: tuple[LicenseAssessment, ...]
    components: Mapping[str, ComponentStatus]
    freedoms: Mapping[str, FreedomVerdict]
    osaid: OsaidVerdict
    mof: MofAssessment
    findings: tuple[Finding, ...]
    #: Source-level facts (:attr:`Release.facts`): ``hub`` for a Hugging Face Hub repository.
    release_facts: Mapping[str, Any] = attrs.field(factory=dict)
    #: Weight-file headers read (parameter count, dtypes, metadata).
    weights: tuple[WeightsInfo, ...] = ()
    #: Model and data cards judged by the sections they fill.
    documents: tuple[DocumentReview, ...] = ()
    #: European Open Source AI Index parameters that files can show, by parameter id.
    grades: Mapping[str, Grade] = attrs.field(factory=dict)
    #: One-line actions for every missing or failing element (OSAID, next MOF class).
    advice: tuple[Advice, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-able data (format v1, see docs/report-format.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "openlic", "version": self.tool_version},
            "release": {
                "name": self.release_name,
                "source": self.release_source,
                "revision": self.release_revision,
                "hub": self.release_facts.get("hub"),
                "with": list(self.release_facts.get("with", ())),
            },
            "licenses": [
                lic.to_dict() for lic in sorted(self.licenses, key=lambda x: x.license_id)
            ],
            "components": {c: self.components[c].to_dict() for c in COMPONENT_IDS},
            "freedoms": {f: self.freedoms[f].to_dict() for f in FREEDOMS},
            "osaid": self.osaid.to_dict(),
            "mof": self.mof.to_dict(),
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
            "artifacts": {
                "weights": [w.to_dict() for w in sorted(self.weights, key=lambda w: w.path)],
                "documents": [d.to_dict() for d in sorted(self.documents, key=lambda d: d.path)],
            },
            "grades": {k: self.grades[k].to_dict() for k in self.grades},
            "advice": [a.to_dict() for a in self.advice],
        }

    def findings_at_least(self, severity: Severity) -> tuple[Finding, ...]:
        """Return the findings of ``severity`` or worse."""
        order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
        return tuple(f for f in self.findings if order.index(f.severity) >= order.index(severity))


@attrs.frozen
class WeightsInfo:
    """What a weight file's header says, read without loading any tensor.

    Attributes:
        path: release-relative path of the weight file.
        format: ``safetensors``, ``gguf``, ``pytorch-zip``, ``pickle`` or ``unknown``.
        parameter_count: number of parameters from the tensor shapes, or None when unknown.
        tensor_count: number of tensors listed in the header, or None.
        dtypes: the tensor element types, sorted.
        metadata: string metadata of the header (safetensors ``__metadata__``, GGUF
            ``general.*`` keys), size-capped.
        license: the licence the header declares (GGUF ``general.license``), or None.
        problem: why the header could not be read, or None.

    """

    path: str
    format: str
    parameter_count: int | None = None
    tensor_count: int | None = None
    dtypes: tuple[str, ...] = ()
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    license: str | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (report ``artifacts.weights[]``)."""
        return {
            "path": self.path,
            "format": self.format,
            "parameter_count": self.parameter_count,
            "tensor_count": self.tensor_count,
            "dtypes": list(self.dtypes),
            "metadata": {k: self.metadata[k] for k in sorted(self.metadata)},
            "license": self.license,
            "problem": self.problem,
        }


@attrs.frozen
class DocumentReview:
    """A model card or data card judged by the sections it fills.

    Attributes:
        path: release-relative path of the card.
        component: ``model-card`` or ``data-card``.
        filled: the expected sections (or data-card aspects) with real content.
        empty: those present but empty or left as a template placeholder.
        missing: those absent.
        evidence: the heading line of each filled or empty section.

    """

    path: str
    component: str
    filled: tuple[str, ...] = ()
    empty: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def completeness(self) -> float:
        """The share of expected sections that are filled (0..1)."""
        total = len(self.filled) + len(self.empty) + len(self.missing)
        return len(self.filled) / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (report ``artifacts.documents[]``)."""
        return {
            "path": self.path,
            "component": self.component,
            "filled": list(self.filled),
            "empty": list(self.empty),
            "missing": list(self.missing),
            "completeness": round(self.completeness, 4),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }


@attrs.frozen
class OsaidElement:
    """One element of the OSAID preferred form, judged for the release.

    Attributes:
        element: the element id of ``data/frameworks/evaluation.yaml`` (``code-training``...).
        status: ``met``, ``missing``, ``referenced`` (only pointed to), ``failing`` (licence
            not acceptable), ``incomplete`` (present but lacking parts) or ``undetermined``.
        components: the MOF components that can provide it.
        reasons: why, one sentence each.
        evidence: the files or references that support the status.

    """

    element: str
    status: str
    components: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "element": self.element,
            "status": self.status,
            "components": list(self.components),
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }


@attrs.frozen
class MofNeed:
    """A component the next MOF class needs, and the licence type it must carry.

    Attributes:
        component: the MOF component id.
        status: its presence in the release.
        licence_type: ``code`` (OSI-approved), ``data`` (open data) or ``documentation``
            (open content).
        reason: why it does not count yet.

    """

    component: str
    status: ComponentPresence
    licence_type: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "component": self.component,
            "status": self.status.value,
            "licence_type": self.licence_type,
            "reason": self.reason,
        }


class Openness(enum.StrEnum):
    """A grade of the European Open Source AI Index."""

    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"


@attrs.frozen
class Grade:
    """One European Open Source AI Index parameter as the release's files show it.

    Attributes:
        parameter: the index's parameter id (``trainingcode``, ``datasheet``...).
        grade: open, partial or closed.
        reasons: why, one sentence each.
        evidence: the files, card lines or references that support it.

    """

    parameter: str
    grade: Openness
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "grade": self.grade.value,
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in sorted(self.evidence, key=Evidence.sort_key)],
        }


@attrs.frozen
class Advice:
    """A one-line action that would close a gap.

    Attributes:
        goal: ``osaid`` (to become Open Source AI) or ``mof-<N>`` (to reach MOF class N).
        subject: the OSAID element or MOF component the action is about.
        action: the action, one sentence.

    """

    goal: str
    subject: str
    action: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"goal": self.goal, "subject": self.subject, "action": self.action}
