"""openlic: audit a machine-learning model release and tell, with evidence, how open it is.

openlic reads a release (a folder of licence files, model card, code, configs and weight
headers), identifies every licence and the component it governs, checks each licence against
the 10 criteria of the Open Source Definition, derives the four freedoms of the Open Source AI
Definition 1.0, and lists which Model Openness Framework components are present or missing.

It never executes, imports, unpickles or modifies anything in the release, and it is not legal
advice: it is a precise, reproducible reading of the documents.

The public API::

    report = openlic.audit("path/to/release")
    report.to_dict()                      # JSON report format v1
    openlic.identify("MIT License ...")   # -> list[LicenseMatch]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from openlic.errors import KnowledgeBaseError, OpenlicError, SourceError, UsageError
from openlic.model import (
    AuditReport,
    ComponentStatus,
    Evidence,
    Finding,
    FreedomVerdict,
    LicenseAssessment,
    LicenseMatch,
    MofAssessment,
    OsaidVerdict,
    OsdAssessment,
    Severity,
)

if TYPE_CHECKING:
    from openlic.sources.hub import HubOptions

__version__ = "0.1.0"

#: Default cap on the size of a file read as text, in bytes (5 MiB).
DEFAULT_MAX_TEXT_BYTES = 5 * 1024 * 1024


def audit(
    path: str | os.PathLike[str],
    *,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    hub: HubOptions | None = None,
    with_paths: Sequence[str | os.PathLike[str]] = (),
    progress: Callable[[str, int, int], None] | None = None,
) -> AuditReport:
    """Audit the release in the folder ``path`` and return the report.

    Args:
        path: a folder holding the release (model repository, code repository...), or a
            Hugging Face Hub repository as ``hf://ORG/NAME[@REVISION]`` (``hf://datasets/...``
            for a dataset), read without downloading its weights.
        max_text_bytes: files larger than this are typed by name and header only.
        hub: how a Hub repository is read (:class:`HubOptions`: endpoint, token, offline,
            timeout, revision, ``follow_base``, ``follow_datasets``); ignored for folders.
        with_paths: further folders audited with ``path`` as one release (a training-code
            repository, a dataset card folder); their files appear under a folder named after
            each (``amber-train/main.py``).
        progress: called as each stage starts with ``(stage, done, total)``; openlic itself
            never shows progress (the CLI draws a bar on a terminal from this).

    Returns:
        The :class:`AuditReport`; problems in the release are findings inside it.

    Raises:
        SourceError: when ``path`` does not exist or is not a readable folder, or when a Hub
            repository or revision cannot be reached (not found, no access, rate limit,
            network down or too slow).
        UsageError: when an option is out of range.

    """
    from openlic.pipeline import open_source, run  # noqa: PLC0415 - keep `import openlic` light
    from openlic.sources.interface import ReadLimits  # noqa: PLC0415

    if max_text_bytes < 1:
        raise UsageError(f"max_text_bytes must be positive, not {max_text_bytes}")
    limits = ReadLimits(max_text_bytes=max_text_bytes)
    source = open_source(path, limits, hub)
    if with_paths:
        from openlic.sources.combined import CombinedSource  # noqa: PLC0415

        source = CombinedSource(source, [open_source(p, limits, hub) for p in with_paths])
    return run(source, __version__, progress)


def identify(text: str, path: str | None = None) -> list[LicenseMatch]:
    """Return the licences found in ``text``, as ``openlic identify`` prints them.

    Full licence texts and standard notices (``modified`` with the added and removed passages
    when a copy departs from the known text), ``SPDX-License-Identifier`` lines and, when
    ``path`` names a README, documentation or source file, the licences its prose names
    (method ``reference``). Each match has the licence id, name, ScanCode key and Hugging Face
    id where known, a score and the lines it covers. In licence text (no ``path``, or a licence
    file's), a stretch that matches no known licence gives a match with score 0 whose name
    carries its title line.
    """
    from openlic.identification import identify_text  # noqa: PLC0415

    return identify_text(text, path)


def __getattr__(name: str) -> Any:
    """Import :class:`HubOptions` on first use: the Hub source is heavy and often unused."""
    if name == "HubOptions":
        from openlic.sources.hub import HubOptions  # noqa: PLC0415

        return HubOptions
    raise AttributeError(f"module 'openlic' has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_TEXT_BYTES",
    "AuditReport",
    "ComponentStatus",
    "Evidence",
    "Finding",
    "FreedomVerdict",
    "HubOptions",
    "KnowledgeBaseError",
    "LicenseAssessment",
    "LicenseMatch",
    "MofAssessment",
    "OpenlicError",
    "OsaidVerdict",
    "OsdAssessment",
    "Severity",
    "SourceError",
    "UsageError",
    "__version__",
    "audit",
    "identify",
]
