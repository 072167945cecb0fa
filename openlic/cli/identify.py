"""``openlic identify``: the licences found in files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from openlic.cli.common import EXIT_OK, fail

#: Largest file `openlic identify` reads.
IDENTIFY_MAX_BYTES = 5 * 1024 * 1024


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    ident = sub.add_parser(
        name,
        help="identify the licences in files",
        description=(
            "Print the licences found in each FILE: full licence texts (with modified=true and "
            "the added and removed passages when a copy departs from the known text), standard "
            "notices, SPDX-License-Identifier lines and, in READMEs and other prose, licences "
            "named in sentences, labels, badges, tables and links. A licence file's text that "
            "matches nothing known is reported as unidentified, never guessed."
        ),
    )
    ident.add_argument("files", nargs="+", metavar="FILE")
    ident.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    """Identify the licences in ``args.files`` and print them."""
    from openlic.identification import identify_text  # noqa: PLC0415
    from openlic.sources.textio import decode  # noqa: PLC0415

    results: list[dict[str, Any]] = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            return fail(f"not a readable file: {name}")
        try:
            with path.open("rb") as handle:
                data = handle.read(IDENTIFY_MAX_BYTES + 1)
        except OSError as exc:
            return fail(f"cannot read {name}: {exc.strerror}")
        if len(data) > IDENTIFY_MAX_BYTES:
            return fail(f"{name} is larger than {IDENTIFY_MAX_BYTES} bytes")
        decoded = decode(data, name)
        if decoded.text is None:
            results.append(
                {"path": name, "error": "binary file, not a licence text", "matches": []}
            )
            continue
        matches = identify_text(decoded.text, name)
        results.append({"path": name, "matches": [m.to_dict() for m in matches]})
    if args.format == "json":
        sys.stdout.write(json.dumps({"files": results}, indent=2, sort_keys=True) + "\n")
        return EXIT_OK
    for result in results:
        print(f"{result['path']}:")
        if result.get("error"):
            print(f"  {result['error']}")
        elif not result["matches"]:
            print("  no licence found")
        for m in result["matches"]:
            lines = f"{m['start_line']}-{m['end_line']}" if m["start_line"] else "-"
            flag = " (modified)" if m["modified"] else ""
            how = f"{m['method']}, lines {lines}, score {m['score']}"
            if m["scope"]:
                how += f", about: {', '.join(m['scope'])}"
            print(f"  {m['id']}{flag}  {m['name']}  [{how}]")
            for d in m["differences"]:
                where = f"{d['start_line']}-{d['end_line']}" if d["start_line"] else "-"
                text = d["text"] if len(d["text"]) <= 100 else d["text"][:97] + "..."
                print(f"    {d['change']} at {where}: {text}")
    return EXIT_OK
