"""``openlic check``: audit a release and print the report."""

from __future__ import annotations

import argparse
from typing import Any

from openlic.cli.common import EXIT_OK, write


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    check = sub.add_parser(
        name,
        help="audit a release folder",
        description="Audit the release in PATH and print the report.",
    )
    check.add_argument("path", metavar="PATH", help="folder holding the release")
    from openlic.formats import FORMATS  # noqa: PLC0415 - light: formatters load on use

    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--max-text-bytes",
        type=int,
        default=5 * 1024 * 1024,
        metavar="N",
        help="files larger than N bytes are typed by name and header only (default 5 MiB)",
    )
    check.add_argument(
        "--with",
        dest="with_paths",
        action="append",
        default=[],
        metavar="OTHER_PATH",
        help="audit OTHER_PATH with PATH as one release (a training-code repository, a dataset "
        "card folder); repeatable",
    )


def run(args: argparse.Namespace) -> int:
    """Audit ``args.path`` and write the report."""
    import openlic  # noqa: PLC0415
    from openlic.formats import render  # noqa: PLC0415

    report = openlic.audit(
        args.path, max_text_bytes=args.max_text_bytes, with_paths=args.with_paths
    )
    write(render(report, args.format), args.output)
    return EXIT_OK
