"""Generate the shared licence profiles of OSI-approved licences from the SPDX list flags.

Writes ``data/licenses/profiles/generated/osi-approved.json``: one profile per OSI-approved SPDX
licence (deprecated ids included, since releases still use them), marked ``generated_by``. These
profiles have no clauses: an OSI-approved licence passes every OSD criterion ("OSI-approved"),
so what a profile adds is its category, flags and sources. Hand-written profiles in
``data/licenses/profiles/*.yaml`` override a generated one with the same id.

Usage::

    python scripts/generate_license_profiles.py           # rewrite the file
    python scripts/generate_license_profiles.py --check   # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "licenses"
OUT = DATA / "profiles" / "generated" / "osi-approved.json"
OVERRIDES = DATA / "profiles" / "generated" / "category-overrides.yaml"
SCANCODE_TO_CATEGORY = {
    "Permissive": "permissive",
    "Public Domain": "permissive",
    "Copyleft Limited": "weak-copyleft",
    "Copyleft": "copyleft",
}


def build() -> str:
    """Return the JSON text of the generated profiles."""
    spdx = json.loads((DATA / "spdx.json").read_text(encoding="utf-8"))
    reference = json.loads((DATA / "reference" / "index.json").read_text(encoding="utf-8"))
    overrides = yaml.safe_load(OVERRIDES.read_text(encoding="utf-8"))["categories"]
    by_id = {e["id"]: e for e in reference["licenses"]}
    reviewed = spdx["provenance"].get("retrieved") or spdx["provenance"].get("date")
    profiles: list[dict[str, Any]] = []
    for entry in spdx["licenses"]:
        if not entry.get("osi_approved"):
            continue
        license_id = entry["id"]
        ref = by_id.get(license_id, {})
        category = overrides.get(license_id) or SCANCODE_TO_CATEGORY.get(ref.get("category"))
        if category is None:
            sys.exit(
                f"{license_id}: no category (ScanCode says {ref.get('category')!r}); "
                f"add it to {OVERRIDES.relative_to(REPO)}"
            )
        profiles.append(
            {
                "schema_version": 1,
                "id": license_id,
                "kind": "license",
                "spdx": license_id,
                "scancode_key": ref.get("scancode_key"),
                "name": entry["name"],
                "publisher": "see the licence text",
                "url": f"https://spdx.org/licenses/{license_id}.html",
                "category": category,
                "osi_approved": True,
                "fsf_libre": bool(entry.get("fsf_libre")),
                "grants": [],
                "obligations": [],
                "clauses": [],
                "sources": [
                    {
                        "title": f"SPDX License List entry {license_id} (isOsiApproved)",
                        "url": f"https://spdx.org/licenses/{license_id}.html",
                    },
                    {
                        "title": "OSI-approved licenses",
                        "url": "https://opensource.org/licenses",
                    },
                ],
                "reviewed": str(reviewed),
                "generated_by": "scripts/generate_license_profiles.py",
            }
        )
    document = {
        "provenance": {
            "generator": "scripts/generate_license_profiles.py",
            "inputs": [
                "data/licenses/spdx.json (osi_approved, fsf_libre flags)",
                "data/licenses/reference/index.json (ScanCode category)",
                "data/licenses/profiles/generated/category-overrides.yaml",
            ],
            "spdx_list": f"SPDX License List {spdx['provenance']['source'].get('version', '?')}",
        },
        "profiles": profiles,
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    """Write or check the generated profiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    text = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(REPO)} is stale: run scripts/generate_license_profiles.py")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
