"""What ``openlic check`` adds for a release pipeline: a progress bar, the policy, its verdict.

The progress bar is drawn on standard error only when it is a terminal and ``--quiet`` is not
given; the library reports progress through the callback this module supplies. The policy is
the one named by ``--policy``, else the one found in the current directory (``openlic.toml``,
then ``[tool.openlic]`` in ``pyproject.toml``), never one inside the audited release.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

_BAR_WIDTH = 24
_MAX_PLACES = 4
_MAX_REASONS = 6


class TerminalProgress:
    """A one-line progress bar with elapsed time, redrawn by a background ticker."""

    def __init__(self, stream: IO[str]) -> None:
        """Draw on ``stream`` (a terminal)."""
        self._stream = stream
        self._stage = "starting"
        self._done = 0
        self._total = 1
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Record the stage the audit is at (the library's progress callback)."""
        with self._lock:
            self._stage, self._done, self._total = stage, done, max(total, 1)
        self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            filled = int(_BAR_WIDTH * min(self._done, self._total) / self._total)
            elapsed = time.monotonic() - self._start
            line = (
                f"[{'#' * filled}{'-' * (_BAR_WIDTH - filled)}] {self._done}/{self._total} "
                f"{self._stage[:48]} {elapsed:.1f}s"
            )
            self._stream.write("\r\x1b[K" + line)
            self._stream.flush()

    def start(self) -> None:
        """Start redrawing the elapsed time."""
        self._ticker.start()

    def close(self) -> None:
        """Stop and erase the bar."""
        self._stop.set()
        if self._ticker.is_alive():
            self._ticker.join()
        with self._lock:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


@contextmanager
def progress_for(args: argparse.Namespace) -> Iterator[TerminalProgress | None]:
    """Yield a progress callback when standard error is a terminal and not ``--quiet``."""
    stream = sys.stderr
    if getattr(args, "quiet", False) or not stream.isatty():
        yield None
        return
    bar = TerminalProgress(stream)
    bar.start()
    try:
        yield bar
    finally:
        bar.close()


def add_policy_arguments(parser: Any) -> None:
    """Register ``--policy``, ``--no-policy`` and ``--quiet``."""
    group = parser.add_argument_group("policy (pre-publication gate, see docs/policy.md)")
    group.add_argument(
        "--policy",
        metavar="FILE",
        help="check the release against the policy in FILE (TOML: a [policy] table or "
        "top-level rules; [tool.openlic] in a pyproject.toml); exit 1 when it fails. Default: "
        "openlic.toml, else pyproject.toml's [tool.openlic], in the current directory",
    )
    group.add_argument(
        "--no-policy", action="store_true", help="do not look for a policy in the current directory"
    )
    group.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bar, no report on standard output (--output still writes it), no "
        "message when the policy passes; a failed policy is still explained on standard error",
    )


def resolve_policy(args: argparse.Namespace) -> Any:
    """Return the policy to apply (``openlic.policy.Policy``), or None.

    Raises:
        PolicyError: when the named or discovered policy file is unusable.

    """
    from openlic import policy  # noqa: PLC0415

    if args.policy:
        return policy.load(args.policy)
    if args.no_policy:
        return None
    found = policy.find_policy(Path.cwd())
    return policy.load(found) if found else None


def render_report(report: Any, fmt: str, result: Any) -> str:
    """Return the report in ``fmt``; SARIF, Markdown and HTML also carry the policy's outcome."""
    if fmt == "sarif" and result is not None:
        from openlic.formats.sarif import format_sarif  # noqa: PLC0415

        return format_sarif(report, result)
    if fmt == "markdown" and result is not None:
        from openlic.formats.markdown import format_markdown  # noqa: PLC0415

        return format_markdown(report, result)
    if fmt == "html" and result is not None:
        from openlic.formats.html import format_html  # noqa: PLC0415

        return format_html(report, result)
    from openlic.formats import render  # noqa: PLC0415

    return render(report, fmt)


def _places(evidence: Any) -> str:
    from openlic.formats.common import place  # noqa: PLC0415
    from openlic.model import Evidence  # noqa: PLC0415

    items = sorted(set(evidence), key=Evidence.sort_key)
    shown = ", ".join(place(e) for e in items[:_MAX_PLACES])
    return shown + (f" (+{len(items) - _MAX_PLACES} more)" if len(items) > _MAX_PLACES else "")


def print_policy_result(result: Any, quiet: bool, stream: IO[str] | None = None) -> None:
    """Explain a policy's outcome on standard error: every failing rule, why and where.

    A passing policy gets one line (none with ``quiet``); unknown outcomes that the policy only
    warns about are listed too, so that nothing undecided passes unseen.
    """
    out = stream or sys.stderr
    policy = result.policy
    where = f" ({policy.source})" if policy.source else ""
    failing = result.failures
    shown = [o for o in result.outcomes if o.status.value != "pass"]
    if result.passed:
        if quiet and not shown:
            return
        print(
            f"openlic: policy '{policy.name}'{where} passed: "
            f"{len(result.outcomes)} rule(s) checked",
            file=out,
        )
    else:
        print(
            f"openlic: policy '{policy.name}'{where} FAILED: {len(failing)} of "
            f"{len(result.outcomes)} rule(s) not met",
            file=out,
        )
    for outcome in shown:
        label = "FAIL" if outcome in failing else "WARN"
        undecided = " (openlic cannot decide: unknown)" if outcome.status.value == "unknown" else ""
        print(f"  {label} {outcome.rule}{undecided}", file=out)
        for reason in outcome.reasons[:_MAX_REASONS]:
            print(f"    - {reason}", file=out)
        if len(outcome.reasons) > _MAX_REASONS:
            print(f"    - ... {len(outcome.reasons) - _MAX_REASONS} more", file=out)
        if outcome.evidence:
            print(f"    at {_places(outcome.evidence)}", file=out)
