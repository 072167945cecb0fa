"""A licence's reading: each OSD criterion and each OSAID freedom, with the clauses behind it.

How a verdict is reached (docs/license-analysis.md tells the same story for users):

* A licence the OSI has approved passes every criterion, reason "OSI-approved", and grants
  every freedom, unless the release's copy is modified and the changed passages carry
  restrictions (found by the clause detector, so marked heuristic).
* A licence with a hand-written profile fails a criterion when one of its clauses carries a
  restriction category that fails it (taxonomy.yaml), passes the criteria its grants support and
  no clause fails, and is ``unknown`` on the rest: never a pass openlic cannot support. The
  clause's quote is looked up in the release's copy of the licence and cited with its lines.
* A licence without a profile is read by the clause detector: the copy in the release when
  there is one, else openlic's reference text. Detected restrictions fail criteria (heuristic);
  nothing the detector does not find can pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from openlic import kb
from openlic.analysis.detector import DetectedClause, detect_clauses
from openlic.analysis.profiles import Category, Profile, find_profile, profiles, taxonomy
from openlic.analysis.textmatch import IndexedText, words_of
from openlic.identification.catalog import LicenseInfo, catalog
from openlic.model import (
    FREEDOMS,
    CriterionVerdict,
    Evidence,
    FreedomGrant,
    FreedomVerdict,
    LicenseClause,
    LicenseMatch,
    OsdAssessment,
    Release,
    Verdict,
)

CRITERIA = tuple(range(1, 11))
#: Match methods whose path and lines hold the licence text itself.
TEXT_METHODS = frozenset({"text", "notice"})
#: Pseudo-path prefix for evidence taken from openlic's own reference texts.
REFERENCE_PREFIX = "openlic:"
_QUOTE_CHARS = 160
#: Prefix of the ids identification gives to licences it could not identify.
UNKNOWN_PREFIX = "LicenseRef-openlic-unknown-"


@attrs.frozen
class LicenseReading:
    """What openlic concludes about one licence: OSD criteria, freedoms, and the clauses why.

    Attributes:
        license_id: the licence id.
        osd: a verdict per criterion.
        freedoms: a verdict per OSAID freedom (for this licence alone).
        clauses: the restricting clauses found.
        profile: the profile used, or None.
        heuristic: True when any verdict rests on the clause detector.
        notes: how the reading was made (profile recognised by its clauses, text modified...).

    """

    license_id: str
    osd: OsdAssessment
    freedoms: Mapping[str, FreedomVerdict]
    clauses: tuple[LicenseClause, ...] = ()
    profile: Profile | None = None
    heuristic: bool = False
    notes: tuple[str, ...] = ()

    @property
    def category(self) -> str | None:
        """The licence category from its profile, or None."""
        return self.profile.category if self.profile else None


@attrs.frozen
class _Text:
    path: str
    indexed: IndexedText
    match: LicenseMatch | None


def _short(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _weakest(*confidences: str) -> str:
    return "arguable" if "arguable" in confidences else "clear"


def _release_texts(matches: Sequence[LicenseMatch], release: Release | None) -> list[_Text]:
    if release is None:
        return []
    out: list[_Text] = []
    seen: set[str] = set()
    for m in matches:
        if m.method not in TEXT_METHODS or not m.path or m.path in seen:
            continue
        file = release.file(m.path)
        if file is None or file.text is None:
            continue
        seen.add(m.path)
        out.append(_Text(m.path, IndexedText.of(file.text), m))
    return out


def _reference_text(info: LicenseInfo | None) -> _Text | None:
    if info is None or info.text_path is None or not kb.exists(info.text_path):
        return None
    path = REFERENCE_PREFIX + info.text_path
    return _Text(path, IndexedText.of(kb.read_text(info.text_path)), None)


def _recognise(texts: Sequence[_Text]) -> Profile | None:
    """Return the hand-written profile whose every quote occurs in one of ``texts``.

    Licences of one family share clauses (the RAIL licences, the Llama versions), so a text may
    hold every quote of several profiles. The closest wins: the one whose reference text shares
    the most words with the text (Jaccard), then the one with the most quotes, then the lowest
    id (for determinism).
    """
    candidates: list[tuple[float, int, str, Profile]] = []
    for profile in profiles():
        if profile.generated:
            continue
        quotes = [
            *(c.quote for c in profile.clauses),
            *(g.quote for g in profile.grants),
            *(o.quote for o in profile.obligations if o.quote),
        ]
        if len(quotes) < 2:
            continue
        holding = [t for t in texts if all(t.indexed.find(q) is not None for q in quotes)]
        if holding:
            similarity = max(_similarity(t, profile) for t in holding)
            candidates.append((-similarity, -len(quotes), profile.id, profile))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:3])[3]


def _similarity(text: _Text, profile: Profile) -> float:
    """Return the Jaccard similarity of the words of ``text`` and of the profile's reference."""
    reference = _reference_text(catalog().get(profile.id))
    if reference is None:
        return 0.0
    mine = set(text.indexed.words.split())
    theirs = set(reference.indexed.words.split())
    return len(mine & theirs) / len(mine | theirs) if mine or theirs else 0.0


def _profile_clauses(
    profile: Profile, texts: Sequence[_Text], fallback: Sequence[Evidence]
) -> tuple[list[LicenseClause], list[str]]:
    """Locate each profile clause in the release's texts."""
    out: list[LicenseClause] = []
    notes: list[str] = []
    modified = any(t.match is not None and t.match.modified for t in texts)
    for clause in profile.clauses:
        evidence = [
            Evidence(t.path, lines[0], lines[1], _short(clause.quote))
            for t in texts
            if (lines := t.indexed.find(clause.quote)) is not None
        ]
        confidence, note = clause.confidence, clause.note
        if not evidence and texts and modified:
            confidence = "arguable"
            note = (
                "this clause of the reference text was not found in the release's modified copy; "
                "it may have been removed. " + note
            ).strip()
            evidence = _removed_at(clause.quote, texts) or list(fallback)
        elif not evidence:
            evidence = list(fallback)
            where = "not found in the release's copy" if texts else "not in the release"
            note = (f"quote from the licence's reference text ({where}). " + note).strip()
        title = f" {clause.title}" if clause.title else ""
        out.append(
            LicenseClause(
                ref=f"{clause.ref}{title}",
                categories=clause.categories,
                confidence=confidence,
                quote=clause.quote,
                heuristic=False,
                evidence=tuple(evidence),
                criteria=clause.criteria,
                note=note,
                source=profile.id,
            )
        )
    return out, notes


def _incorporated_clauses(profile: Profile, fallback: Sequence[Evidence]) -> list[LicenseClause]:
    """Return the clauses of the use policies ``profile`` incorporates, as the licence's own.

    A licence that makes a policy part of its terms restricts whatever the policy restricts, so
    the policy's clauses count against the licence's criteria and freedoms. The quotes are the
    policy's (its reference text, or its profile when openlic ships no text); the evidence is
    where the policy's text is, else the licence's own lines (``fallback``). The policy's copy
    in a release is also read on its own, with its lines.
    """
    out: list[LicenseClause] = []
    for policy_id in profile.incorporates:
        policy = find_profile(policy_id)
        if policy is None or not policy.hand_written:
            continue
        reference = _reference_text(catalog().get(policy.id))
        texts = [reference] if reference is not None else []
        evidence = (
            [Evidence(reference.path, None, None, policy.name)] if reference else list(fallback)
        )
        found, _ = _profile_clauses(policy, texts, evidence)
        # One located clause per profile clause, in order: the policy's own note is kept (the
        # located clause's note would speak of "the licence's reference text").
        for source, clause in zip(policy.clauses, found, strict=True):
            out.append(
                attrs.evolve(
                    clause,
                    ref=f"{policy.name} {clause.ref}",
                    note=(
                        f"a clause of the {policy.name} ({policy.id}), which this licence "
                        f"incorporates. {source.note}"
                    ).strip(),
                )
            )
    return out


def _matched_passage(text: _Text) -> tuple[str, int]:
    """Return the lines identification matched (the whole file for a title-only match)."""
    match = text.match
    if match is None or match.start_line is None or match.end_line is None:
        return text.indexed.text, 1
    if match.end_line <= match.start_line:
        # An unidentified text is reported by its title line: the licence is the whole file.
        return text.indexed.text, 1
    return text.indexed.lines(match.start_line, match.end_line), match.start_line


def _removed_at(quote: str, texts: Sequence[_Text]) -> list[Evidence]:
    """Return where a modified copy dropped the passage holding ``quote`` (if it says so)."""
    needle = words_of(quote)
    out: list[Evidence] = []
    for t in texts:
        if t.match is None:
            continue
        for diff in t.match.differences:
            removed = words_of(diff.text)
            if diff.change == "removed" and removed and (removed in needle or needle in removed):
                out.append(
                    Evidence(
                        t.path, diff.start_line, diff.end_line, f"removed: {_short(diff.text)}"
                    )
                )
    return out


def _detected(found: Sequence[DetectedClause], path: str, offset: int = 0) -> list[LicenseClause]:
    return [
        LicenseClause(
            ref=f"detector:{d.rule}",
            categories=(d.category,),
            confidence=d.confidence,
            quote=d.text,
            heuristic=True,
            evidence=(Evidence(path, d.start_line + offset, d.end_line + offset, _short(d.text)),),
            note="found by the clause detector (a heuristic reading of the words)",
        )
        for d in found
    ]


def _modified_passages(texts: Sequence[_Text]) -> list[LicenseClause]:
    """Run the detector over the passages a modified copy adds to its reference text."""
    out: list[LicenseClause] = []
    for t in texts:
        if t.match is None or not t.match.modified:
            continue
        for diff in t.match.differences:
            if diff.change != "added" or not diff.text.strip():
                continue
            first = diff.start_line or 1
            for clause in _detected(detect_clauses(diff.text, first), t.path):
                out.append(
                    attrs.evolve(
                        clause,
                        note="found by the clause detector in a passage this copy adds to the "
                        "licence's reference text",
                    )
                )
    return out


def _effects(clause: LicenseClause) -> list[tuple[int, str, Category]]:
    tax = taxonomy()
    out: list[tuple[int, str, Category]] = []
    for category_id in clause.categories:
        category = tax.get(category_id)
        for effect in category.osd:
            if clause.criteria and effect.criterion not in clause.criteria:
                continue
            out.append((effect.criterion, _weakest(clause.confidence, effect.confidence), category))
    return out


def _criteria(
    clauses: Sequence[LicenseClause],
    *,
    osi: bool,
    profile: Profile | None,
    texts_evidence: Sequence[Evidence],
    unknown_reason: str,
    detector_read: bool = False,
) -> OsdAssessment:
    failures: dict[int, list[tuple[LicenseClause, str, Category]]] = {n: [] for n in CRITERIA}
    for clause in clauses:
        for criterion, confidence, category in _effects(clause):
            failures[criterion].append((clause, confidence, category))
    supported: dict[int, list[str]] = {n: [] for n in CRITERIA}
    if profile is not None:
        for grant in profile.grants:
            for n in grant.criteria:
                supported[n].append(f'{grant.ref}: granted: "{_short(grant.quote, 120)}"')
    heuristic_only = bool(clauses) and all(c.heuristic for c in clauses)
    result: dict[int, CriterionVerdict] = {}
    for n in CRITERIA:
        fails = failures[n]
        if fails:
            reasons = tuple(
                dict.fromkeys(
                    f'{c.ref}: {cat.name.lower()} ({conf}): "{_short(c.quote)}"'
                    for c, conf, cat in fails
                )
            )
            evidence = tuple(dict.fromkeys(e for c, _, _ in fails for e in c.evidence))
            confidence = "clear" if any(conf == "clear" for _, conf, _ in fails) else "arguable"
            result[n] = CriterionVerdict(
                Verdict.FAIL,
                reasons,
                evidence,
                confidence=confidence,
                heuristic=all(c.heuristic for c, _, _ in fails),
            )
        elif osi:
            result[n] = CriterionVerdict(
                Verdict.PASS,
                ("OSI-approved",),
                tuple(texts_evidence[:3]),
                confidence="clear",
                heuristic=heuristic_only,
            )
        elif supported[n]:
            result[n] = CriterionVerdict(
                Verdict.PASS,
                tuple(dict.fromkeys(supported[n])),
                tuple(texts_evidence[:3]),
                confidence="clear",
                heuristic=False,
            )
        else:
            result[n] = CriterionVerdict(
                Verdict.UNKNOWN,
                (unknown_reason,),
                tuple(texts_evidence[:3]),
                confidence=None,
                # An unknown rests on the detector only when the detector read a text.
                heuristic=detector_read,
            )
    return OsdAssessment(result)


def _freedoms(
    clauses: Sequence[LicenseClause],
    osd: OsdAssessment,
    *,
    osi: bool,
    profile: Profile | None,
    texts_evidence: Sequence[Evidence],
    unknown_reason: str,
) -> dict[str, FreedomVerdict]:
    tax = taxonomy()
    granted_by: dict[str, list[str]] = {f: [] for f in FREEDOMS}
    if profile is not None:
        for grant in profile.grants:
            for f in grant.freedoms:
                granted_by[f].append(f'{grant.ref}: granted: "{_short(grant.quote, 120)}"')
    out: dict[str, FreedomVerdict] = {}
    for freedom in FREEDOMS:
        restricting = [
            (c, tax.get(cid))
            for c in clauses
            for cid in c.categories
            if freedom in tax.get(cid).freedoms
        ]
        if restricting:
            reasons = tuple(
                dict.fromkeys(
                    f"{c.ref}: {cat.name.lower()}"
                    + (" (heuristic)" if c.heuristic else "")
                    + (" (arguable)" if c.confidence == "arguable" else "")
                    for c, cat in restricting
                )
            )
            evidence = tuple(dict.fromkeys(e for c, _ in restricting for e in c.evidence))
            out[freedom] = FreedomVerdict(freedom, FreedomGrant.RESTRICTED, reasons, evidence)
        elif profile is not None and profile.kind == "use-policy":
            out[freedom] = FreedomVerdict(
                freedom,
                FreedomGrant.GRANTED,
                (
                    f"this use policy does not restrict {freedom}; the licence that "
                    "incorporates it grants the rights",
                ),
                tuple(texts_evidence[:3]),
            )
        elif osi and osd.conformant:
            out[freedom] = FreedomVerdict(
                freedom, FreedomGrant.GRANTED, ("OSI-approved",), tuple(texts_evidence[:3])
            )
        elif granted_by[freedom]:
            out[freedom] = FreedomVerdict(
                freedom,
                FreedomGrant.GRANTED,
                tuple(dict.fromkeys(granted_by[freedom])),
                tuple(texts_evidence[:3]),
            )
        else:
            out[freedom] = FreedomVerdict(
                freedom, FreedomGrant.UNKNOWN, (unknown_reason,), tuple(texts_evidence[:3])
            )
    return out


def read_license(
    license_id: str,
    matches: Sequence[LicenseMatch] = (),
    release: Release | None = None,
) -> LicenseReading:
    """Read ``license_id`` as the release presents it.

    Args:
        license_id: the licence id (SPDX or LicenseRef).
        matches: where identification found it (texts, card fields, headers).
        release: the release, to quote the licence's own copy; None reads the profile alone.

    Returns:
        The licence's reading. Never raises for bad input: an unreadable or unknown licence
        gives ``unknown`` verdicts with the reason.

    """
    info = catalog().get(license_id)
    profile = find_profile(license_id)
    texts = _release_texts(matches, release)
    match_evidence = [m.evidence for m in matches[:3]]
    texts_evidence = [
        Evidence(t.path, t.match.start_line, t.match.end_line, t.match.matched_text)
        for t in texts
        if t.match is not None
    ] or match_evidence
    notes: list[str] = []
    osi = bool((info is not None and info.osi_approved) or (profile and profile.osi_approved))
    clauses: list[LicenseClause] = []
    detector_read = False
    if profile is None and license_id.startswith(UNKNOWN_PREFIX):
        # A name openlic could not identify (a card's license_name, a text's title) may still
        # be an alias that a profile lists.
        named = find_profile(license_id[len(UNKNOWN_PREFIX) :])
        if named is not None:
            profile = named
            notes.append(
                f"the release names it {license_id[len(UNKNOWN_PREFIX) :]!r}, an alias of "
                f"{named.name} ({named.id})"
            )
    if profile is None and texts and not osi:
        recognised = _recognise(texts)
        if recognised is not None:
            profile = recognised
            notes.append(
                f"read with the profile of {recognised.name} ({recognised.id}): every quote of "
                "that profile occurs in this text"
            )
    if profile is not None and profile.hand_written:
        found, more = _profile_clauses(profile, texts, match_evidence)
        clauses.extend(found)
        notes.extend(more)
        clauses.extend(_incorporated_clauses(profile, texts_evidence))
        clauses.extend(_modified_passages(texts))
        if profile.id != license_id and texts:
            # Recognised by its clauses, not by identification: the detector double-checks
            # the rest of the text for terms the profile does not list.
            covered = {
                (e.path, line)
                for c in found
                for e in c.evidence
                if e.start_line is not None and e.end_line is not None
                for line in range(e.start_line, e.end_line + 1)
            }
            for t in texts:
                for d in _detected(detect_clauses(t.indexed.text), t.path):
                    ev = d.evidence[0]
                    lines = range(ev.start_line or 0, (ev.end_line or 0) + 1)
                    if not any((ev.path, line) in covered for line in lines):
                        clauses.append(d)
        unknown_reason = "the profile has no clause that supports or fails this criterion"
        freedom_unknown = "the profile neither grants nor restricts this freedom"
    elif osi:
        clauses.extend(_modified_passages(texts))
        if clauses:
            notes.append("the release's copy is modified; its added passages were read")
        unknown_reason = "OSI-approved"
        freedom_unknown = "OSI-approved"
    elif texts:
        detector_read = True
        for t in texts:
            passage, first = _matched_passage(t)
            clauses.extend(_detected(detect_clauses(passage, first), t.path))
        notes.append("no profile: the release's copy was read by the clause detector")
        unknown_reason = (
            "no profile for this licence; the clause detector found no term that fails this "
            "criterion, which cannot show that it passes"
        )
        freedom_unknown = "no profile; the clause detector cannot show that a freedom is granted"
    else:
        reference = _reference_text(info)
        if reference is not None:
            detector_read = True
            clauses.extend(_detected(detect_clauses(reference.indexed.text), reference.path))
            notes.append(
                "no profile and no copy in the release: openlic's reference text was read by "
                "the clause detector"
            )
            unknown_reason = (
                "no profile for this licence; the clause detector found no term in its "
                "reference text that fails this criterion"
            )
        elif info is None:
            unknown_reason = "licence not identified; its terms could not be read"
        else:
            unknown_reason = "no profile and no text of this licence to read"
        freedom_unknown = unknown_reason
    osd = _criteria(
        clauses,
        osi=osi,
        profile=profile,
        texts_evidence=texts_evidence,
        unknown_reason=unknown_reason,
        detector_read=detector_read,
    )
    freedoms = _freedoms(
        clauses,
        osd,
        osi=osi,
        profile=profile,
        texts_evidence=texts_evidence,
        unknown_reason=freedom_unknown,
    )
    return LicenseReading(
        license_id=license_id,
        osd=osd,
        freedoms=freedoms,
        clauses=tuple(clauses),
        profile=profile,
        heuristic=any(c.heuristic for c in clauses) or (profile is None and not osi),
        notes=tuple(notes),
    )


def read_profile(profile: Profile) -> LicenseReading:
    """Read a profile on its own (``openlic explain``): evidence from openlic's reference text."""
    info = catalog().get(profile.id)
    # Generated profiles have no clauses to locate: skip indexing their texts.
    reference = _reference_text(info) if profile.hand_written else None
    texts = [reference] if reference is not None else []
    evidence = [Evidence(reference.path, None, None, profile.name)] if reference else []
    clauses, _ = _profile_clauses(profile, texts, evidence) if profile.hand_written else ([], [])
    if profile.hand_written:
        clauses.extend(_incorporated_clauses(profile, evidence))
    osi = profile.osi_approved or bool(info and info.osi_approved)
    reason = "the profile has no clause that supports or fails this criterion"
    osd = _criteria(
        clauses, osi=osi, profile=profile, texts_evidence=evidence, unknown_reason=reason
    )
    freedoms = _freedoms(
        clauses,
        osd,
        osi=osi,
        profile=profile,
        texts_evidence=evidence,
        unknown_reason="the profile neither grants nor restricts it",
    )
    return LicenseReading(profile.id, osd, freedoms, tuple(clauses), profile, False, ())
