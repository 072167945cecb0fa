"""Licence profiles and the restriction taxonomy, read from the knowledge base.

Profiles live in ``data/licenses/profiles/*.yaml`` (one hand-written profile per file) and
``data/licenses/profiles/generated/*.json`` (a ``profiles`` list made by a script); a hand-written
profile wins over a generated one with the same id. Their format is
``data/schema/license-profile.schema.json``; the tests validate every file against it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from openlic import kb
from openlic.errors import KnowledgeBaseError
from openlic.model import FREEDOMS

PROFILE_FOLDER = "licenses/profiles"
GENERATED_FOLDER = "licenses/profiles/generated"
TAXONOMY_FILE = "licenses/taxonomy.yaml"

#: Confidence levels, weakest last.
CONFIDENCES: tuple[str, ...] = ("clear", "arguable")


@attrs.frozen
class CriterionEffect:
    """One OSD criterion a restriction category fails, and how settled that mapping is."""

    criterion: int
    confidence: str


@attrs.frozen
class Category:
    """A kind of restriction (taxonomy entry).

    Attributes:
        id: stable id, e.g. ``user-threshold``.
        name: short human name.
        description: what terms of this kind say.
        osd: the OSD criteria it fails, each with a confidence.
        freedoms: the OSAID freedoms it restricts.
        confidence: default confidence of a verdict resting on it.
        rationale: why (openlic's reading).
        sources: keys of the taxonomy's provenance entries.

    """

    id: str
    name: str
    description: str
    osd: tuple[CriterionEffect, ...]
    freedoms: tuple[str, ...]
    confidence: str
    rationale: str
    sources: tuple[str, ...]


@attrs.frozen
class Taxonomy:
    """Every restriction category, plus the sources they cite."""

    categories: Mapping[str, Category]
    sources: Mapping[str, Mapping[str, Any]]

    def get(self, category_id: str) -> Category:
        """Return the category ``category_id``.

        Raises:
            KnowledgeBaseError: when no such category exists (a broken profile or rule file).

        """
        try:
            return self.categories[category_id]
        except KeyError:
            raise KnowledgeBaseError(f"unknown restriction category {category_id!r}") from None


@attrs.frozen
class Grant:
    """What a licence grants, and the OSD criteria and freedoms that grant supports."""

    ref: str
    quote: str
    criteria: tuple[int, ...]
    freedoms: tuple[str, ...]
    note: str = ""


@attrs.frozen
class Obligation:
    """A condition a licensee must meet (attribution, notice file, name prefix...)."""

    type: str
    summary: str
    ref: str = ""
    quote: str = ""


@attrs.frozen
class Clause:
    """A restricting clause of a licence.

    Attributes:
        ref: section reference, e.g. ``§2`` or ``Attachment A``.
        quote: one or two sentences, verbatim from the licence text.
        categories: taxonomy ids.
        confidence: ``clear`` or ``arguable``.
        criteria: OSD criteria this clause is limited to (empty: all its categories fail).
        title: section title, if any.
        note: the reviewer's remark.

    """

    ref: str
    quote: str
    categories: tuple[str, ...]
    confidence: str
    criteria: tuple[int, ...] = ()
    title: str = ""
    note: str = ""


@attrs.frozen
class Profile:
    """A reviewed reading of one licence or use policy.

    Attributes mirror ``data/schema/license-profile.schema.json``; ``path`` is the data-relative
    file it was read from and ``generated`` says whether a script wrote it.
    """

    id: str
    kind: str
    name: str
    publisher: str
    url: str
    category: str
    osi_approved: bool
    fsf_libre: bool | None
    grants: tuple[Grant, ...]
    obligations: tuple[Obligation, ...]
    clauses: tuple[Clause, ...]
    sources: tuple[Mapping[str, str], ...]
    reviewed: str
    path: str
    spdx: str | None = None
    scancode_key: str | None = None
    hf_ids: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    version: str | None = None
    date: str | None = None
    incorporates: tuple[str, ...] = ()
    text_source: Mapping[str, str] = attrs.field(factory=dict)
    notes: str = ""
    generated: bool = False
    #: What the licence is written for: ``ai``, ``data``, ``content`` or ``software``.
    domain: str = "software"

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str, generated: bool) -> Profile:
        """Build a profile from its parsed YAML/JSON form (already schema-shaped)."""
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            name=str(data["name"]),
            publisher=str(data["publisher"]),
            url=str(data["url"]),
            category=str(data["category"]),
            osi_approved=bool(data["osi_approved"]),
            fsf_libre=data.get("fsf_libre"),
            grants=tuple(
                Grant(
                    ref=str(g["ref"]),
                    quote=str(g["quote"]).strip(),
                    criteria=tuple(int(c) for c in g.get("criteria", ())),
                    freedoms=tuple(str(f) for f in g.get("freedoms", ())),
                    note=str(g.get("note", "")).strip(),
                )
                for g in data.get("grants") or ()
            ),
            obligations=tuple(
                Obligation(
                    type=str(o["type"]),
                    summary=str(o["summary"]).strip(),
                    ref=str(o.get("ref", "")),
                    quote=str(o.get("quote", "")).strip(),
                )
                for o in data.get("obligations") or ()
            ),
            clauses=tuple(
                Clause(
                    ref=str(c["ref"]),
                    quote=str(c["quote"]).strip(),
                    categories=tuple(str(x) for x in c["categories"]),
                    confidence=str(c["confidence"]),
                    criteria=tuple(int(x) for x in c.get("criteria", ())),
                    title=str(c.get("title", "")),
                    note=str(c.get("note", "")).strip(),
                )
                for c in data.get("clauses") or ()
            ),
            sources=tuple({k: str(v) for k, v in s.items()} for s in data.get("sources") or ()),
            reviewed=str(data["reviewed"]),
            path=path,
            spdx=data.get("spdx"),
            scancode_key=data.get("scancode_key"),
            hf_ids=tuple(str(h) for h in data.get("hf_ids") or ()),
            aliases=tuple(str(a) for a in data.get("aliases") or ()),
            version=None if data.get("version") is None else str(data["version"]),
            date=None if data.get("date") is None else str(data["date"]),
            incorporates=tuple(str(i) for i in data.get("incorporates") or ()),
            text_source={k: str(v) for k, v in (data.get("text") or {}).items()},
            notes=str(data.get("notes", "")).strip(),
            generated=generated,
            domain=str(data.get("domain") or "software"),
        )

    @property
    def hand_written(self) -> bool:
        """True for a reviewed, hand-written profile (clause by clause)."""
        return not self.generated


@attrs.frozen
class ProfileIndex:
    """Every profile, with lookups by id, alias, Hub id and ScanCode key (case-insensitive)."""

    by_id: Mapping[str, Profile]
    keys: Mapping[str, str]

    def get(self, key: str) -> Profile | None:
        """Return the profile that ``key`` (id, alias, Hub id or ScanCode key) names, or None."""
        exact = self.by_id.get(key)
        if exact is not None:
            return exact
        found = self.keys.get(key.strip().lower())
        return self.by_id.get(found) if found else None

    def __iter__(self) -> Iterator[Profile]:
        """Iterate over the profiles, sorted by id."""
        return iter(self.by_id[k] for k in sorted(self.by_id, key=lambda i: (i.lower(), i)))

    def __len__(self) -> int:
        """Return the number of profiles."""
        return len(self.by_id)


def _load_taxonomy() -> Taxonomy:
    data = kb.load(TAXONOMY_FILE)
    categories: dict[str, Category] = {}
    for entry in data["categories"]:
        freedoms = tuple(str(f) for f in entry.get("freedoms") or ())
        unknown = [f for f in freedoms if f not in FREEDOMS]
        if unknown:
            raise KnowledgeBaseError(f"{TAXONOMY_FILE}: {entry['id']}: unknown freedoms {unknown}")
        categories[str(entry["id"])] = Category(
            id=str(entry["id"]),
            name=str(entry["name"]),
            description=" ".join(str(entry.get("description", "")).split()),
            osd=tuple(
                CriterionEffect(int(e["criterion"]), str(e["confidence"]))
                for e in entry.get("osd") or ()
            ),
            freedoms=freedoms,
            confidence=str(entry["confidence"]),
            rationale=" ".join(str(entry["rationale"]).split()),
            sources=tuple(str(s) for s in entry.get("sources") or ()),
        )
    sources = {str(s["key"]): dict(s) for s in data.get("provenance") or ()}
    return Taxonomy(categories=categories, sources=sources)


@kb.cached
def taxonomy() -> Taxonomy:
    """Return the restriction taxonomy (read once per knowledge-base location)."""
    return _load_taxonomy()


def _profile_files() -> Iterator[tuple[str, Mapping[str, Any], bool]]:
    for path in kb.iter_files(PROFILE_FOLDER, ".yaml"):
        yield path, kb.load(path), False
    for path in kb.iter_files(GENERATED_FOLDER, ".json"):
        for entry in kb.load(path).get("profiles", ()):
            yield path, entry, True


def _load_profiles() -> ProfileIndex:
    by_id: dict[str, Profile] = {}
    for path, data, generated in _profile_files():
        profile = Profile.from_data(data, path, generated)
        previous = by_id.get(profile.id)
        if previous is not None and previous.hand_written == profile.hand_written:
            raise KnowledgeBaseError(f"licence profile {profile.id} defined twice ({path})")
        if previous is None or profile.hand_written:
            by_id[profile.id] = profile
    keys: dict[str, str] = {}
    # Weakest keys first so that an id always wins over someone else's alias or Hub id.
    for profile in by_id.values():
        for key in (profile.scancode_key, *profile.hf_ids, *profile.aliases):
            if key:
                keys.setdefault(key.lower(), profile.id)
    for profile in by_id.values():
        keys[profile.id.lower()] = profile.id
    return ProfileIndex(by_id=by_id, keys=keys)


@kb.cached
def profiles() -> ProfileIndex:
    """Return every licence profile (read once per knowledge-base location)."""
    return _load_profiles()


def find_profile(key: str) -> Profile | None:
    """Return the profile named by ``key``: an id, an alias, a Hub licence id or a ScanCode key.

    Hub ids that the catalog maps to a licence id (``llama2`` -> the Llama 2 licence) are
    followed too. Returns None when openlic has no profile for it.
    """
    index = profiles()
    found = index.get(key)
    if found is not None:
        return found
    from openlic.identification.catalog import catalog  # noqa: PLC0415 - avoids a cycle

    cat = catalog()
    info = cat.from_hf_id(key) or cat.get(key)
    if info is None and cat.by_scancode_key.get(key.strip().lower()):
        info = cat.get(cat.by_scancode_key[key.strip().lower()])
    return index.get(info.license_id) if info is not None else None
