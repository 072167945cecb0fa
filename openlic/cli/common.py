"""Helpers shared by the subcommands: exit codes, errors, output."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Print a one-line error to stderr and return ``code``."""
    print(f"openlic: error: {message}", file=sys.stderr)
    return code


def write(text: str, output: str | None) -> None:
    """Write ``text`` to the file ``output``, or to stdout when None."""
    if output is None:
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")
