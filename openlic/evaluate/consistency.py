"""Consistency findings: where a release contradicts itself or over-claims its openness.

Each rule is a function of :class:`Context` that returns findings with a stable rule id (see
``data/rules/findings.yaml`` and docs/rules.md); each finding carries evidence from both places
that disagree. Rules are conservative: a finding must be supportable from the documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs

from openlic import kb
from openlic.analysis import find_profile
from openlic.evaluate.lineage import (
    allows_commercial_use,
    base_model,
    binding_terms,
    dataset_terms,
    grants_more_than,
    lineage_terms,
    name_prefix,
)
from openlic.identification.catalog import catalog
from openlic.inventory.card import as_list
from openlic.inventory.filetypes import file_types
from openlic.model import (
    ComponentStatus,
    Evidence,
    FileKind,
    Finding,
    Inventory,
    LicenseMatch,
    OsaidStatus,
    OsaidVerdict,
    OsdAssessment,
    Release,
    Severity,
)
from openlic.sources.textio import lines_of

#: The component whose licence stands for "the model" in claims and metadata.
WEIGHTS = "model-parameters-final"


@attrs.frozen
class Context:
    """Everything the consistency rules read: the release, what was identified and concluded."""

    release: Release
    inventory: Inventory
    matches: tuple[LicenseMatch, ...]
    governance: Mapping[str, tuple[LicenseMatch, ...]]
    components: Mapping[str, ComponentStatus]
    osd: Mapping[str, OsdAssessment]
    osaid: OsaidVerdict


Rule = Callable[[Context], Iterator[Finding]]


def check_consistency(context: Context) -> list[Finding]:
    """Run every consistency rule and return their findings."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(context))
    return findings


def _known(match: LicenseMatch) -> bool:
    return match.score > 0 and not match.license_id.startswith("LicenseRef-openlic-unknown-")


def _model_licence_files(context: Context) -> list[LicenseMatch]:
    """Licence-file matches that speak for the model: scoped to it, or holding a model licence."""
    kinds = {e.path: e.kind for e in context.inventory.entries}
    table = file_types()
    cat = catalog()
    weights_present = bool(context.components[WEIGHTS].paths)
    out: list[LicenseMatch] = []
    for m in context.matches:
        if m.method != "text" or m.path is None:
            continue
        if kinds.get(m.path) not in (FileKind.LICENSE, FileKind.NOTICE):
            continue
        info = cat.get(m.license_id)
        if info is not None and info.applies_to == "policy":
            continue
        scope = table.license_scope(m.path)
        if scope == "model" or (
            scope is None
            and (
                (info is not None and info.applies_to == "model")
                or (weights_present and "/" not in m.path)
            )
        ):
            out.append(m)
    return out


def card_license_mismatch(context: Context) -> Iterator[Finding]:
    """``card-license-mismatch``: the card's licence metadata names another licence than the text.

    Compares the licences the main card declares with the licence texts found for the model (a
    model-scoped licence file, a model licence in any licence file, or the root licence file of a
    release that ships weights). A card licence whose reference text openlic knows, beside a text
    that is not it, is a mismatch even when that text is unidentified.
    """
    card_matches = [m for m in context.matches if m.method == "card-metadata" and _known(m)]
    if not card_matches:
        return
    texts = _model_licence_files(context)
    if not texts:
        return
    text_ids = {m.license_id for m in texts if _known(m)}
    cat = catalog()
    for declared in card_matches:
        if declared.license_id in text_ids:
            continue
        info = cat.get(declared.license_id)
        knowable = info is not None and info.text_path is not None
        others = [m for m in texts if _known(m)] or ([] if not knowable else texts)
        if not others:
            continue
        shown = ", ".join(sorted({_label(m) for m in others}))
        yield Finding(
            "card-license-mismatch",
            Severity.ERROR,
            f"the card declares {declared.matched_text!r} ({declared.license_id}) but the "
            f"model's licence text is {shown}; the Hub and downstream tools will show the "
            "wrong terms",
            (declared.evidence, *(m.evidence for m in others[:3])),
        )


def _label(m: LicenseMatch) -> str:
    if _known(m):
        return f"{m.license_id} ({m.path})"
    title = f" '{m.matched_text}'" if m.matched_text else ""
    return f"an unidentified licence{title} ({m.path})"


@kb.cached
def _open_source_claims() -> tuple[
    tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], frozenset[str]
]:
    data = kb.load("rules/claims.yaml")["open_source"]
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"])
    excludes = tuple(re.compile(p, re.IGNORECASE) for p in data["exclude"])
    return patterns, excludes, frozenset(str(t).lower() for t in data["tags"])


def find_open_source_claims(release: Release, inventory: Inventory) -> list[Evidence]:
    """Return every place where the card, README or tags call the release open source."""
    patterns, excludes, tags = _open_source_claims()
    out: list[Evidence] = []
    for path, number, line in _prose_lines(release, inventory):
        if any(p.search(line) for p in patterns) and not any(x.search(line) for x in excludes):
            out.append(Evidence(path, number, number, line.strip()[:240]))
    card = inventory.card
    if card is not None:
        for tag in as_list(card.metadata.get("tags")):
            if tag.strip().lower() in tags:
                out.append(card.evidence_for("tags"))
                break
    return out


def open_washing(context: Context) -> Iterator[Finding]:
    """``open-washing``: "open source" claimed while the licences or artifacts do not support it.

    Fires when a claim is found and either a licence governing the weights fails the OSD or the
    OSAID verdict is not Open Source AI. It stays silent when the verdict is undetermined and no
    licence fails: an unsupported claim is not the same as a disproved one. When only artifacts
    missing from the audited folders stand against the claim (they may be published elsewhere),
    the finding is informational and says how to audit the parts together.
    """
    claims = find_open_source_claims(context.release, context.inventory)
    if not claims:
        return
    weights = context.governance.get(WEIGHTS, ())
    failing = [m for m in weights if context.osd[m.license_id].conformant is False]
    not_osai = context.osaid.verdict is OsaidStatus.NOT_OPEN_SOURCE_AI
    if not failing and not not_osai:
        return
    reasons: list[str] = []
    for m in _unique_ids(failing):
        criteria = ", ".join(str(n) for n in context.osd[m.license_id].failed)
        reasons.append(f"{m.name} fails OSD criteria {criteria}")
    if not_osai:
        if context.osaid.missing:
            reasons.append(
                "the release lacks what the OSAID requires: " + ", ".join(context.osaid.missing)
            )
        elif not failing:
            reasons.append("the OSAID verdict is not Open Source AI")
    wording = _accurate_wording(weights)
    licence_fails = bool(failing) or any(
        not reason.startswith("the release lacks") for reason in reasons
    )
    hint = (
        ""
        if licence_fails
        else " If those parts are published elsewhere, audit them together "
        "(openlic check PATH --with OTHER_PATH)."
    )
    yield Finding(
        "open-washing",
        Severity.WARNING if licence_fails else Severity.INFO,
        f"the release is called open source, but {'; '.join(reasons)}. Accurate wording: "
        f"{wording!r}.{hint}",
        tuple(claims[:5]) + tuple(m.evidence for m in failing[:2]),
    )


def _unique_ids(matches: Sequence[LicenseMatch]) -> list[LicenseMatch]:
    return list({m.license_id: m for m in matches}.values())


def _accurate_wording(weights: Sequence[LicenseMatch]) -> str:
    named = [m for m in _unique_ids(weights) if _known(m)]
    if not named:
        return "open weights (licence terms not stated)"
    return "open weights under the " + " and the ".join(m.name for m in named)


def missing_license_terms(context: Context) -> Iterator[Finding]:
    """``missing-license``: a licence named in the card whose terms the release does not carry.

    Two cases: ``license_link`` points to a file that is not in the release; or the model's
    licence is known only by a URL in the card while the release ships no licence text for it.
    """
    card = context.inventory.card
    if card is None:
        return
    link = card.metadata.get("license_link")
    if not isinstance(link, str) or not link.strip():
        return
    link = link.strip()
    evidence = card.evidence_for("license_link")
    if not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE):
        # Relative to the card (Markdown) or to the repository root (how the Hub shows cards).
        targets = {_resolve_link(card.path, link), _resolve_link("", link)}
        if all(context.release.file(t) is None for t in targets):
            yield Finding(
                "missing-license",
                Severity.ERROR,
                f"license_link points to {link!r}, which is not in the release; the licence "
                "text the card refers to is missing",
                (evidence,),
            )
        return
    if not _model_licence_files(context):
        yield Finding(
            "missing-license",
            Severity.WARNING,
            f"the model's licence is referenced only by URL ({link}); the release ships no copy "
            "of its text, so its terms cannot be checked and may change",
            (evidence,),
        )


def _resolve_link(card_path: str, link: str) -> str:
    link = link.split("#", 1)[0].split("?", 1)[0]
    for prefix in ("./", "/"):
        if link.startswith(prefix):
            link = link[len(prefix) :]
    folder = card_path.rsplit("/", 1)[0] if "/" in card_path else ""
    parts = [*folder.split("/"), *link.split("/")] if folder else link.split("/")
    resolved: list[str] = []
    for part in parts:
        if part in ("", "."):
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        resolved.append(part)
    return "/".join(resolved)


def gated_access(context: Context) -> Iterator[Finding]:
    """``gated-access``: the card's gating metadata makes access conditional.

    ``extra_gated_eu_disallowed: true`` excludes people in the EU (a group of persons: OSD 5, and
    the freedom to use without asking permission); ``extra_gated_prompt`` or
    ``extra_gated_fields`` make users accept terms and hand over details before downloading.
    """
    card = context.inventory.card
    if card is None:
        return
    meta = card.metadata
    if meta.get("extra_gated_eu_disallowed") is True:
        yield Finding(
            "gated-access",
            Severity.WARNING,
            "the card's gating excludes users in the European Union "
            "(extra_gated_eu_disallowed: true): a group of persons is denied access",
            (card.evidence_for("extra_gated_eu_disallowed"),),
        )
    gate_keys = [k for k in ("extra_gated_prompt", "extra_gated_fields") if meta.get(k)]
    if gate_keys:
        fields = meta.get("extra_gated_fields")
        asked = ", ".join(str(k) for k in fields) if isinstance(fields, dict) else ""
        yield Finding(
            "gated-access",
            Severity.INFO,
            "downloading requires accepting terms through the Hub's gate"
            + (f" and giving: {asked}" if asked else "")
            + "; access may also need the publisher's approval",
            tuple(card.evidence_for(k) for k in gate_keys),
        )


def _declared_model_licences(context: Context) -> list[LicenseMatch]:
    """Return the licences declared for the model: card metadata, else the weights' licences."""
    card = [m for m in context.matches if m.method == "card-metadata" and _known(m)]
    if card:
        return card
    return [m for m in context.governance.get(WEIGHTS, ()) if _known(m)]


def lineage_conflict(context: Context) -> Iterator[Finding]:
    """``lineage-conflict``: the release's licence drops terms its base model's licence imposes.

    The card's ``base_model`` is looked up in ``data/lineage/base-models.yaml``; what the base
    licence demands of derivatives comes from its profile (category, pass-through, share-alike,
    include-licence and name-prefix obligations). Silent when either licence is unknown.
    """
    card = context.inventory.card
    if card is None:
        return
    declared = _declared_model_licences(context)
    for repo in as_list(card.metadata.get("base_model")):
        base = base_model(repo)
        if base is None:
            continue
        profile = find_profile(base.license_id)
        if profile is None:
            continue
        where = card.evidence_for("base_model")
        source = Evidence("data/lineage/base-models.yaml", None, None, f"{repo}: {base.license_id}")
        for m in _unique_ids(declared):
            if not grants_more_than(m.license_id, profile):
                continue
            terms = "; ".join(binding_terms(profile)) or "commercial use is not permitted"
            yield Finding(
                "lineage-conflict",
                Severity.ERROR,
                f"the base model {repo} is under the {profile.name}, which binds derivatives "
                f"({terms}), but this release declares {m.license_id}",
                (where, m.evidence, source),
            )
        prefix = name_prefix(profile)
        title = _model_title(context)
        if prefix and title is not None and not title.text.lower().startswith(prefix.lower()):
            yield Finding(
                "lineage-conflict",
                Severity.WARNING,
                f"the base model {repo} is under the {profile.name}, which requires a "
                f"derivative's name to begin with {prefix!r}; this model is named "
                f"{title.text!r}",
                (where, title, source),
            )


def _model_title(context: Context) -> Evidence | None:
    """Return the model's name: the card's ``model_name`` or its first Markdown heading."""
    card = context.inventory.card
    if card is None:
        return None
    name = card.metadata.get("model_name")
    if isinstance(name, str) and name.strip():
        return Evidence(card.path, card.key_lines.get("model_name"), None, name.strip())
    for offset, line in enumerate(lines_of(card.body)):
        stripped = line.strip()
        if stripped.startswith("# "):
            number = card.body_start_line + offset
            return Evidence(card.path, number, number, stripped[2:].strip())
    return None


def dataset_license_conflict(context: Context) -> Iterator[Finding]:
    """``dataset-license-conflict``: training data under narrower terms than the model's licence.

    A dataset of the card's ``datasets`` recorded in ``data/lineage/datasets.yaml`` with
    non-commercial, no-derivatives or research-only terms, while the model's licence allows
    commercial use. Silent when the model's licence or the dataset's terms are unknown.
    """
    card = context.inventory.card
    if card is None:
        return
    commercial = [
        m
        for m in _unique_ids(_declared_model_licences(context))
        if allows_commercial_use(m.license_id) is True
    ]
    if not commercial:
        return
    where = card.evidence_for("datasets")
    for name in as_list(card.metadata.get("datasets")):
        terms = dataset_terms(name)
        if terms is None:
            continue
        narrow = [t for t in terms.terms if t in lineage_terms().restrictive_data_terms]
        if not narrow:
            continue
        licence = terms.license_id or "terms of use"
        caveat = (
            ""
            if terms.verified
            else " (openlic's record of these terms is not verified against the dataset card:"
            " check it)"
        )
        yield Finding(
            "dataset-license-conflict",
            Severity.WARNING if terms.verified else Severity.INFO,
            f"the model is licensed for commercial use ({commercial[0].license_id}) but was "
            f"trained on {name} ({licence}: {', '.join(narrow)}){caveat}; the dataset's terms "
            "may limit what the model can be used for",
            (
                where,
                commercial[0].evidence,
                Evidence("data/lineage/datasets.yaml", None, None, f"{name}: {licence}"),
            ),
        )


@kb.cached
def _commercial_claims() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    data = kb.load("rules/claims.yaml")["commercial_use"]
    return (
        tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"]),
        tuple(re.compile(p, re.IGNORECASE) for p in data["exclude"]),
    )


def _prose_lines(release: Release, inventory: Inventory) -> Iterator[tuple[str, int, str]]:
    """Yield (path, line number, line) for every line of the cards and READMEs."""
    prose = {e.path for e in inventory.entries if e.kind in (FileKind.README, FileKind.MODEL_CARD)}
    for f in release.files:
        if f.path in prose and f.text:
            for number, line in enumerate(lines_of(f.text), start=1):
                yield f.path, number, line


def license_claim_mismatch(context: Context) -> Iterator[Finding]:
    """``license-claim-mismatch``: prose or badges contradict what the licence texts say.

    Two kinds of claim. A licence reference ("the model weights are licensed under MIT", a
    "Code License: MIT" badge) that names the part it speaks of, while the recognised licence
    texts governing that part are other licences (table rows are skipped: release tables list
    sibling variants). And a commercial-use claim (``commercial_use`` patterns of
    ``data/rules/claims.yaml``) while the model licence's profile is non-commercial or
    research-only.
    """
    yield from _reference_claims(context)
    yield from _commercial_use_claims(context)


@kb.cached
def _reference_excludes() -> tuple[re.Pattern[str], ...]:
    data = kb.load("rules/claims.yaml")["licence_reference"]
    return tuple(re.compile(p, re.IGNORECASE) for p in data["exclude"])


def _reference_claims(context: Context) -> Iterator[Finding]:
    groups = file_types().component_groups
    excludes = _reference_excludes()
    for ref in context.matches:
        if ref.method != "reference" or not ref.scope or not _known(ref):
            continue
        if ref.matched_text.lstrip().startswith("|"):
            continue
        if any(x.search(ref.matched_text) for x in excludes):
            continue
        for part in ref.scope:
            texts = [
                m
                for component in groups.get(part, ())
                for m in context.governance.get(component, ())
                if m.method == "text"
                and _known(m)
                and (info := catalog().get(m.license_id)) is not None
                and info.applies_to != "policy"
            ]
            if not texts or ref.license_id in {m.license_id for m in texts}:
                continue
            shown = ", ".join(sorted({f"{m.license_id} ({m.path})" for m in texts}))
            yield Finding(
                "license-claim-mismatch",
                Severity.WARNING,
                f"{ref.path} says the {part} is licensed under {ref.license_id}, but the "
                f"licence text governing it is {shown}",
                (ref.evidence, *(m.evidence for m in _unique_ids(texts)[:2])),
            )


def _commercial_use_claims(context: Context) -> Iterator[Finding]:
    patterns, excludes = _commercial_claims()
    weights = [m for m in _unique_ids(context.governance.get(WEIGHTS, ())) if _known(m)]
    narrow = [
        (m, p)
        for m in weights
        if (p := find_profile(m.license_id)) is not None
        and p.category in lineage_terms().non_commercial
    ]
    if not narrow:
        return
    for path, number, line in _prose_lines(context.release, context.inventory):
        if any(p.search(line) for p in patterns) and not any(x.search(line) for x in excludes):
            m, profile = narrow[0]
            yield Finding(
                "license-claim-mismatch",
                Severity.WARNING,
                f"{path} says the model may be used commercially, but its licence, the "
                f"{profile.name}, is {profile.category.replace('-', ' ')}",
                (Evidence(path, number, number, line.strip()[:240]), m.evidence),
            )


def use_policy_missing(context: Context) -> Iterator[Finding]:
    """``use-policy-missing``: a licence incorporates a use policy the release does not ship.

    The policies a licence incorporates come from its profile (``incorporates``). A policy
    counts as shipped when a file of the release is identified as it, or when the release has
    a use-policy file at all (its text may differ from the reference openlic knows).
    """
    present = {m.license_id for m in context.matches if m.method != "card-metadata"}
    has_policy_file = any(e.kind is FileKind.USE_POLICY for e in context.inventory.entries)
    seen: set[str] = set()
    for m in context.matches:
        if not _known(m) or m.license_id in seen:
            continue
        seen.add(m.license_id)
        profile = find_profile(m.license_id)
        if profile is None or not profile.incorporates:
            continue
        missing = [p for p in profile.incorporates if p not in present]
        if not missing or has_policy_file:
            continue
        names = ", ".join(_profile_name(p) for p in missing)
        yield Finding(
            "use-policy-missing",
            Severity.WARNING,
            f"the {profile.name} incorporates {names}, but the release ships no copy of it: "
            "users are bound by terms they cannot read here",
            (m.evidence,),
        )


def _profile_name(policy_id: str) -> str:
    profile = find_profile(policy_id)
    return profile.name if profile is not None else policy_id


def notice_missing(context: Context) -> Iterator[Finding]:
    """``notice-missing``: a derivative lacks the notice or "Built with" display its base demands.

    Notice and naming duties bind those who redistribute or build on the licensed materials, so
    the rule looks at the base models the card names: a ``notice-file`` obligation needs a NOTICE
    file in the release; a ``naming`` obligation whose summary quotes a phrase ("Built with
    Llama") needs that phrase in the card or a README. The licensor's own releases are not bound:
    a Hub release of the base model's organisation is skipped, and for a local folder (whose
    publisher openlic cannot know) the finding is informational.
    """
    card = context.inventory.card
    if card is None:
        return
    own_org = context.release.name.split("/", 1)[0].lower() if "/" in context.release.name else None
    has_notice = any(e.kind is FileKind.NOTICE for e in context.inventory.entries)
    prose = "\n".join(
        line for _, _, line in _prose_lines(context.release, context.inventory)
    ).lower()
    for repo in as_list(card.metadata.get("base_model")):
        base = base_model(repo)
        profile = find_profile(base.license_id) if base is not None else None
        if profile is None:
            continue
        base_org = repo.split("/", 1)[0].lower()
        if own_org is not None and own_org == base_org:
            continue
        severity = Severity.WARNING if own_org is not None else Severity.INFO
        unless = (
            ""
            if own_org is not None
            else f" (unless this release is published by {profile.publisher}, the licensor)"
        )
        where = card.evidence_for("base_model")
        for obligation in profile.obligations:
            ref = f" ({obligation.ref})" if obligation.ref else ""
            if obligation.type == "notice-file" and not has_notice:
                yield Finding(
                    "notice-missing",
                    severity,
                    f"the base model {repo} is under the {profile.name}, which requires a notice "
                    f"file{ref}: {obligation.summary.rstrip('.')}; the release has no NOTICE "
                    f"file{unless}",
                    (where,),
                )
            if obligation.type == "naming":
                phrases = [p for p in obligation.summary.split('"')[1::2] if p.strip()]
                if phrases and not any(p.lower() in prose for p in phrases):
                    yield Finding(
                        "notice-missing",
                        severity,
                        f"the base model {repo} is under the {profile.name}, which requires "
                        f"displaying {phrases[0]!r}{ref}; neither the card nor a README does"
                        f"{unless}",
                        (where,),
                    )


#: The consistency rules, in the order they run.
RULES: tuple[Rule, ...] = (
    card_license_mismatch,
    open_washing,
    missing_license_terms,
    gated_access,
    lineage_conflict,
    dataset_license_conflict,
    license_claim_mismatch,
    use_policy_missing,
    notice_missing,
)
