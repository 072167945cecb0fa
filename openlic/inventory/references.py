"""What a model card points to without shipping it, and results it carries itself.

A link in the card to a training repository, a dataset or a paper makes that component
``referenced``: named, not verified. The link rules are data (``data/inventory/references.yaml``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import Any

import attrs

from openlic import kb
from openlic.inventory.card import as_list
from openlic.inventory.documents import sections
from openlic.model import ComponentReference, Evidence, ModelCard
from openlic.sources.textio import lines_of

_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})|\barxiv:\s*(\d{4}\.\d{4,5})", re.I)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")


@attrs.frozen
class _LinkRule:
    component: str
    pattern: re.Pattern[str]
    context: re.Pattern[str] | None


@attrs.frozen
class ReferenceRules:
    """The rules of ``data/inventory/references.yaml``."""

    links: tuple[_LinkRule, ...]
    peer_reviewed: tuple[re.Pattern[str], ...]
    intermediate_names: tuple[str, ...]
    results_headings: tuple[str, ...]
    line_words: tuple[str, ...]

    @classmethod
    def load(cls) -> ReferenceRules:
        """Read the rules from the knowledge base."""
        data = kb.load("inventory/references.yaml")
        return cls(
            links=tuple(
                _LinkRule(
                    str(r["component"]),
                    re.compile(r["pattern"], re.IGNORECASE),
                    re.compile(r["context"], re.IGNORECASE) if r.get("context") else None,
                )
                for r in data["links"]
            ),
            peer_reviewed=tuple(re.compile(p, re.IGNORECASE) for p in data["peer_reviewed"]),
            intermediate_names=tuple(str(p).lower() for p in data["intermediate_names"]),
            results_headings=tuple(str(h).lower() for h in data["results_headings"]),
            line_words=tuple(str(w).lower() for w in data["line_words"]),
        )

    def is_intermediate_name(self, path: str) -> bool:
        """Return True when a weight file's name marks it as an intermediate checkpoint."""
        name = path.lower().rsplit("/", 1)[-1]
        return any(fnmatch.fnmatchcase(name, p) for p in self.intermediate_names)


@kb.cached
def reference_rules() -> ReferenceRules:
    """Return the reference rules (cached)."""
    return ReferenceRules.load()


def card_references(card: ModelCard) -> tuple[ComponentReference, ...]:
    """Return every component the card points to: metadata ids, links, papers, revisions."""
    refs: list[ComponentReference] = []
    for dataset in as_list(card.metadata.get("datasets")):
        refs.append(ComponentReference("datasets", dataset, card.evidence_for("datasets")))
    for tag in as_list(card.metadata.get("tags")):
        if tag.lower().startswith("arxiv:"):
            refs.append(ComponentReference("research-paper", tag, card.evidence_for("tags")))
    for number, line in enumerate(lines_of(card.body), start=card.body_start_line):
        low = line.lower()
        if not any(word in low for word in reference_rules().line_words):
            continue  # a quick pre-filter: no rule can match this line
        for match in _ARXIV.finditer(line):
            paper = match.group(1) or match.group(2)
            evidence = Evidence(card.path, number, number, match.group(0))
            refs.append(ComponentReference("research-paper", f"arxiv:{paper}", evidence))
        for rule in reference_rules().links:
            if rule.context is not None and not rule.context.search(line):
                continue
            for match in rule.pattern.finditer(line):
                target = match.group(1) if match.groups() else match.group(0)
                target = target.rstrip(").,;'\"`>]")
                evidence = Evidence(card.path, number, number, line.strip()[:200])
                refs.append(ComponentReference(rule.component, target, evidence))
    refs.extend(snippet_references(card))
    unique = {(r.component, r.target): r for r in reversed(refs)}
    return tuple(sorted(unique.values(), key=lambda r: (r.component, r.target)))


_FENCE_OPEN = re.compile(r"^\s*(```|~~~)\s*(\w*)")
_HUB_MODEL = re.compile(
    r"""\b(?:from_pretrained|pipeline|snapshot_download|hf_hub_download)\s*\([^)]*?["']"""
    r"""([A-Za-z0-9][\w.-]*/[\w.-]+)["']"""
)


def snippet_references(card: ModelCard) -> list[ComponentReference]:
    """Return what the card's Python code blocks show: usage code, and the Hub repo they load.

    A usage snippet that generates (``model.generate``, ``pipeline``) points to inference code
    the card documents but the release does not ship as a file; ``from_pretrained("org/name")``
    names the Hub repository that holds the weights and their configuration.
    """
    from openlic.inventory.code import read_python  # noqa: PLC0415 - avoid an import cycle

    refs: list[ComponentReference] = []
    lines = lines_of(card.body)
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None:
            index += 1
            continue
        language = opening.group(2).lower()
        end = index + 1
        while end < len(lines) and not lines[end].lstrip().startswith(opening.group(1)):
            end += 1
        first = card.body_start_line + index + 1
        block = "\n".join(lines[index + 1 : end])
        index = end + 1
        if language not in ("", "python", "py", "python3"):
            continue
        reading = read_python(card.path, block)
        for component in reading.components:
            if component in ("inference-code", "training-code"):
                decisive = [e for e in reading.evidence if e.start_line is not None]
                line = first - 1 + (decisive[0].start_line or 1) if decisive else first
                text = decisive[0].text if decisive else "code block"
                refs.append(
                    ComponentReference(
                        component,
                        "usage snippet in the card",
                        Evidence(card.path, line, line, text),
                    )
                )
        block_lines = lines_of(block)
        for match in _HUB_MODEL.finditer(block):
            # The call may span lines: the evidence is the line holding the repository id.
            offset = block.count("\n", 0, match.start(1))
            quoted = block_lines[offset].strip() if offset < len(block_lines) else match.group(0)
            evidence = Evidence(card.path, first + offset, first + offset, quoted)
            for component in ("model-parameters-final", "model-architecture"):
                refs.append(ComponentReference(component, f"hf://{match.group(1)}", evidence))
    return refs


def revision_references(facts: Mapping[str, Any]) -> tuple[ComponentReference, ...]:
    """Return intermediate checkpoints held in other revisions of the same repository.

    The Hub source reports branches and tags named like checkpoints (``hub.refs.checkpoints``).
    """
    hub = facts.get("hub")
    refs = hub.get("refs") if isinstance(hub, Mapping) else None
    checkpoints = refs.get("checkpoints") if isinstance(refs, Mapping) else None
    if not isinstance(checkpoints, list) or not checkpoints:
        return ()
    names = [str(c.get("name")) for c in checkpoints if isinstance(c, Mapping)]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    evidence = Evidence("@refs", None, None, f"{len(names)} checkpoint revisions: {shown}")
    return (
        ComponentReference(
            "model-parameters-intermediate", f"{len(names)} revisions", evidence, in_source=True
        ),
    )


def results_in_card(card: ModelCard) -> tuple[Evidence, ...]:
    """Return evidence of evaluation results the card itself carries.

    ``model-index`` metadata, or a Markdown table under a heading about evaluation or results.
    """
    out: list[Evidence] = []
    if card.metadata.get("model-index"):
        out.append(card.evidence_for("model-index"))
    words = reference_rules().results_headings
    for section in sections(card.body, card.body_start_line):
        if not any(w in section.title.lower() for w in words):
            continue
        lines = lines_of(section.text)
        for index in range(len(lines) - 1):
            if _TABLE_ROW.match(lines[index]) and _TABLE_RULE.match(lines[index + 1]):
                line = section.line + 1 + index
                out.append(
                    Evidence(card.path, line, line, f"results table under '{section.title}'")
                )
                break
        if len(out) >= 3:
            break
    return tuple(out)


def peer_reviewed_links(card: ModelCard) -> tuple[Evidence, ...]:
    """Return card lines that link a peer-reviewed publication (DOI, ACL Anthology...)."""
    rules = reference_rules().peer_reviewed
    out: list[Evidence] = []
    for number, line in enumerate(lines_of(card.body), start=card.body_start_line):
        if any(p.search(line) for p in rules):
            out.append(Evidence(card.path, number, number, line.strip()[:200]))
    return tuple(out[:3])
