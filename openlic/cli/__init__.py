"""The command-line interface: the only part of openlic that prints or exits.

Each subcommand is a module of this package with ``add_parser(subparsers)`` and
``run(args) -> int``; :data:`COMMANDS` lists them. Exit codes: 0 the command ran (whatever the
release holds); 1 a failed policy; 2 a usage error or an unreadable input; 3 an internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from openlic.cli.common import EXIT_INTERNAL, EXIT_USAGE, fail

#: Subcommand name -> module (imported only to build the parser and run the command).
COMMANDS: dict[str, str] = {
    "check": "openlic.cli.check",
    "identify": "openlic.cli.identify",
    "explain": "openlic.cli.explain",
    "licenses": "openlic.cli.licenses",
    "badge": "openlic.cli.badge",
}


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
    for name, module in COMMANDS.items():
        importlib.import_module(module).add_parser(sub, name)
    return parser


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
        code: int = importlib.import_module(COMMANDS[args.command]).run(args)
    except OpenlicError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as exc:
        if os.environ.get("OPENLIC_DEBUG"):
            raise
        return fail(
            f"internal error ({type(exc).__name__}: {exc}); rerun with OPENLIC_DEBUG=1 for "
            "details and please report it",
            EXIT_INTERNAL,
        )
    return code


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
