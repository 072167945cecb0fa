"""``openlic badge``: audit a release and write its SVG badge (OSAID verdict and MOF class)."""

from __future__ import annotations

import argparse
from typing import Any

from openlic.cli.common import EXIT_OK, write
from openlic.cli.gate import progress_for


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    badge = sub.add_parser(
        name,
        help="write an SVG badge for a README",
        description="Audit the release in PATH and write an SVG badge with its Open Source AI "
        "verdict and Model Openness Framework class (green: Open Source AI, red: not, grey: "
        "undetermined).",
    )
    badge.add_argument(
        "path",
        metavar="PATH",
        help="folder holding the release, or a Hugging Face Hub repository as hf://ORG/NAME",
    )
    badge.add_argument(
        "--output", "-o", metavar="FILE", help="write the SVG to FILE (default: standard output)"
    )
    badge.add_argument(
        "--max-text-bytes",
        type=int,
        default=5 * 1024 * 1024,
        metavar="N",
        help="files larger than N bytes are typed by name and header only (default 5 MiB)",
    )
    badge.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Audit ``args.path`` and write the badge."""
    import openlic  # noqa: PLC0415
    from openlic.formats.html import badge_svg  # noqa: PLC0415

    with progress_for(args) as progress:
        report = openlic.audit(args.path, max_text_bytes=args.max_text_bytes, progress=progress)
    write(badge_svg(report), args.output)
    return EXIT_OK
