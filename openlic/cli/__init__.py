"""The command-line interface: the only part of openlic that prints or exits.

Exit codes: 0 the command ran (whatever the release holds); 1 reserved for a failed policy;
2 a usage error or an unreadable input; 3 an internal error of openlic.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

#: Largest file `openlic identify` reads.
IDENTIFY_MAX_BYTES = 5 * 1024 * 1024


def _version() -> str:
    from openlic import __version__  # noqa: PLC0415

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openlic",
        description=(
            "Audit a machine-learning model release: licences per component, Open Source "
            "Definition criteria, OSAID 1.0 freedoms, Model Openness Framework classes. "
            "Not legal advice."
        ),
    )
    parser.add_argument("--version", action="version", version=f"openlic {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="audit a release folder",
        description="Audit the release in PATH and print the report.",
    )
    check.add_argument("path", metavar="PATH", help="folder holding the release")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--max-text-bytes",
        type=int,
        default=5 * 1024 * 1024,
        metavar="N",
        help="files larger than N bytes are typed by name and header only (default 5 MiB)",
    )

    ident = sub.add_parser(
        "identify",
        help="identify the licences in files",
        description="Print the licences found in each FILE (full texts, SPDX headers).",
    )
    ident.add_argument("files", nargs="+", metavar="FILE")
    ident.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"openlic: error: {message}", file=sys.stderr)
    return code


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")


def _check(args: argparse.Namespace) -> int:
    import openlic  # noqa: PLC0415
    from openlic.formats import render  # noqa: PLC0415

    report = openlic.audit(args.path, max_text_bytes=args.max_text_bytes)
    _write(render(report, args.format), args.output)
    return EXIT_OK


def _identify(args: argparse.Namespace) -> int:
    from openlic.identification import identify_text  # noqa: PLC0415
    from openlic.sources.textio import decode  # noqa: PLC0415

    results = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            return _fail(f"not a readable file: {name}")
        try:
            with path.open("rb") as handle:
                data = handle.read(IDENTIFY_MAX_BYTES + 1)
        except OSError as exc:
            return _fail(f"cannot read {name}: {exc.strerror}")
        if len(data) > IDENTIFY_MAX_BYTES:
            return _fail(f"{name} is larger than {IDENTIFY_MAX_BYTES} bytes")
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
        if not result["matches"] and not result.get("error"):
            print("  no licence found")
        for m in result["matches"]:
            lines = f"{m['start_line']}-{m['end_line']}" if m["start_line"] else "-"
            flag = " (modified)" if m["modified"] else ""
            how = f"{m['method']}, lines {lines}, score {m['score']}"
            print(f"  {m['id']}{flag}  {m['name']}  [{how}]")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from openlic.errors import OpenlicError  # noqa: PLC0415

    try:
        if args.command == "check":
            return _check(args)
        return _identify(args)
    except OpenlicError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:
        if os.environ.get("OPENLIC_DEBUG"):
            raise
        return _fail(
            f"internal error ({type(exc).__name__}: {exc}); rerun with OPENLIC_DEBUG=1 for "
            "details and please report it",
            EXIT_INTERNAL,
        )


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
