"""``openlic check``: audit a release and print the report."""

from __future__ import annotations

import argparse
import os
from typing import Any

from openlic.cli.common import EXIT_OK, EXIT_POLICY, write
from openlic.cli.gate import (
    add_policy_arguments,
    print_policy_result,
    progress_for,
    render_report,
    resolve_policy,
)


def add_parser(sub: Any, name: str) -> None:
    """Register the subcommand on the ``argparse`` subparsers ``sub``."""
    check = sub.add_parser(
        name,
        help="audit a release folder",
        description="Audit the release in PATH and print the report.",
    )
    check.add_argument(
        "path",
        metavar="PATH",
        help="folder holding the release, or a Hugging Face Hub repository as "
        "hf://ORG/NAME[@REVISION] (hf://datasets/ORG/NAME for a dataset)",
    )
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
    add_policy_arguments(check)
    _add_hub_arguments(check)


def _add_hub_arguments(check: Any) -> None:
    """Options of hf:// targets (read without downloading weights; see docs/hub.md)."""
    hub = check.add_argument_group("Hugging Face Hub (hf:// targets)")
    hub.add_argument(
        "--offline",
        action="store_true",
        default=None,
        help="read only the local Hugging Face cache (also with HF_HUB_OFFLINE=1)",
    )
    hub.add_argument("--revision", metavar="REV", help="branch, tag or commit to audit")
    hub.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds each Hub request may take; requests are never retried (default 10)",
    )
    hub.add_argument(
        "--follow-base",
        type=int,
        nargs="?",
        const=3,
        default=0,
        metavar="DEPTH",
        help="read the licence of the card's base_model chain, DEPTH levels (default 3)",
    )
    hub.add_argument(
        "--follow-datasets",
        type=int,
        nargs="?",
        const=10,
        default=0,
        metavar="COUNT",
        help="read the licence and card of the card's datasets, at most COUNT (default 10)",
    )
    hub.add_argument(
        "--hub-endpoint",
        metavar="URL",
        default=os.environ.get("HF_ENDPOINT"),
        help="the Hub's URL (default: HF_ENDPOINT, else https://huggingface.co)",
    )


def run(args: argparse.Namespace) -> int:
    """Audit ``args.path`` and write the report."""
    import openlic  # noqa: PLC0415

    policy = resolve_policy(args)  # a bad policy file is a usage error before any work
    with progress_for(args) as progress:
        report = openlic.audit(
            args.path,
            max_text_bytes=args.max_text_bytes,
            hub=_hub_options(args),
            with_paths=args.with_paths,
            progress=progress,
        )
    result = policy.evaluate(report) if policy is not None else None
    if args.output or not args.quiet:
        write(render_report(report, args.format, result), args.output)
    if result is None:
        return EXIT_OK
    print_policy_result(result, args.quiet)
    return EXIT_OK if result.passed else EXIT_POLICY


def _hub_options(args: argparse.Namespace) -> Any:
    """Return the HubOptions of an hf:// target; reject Hub options given for a folder."""
    from openlic.errors import UsageError  # noqa: PLC0415
    from openlic.sources.hub import HubOptions, is_hub_target  # noqa: PLC0415

    if not is_hub_target(args.path):
        if args.offline or args.revision or args.follow_base or args.follow_datasets:
            raise UsageError(
                "--offline, --revision, --follow-base and --follow-datasets apply to hf:// targets"
            )
        return None
    return HubOptions(
        endpoint=args.hub_endpoint,
        offline=args.offline,
        timeout=args.timeout,
        revision=args.revision,
        follow_base=args.follow_base,
        follow_datasets=args.follow_datasets,
    )
