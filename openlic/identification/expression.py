"""SPDX licence expressions, parsed with the license-expression library."""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from openlic.identification.catalog import catalog

_ID_TOKEN = re.compile(r"[A-Za-z0-9.\-+:]+")


@attrs.frozen
class ParsedExpression:
    """An expression's canonical text and its licence keys, or why it is invalid.

    Attributes:
        text: the canonical rendering (ids in their SPDX case), or the input when invalid.
        keys: the licence and exception ids it names, in order of appearance.
        unknown: ids that are neither SPDX ids nor ``LicenseRef-`` ids.
        error: the parser's message when the expression is not well formed, else None.

    """

    text: str
    keys: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    error: str | None = None

    @property
    def valid(self) -> bool:
        """True when the expression parsed and every id is known or a LicenseRef."""
        return self.error is None and not self.unknown


@functools.cache
def _licensing() -> Any:
    from license_expression import Licensing  # noqa: PLC0415 - lazy: not needed for --help

    return Licensing()


def parse_expression(expression: str) -> ParsedExpression:
    """Parse an SPDX expression; ``LicenseRef-`` ids and ``WITH`` exceptions are accepted."""
    from license_expression import ExpressionError  # noqa: PLC0415

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, simple=False)
    except (ExpressionError, ValueError, TypeError) as exc:
        return ParsedExpression(expression.strip(), (), (), str(exc))
    if parsed is None:
        return ParsedExpression(expression.strip(), (), (), "empty expression")
    cat = catalog()
    keys: list[str] = []
    unknown: list[str] = []
    for key in licensing.license_keys(parsed, unique=True):
        info = cat.get(key)
        if info is not None:
            keys.append(info.license_id)
        elif key.startswith(("LicenseRef-", "DocumentRef-")):
            keys.append(key)
        else:
            keys.append(key)
            unknown.append(key)
    # Render ids in their canonical case: "apache-2.0" -> "Apache-2.0".
    text = _canonical_case(str(parsed), keys)
    return ParsedExpression(text, tuple(keys), tuple(unknown))


def _canonical_case(text: str, keys: list[str]) -> str:
    mapping = {k.lower(): k for k in keys}
    return _ID_TOKEN.sub(lambda m: mapping.get(m.group(0).lower(), m.group(0)), text)


def combine_and(ids: list[str]) -> str | None:
    """Return the conjunction of licence ids as an SPDX expression (None when empty)."""
    unique = sorted(set(ids))
    if not unique:
        return None
    return " AND ".join(unique)
