"""``openlic licenses``: the licences openlic has profiles for, with their verdicts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from openlic.cli.common import EXIT_OK, fail

#: Domains of data/schema/license-profile.schema.json, for --domain.
DOMAINS = ("ai", "data", "content", "software")

#: Categories of data/schema/license-profile.schema.json, for --category.
CATEGORIES = (
    "permissive",
    "weak-copyleft",
    "copyleft",
    "open-data",
    "responsible-ai-use-restricted",
    "community-user-cap",
    "non-commercial",
    "research-only",
    "proprietary",
    "use-policy",
)


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    parser = sub.add_parser(
        name,
        help="list the licences openlic has profiles for",
        description=(
            "List every licence profile: id, category, the OSD criteria it fails and the "
            "freedoms it grants (u=use, s=study, m=modify, h=share; upper case = granted, "
            "lower case = restricted, . = unknown). `openlic explain ID` shows one in full."
        ),
    )
    parser.add_argument("--category", choices=CATEGORIES, help="only this category")
    parser.add_argument(
        "--domain",
        choices=DOMAINS,
        help="only licences written for: ai (models, use policies), data, content, software",
    )
    parser.add_argument(
        "--reviewed-only",
        action="store_true",
        help="only hand-written profiles (leave out the generated OSI-approved ones)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def rows(
    category: str | None, reviewed_only: bool, domain: str | None = None
) -> list[dict[str, Any]]:
    """Return one summary per profile, sorted by id, filtered by category and domain."""
    from openlic.analysis import profiles, read_profile  # noqa: PLC0415

    out: list[dict[str, Any]] = []
    for profile in profiles():
        if category and profile.category != category:
            continue
        if domain and profile.domain != domain:
            continue
        if reviewed_only and profile.generated:
            continue
        reading = read_profile(profile)
        out.append(
            {
                "id": profile.id,
                "name": profile.name,
                "kind": profile.kind,
                "category": profile.category,
                "domain": profile.domain,
                "osi_approved": profile.osi_approved,
                "hf_ids": list(profile.hf_ids),
                "generated": profile.generated,
                "osd_failed": list(reading.osd.failed),
                "osd_passed": [
                    n for n, c in sorted(reading.osd.criteria.items()) if c.verdict.value == "pass"
                ],
                "freedoms": {f: v.verdict.value for f, v in reading.freedoms.items()},
            }
        )
    return out


def _letters(freedoms: dict[str, str]) -> str:
    out = []
    for freedom, letter in (("use", "u"), ("study", "s"), ("modify", "m"), ("share", "h")):
        verdict = freedoms[freedom]
        out.append(
            letter.upper() if verdict == "granted" else letter if verdict == "restricted" else "."
        )
    return "".join(out)


def run(args: argparse.Namespace) -> int:
    """List the profiles."""
    found = rows(args.category, args.reviewed_only, args.domain)
    if args.format == "json":
        sys.stdout.write(json.dumps({"licenses": found}, indent=2, sort_keys=True) + "\n")
        return EXIT_OK
    if not found:
        return fail("no licence profile matches the filters", EXIT_OK)
    width = max(len(r["id"]) for r in found)
    print(f"{'ID':<{width}}  {'CATEGORY':<29}  FREEDOMS  OSD FAILED")
    for r in found:
        failed = ",".join(str(n) for n in r["osd_failed"]) or "-"
        print(f"{r['id']:<{width}}  {r['category']:<29}  {_letters(r['freedoms']):<8}  {failed}")
    print(f"\n{len(found)} licences. Not legal advice.")
    return EXIT_OK
