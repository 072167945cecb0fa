"""Write the first draft of a licence profile, for a reviewer to complete.

A profile is reviewed knowledge: a person reads the licence and records its grants, obligations
and restricting clauses with verbatim quotes. This script only saves the typing around that
reading. For each id it writes ``data/licenses/profiles/<id>.yaml`` with the identity fields
filled in from openlic's own data (SPDX list flags, ScanCode key and category, Hugging Face ids),
an empty grants/obligations/clauses skeleton, and, as YAML comments, the clause detector's hits
in the reference text as pointers for the reviewer. The draft's ``reviewed`` field is
``DRAFT``, which the profile schema rejects, so a draft nobody reviewed cannot pass the tests.

Usage::

    python scripts/draft_license_profile.py ID [ID ...]   # refuses to overwrite a profile
    python scripts/draft_license_profile.py --stdout ID   # print instead of writing
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from generate_license_profiles import SCANCODE_TO_CATEGORY

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "licenses"
PROFILES = DATA / "profiles"
TEXTS = DATA / "reference" / "texts"
sys.path.insert(0, str(REPO))

#: ScanCode category -> the profile category a reviewer most often confirms (a suggestion only):
#: the mapping the OSI-approved profiles are generated with, plus the non-free categories.
SUGGESTED_CATEGORY = {
    **SCANCODE_TO_CATEGORY,
    "Source-available": "proprietary",
    "Free Restricted": "proprietary",
    "Proprietary Free": "proprietary",
    "Commercial": "proprietary",
    "Non-Commercial": "non-commercial",
    "CLA": "proprietary",
}


@functools.cache
def _load() -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    spdx = {e["id"]: e for e in json.loads((DATA / "spdx.json").read_text("utf-8"))["licenses"]}
    index = json.loads((DATA / "reference" / "index.json").read_text("utf-8"))
    reference = {e["id"]: e for e in index["licenses"]}
    hub = yaml.safe_load((REPO / "data" / "hub" / "license-ids.yaml").read_text("utf-8"))
    hf_ids: dict[str, list[str]] = {}
    for entry in hub["licenses"]:
        if entry.get("id"):
            hf_ids.setdefault(entry["id"], []).append(entry["hf_id"])
    return spdx, reference, hf_ids


def _detector_comments(license_id: str) -> list[str]:
    path = TEXTS / f"{license_id}.txt"
    if not path.is_file():
        return ["# No reference text ships for this id: quote from a cited source under `text:`."]
    from openlic.analysis.detector import detect_clauses

    text = path.read_text("utf-8")
    lines = [f"# Reference text: data/licenses/reference/texts/{license_id}.txt"]
    hits = detect_clauses(text)
    if not hits:
        lines.append("# Clause detector: no restriction found (read the text anyway).")
    for hit in hits:
        lines.append(
            f"# Detector: {hit.category} ({hit.rule}), lines {hit.start_line}-{hit.end_line}: "
            + " ".join(hit.text.split())[:200]
        )
    return lines


def draft(license_id: str) -> str:
    """Return the YAML text of a draft profile for ``license_id``."""
    spdx, reference, hf_ids = _load()
    entry = spdx.get(license_id)
    ref = reference.get(license_id, {})
    if entry is None and not ref:
        raise SystemExit(f"{license_id}: not on the SPDX list and no reference text")
    name = (entry or ref).get("name") or license_id
    scancode_category = ref.get("category")
    fields: dict[str, Any] = {
        "schema_version": 1,
        "id": license_id,
        "kind": "license",
        "spdx": license_id if entry else None,
        "scancode_key": ref.get("scancode_key"),
        "hf_ids": sorted(hf_ids.get(license_id, [])),
        "name": name,
        "version": None,
        "publisher": "TODO",
        "date": None,
        "url": f"https://spdx.org/licenses/{license_id}.html" if entry else "TODO",
        "category": SUGGESTED_CATEGORY.get(scancode_category or "", "TODO"),
        "osi_approved": bool(entry and entry.get("osi_approved")),
        "fsf_libre": True if entry and entry.get("fsf_libre") else None,
        "grants": [],
        "obligations": [],
        "clauses": [],
        "sources": [
            {
                "title": f"SPDX License List entry {license_id}",
                "url": f"https://spdx.org/licenses/{license_id}.html",
            }
        ]
        if entry
        else [],
        "reviewed": "DRAFT",
    }
    if ref.get("scancode_key"):
        fields["sources"].append(
            {
                "title": f"ScanCode LicenseDB entry {ref['scancode_key']}",
                "url": f"https://scancode-licensedb.aboutcode.org/{ref['scancode_key']}.html",
            }
        )
    header = [
        f"# {name}. DRAFT written by scripts/draft_license_profile.py: read the licence, fill in",
        "# grants, obligations and clauses with verbatim quotes, then set `reviewed` to the date.",
        f"# ScanCode category: {scancode_category or 'none'}; SPDX deprecated: "
        f"{bool(entry and entry.get('deprecated'))}",
        *_detector_comments(license_id),
    ]
    body = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body


def main(argv: list[str] | None = None) -> int:
    """Write (or print) one draft per id; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--stdout", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    status = 0
    for license_id in args.ids:
        text = draft(license_id)
        if args.stdout:
            sys.stdout.write(text)
            continue
        target = PROFILES / f"{license_id}.yaml"
        if target.exists():
            print(f"{target.relative_to(REPO)}: exists, not overwritten", file=sys.stderr)
            status = 1
            continue
        target.write_text(text, encoding="utf-8")
        print(target.relative_to(REPO))
    return status


if __name__ == "__main__":
    sys.exit(main())
