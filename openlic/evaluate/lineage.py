"""Lineage: the licences of the base models and datasets a model card names.

Base models come from ``data/lineage/base-models.yaml`` (exact repository ids, then prefixes whose
every repository shares its terms); datasets from ``data/lineage/datasets.yaml``. What a base
licence demands of derivatives comes from its licence profile (``data/licenses/profiles``): its
category and its obligations (pass-through, share-alike, include-licence, name-prefix).
"""

from __future__ import annotations

from typing import Any

import attrs

from openlic import kb
from openlic.analysis import Profile, find_profile
from openlic.identification.catalog import catalog


@attrs.frozen
class LineageTerms:
    """openlic's reading of what binds derivatives (``lineage`` in frameworks/evaluation.yaml).

    Attributes:
        binding_categories: profile categories whose terms survive into derivatives.
        binding_obligations: obligation types that carry the base licence's terms on.
        non_commercial: categories that forbid commercial use.
        restrictive_data_terms: dataset tags that can limit a model trained on the data.

    """

    binding_categories: frozenset[str]
    binding_obligations: frozenset[str]
    non_commercial: frozenset[str]
    restrictive_data_terms: tuple[str, ...]


@kb.cached
def lineage_terms() -> LineageTerms:
    """Return the lineage reading from the knowledge base (cached)."""
    data = kb.load("frameworks/evaluation.yaml")["lineage"]
    return LineageTerms(
        frozenset(data["binding_categories"]),
        frozenset(data["binding_obligations"]),
        frozenset(data["non_commercial_categories"]),
        tuple(data["restrictive_data_terms"]),
    )


@attrs.frozen
class BaseModel:
    """A base model's licence as the lineage table records it."""

    repo: str
    license_id: str
    source: str
    note: str = ""


@attrs.frozen
class DatasetTerms:
    """A dataset's licence and restriction tags as the lineage table records them.

    ``verified`` is False for entries the table marks ``confidence: arguable`` (recalled, not
    checked against a stored copy of the dataset card).
    """

    dataset: str
    license_id: str | None
    terms: tuple[str, ...]
    source: str
    note: str = ""
    verified: bool = True


@kb.cached
def _base_models() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    data = kb.load("lineage/base-models.yaml")
    exact = {str(m["repo"]).lower(): m for m in data["models"]}
    prefixes = sorted(data.get("patterns", []), key=lambda p: -len(str(p["prefix"])))
    return exact, prefixes


@kb.cached
def _datasets() -> dict[str, dict[str, Any]]:
    data = kb.load("lineage/datasets.yaml")
    return {str(d["id"]).lower(): d for d in data["datasets"]}


def base_model(repo: str) -> BaseModel | None:
    """Return the licence of base model ``repo`` (exact id, then a shared prefix), or None."""
    exact, prefixes = _base_models()
    key = repo.strip().lower()
    entry = exact.get(key)
    if entry is None:
        entry = next(
            (
                p
                for p in prefixes
                if key.startswith(str(p["prefix"]).lower())
                and not any(key.startswith(str(x).lower()) for x in p.get("except", ()))
            ),
            None,
        )
    if entry is None or not entry.get("license_id"):
        return None
    source = str(entry.get("source") or "data/lineage/base-models.yaml")
    return BaseModel(repo, str(entry["license_id"]), source, str(entry.get("note", "")))


def dataset_terms(dataset: str) -> DatasetTerms | None:
    """Return the recorded terms of dataset ``dataset``, or None when the table lacks it."""
    entry = _datasets().get(dataset.strip().lower())
    if entry is None:
        return None
    license_id = entry.get("license_id")
    return DatasetTerms(
        dataset,
        str(license_id) if license_id else None,
        tuple(str(t) for t in entry.get("terms", ())),
        str(entry.get("source") or "data/lineage/datasets.yaml"),
        str(entry.get("note", "")),
        entry.get("confidence") != "arguable",
    )


def binding_terms(profile: Profile) -> list[str]:
    """Return, in words, what ``profile`` demands of derivatives (empty when nothing binds)."""
    terms = lineage_terms()
    out: list[str] = []
    if profile.category in terms.binding_categories:
        out.append(f"its {profile.category.replace('-', ' ')} terms apply to derivatives")
    for obligation in profile.obligations:
        if obligation.type in terms.binding_obligations:
            ref = f" ({obligation.ref})" if obligation.ref else ""
            out.append(f"{obligation.summary.rstrip('.')}{ref}")
    return out


def name_prefix(profile: Profile) -> str | None:
    """Return the name prefix a derivative must carry (e.g. "Llama"), if the licence sets one."""
    for obligation in profile.obligations:
        if obligation.type == "name-prefix":
            quoted = [part for part in obligation.summary.split('"')[1::2] if part.strip()]
            if quoted:
                return quoted[0]
    return None


def allows_commercial_use(license_id: str) -> bool | None:
    """Return True when ``license_id`` permits commercial use, False when it forbids it.

    None when openlic cannot tell (no profile and not OSI-approved).
    """
    profile = find_profile(license_id)
    if profile is not None:
        return profile.category not in lineage_terms().non_commercial
    info = catalog().get(license_id)
    if info is not None and info.osi_approved:
        return True
    return None


def grants_more_than(declared: str, base: Profile) -> bool:
    """Return True when the declared licence drops terms the base licence binds derivatives to.

    Conservative: True only for a declared licence that is OSI-approved or permissive (it drops
    every restriction), or, under a non-commercial base, one that allows commercial use.
    """
    if declared == base.id or declared in base.aliases:
        return False
    info = catalog().get(declared)
    profile = find_profile(declared)
    permissive = (info is not None and info.osi_approved) or (
        profile is not None and profile.category in ("permissive", "open-data")
    )
    if permissive and binding_terms(base):
        return True
    return (
        base.category in lineage_terms().non_commercial and allows_commercial_use(declared) is True
    )
