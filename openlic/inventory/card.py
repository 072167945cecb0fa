"""Model cards: split the YAML front matter from the Markdown body, then read the metadata.

Splitting uses huggingface_hub's own front-matter pattern, applied to text we already hold (never
to a path, which huggingface_hub could take for a Hub repository id and fetch). The YAML is then
parsed here so that a broken block, a list where a mapping belongs, or a field of the wrong type
becomes a finding with its line number instead of an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from openlic import kb
from openlic.model import Evidence, Finding, ModelCard, Severity
from openlic.sources.textio import lines_of

_CR_BEFORE_LF = re.compile(r"\r+(?=\n)")
_KEY_LINE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:", re.MULTILINE)


@attrs.frozen
class CardParse:
    """A parsed card and the problems found in its metadata."""

    card: ModelCard
    findings: tuple[Finding, ...]


def _front_matter_pattern() -> re.Pattern[str]:
    from huggingface_hub.repocard import REGEX_YAML_BLOCK  # noqa: PLC0415 - heavy import, lazy

    return REGEX_YAML_BLOCK


def parse_card(path: str, text: str) -> CardParse:
    """Parse the model card ``text`` found at ``path``.

    Returns the card (metadata ``{}`` when absent or unusable) and findings for a broken
    YAML block, metadata that is not a mapping, and fields whose values have the wrong type.
    """
    # Line numbers count "\n" only; stray carriage returns (CRLF, CR CR LF) are dropped first so
    # that the front-matter pattern sees plain line ends.
    text = _CR_BEFORE_LF.sub("", text)
    match = _front_matter_pattern().search(text)
    if match is None:
        findings: list[Finding] = []
        if text.lstrip().startswith("---"):
            line = text[: text.find("---")].count("\n") + 1
            findings.append(
                Finding(
                    "card-yaml-unterminated",
                    Severity.WARNING,
                    f"{path} starts a YAML metadata block with '---' but never closes it; the "
                    "card's metadata was ignored",
                    (Evidence(path, line, line, "---"),),
                )
            )
        card = ModelCard(path, {}, None, {}, text, 1)
        return CardParse(card, tuple(findings))

    yaml_text = match.group(2)
    first_line = text[: match.start(2)].count("\n") + 1
    last_line = first_line + yaml_text.count("\n")
    body_start = text[: match.end()].count("\n") + 1
    body = text[match.end() :]
    raw, findings = _load_yaml(path, yaml_text, first_line)
    key_lines = {
        m.group(1): first_line + yaml_text.count("\n", 0, m.start())
        for m in _KEY_LINE.finditer(yaml_text)
    }
    metadata: Mapping[str, Any] = {}
    if raw is None:
        metadata = {}
    elif isinstance(raw, dict):
        metadata, type_findings = _check_types(path, raw, key_lines, first_line)
        findings += type_findings
    else:
        findings.append(
            Finding(
                "card-metadata-not-mapping",
                Severity.WARNING,
                f"the metadata block of {path} is a {type(raw).__name__}, not a mapping of "
                "fields; it was ignored",
                (Evidence(path, first_line, last_line, _excerpt(yaml_text)),),
            )
        )
    card = ModelCard(path, metadata, (first_line, last_line), key_lines, body, body_start)
    return CardParse(card, tuple(findings))


def _load_yaml(path: str, yaml_text: str, first_line: int) -> tuple[Any, list[Finding]]:
    import yaml  # noqa: PLC0415

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(yaml_text, Loader=loader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        # A problem found at the end of the stream is reported on the block's last line.
        last = first_line + yaml_text.rstrip("\r\n").count("\n")
        line = min(first_line + (mark.line if mark is not None else 0), last)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        lines = lines_of(yaml_text)
        offending = lines[line - first_line].strip() if 0 <= line - first_line < len(lines) else ""
        return None, [
            Finding(
                "card-yaml-invalid",
                Severity.ERROR,
                f"the metadata block of {path} is not valid YAML ({problem} at line {line}); "
                "the card's metadata was ignored",
                (Evidence(path, line, line, offending),),
            )
        ]
    except (ValueError, RecursionError) as exc:
        return None, [
            Finding(
                "card-yaml-invalid",
                Severity.ERROR,
                f"the metadata block of {path} could not be read ({exc}); it was ignored",
                (Evidence(path, first_line, first_line, ""),),
            )
        ]


def _check_types(
    path: str, raw: dict[Any, Any], key_lines: Mapping[str, int], first_line: int
) -> tuple[dict[str, Any], list[Finding]]:
    spec = kb.load("hub/card-fields.yaml")["fields"]
    clean: dict[str, Any] = {}
    findings: list[Finding] = []
    for key, value in raw.items():
        skey = str(key)
        expected = spec.get(skey)
        if expected is None or _type_ok(value, expected):
            clean[skey] = value
            continue
        line = key_lines.get(skey, first_line)
        findings.append(
            Finding(
                "card-metadata-type",
                Severity.WARNING,
                f"card field '{skey}' in {path} should be {_describe(expected)}, not "
                f"{type(value).__name__} ({value!r:.60}); it was ignored",
                (Evidence(path, line, line, f"{skey}: {value!r:.80}"),),
            )
        )
    return clean, findings


def _type_ok(value: Any, expected: Mapping[str, Any]) -> bool:
    kind = expected["type"]
    if kind == "str":
        if isinstance(value, str):
            return True
        return bool(expected.get("str_or_list")) and (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    if kind == "list":
        return isinstance(value, list)
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "str_or_bool":
        return isinstance(value, str | bool)
    if kind == "bool_or_mapping":
        return isinstance(value, bool | dict)
    return True


def _describe(expected: Mapping[str, Any]) -> str:
    kind = str(expected["type"])
    if kind == "str" and expected.get("str_or_list"):
        return "a string or a list of strings"
    return {
        "str": "a string",
        "list": "a list",
        "mapping": "a mapping",
        "bool": "true or false",
    }.get(kind, kind.replace("_or_", " or "))


def _excerpt(text: str, limit: int = 80) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:limit]


def as_list(value: Any) -> list[str]:
    """Return a str-or-list card value as a list of non-empty strings."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []
