"""Openness grades for the European Open Source AI Index parameters that files can show.

Each parameter of ``data/frameworks/eosai-index.yaml`` gets ``open``, ``partial`` or ``closed``
with reasons and evidence, from the component statuses, the card reviews, the card's references
and the licences. The index itself is graded by people; these grades only read the audited files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from openlic import kb
from openlic.inventory.references import peer_reviewed_links
from openlic.model import (
    ComponentPresence,
    ComponentStatus,
    DocumentReview,
    Evidence,
    Grade,
    Inventory,
    LicenseMatch,
    Openness,
    OsdAssessment,
)

OPEN, PARTIAL, CLOSED = Openness.OPEN, Openness.PARTIAL, Openness.CLOSED


@attrs.frozen
class GradeContext:
    """What the grades read: the inventory, component statuses and licences."""

    inventory: Inventory
    components: Mapping[str, ComponentStatus]
    governance: Mapping[str, tuple[LicenseMatch, ...]]
    osd: Mapping[str, OsdAssessment]

    def status(self, component: str) -> ComponentPresence:
        """Return the presence of ``component``."""
        return self.components[component].status

    def present(self, component: str) -> bool:
        """Return True when ``component`` is in the release."""
        return self.status(component) is ComponentPresence.PRESENT

    def referenced(self, component: str) -> bool:
        """Return True when the card only points to ``component``."""
        return self.status(component) is ComponentPresence.REFERENCED

    def evidence(self, *components: str, limit: int = 3) -> tuple[Evidence, ...]:
        """Return the first pieces of evidence of ``components``."""
        return tuple(e for c in components for e in self.components[c].evidence[:limit])

    def reviews(self, component: str) -> list[DocumentReview]:
        """Return the card reviews of ``component`` (model-card or data-card)."""
        return [d for d in self.inventory.documents if d.component == component]

    @property
    def base_model(self) -> str | None:
        """The base model the main card names (a fine-tune), or None."""
        card = self.inventory.card
        value = card.metadata.get("base_model") if card else None
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        return str(value) if value else None


def _presence(
    ctx: GradeContext, component: str, what: str
) -> tuple[Openness, tuple[str, ...], tuple[Evidence, ...]]:
    status = ctx.components[component]
    if ctx.present(component):
        return OPEN, (f"{what} in the release",), ctx.evidence(component)
    if ctx.referenced(component):
        shown = ", ".join(status.references[:3])
        return PARTIAL, (f"{what} only referenced ({shown})",), ctx.evidence(component)
    return CLOSED, (f"no {what} in the release or referenced by the card",), ()


def _data_sources(ctx: GradeContext) -> Grade:
    if ctx.present("datasets"):
        return Grade(
            "datasources_basemodel",
            OPEN,
            ("training data files in the release",),
            ctx.evidence("datasets"),
        )
    reasons: list[str] = []
    if ctx.present("data-card"):
        reasons.append("a data card describes the training data, the data itself is not shipped")
    if ctx.referenced("datasets"):
        shown = ", ".join(ctx.components["datasets"].references[:3])
        reasons.append(f"the card names the training datasets ({shown})")
    if reasons:
        return Grade(
            "datasources_basemodel", PARTIAL, tuple(reasons), ctx.evidence("data-card", "datasets")
        )
    return Grade("datasources_basemodel", CLOSED, ("no training data or data description",), ())


def _data_sources_end(ctx: GradeContext) -> Grade:
    base = _data_sources(ctx)
    if ctx.base_model is None:
        return Grade(
            "datasources_endmodel",
            base.grade,
            (*base.reasons, "not a fine-tune (no base_model in the card): same as the base model"),
            base.evidence,
        )
    grade, reasons, evidence = _presence(ctx, "datasets", "fine-tuning data")
    return Grade("datasources_endmodel", grade, reasons, evidence)


def _weights_base(ctx: GradeContext) -> Grade:
    base = ctx.base_model
    card = ctx.inventory.card
    if base is not None and card is not None:
        return Grade(
            "weights_basemodel",
            PARTIAL,
            (f"a fine-tune of {base}: the base model's weights are not in this release",),
            (card.evidence_for("base_model"),),
        )
    if ctx.present("model-parameters-final"):
        return Grade(
            "weights_basemodel",
            OPEN,
            ("base model weights in the release",),
            ctx.evidence("model-parameters-final"),
        )
    if ctx.present("model-parameters-intermediate"):
        return Grade(
            "weights_basemodel",
            PARTIAL,
            ("only intermediate checkpoints",),
            ctx.evidence("model-parameters-intermediate"),
        )
    grade, reasons, evidence = _presence(ctx, "model-parameters-final", "base model weights")
    return Grade("weights_basemodel", grade, reasons, evidence)


def _weights_end(ctx: GradeContext) -> Grade:
    grade, reasons, evidence = _presence(ctx, "model-parameters-final", "model weights")
    return Grade("weights_endmodel", grade, reasons, evidence)


def _training_code(ctx: GradeContext) -> Grade:
    parts = ("training-code", "data-preprocessing-code")
    present = [c for c in parts if ctx.present(c)]
    referenced = [c for c in parts if ctx.referenced(c)]
    evidence = ctx.evidence(*parts)
    if len(present) == len(parts):
        return Grade(
            "trainingcode", OPEN, ("training and data-processing code in the release",), evidence
        )
    if present or referenced:
        reasons = [f"{c} in the release" for c in present]
        reasons += [f"{c} only referenced" for c in referenced]
        reasons += [f"no {c}" for c in parts if c not in present and c not in referenced]
        return Grade("trainingcode", PARTIAL, tuple(reasons), evidence)
    return Grade("trainingcode", CLOSED, ("no training or data-processing code",), ())


def _filled(ctx: GradeContext, component: str, *sections: str) -> list[Evidence]:
    out: list[Evidence] = []
    for review in ctx.reviews(component):
        for evidence in review.evidence:
            if any(evidence.text.startswith(f"{s} (filled)") for s in sections):
                out.append(evidence)
    return out


def _code_documentation(ctx: GradeContext) -> Grade:
    code = [
        c
        for c in ("training-code", "inference-code", "evaluation-code", "data-preprocessing-code")
        if ctx.present(c)
    ]
    training_docs = _filled(ctx, "model-card", "training-procedure")
    usage_docs = _filled(ctx, "model-card", "how-to-get-started")
    if code and "training-code" in code and training_docs:
        return Grade(
            "code",
            OPEN,
            ("training code shipped and its training documented",),
            tuple(training_docs),
        )
    if code and (usage_docs or training_docs):
        return Grade(
            "code",
            PARTIAL,
            (f"code shipped ({', '.join(code)}) with usage or training documentation",),
            tuple(usage_docs + training_docs),
        )
    if training_docs:
        return Grade(
            "code",
            PARTIAL,
            ("training documented in the card, no code shipped",),
            tuple(training_docs),
        )
    if code:
        return Grade(
            "code",
            PARTIAL,
            (f"code shipped ({', '.join(code)}) without documentation",),
            ctx.evidence(*code, limit=1),
        )
    return Grade("code", CLOSED, ("no code and no training documentation",), ())


def _hardware_architecture(ctx: GradeContext) -> Grade:
    specs = _filled(ctx, "model-card", "technical-specifications")
    shipped = ctx.present("model-architecture")
    architecture = specs or (list(ctx.evidence("model-architecture", limit=1)) if shipped else [])
    hardware = [e for e in specs if "hardware" in e.text.lower() or "compute" in e.text.lower()]
    hardware += _filled(ctx, "model-card", "environmental-impact")
    if architecture and hardware:
        return Grade(
            "hardware_architecture",
            OPEN,
            ("architecture and hardware documented",),
            tuple(architecture + hardware),
        )
    if architecture or hardware:
        what = "architecture" if architecture else "hardware"
        return Grade(
            "hardware_architecture",
            PARTIAL,
            (f"only the {what} is documented",),
            tuple(architecture + hardware),
        )
    return Grade(
        "hardware_architecture", CLOSED, ("no architecture or hardware documentation",), ()
    )


def _preprint(ctx: GradeContext) -> Grade:
    papers = [r for r in ctx.components["research-paper"].references if r.startswith("arxiv:")]
    if papers:
        return Grade(
            "preprint",
            OPEN,
            (f"preprint linked ({', '.join(papers[:3])})",),
            ctx.evidence("research-paper"),
        )
    if ctx.present("research-paper"):
        return Grade("preprint", OPEN, ("paper in the release",), ctx.evidence("research-paper"))
    if ctx.present("technical-report"):
        return Grade(
            "preprint",
            PARTIAL,
            ("a technical report in the release, no paper or preprint",),
            ctx.evidence("technical-report"),
        )
    return Grade("preprint", CLOSED, ("no preprint linked or shipped",), ())


def _paper(ctx: GradeContext) -> Grade:
    card = ctx.inventory.card
    links = peer_reviewed_links(card) if card is not None else ()
    if links:
        return Grade("paper", OPEN, ("the card links a peer-reviewed publication",), links)
    return Grade(
        "paper",
        CLOSED,
        ("no peer-reviewed publication linked (files cannot show peer review of a preprint)",),
        (),
    )


def _model_card(ctx: GradeContext, share: float) -> Grade:
    reviews = ctx.reviews("model-card")
    if not reviews:
        return Grade("modelcard", CLOSED, ("no model card",), ())
    best = max(reviews, key=lambda r: (r.completeness, r.path))
    total = len(best.filled) + len(best.empty) + len(best.missing)
    reason = f"{best.path} fills {len(best.filled)} of {total} template sections"
    if best.missing or best.empty:
        reason += "; lacking: " + ", ".join((*best.empty, *best.missing))
    grade = OPEN if best.completeness >= share else PARTIAL
    return Grade("modelcard", grade, (reason,), best.evidence[:6])


def _datasheet(ctx: GradeContext) -> Grade:
    reviews = ctx.reviews("data-card")
    if not reviews:
        if ctx.referenced("data-card") or ctx.referenced("datasets"):
            return Grade(
                "datasheet",
                PARTIAL,
                ("only dataset pages are linked",),
                ctx.evidence("data-card", "datasets"),
            )
        return Grade("datasheet", CLOSED, ("no data card or datasheet",), ())
    covered = {a for r in reviews for a in r.filled}
    aspects = [a for r in reviews for a in (*r.filled, *r.empty, *r.missing)]
    lacking = [a for a in dict.fromkeys(aspects) if a not in covered]
    evidence = tuple(e for r in reviews for e in r.evidence[:7])
    if not lacking:
        return Grade("datasheet", OPEN, ("the data card describes every aspect",), evidence)
    return Grade(
        "datasheet", PARTIAL, (f"the data card does not describe {', '.join(lacking)}",), evidence
    )


def _licences(ctx: GradeContext) -> Grade:
    parts = ("model-parameters-final", "training-code", "inference-code", "model-architecture")
    verdicts: dict[str, bool | None] = {}
    evidence: list[Evidence] = []
    for component in parts:
        for m in ctx.governance.get(component, ()):
            verdicts[m.license_id] = ctx.osd[m.license_id].conformant
            evidence.append(m.evidence)
    ungoverned = [c for c in parts if ctx.present(c) and not ctx.governance.get(c)]
    if not verdicts:
        return Grade("licenses", CLOSED, ("no licence governs the weights or code",), ())
    good = sorted(k for k, v in verdicts.items() if v is True)
    bad = sorted(k for k, v in verdicts.items() if v is not True)
    evidence_t = tuple(sorted(set(evidence), key=Evidence.sort_key))
    if not bad and not ungoverned:
        return Grade("licenses", OPEN, (f"{', '.join(good)} meet the OSD",), evidence_t)
    reasons = [f"{', '.join(bad)} not shown to meet the OSD"] if bad else []
    reasons += [f"{c} has no licence" for c in ungoverned]
    return Grade("licenses", PARTIAL if good else CLOSED, tuple(reasons), evidence_t)


def assess_grades(
    inventory: Inventory,
    components: Mapping[str, ComponentStatus],
    governance: Mapping[str, tuple[LicenseMatch, ...]],
    osd: Mapping[str, OsdAssessment],
) -> dict[str, Grade]:
    """Return a grade for every parameter of the index, in the index's order."""
    ctx = GradeContext(inventory, components, governance, osd)
    parameters: Sequence[Mapping[str, Any]] = kb.load("frameworks/eosai-index.yaml")["parameters"]
    share = next(float(p["open_share"]) for p in parameters if p["id"] == "modelcard")
    graders: dict[str, Callable[[GradeContext], Grade]] = {
        "datasources_basemodel": _data_sources,
        "datasources_endmodel": _data_sources_end,
        "weights_basemodel": _weights_base,
        "weights_endmodel": _weights_end,
        "trainingcode": _training_code,
        "code": _code_documentation,
        "hardware_architecture": _hardware_architecture,
        "preprint": _preprint,
        "paper": _paper,
        "modelcard": lambda c: _model_card(c, share),
        "datasheet": _datasheet,
        "licenses": _licences,
    }
    return {str(p["id"]): graders[str(p["id"])](ctx) for p in parameters}
