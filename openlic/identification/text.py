"""Licence texts and notices: which known texts a file contains, and how each copy differs.

The engine, in four steps:

1. **Normalise** the file as the SPDX matching guidelines describe (see :mod:`.normalize`).
2. **Retrieve candidates** from the precomputed index (:mod:`.index`): every text that shares
   enough of its rarer words with the file, ranked by idf-weighted containment.
3. **Align** each candidate with the stretch of the file where its 4-grams cluster
   (:mod:`.align`) and measure coverage (share of the reference matched) and precision (share
   of the stretch that matched). Several licences per file are found because each stretch is
   aligned on its own; where candidates overlap the closest one (Dice coefficient) wins, which
   is how Llama 3.1, 3.2 and 3.3 or the two Gemma terms are told apart.
4. **Differences**: passages of the file missing from the reference (added) and of the
   reference missing from the file (removed), with their lines. Omitted titles, optional
   passages (Apache-2.0's appendix) and replaced names are allowed by
   ``data/licenses/rules/matching.yaml``; any other difference makes the match ``modified``.

Licences with no registry text are recognised by wording rules (:mod:`.rules`), which win over
a *modified* match of another version. A licence file whose text matches nothing well enough is
reported as unidentified, with its title line, never as a guess.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence

import attrs

from openlic.identification.align import Block, align
from openlic.identification.catalog import LicenseInfo, catalog, openlic_ref
from openlic.identification.index import MatchIndex, gram_keys, match_index
from openlic.identification.interface import Identification, Identifier
from openlic.identification.normalize import NormalizedText, normalize
from openlic.identification.rules import LicenseRule, MatchingRules, license_rules, matching_rules
from openlic.model import (
    Evidence,
    FileKind,
    Finding,
    Inventory,
    LicenseMatch,
    Release,
    Severity,
    TextDifference,
)
from openlic.sources.textio import lines_of

METHOD = "text"
#: Least idf-weighted share of a text's rare words that the file must contain.
MIN_CONTAINMENT = 0.5
#: Texts whose rare words weigh less than this are always candidates.
MIN_RETRIEVAL_WEIGHT = 10.0
#: Least share of a reference text matched (coverage) and of the stretch matched (precision).
MIN_COVERAGE = 0.5
MIN_PRECISION = 0.5
#: Notices are short: they must be matched almost whole.
MIN_NOTICE_COVERAGE = 0.85
#: Gram size used to locate a candidate in the file (see :func:`.index.gram_keys`).
GRAM = 4
#: Least share of a candidate's distinct 4-grams that the file must contain to be aligned.
MIN_GRAM_SHARE = 0.45
#: Unclaimed stretches of a licence file at least this long are reported as unidentified texts;
#: shorter ones next to the only match are reported as passages added to it.
MIN_UNKNOWN_TOKENS = 60
MIN_ADDED_TOKENS = 3
#: A stretch this short at the top of a licence file is its title, not an addition.
MAX_TITLE_TOKENS = 12


@attrs.frozen
class _Span:
    """A candidate's aligned stretch of the file (token indices are the file's)."""

    number: int
    first: int
    last: int
    matched: int
    coverage: float
    dice: float
    score: int
    differences: tuple[tuple[str, int, int, str], ...]

    def overlaps(self, other: _Span) -> bool:
        return self.first <= other.last and other.first <= self.last


def match_text(
    text: str, path: str | None = None, *, licence_file: bool = True
) -> list[LicenseMatch]:
    """Return the licence texts and notices found in ``text``, in line order.

    Args:
        text: the text to read.
        path: its release-relative path, copied into the matches.
        licence_file: True when the whole text is meant to be licence terms (a LICENSE,
            NOTICE or policy file): then stretches that match nothing are reported as
            unidentified licence texts. False for READMEs and code, where they are prose.

    """
    doc = normalize(text)
    if not doc.tokens:
        return []
    index = match_index()
    ids = index.encode(doc)
    whole = _whole_copy(index, ids)
    spans = [whole] if whole is not None else _select(_aligned(index, ids, doc), index)
    lines = lines_of(text)
    matches = [_to_match(index, doc, lines, s, path) for s in spans]
    if licence_file:
        # Wording rules read titles: in a README they would mistake prose for a licence.
        matches = _apply_rules(doc, lines, matches, path)
        matches = _unclaimed(doc, lines, matches, path)
    return sorted(matches, key=lambda m: (m.start_line or 0, m.end_line or 0, m.license_id))


def _whole_copy(index: MatchIndex, ids: list[int]) -> _Span | None:
    """Return the span of a file that is one known text word for word, else None.

    The common case, answered without the engine (a title of up to ``MAX_TITLE_TOKENS`` words
    above the text is allowed). The full engine would give the same answer: no other text can
    score higher than an exact copy, and equal texts are ordered by id as :func:`_select` does.
    """
    packed = array("H", [t & 0xFFFF for t in ids]).tobytes()
    found: list[tuple[int, str, int]] = []
    for skip in range(min(MAX_TITLE_TOKENS, len(ids)) + 1):
        for number in index.by_length(len(ids) - skip):
            if index.tokens(number).tobytes() == packed[2 * skip :]:
                found.append((skip, index.entries[number].license_id, number))
    if not found:
        return None
    # The longest copy first (a text whose title is another text's first words wins).
    skip, _, number = min(found)
    length = len(ids) - skip
    return _Span(number, skip, len(ids) - 1, length, 1.0, 1.0, length, ())


def _candidates(index: MatchIndex, ids: Sequence[int]) -> list[int]:
    scores: dict[int, float] = {}
    for token in set(ids):
        if token < 0:
            continue
        posting = index.postings(token)
        if posting is None:
            continue
        weight = index.idf[token]
        for number in posting:
            scores[number] = scores.get(number, 0.0) + weight
    ranked = sorted(
        (
            (score / entry.weight, number)
            for number, score in scores.items()
            if (entry := index.entries[number]).weight > 0
        ),
        reverse=True,
    )
    chosen = {n for c, n in ranked if c >= MIN_CONTAINMENT}
    # Texts made only of common words (BSD-3-Clause, ISC...) cannot be retrieved by their rare
    # words: they are always candidates, and the 4-gram estimate sorts them out cheaply.
    chosen.update(e.number for e in index.entries if e.weight < MIN_RETRIEVAL_WEIGHT)
    return sorted(chosen)


def _aligned(index: MatchIndex, ids: list[int], doc: NormalizedText) -> list[_Span]:
    doc_grams = gram_keys(ids)
    present = set(doc_grams)  # a set, so that intersections walk the smaller side
    positions: dict[int, list[int]] = {}  # where each gram occurs, built on first need
    estimates: list[tuple[float, int, frozenset[int]]] = []
    rules = matching_rules()
    for number in _candidates(index, ids):
        grams = _required_grams(index, rules, number)
        if grams:
            common = grams & present
            estimate = len(common) / len(grams)
            if estimate >= MIN_GRAM_SHARE:
                estimates.append((estimate, number, common))
    estimates.sort(key=lambda e: (-e[0], e[1]))
    out: list[_Span] = []
    for estimate, number, _ in estimates:
        if any(s.dice >= estimate + 0.01 and (s.last - s.first + 1) >= 0.9 * len(ids) for s in out):
            continue  # a closer text already holds (nearly) the whole file
        entry = index.entries[number]
        # Located by all its grams, optional part included, so that the part is aligned too.
        common = index.grams(number) & present
        if not positions:
            for p, g in enumerate(doc_grams):
                positions.setdefault(g, []).append(p)
        hits = sorted(p for g in common for p in positions[g])
        ref = index.tokens(number)
        for first, last in _clusters(hits, max(40, len(ref) // 4)):
            if (last - first + GRAM) < MIN_COVERAGE * len(ref) * 0.5:
                continue
            if any(
                _mostly_within(first, last, s)
                and (s.dice >= estimate + 0.01 or s.score >= len(ref))
                for s in out
            ):
                # A text already holds this stretch and this one cannot beat it: its estimate
                # is lower, or even a perfect match (score len(ref)) would score less.
                continue
            lo = max(0, first - 30)
            hi = min(len(ids), last + GRAM + 30)
            exact = _find_exact(ref, ids, lo, hi)
            if exact is not None:
                blocks = [Block(0, exact - lo, len(ref))]
            else:
                blocks = align(ref, ids[lo:hi], index.unique_grams(number))
            span = _measure(
                index, rules, number, ref, ids, lo, blocks, token_lines=doc.lines, words=doc.tokens
            )
            if span is None:
                continue
            threshold = MIN_NOTICE_COVERAGE if entry.kind == "notice" else MIN_COVERAGE
            if span.coverage >= threshold:
                out.append(span)
    return out


def _required_grams(index: MatchIndex, rules: MatchingRules, number: int) -> frozenset[int]:
    """Return the 4-grams of a text without its optional part (Apache-2.0's appendix...)."""
    license_id = index.entries[number].license_id
    if license_id not in rules.optional_after:
        return index.grams(number)

    def compute() -> frozenset[int]:
        ref = index.tokens(number)
        end = _optional_from(index, rules, license_id, ref)
        return frozenset(gram_keys(ref[:end]))

    return index.memo("required-grams", number, compute)


def _find_exact(ref: Sequence[int], ids: list[int], lo: int, hi: int) -> int | None:
    """Return where ``ref`` occurs whole in ``ids[lo:hi]`` (a fast path for exact copies)."""
    if hi - lo < len(ref) or not isinstance(ref, array):
        return None
    window = array("H", [t & 0xFFFF for t in ids[lo:hi]]).tobytes()
    needle = ref.tobytes()
    at = window.find(needle)
    while at >= 0 and at % 2:
        at = window.find(needle, at + 1)
    return lo + at // 2 if at >= 0 else None


def _mostly_within(first: int, last: int, span: _Span) -> bool:
    inside = min(last, span.last) - max(first, span.first) + 1
    return inside >= 0.9 * (last - first + 1)


def _clusters(hits: list[int], gap: int) -> list[tuple[int, int]]:
    clusters: list[tuple[int, int]] = []
    start = previous = hits[0]
    for p in hits[1:]:
        if p - previous > gap:
            clusters.append((start, previous))
            start = p
        previous = p
    clusters.append((start, previous))
    return clusters


def _measure(  # noqa: PLR0917 - one private call site
    index: MatchIndex,
    rules: MatchingRules,
    number: int,
    ref: Sequence[int],
    ids: Sequence[int],
    offset: int,
    blocks: list[Block],
    *,
    token_lines: Sequence[int],
    words: Sequence[str],
) -> _Span | None:
    """Coverage, precision and differences of one alignment (None when too poor)."""
    blocks = [b for b in blocks if b.size > 0]
    if not blocks:
        return None
    license_id = index.entries[number].license_id
    optional_from = index.memo(
        "optional", number, lambda: _optional_from(index, rules, license_id, ref)
    )
    variable = index.memo(
        "variable", number, lambda: _variable_ranges(index, rules, license_id, ref)
    )
    matched = sum(b.size for b in blocks)
    first = offset + blocks[0].doc_start
    last = offset + blocks[-1].doc_start + blocks[-1].size - 1
    span_len = last - first + 1
    if matched / span_len < MIN_PRECISION:
        return None
    required = min(len(ref), optional_from)
    matched_required = sum(
        max(0, min(b.ref_start + b.size, required) - b.ref_start) for b in blocks
    )
    coverage = matched_required / required if required else 0.0
    differences: list[tuple[str, int, int, str]] = []
    bounds = [
        Block(0, blocks[0].doc_start, 0),
        *blocks,
        Block(len(ref), blocks[-1].doc_start + blocks[-1].size, 0),
    ]
    for left, right in itertools.pairwise(bounds):
        a0, b0 = left.ref_start + left.size, left.doc_start + left.size
        a1, b1 = right.ref_start, right.doc_start
        if a0 >= optional_from:
            continue  # in the optional part: whatever a copy does there is allowed
        removed = (a0, min(a1, optional_from)) if a0 < min(a1, optional_from) else None
        added = (b0, b1) if b1 > b0 else None
        if added and not removed:
            added = _slide(ids, token_lines, offset, added, left.doc_start)
        if (
            removed
            and added
            and _is_replacement(
                rules,
                removed,
                added,
                variable,
                [index.words[t] for t in ref[removed[0] : removed[1]]],
                words[offset + added[0] : offset + added[1]],
            )
        ):
            continue
        if removed and not added and _allowed_removal(rules, removed, variable, len(ref)):
            continue
        if removed:
            where = offset + (b0 - 1 if b0 > 0 else b0)
            differences.append(
                ("removed", where, where, index.text_of(ref[removed[0] : removed[1]]))
            )
        if added:
            differences.append(
                (
                    "added",
                    offset + added[0],
                    offset + added[1] - 1,
                    " ".join(words[offset + added[0] : offset + added[1]]),
                )
            )
    # A copy that leaves the optional part out is as close as one that keeps it.
    matched_optional = matched - matched_required
    dice = 2 * matched / (required + matched_optional + span_len)
    # Alignment score: tokens matched minus tokens left over on either side (edit-distance
    # like), so a whole text beats a notice it contains and the exact version beats its
    # neighbours.
    # A missing tail (a truncated copy) costs less than a difference inside the text.
    tail = max(0, required - (blocks[-1].ref_start + blocks[-1].size))
    score = matched - 2 * ((required - matched_required - tail) + (span_len - matched)) - tail // 2
    return _Span(number, first, last, matched, coverage, dice, score, tuple(differences))


def _slide(
    ids: Sequence[int],
    token_lines: Sequence[int],
    offset: int,
    added: tuple[int, int],
    floor: int,
) -> tuple[int, int]:
    """Place an inserted passage where a reader would: at a line start if it can be.

    An insertion next to repeated words can be shown at several places ("the software shall
    not ..." or "shall not ... the software"); all are correct, the one starting a line reads
    best, else the leftmost.
    """
    b0, b1 = added
    options = [(b0, b1)]
    while b0 > floor and ids[offset + b0 - 1] == ids[offset + b1 - 1]:
        b0, b1 = b0 - 1, b1 - 1
        options.append((b0, b1))
    for a, b in sorted(options):
        here = offset + a
        if here == 0 or token_lines[here] != token_lines[here - 1]:
            return a, b
    return min(options)


def _optional_from(
    index: MatchIndex, rules: MatchingRules, license_id: str, ref: Sequence[int]
) -> int:
    for phrase in rules.optional_after.get(license_id, ()):
        words = [index.vocabulary.get(t, -1) for t in phrase.text.tokens]
        for i in range(len(ref) - len(words) + 1):
            if list(ref[i : i + len(words)]) == words:
                return i + len(words)
    return len(ref)


def _variable_ranges(
    index: MatchIndex, rules: MatchingRules, license_id: str, ref: Sequence[int]
) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for phrase in rules.variables.get(license_id, ()):
        words = [index.vocabulary.get(t, -1) for t in phrase.text.tokens]
        for i in range(len(ref) - len(words) + 1):
            if list(ref[i : i + len(words)]) == words:
                ranges.append((i, i + len(words)))
    return ranges


def _within(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in ranges)


def _is_replacement(  # noqa: PLR0917 - one private call site
    rules: MatchingRules,
    removed: tuple[int, int],
    added: tuple[int, int],
    variable: list[tuple[int, int]],
    removed_words: Sequence[str],
    added_words: Sequence[str],
) -> bool:
    """Return True for a name put in place of a declared variable, or a year changed."""
    limit = rules.max_replacement_tokens
    if _within(removed, variable):
        return added[1] - added[0] <= 3 * limit
    # Elsewhere only a year may change: any other word can change the terms.
    return (
        len(removed_words) == 1
        and len(added_words) == 1
        and removed_words[0].isdigit()
        and added_words[0].isdigit()
    )


def _allowed_removal(
    rules: MatchingRules, removed: tuple[int, int], variable: list[tuple[int, int]], length: int
) -> bool:
    if removed[0] == 0 and removed[1] <= rules.max_title_tokens and length > 3 * removed[1]:
        return True  # the title, which copies often leave out
    return _within(removed, variable)


def _select(spans: list[_Span], index: MatchIndex) -> list[_Span]:
    """Keep the best-scoring of overlapping candidates; full texts before notices on ties."""
    ranked = sorted(
        spans,
        key=lambda s: (
            -s.score,
            -round(s.dice, 6),
            index.entries[s.number].kind != "text",
            index.entries[s.number].license_id,
        ),
    )
    chosen: list[_Span] = []
    for span in ranked:
        if not any(span.overlaps(c) for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.first)


def _to_match(
    index: MatchIndex, doc: NormalizedText, lines: list[str], span: _Span, path: str | None
) -> LicenseMatch:
    entry = index.entries[span.number]
    info = catalog().get(entry.license_id) or LicenseInfo(entry.license_id, entry.license_id)
    differences = tuple(
        TextDifference(change, text, doc.lines[a], doc.lines[b])
        for change, a, b, text in span.differences
    )
    return LicenseMatch(
        license_id=info.license_id,
        name=info.name,
        method="notice" if entry.kind == "notice" else METHOD,
        score=round(span.coverage, 4),
        path=path,
        start_line=doc.lines[span.first],
        end_line=doc.lines[span.last],
        scancode_key=info.scancode_key,
        hf_id=info.hf_id,
        modified=bool(differences),
        differences=differences,
        matched_text=_line(lines, doc.lines[span.first]),
    )


def _apply_rules(
    doc: NormalizedText, lines: list[str], matches: list[LicenseMatch], path: str | None
) -> list[LicenseMatch]:
    """Add the licences recognised by wording; they replace modified matches they overlap."""
    out = list(matches)
    for rule in license_rules():
        found = rule.find(doc)
        if found is None:
            continue
        start = doc.lines[found[0]]
        following = [
            m.start_line or 0 for m in out if not m.modified and (m.start_line or 0) > start
        ]
        end = min(following) - 1 if following else doc.lines[-1]
        end = max(end, doc.lines[found[1]])
        overlapping = [m for m in out if (m.start_line or 0) <= end and (m.end_line or 0) >= start]
        if any(not m.modified and m.method == METHOD for m in overlapping):
            continue  # an exact registry text is there: the rule names a version it is not
        out = [m for m in out if m not in overlapping or m.method == "notice"]
        out.append(
            _rule_match(
                rule,
                method=METHOD,
                score=1.0,
                path=path,
                lines=(start, end),
                matched_text=_line(lines, start),
            )
        )
    return out


def _rule_match(
    rule: LicenseRule,
    *,
    method: str,
    score: float,
    path: str | None,
    lines: tuple[int | None, int | None],
    matched_text: str,
) -> LicenseMatch:
    """Return the match of a wording rule, named as the catalogue names its licence."""
    info = catalog().get(rule.license_id)
    return LicenseMatch(
        license_id=rule.license_id,
        name=info.name if info else rule.name,
        method=method,
        score=score,
        path=path,
        start_line=lines[0],
        end_line=lines[1],
        scancode_key=info.scancode_key if info else None,
        hf_id=info.hf_id if info else None,
        matched_text=matched_text,
    )


def _unclaimed(
    doc: NormalizedText, lines: list[str], matches: list[LicenseMatch], path: str | None
) -> list[LicenseMatch]:
    """Report the stretches of a licence file that no match covers."""
    claimed = {n for m in matches for n in range(m.start_line or 0, (m.end_line or 0) + 1)}
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(doc.lines):
        free = line not in claimed
        if free and start is None:
            start = i
        if not free and start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(doc.lines) - 1))
    out = list(matches)
    for first, last in runs:
        size = last - first + 1
        if size >= MIN_UNKNOWN_TOKENS or not matches:
            out.append(_unknown(doc, lines, first, last, path))
        elif first == 0 and size <= MAX_TITLE_TOKENS:
            continue  # a title above the text ("BSD 3-Clause License")
        elif size >= MIN_ADDED_TOKENS and len(matches) == 1 and matches[0].method != "notice":
            only = out[0]
            added = TextDifference(
                "added", " ".join(doc.tokens[first : last + 1]), doc.lines[first], doc.lines[last]
            )
            out[0] = attrs.evolve(
                only,
                modified=True,
                differences=tuple(
                    sorted((*only.differences, added), key=lambda d: (d.start_line or 0, d.change))
                ),
            )
    return out


def _unknown(
    doc: NormalizedText, lines: list[str], first: int, last: int, path: str | None
) -> LicenseMatch:
    title_line, title = _title(lines, doc.lines[first], doc.lines[last])
    return LicenseMatch(
        license_id=openlic_ref(f"unknown-{title or path or 'text'}"),
        name=f"Unidentified licence text{f': {title}' if title else ''}",
        method=METHOD,
        score=0.0,
        path=path,
        start_line=title_line,
        end_line=doc.lines[last],
        matched_text=title,
    )


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1].strip()[:200] if 0 < number <= len(lines) else ""


def _title(lines: list[str], first: int = 1, last: int | None = None) -> tuple[int | None, str]:
    # The title may sit on a line with no tokens just above the stretch (a "----- X -----").
    begin = max(1, first - 2)
    end = last if last is not None else len(lines)
    for number in range(begin, end + 1):
        stripped = lines[number - 1].strip().strip("#*=_- \t").strip()
        if stripped and any(c.isalnum() for c in stripped):
            return number, stripped[:120]
    return None, ""


def match_file_name(path: str) -> LicenseMatch | None:
    """Return the licence a licence file's name states, for a file openlic cannot read.

    Vendors ship some licences only as PDF, named by the licence's title ("Community License for
    Baichuan 2 Model.pdf"). The name (without its extension) is read like a text by the wording
    rules of ``data/licenses/rules/licenses.yaml``; a generic name ("LICENSE.pdf") names
    nothing. The match has method ``filename``, no lines, and score 0.5: a title, not a text.
    """
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    doc = normalize(stem)
    if not doc.tokens:
        return None
    for rule in license_rules():
        if rule.find(doc) is not None:
            return _rule_match(
                rule,
                method="filename",
                score=0.5,
                path=path,
                lines=(None, None),
                matched_text=path.rsplit("/", 1)[-1],
            )
    return None


class LicenseFileIdentifier(Identifier):
    """Identifies the licence texts in licence, notice and use-policy files."""

    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return the matches of every licence-like file; unidentified texts become findings."""
        kinds = {FileKind.LICENSE, FileKind.NOTICE, FileKind.USE_POLICY}
        wanted = {e.path: e.kind for e in inventory.entries if e.kind in kinds}
        matches: list[LicenseMatch] = []
        findings: list[Finding] = []
        for f in release.files:
            if f.path not in wanted:
                continue
            if f.text is None:
                by_name = match_file_name(f.path)
                if by_name is not None:
                    matches.append(by_name)
                    findings.append(
                        Finding(
                            "license-named-by-file",
                            Severity.INFO,
                            f"{f.path} could not be read as text; its file name names the "
                            f"{by_name.name}: the licence is taken from the name, and this copy's "
                            "wording was not checked",
                            (Evidence(f.path, None, None, by_name.matched_text),),
                        )
                    )
                continue
            if not f.text:
                continue
            found = match_text(f.text, f.path)
            matches.extend(found)
            for m in found:
                if m.score == 0.0:
                    findings.append(
                        Finding(
                            "license-text-unidentified",
                            Severity.WARNING,
                            f"{f.path} holds a licence text openlic does not recognise"
                            f"{f' ({m.matched_text})' if m.matched_text else ''}; its terms "
                            "were not evaluated",
                            (Evidence(f.path, m.start_line, m.end_line, m.matched_text),),
                        )
                    )
        return Identification(tuple(matches), tuple(findings))
