"""Licences in READMEs, model-card bodies, documentation and source-file headers.

These files are prose or code, not licence terms, so only what they state about licensing is
taken: whole licence texts and standard notices quoted in them (method ``text``/``notice``) and,
outside those, licences they name (method ``reference``, see :mod:`.references`). Stretches that
match nothing are prose, never "unidentified licences".
"""

from __future__ import annotations

from openlic.identification.interface import Identification, Identifier
from openlic.identification.references import find_references, without_front_matter
from openlic.identification.text import match_text
from openlic.model import FileKind, Inventory, LicenseMatch, Release

#: Kinds read as prose: all of the text is searched.
PROSE_KINDS = (FileKind.README, FileKind.MODEL_CARD, FileKind.DOC)
#: Kinds read as code: only the header (the first lines) is searched.
CODE_KINDS = (FileKind.CODE, FileKind.SCRIPT)
#: Least coverage of a modified licence text quoted in prose.
MIN_PROSE_COVERAGE = 0.9
#: How much of a source file is its header.
HEADER_CHARS = 4096


def identify_prose(text: str, path: str | None = None) -> list[LicenseMatch]:
    """Return the licence texts, notices and references in a prose ``text``, in line order.

    A card's YAML front matter is left out (its licence fields are card metadata). A licence
    text quoted in prose counts when it is whole or nearly so (:data:`MIN_PROSE_COVERAGE`):
    a partial quotation is not enough to tell versions apart. References inside a matched text
    or notice are part of it and are not repeated.
    """
    body = "\n".join(without_front_matter(text.splitlines()))
    texts = [
        m
        for m in match_text(body, path, licence_file=False)
        if not m.modified or m.score >= MIN_PROSE_COVERAGE
    ]
    covered = [(m.start_line or 0, m.end_line or 0) for m in texts]
    references = [
        r
        for r in find_references(text, path)
        if not any(a <= (r.start_line or 0) <= b for a, b in covered)
    ]
    return sorted(
        [*texts, *references], key=lambda m: (m.start_line or 0, m.end_line or 0, m.license_id)
    )


class ProseIdentifier(Identifier):
    """Finds licences quoted or named in READMEs, card bodies, docs and source-file headers.

    References that name no part of the release are left out of the audit (see
    :mod:`.references`); :func:`identify_prose` still returns them.
    """

    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return the texts, notices and references of every prose file and code header."""
        kinds = {e.path: e.kind for e in inventory.entries}
        matches: list[LicenseMatch] = []
        for f in release.files:
            kind = kinds.get(f.path)
            if not f.text:
                continue
            if kind in PROSE_KINDS:
                # In an audit a reference is evidence only when it says which part of the
                # release it covers; the others ("derived from X, originally under Y") are
                # shown by `openlic identify` but would only add noise and false findings.
                matches.extend(
                    m for m in identify_prose(f.text, f.path) if m.method != "reference" or m.scope
                )
            elif kind in CODE_KINDS:
                head = f.text[:HEADER_CHARS]
                # Most source files carry no licence header: a substring test spares them the
                # engine (a notice always names its licence).
                lowered = head.lower()
                if "licen" in lowered or "free software" in lowered:
                    matches.extend(match_text(head, f.path, licence_file=False))
        return Identification(tuple(matches))
