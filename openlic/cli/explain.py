"""``openlic explain LICENCE``: a licence read clause by clause against the OSD and the freedoms.

LICENCE is a licence id (SPDX or LicenseRef), a Hugging Face Hub licence id, a ScanCode key,
or the path of a licence file. A file is identified first; its clauses are then quoted with
their lines in that file. Without a profile, the clause detector reads the file (heuristic).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openlic.cli.common import EXIT_OK, fail

if TYPE_CHECKING:
    from openlic.analysis import LicenseReading, Profile

#: Largest licence file `openlic explain` reads.
EXPLAIN_MAX_BYTES = 5 * 1024 * 1024


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    parser = sub.add_parser(
        name,
        help="explain a licence: OSD criteria, freedoms, clauses, obligations",
        description=(
            "Print openlic's reading of LICENCE (an id, a Hub licence id, a ScanCode key or a "
            "licence file): each OSD criterion, the four OSAID freedoms, the restricting "
            "clauses with quotes, the obligations and the sources. Not legal advice."
        ),
    )
    parser.add_argument("licence", metavar="LICENCE")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    """Explain ``args.licence`` and print the result."""
    from openlic.analysis import find_profile, read_profile  # noqa: PLC0415

    path = Path(args.licence)
    if path.is_file():
        loaded = _read_file(path)
        if isinstance(loaded, str):
            return fail(loaded)
        reading, source = loaded
        if reading is None:
            return fail(f"{args.licence}: no licence found in this file")
    else:
        profile = find_profile(args.licence)
        if profile is None:
            return fail(
                f"unknown licence {args.licence!r}: give an SPDX or LicenseRef id, a Hub licence "
                "id, a ScanCode key or a licence file (`openlic licenses` lists the known ones)"
            )
        reading, source = read_profile(profile), None
    data = as_dict(reading, source)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(as_text(data))
    return EXIT_OK


def _read_file(path: Path) -> tuple[LicenseReading | None, str] | str:
    """Identify the licence in ``path`` and read it there; return an error message on failure."""
    from openlic.analysis import read_license  # noqa: PLC0415
    from openlic.identification import identify_text  # noqa: PLC0415
    from openlic.model import Release, ReleaseFile  # noqa: PLC0415
    from openlic.sources.textio import decode  # noqa: PLC0415

    try:
        with path.open("rb") as handle:
            data = handle.read(EXPLAIN_MAX_BYTES + 1)
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    if len(data) > EXPLAIN_MAX_BYTES:
        return f"{path} is larger than {EXPLAIN_MAX_BYTES} bytes"
    decoded = decode(data, path.name)
    if decoded.text is None:
        return f"{path} is a binary file, not a licence text"
    name = path.name
    matches = identify_text(decoded.text, name)
    if not matches:
        return None, str(path)
    release = Release(
        name=name,
        source=str(path),
        revision=None,
        files=(ReleaseFile(path=name, size=len(data), text=decoded.text),),
    )
    # The licence that covers most of the file is the one to explain.
    best = max(matches, key=lambda m: ((m.end_line or 0) - (m.start_line or 0), m.score))
    same = tuple(m for m in matches if m.license_id == best.license_id)
    return read_license(best.license_id, same, release), str(path)


def _profile_dict(profile: Profile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "kind": profile.kind,
        "name": profile.name,
        "version": profile.version,
        "publisher": profile.publisher,
        "date": profile.date,
        "url": profile.url,
        "category": profile.category,
        "osi_approved": profile.osi_approved,
        "fsf_libre": profile.fsf_libre,
        "spdx": profile.spdx,
        "scancode_key": profile.scancode_key,
        "hf_ids": list(profile.hf_ids),
        "incorporates": list(profile.incorporates),
        "generated": profile.generated,
        "obligations": [
            {"type": o.type, "ref": o.ref, "summary": o.summary, "quote": o.quote}
            for o in profile.obligations
        ],
        "sources": [dict(s) for s in profile.sources],
        "notes": profile.notes,
    }


def as_dict(reading: LicenseReading, file: str | None) -> dict[str, Any]:
    """Return the JSON form of ``openlic explain``."""
    return {
        "license_id": reading.license_id,
        "file": file,
        "profile": _profile_dict(reading.profile) if reading.profile else None,
        "heuristic": reading.heuristic,
        "notes": list(reading.notes),
        "osd": reading.osd.to_dict(),
        "freedoms": {f: v.to_dict() for f, v in reading.freedoms.items()},
        "clauses": [c.to_dict() for c in reading.clauses],
        "disclaimer": "openlic's reading of the licence text; not legal advice",
    }


def _criterion_titles() -> dict[str, str]:
    from openlic import kb  # noqa: PLC0415

    return {str(c["number"]): str(c["title"]) for c in kb.load("frameworks/osd.yaml")["criteria"]}


def _wrap(text: str, indent: str) -> list[str]:
    lines = textwrap.wrap(
        text,
        96,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return lines or [indent]


def _where(evidence: list[dict[str, Any]]) -> str:
    places = []
    for e in evidence:
        if e["start_line"] is None:
            places.append(e["path"])
        elif e["start_line"] == e["end_line"]:
            places.append(f"{e['path']}:{e['start_line']}")
        else:
            places.append(f"{e['path']}:{e['start_line']}-{e['end_line']}")
    return ", ".join(dict.fromkeys(places))


def as_text(data: dict[str, Any]) -> str:
    """Return the text form of ``openlic explain``."""
    out: list[str] = []
    profile = data["profile"]
    if profile:
        out.append(profile["name"])
        ids = [f"id: {profile['id']}"]
        if profile["hf_ids"]:
            ids.append(f"Hub: {', '.join(profile['hf_ids'])}")
        if profile["scancode_key"]:
            ids.append(f"ScanCode: {profile['scancode_key']}")
        out.append("  " + "   ".join(ids))
        facts = [f"publisher: {profile['publisher']}"]
        if profile["version"]:
            facts.append(f"version {profile['version']}")
        if profile["date"]:
            facts.append(f"date {profile['date']}")
        out.append("  " + ", ".join(facts))
        out.append(f"  url: {profile['url']}")
        fsf = {True: "yes", False: "no", None: "not classified"}[profile["fsf_libre"]]
        osi = "yes" if profile["osi_approved"] else "no"
        out.append(f"  category: {profile['category']}   OSI-approved: {osi}   FSF libre: {fsf}")
        if profile["incorporates"]:
            out.append(f"  incorporates: {', '.join(profile['incorporates'])}")
    else:
        out.append(f"{data['license_id']} (no profile: read by the clause detector)")
    if data["file"]:
        out.append(f"  read in: {data['file']}")
    for note in data["notes"]:
        out.extend(_wrap(note, "  note: "))
    out.append("")
    out.append("Open Source Definition" + (" (heuristic reading)" if data["heuristic"] else ""))
    titles = _criterion_titles()
    for number, verdict in data["osd"]["criteria"].items():
        confidence = verdict["confidence"] or ""
        mark = " *" if verdict["heuristic"] and verdict["verdict"] != "unknown" else ""
        reason = verdict["reasons"][0] if verdict["reasons"] else ""
        more = f" (+{len(verdict['reasons']) - 1} more)" if len(verdict["reasons"]) > 1 else ""
        head = f"  {number:>2} {titles.get(number, ''):<44} {verdict['verdict']:<8}"
        out.append(f"{head} {confidence:<8}{mark}")
        out.extend(_wrap(reason + more, "       "))
    out.append("")
    out.append("Freedoms (OSAID 1.0, this licence alone)")
    for freedom, verdict in data["freedoms"].items():
        reasons = "; ".join(verdict["reasons"])
        out.extend(_wrap(f"{freedom:<7} {verdict['verdict']:<10} {reasons}", "  "))
    out.append("")
    out.append("Clauses")
    if not data["clauses"]:
        out.append("  none that restrict")
    for clause in data["clauses"]:
        cats = ", ".join(clause["categories"])
        tag = " heuristic" if clause["heuristic"] else ""
        out.append(f"  {clause['ref']}  [{cats}] {clause['confidence']}{tag}")
        out.extend(_wrap(f'"{clause["quote"]}"', "      "))
        if clause["note"]:
            out.extend(_wrap(clause["note"], "      "))
        if clause["evidence"]:
            out.append(f"      at {_where(clause['evidence'])}")
    if profile:
        out.append("")
        out.append("Obligations")
        if not profile["obligations"]:
            out.append("  none recorded")
        for o in profile["obligations"]:
            ref = f" ({o['ref']})" if o["ref"] else ""
            out.extend(_wrap(f"- {o['type']}{ref}: {o['summary']}", "  "))
        out.append("")
        out.append("Sources")
        for s in profile["sources"]:
            out.extend(_wrap(f"- {s['title']} <{s['url']}>", "  "))
    out.append("")
    out.append("* heuristic: found by the clause detector. Not legal advice.")
    return "\n".join(out) + "\n"
