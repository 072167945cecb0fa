"""The formats' interface: each format is a pure function ``AuditReport -> str``."""

from __future__ import annotations

from collections.abc import Callable

from openlic.errors import UsageError
from openlic.model import AuditReport

Formatter = Callable[[AuditReport], str]


def _json(report: AuditReport) -> str:
    from openlic.formats.json import format_json  # noqa: PLC0415

    return format_json(report)


def _text(report: AuditReport) -> str:
    from openlic.formats.text import format_text  # noqa: PLC0415

    return format_text(report)


def _markdown(report: AuditReport) -> str:
    from openlic.formats.markdown import format_markdown  # noqa: PLC0415

    return format_markdown(report)


def _sarif(report: AuditReport) -> str:
    from openlic.formats.sarif import format_sarif  # noqa: PLC0415

    return format_sarif(report)


def _spdx(report: AuditReport) -> str:
    from openlic.formats.spdx import format_spdx  # noqa: PLC0415

    return format_spdx(report)


def _spdx3(report: AuditReport) -> str:
    from openlic.formats.spdx3 import format_spdx3  # noqa: PLC0415

    return format_spdx3(report)


def _cyclonedx(report: AuditReport) -> str:
    from openlic.formats.cyclonedx import format_cyclonedx  # noqa: PLC0415

    return format_cyclonedx(report)


def _html(report: AuditReport) -> str:
    from openlic.formats.html import format_html  # noqa: PLC0415

    return format_html(report)


#: Format name -> formatter. Formatters are imported only when used.
FORMATS: dict[str, Formatter] = {
    "json": _json,
    "text": _text,
    "markdown": _markdown,
    "sarif": _sarif,
    "spdx": _spdx,
    "spdx3": _spdx3,
    "cyclonedx": _cyclonedx,
    "html": _html,
}


def render(report: AuditReport, fmt: str) -> str:
    """Return ``report`` rendered in format ``fmt``.

    Raises:
        UsageError: for an unknown format name.

    """
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})") from None
    return formatter(report)
