"""The licence catalog: every licence openlic can name, keyed by its id.

It merges four knowledge-base files: the SPDX licence list (``licenses/spdx.json``), the
reference texts from the ScanCode LicenseDB (``licenses/reference/index.json``), the Hugging
Face Hub licence ids (``hub/license-ids.yaml``) and the licences openlic recognises by their
wording (``licenses/rules/licenses.yaml``). Ids are SPDX ids where the licence is on the SPDX
list, ``LicenseRef-scancode-<key>`` where only the LicenseDB has it, and ``LicenseRef-openlic-...``
for licences openlic describes itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from openlic import kb

_SLUG = re.compile(r"[^a-z0-9]+")


@attrs.frozen
class LicenseInfo:
    """What openlic knows about one licence's identity.

    Attributes:
        license_id: SPDX id or LicenseRef id.
        name: full name.
        spdx_listed: True when ``license_id`` is on the SPDX licence list.
        osi_approved: OSI approval per the SPDX list (False for licences not on it).
        fsf_libre: FSF "free/libre" flag per the SPDX list.
        deprecated: deprecated SPDX id.
        scancode_key: ScanCode LicenseDB key, or None.
        hf_ids: Hugging Face Hub licence ids that denote it.
        category: ScanCode category, or None.
        text_path: data-relative path of the reference text, or None.
        is_exception: an SPDX licence exception (``WITH`` operand), not a licence.
        applies_to: what the licence is written for: ``model`` (AI model weights and their
            materials), ``data``, ``policy`` (an acceptable-use policy), or None (software and
            general-purpose licences).

    """

    license_id: str
    name: str
    spdx_listed: bool = False
    osi_approved: bool = False
    fsf_libre: bool = False
    deprecated: bool = False
    scancode_key: str | None = None
    hf_ids: tuple[str, ...] = ()
    category: str | None = None
    text_path: str | None = None
    is_exception: bool = False
    applies_to: str | None = None

    @property
    def hf_id(self) -> str | None:
        """The main Hugging Face Hub id, if any."""
        return self.hf_ids[0] if self.hf_ids else None


@attrs.frozen
class Catalog:
    """Lookup tables over every known licence."""

    by_id: Mapping[str, LicenseInfo]
    by_lower_id: Mapping[str, str]
    by_hf_id: Mapping[str, str]
    by_scancode_key: Mapping[str, str]
    hf_aliases: Mapping[str, str]
    hf_meta: frozenset[str]

    def get(self, license_id: str) -> LicenseInfo | None:
        """Return the licence with this id (case-insensitive), or None."""
        exact = self.by_id.get(license_id)
        if exact is not None:
            return exact
        canonical = self.by_lower_id.get(license_id.lower())
        return self.by_id.get(canonical) if canonical else None

    def from_hf_id(self, value: str) -> LicenseInfo | None:
        """Return the licence a Hub licence id (or a common alias of one) denotes, or None."""
        key = value.strip().lower()
        key = self.hf_aliases.get(key, key)
        license_id = self.by_hf_id.get(key)
        return self.by_id.get(license_id) if license_id else None

    def is_hf_meta(self, value: str) -> bool:
        """Return True for the Hub's meta ids (``other``, ``unknown``) that name no licence."""
        return value.strip().lower() in self.hf_meta

    def __iter__(self) -> Iterator[LicenseInfo]:
        """Iterate over every licence, sorted by id."""
        return iter(self.by_id[k] for k in sorted(self.by_id))


def _load_catalog() -> Catalog:
    infos: dict[str, dict[str, Any]] = {}
    spdx = kb.load("licenses/spdx.json")
    for entry in spdx["licenses"]:
        infos[entry["id"]] = {
            "license_id": entry["id"],
            "name": entry["name"],
            "spdx_listed": True,
            "osi_approved": bool(entry.get("osi_approved")),
            "fsf_libre": bool(entry.get("fsf_libre")),
            "deprecated": bool(entry.get("deprecated")),
        }
    for entry in spdx.get("exceptions", []):
        infos[entry["id"]] = {
            "license_id": entry["id"],
            "name": entry["name"],
            "spdx_listed": True,
            "deprecated": bool(entry.get("deprecated")),
            "is_exception": True,
        }
    reference = kb.load("licenses/reference/index.json")
    for entry in reference["licenses"]:
        info = infos.setdefault(entry["id"], {"license_id": entry["id"], "name": entry["name"]})
        info["scancode_key"] = entry.get("scancode_key")
        info["category"] = entry.get("category")
        info["text_path"] = "licenses/reference/" + entry["text"]
        info["is_exception"] = bool(entry.get("is_exception")) or info.get("is_exception", False)
    by_hf: dict[str, str] = {}
    meta: set[str] = set()
    hub = kb.load("hub/license-ids.yaml")
    for entry in hub["licenses"]:
        hf_id = str(entry["hf_id"]).lower()
        if entry.get("kind") in ("other", "unknown") or not entry.get("id"):
            meta.add(hf_id)
            continue
        license_id = str(entry["id"])
        info = infos.setdefault(
            license_id,
            {"license_id": license_id, "name": entry.get("name") or license_id},
        )
        if entry.get("scancode_key") and not info.get("scancode_key"):
            info["scancode_key"] = entry["scancode_key"]
        info.setdefault("hf_ids", []).append(str(entry["hf_id"]))
        by_hf[hf_id] = license_id
    for entry in kb.load("licenses/rules/licenses.yaml")["licenses"]:
        # Licences openlic recognises by wording: known by the name the rule gives them.
        infos.setdefault(str(entry["id"]), {"license_id": str(entry["id"]), "name": entry["name"]})
    for entry in kb.load("licenses/applies-to.yaml")["licenses"]:
        if entry["id"] in infos:
            infos[entry["id"]]["applies_to"] = entry["applies_to"]
    alias_data = hub.get("aliases") or {}
    alias_entries = [
        *alias_data.get("entries", []),
        *alias_data.get("seen_once", []),
        *alias_data.get("known_variants", []),
    ]
    aliases = {
        str(a["value"]).strip().lower(): str(a["hf_id"]).lower()
        for a in alias_entries
        if a.get("value") and a.get("hf_id")
    }
    by_id = {
        k: LicenseInfo(**{**v, "hf_ids": tuple(v.get("hf_ids", ()))}) for k, v in infos.items()
    }
    return Catalog(
        by_id=by_id,
        by_lower_id={k.lower(): k for k in by_id},
        by_hf_id=by_hf,
        by_scancode_key={v.scancode_key: k for k, v in by_id.items() if v.scancode_key},
        hf_aliases=aliases,
        hf_meta=frozenset(meta),
    )


@kb.cached
def catalog() -> Catalog:
    """Return the licence catalog (built once per knowledge-base location)."""
    return _load_catalog()


def openlic_ref(name: str) -> str:
    """Return a ``LicenseRef-openlic-...`` id for a licence known only by ``name``."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:60] or "unnamed"
    return f"LicenseRef-openlic-{slug}"
