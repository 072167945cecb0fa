"""Reading code statically: which MOF component a Python file, notebook, script or config serves.

Python source (and the code cells of notebooks) is parsed with :mod:`ast` and walked: nothing is
imported, compiled to bytecode or run. Shell scripts and configuration files are read as text.
What counts as a signal of training, inference, evaluation, data processing or a model definition
is data (``data/inventory/code-signals.yaml``); this module only interprets it.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from openlic import kb
from openlic.model import Evidence
from openlic.sources.textio import lines_of

#: At most this many pieces of evidence per component and file.
EVIDENCE_PER_COMPONENT = 3


@attrs.frozen
class CodeReading:
    """What reading one file found.

    Attributes:
        components: MOF components the file serves, in the order found.
        evidence: the lines that decided each component.
        reason: a short description for the inventory entry.
        parsed: False when the file could not be parsed (it is then typed by name only).

    """

    components: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""
    parsed: bool = True


@attrs.frozen
class _SignalSet:
    imports: tuple[str, ...] = ()
    calls: frozenset[str] = frozenset()
    qualified_calls: frozenset[str] = frozenset()
    #: The last names of the qualified calls (a quick test before splitting a dotted name).
    qualified_last: frozenset[str] = frozenset()


@attrs.frozen
class _Component:
    strong: _SignalSet
    weak: _SignalSet


@attrs.frozen
class CodeSignals:
    """The signal table of ``data/inventory/code-signals.yaml``."""

    python: Mapping[str, _Component]
    architecture_bases: frozenset[str]
    architecture_methods: frozenset[str]
    shell: Mapping[str, tuple[re.Pattern[str], ...]]
    hyperparameters: frozenset[str]
    minimum_hyperparameters: int
    launch_keys: frozenset[str]
    #: Every word a Python signal needs to appear in the source text (a quick pre-filter).
    words: re.Pattern[str]

    @classmethod
    def load(cls) -> CodeSignals:
        """Read the table from the knowledge base."""
        data = kb.load("inventory/code-signals.yaml")
        python: dict[str, _Component] = {}
        arch = data["python"]["model-architecture"]
        for component, spec in data["python"].items():
            if component == "model-architecture":
                continue
            python[component] = _Component(_signal_set(spec["strong"]), _signal_set(spec["weak"]))
        return cls(
            python=python,
            architecture_bases=frozenset(arch["bases"]),
            architecture_methods=frozenset(arch["needs_method"]),
            shell={
                c: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
                for c, patterns in data["shell"].items()
            },
            hyperparameters=frozenset(data["config"]["hyperparameters"]),
            minimum_hyperparameters=int(data["config"]["minimum_hyperparameters"]),
            launch_keys=frozenset(data["config"]["launch"]),
            words=_words(python, frozenset(arch["bases"])),
        )


def _words(python: Mapping[str, _Component], bases: frozenset[str]) -> re.Pattern[str]:
    words: set[str] = {b.rsplit(".", 1)[-1] for b in bases}
    for component in python.values():
        for signals in (component.strong, component.weak):
            words |= {i.split(".", 1)[0] for i in signals.imports}
            words |= set(signals.calls)
            words |= {q.rsplit(".", 1)[-1] for q in signals.qualified_calls}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")


def _signal_set(spec: Mapping[str, Any]) -> _SignalSet:
    return _SignalSet(
        imports=tuple(spec.get("imports", ())),
        calls=frozenset(spec.get("calls", ())),
        qualified_calls=frozenset(spec.get("qualified_calls", ())),
        qualified_last=frozenset(q.rsplit(".", 1)[-1] for q in spec.get("qualified_calls", ())),
    )


@kb.cached
def code_signals() -> CodeSignals:
    """Return the signal table (cached)."""
    return CodeSignals.load()


@attrs.frozen
class _Hit:
    signal: str
    line: int
    strong: bool


@attrs.frozen
class _Facts:
    """Imports, calls and class definitions of a parsed module, with their lines."""

    imports: tuple[tuple[str, int], ...]
    calls: tuple[tuple[str, str, int], ...]
    classes: tuple[tuple[tuple[str, ...], frozenset[str], int], ...]


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        inner = _dotted(node.func)
        if inner is not None:
            parts.append(inner)
            return ".".join(reversed(parts))
    return ".".join(reversed(parts)) if parts else None


def _walk(tree: ast.AST, lines: Sequence[int]) -> Iterator[ast.AST]:
    """Yield the nodes of ``tree`` whose lines include one of ``lines`` (sorted line numbers).

    Like :func:`ast.walk`, but a subtree whose lines hold no candidate line (no word any
    signal needs) is skipped whole: most of a large file is never visited.
    """
    stack = [tree]
    AST, pop, push = ast.AST, stack.pop, stack.append
    while stack:
        node = pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            last = getattr(node, "end_lineno", None) or first
            index = bisect.bisect_left(lines, first)
            if index == len(lines) or lines[index] > last:
                continue
        yield node
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        push(item)
            elif isinstance(value, AST):
                push(value)


def _facts(tree: ast.AST, lines: Sequence[int]) -> _Facts:
    imports: list[tuple[str, int]] = []
    calls: list[tuple[str, str, int]] = []
    classes: list[tuple[tuple[str, ...], frozenset[str], int]] = []
    for node in _walk(tree, lines):
        if isinstance(node, ast.Import):
            imports.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imports.append((node.module, node.lineno))
            imports.extend((f"{node.module}.{alias.name}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            last = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if last:
                calls.append((last, _dotted(func) or last, node.lineno))
        elif isinstance(node, ast.ClassDef):
            bases = tuple(b for b in (_dotted(base) for base in node.bases) if b)
            methods = frozenset(
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
            classes.append((bases, methods, node.lineno))
    return _Facts(tuple(imports), tuple(calls), tuple(classes))


def _module_matches(module: str, prefixes: Sequence[str]) -> str | None:
    for prefix in prefixes:
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return None


def _hits(facts: _Facts, spec: _Component) -> list[_Hit]:
    hits: list[_Hit] = []
    for strong, signals in ((True, spec.strong), (False, spec.weak)):
        for module, line in facts.imports:
            prefix = _module_matches(module, signals.imports)
            if prefix is not None:
                hits.append(_Hit(f"import {prefix}", line, strong))
        for last, dotted, line in facts.calls:
            if last in signals.calls:
                hits.append(_Hit(f"{last}()", line, strong))
            if last in signals.qualified_last:
                # Every dotted suffix of the call: a.b.c -> a.b.c, b.c, c.
                parts = dotted.split(".")
                for start in range(len(parts)):
                    suffix = ".".join(parts[start:])
                    if suffix in signals.qualified_calls:
                        hits.append(_Hit(f"{suffix}()", line, strong))
    return hits


def _decided(hits: list[_Hit]) -> list[_Hit]:
    """Return the hits that decide a component: a strong one, or two different weak ones."""
    strong = [h for h in hits if h.strong]
    if strong:
        return _first_per_signal(strong)
    weak = _first_per_signal(hits)
    return weak if len({h.signal for h in weak}) >= 2 else []


def _first_per_signal(hits: list[_Hit]) -> list[_Hit]:
    seen: dict[str, _Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.line, h.signal)):
        seen.setdefault(hit.signal, hit)
    return sorted(seen.values(), key=lambda h: (h.line, h.signal))


def read_python(path: str, text: str, *, label: str = "") -> CodeReading:
    """Classify the Python source ``text`` of ``path`` by its imports, calls and classes.

    ``label`` prefixes evidence text (a notebook passes ``cell N``); evidence lines are then
    not release line numbers and are left out.
    """
    signals = code_signals()
    if not signals.words.search(text):
        # No import, call or base that any signal needs is even mentioned: nothing to decide.
        return CodeReading()
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return CodeReading(reason="Python source that does not parse", parsed=False)
    lines = lines_of(text)
    candidates = [n for n, line in enumerate(lines, start=1) if signals.words.search(line)]
    facts = _facts(tree, candidates)
    components: list[str] = []
    evidence: list[Evidence] = []
    reasons: list[str] = []

    def quote(line: int, signal: str) -> Evidence:
        source = lines[line - 1].strip()[:160] if 0 < line <= len(lines) else signal
        if label:
            return Evidence(path, None, None, f"{label}, line {line}: {source}")
        return Evidence(path, line, line, source)

    for bases, methods, line in facts.classes:
        base_names = set(bases) | {b.rsplit(".", 1)[-1] for b in bases}
        if base_names & signals.architecture_bases and (
            "forward" in methods or any(b.endswith("Config") for b in bases)
        ):
            if "model-architecture" not in components:
                components.append("model-architecture")
                reasons.append("defines a model class")
            if sum(e.text.startswith("class") for e in evidence) < EVIDENCE_PER_COMPONENT:
                evidence.append(quote(line, "class"))
    for component, spec in signals.python.items():
        decided = _decided(_hits(facts, spec))
        if not decided:
            continue
        components.append(component)
        shown = ", ".join(h.signal for h in decided[:3])
        reasons.append(f"{component.replace('-', ' ')} ({shown})")
        evidence.extend(quote(h.line, h.signal) for h in decided[:EVIDENCE_PER_COMPONENT])
    return CodeReading(tuple(components), tuple(evidence), "; ".join(reasons))


def read_notebook(path: str, text: str) -> CodeReading:
    """Classify a Jupyter notebook by reading its code cells as text (never running them)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return CodeReading(reason="notebook that is not valid JSON", parsed=False)
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return CodeReading(reason="notebook without cells", parsed=False)
    components: list[str] = []
    evidence: list[Evidence] = []
    reasons: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        code = "".join(source) if isinstance(source, list) else str(source)
        python_lines, shell_lines = [], []
        for line in lines_of(code):
            stripped = line.lstrip()
            if stripped.startswith(("!", "%")):
                shell_lines.append(stripped.lstrip("!%"))
                python_lines.append("")
            else:
                python_lines.append(line)
        for reading in (
            read_python(path, "\n".join(python_lines), label=f"cell {number}"),
            read_shell(path, "\n".join(shell_lines), label=f"cell {number}"),
        ):
            for component in reading.components:
                if component not in components:
                    components.append(component)
            evidence.extend(reading.evidence)
            if reading.reason and reading.components:
                reasons.append(reading.reason)
    return CodeReading(tuple(components), _cap(evidence, path), "; ".join(dict.fromkeys(reasons)))


def _cap(evidence: list[Evidence], path: str) -> tuple[Evidence, ...]:
    unique = list(dict.fromkeys(evidence))
    return tuple(unique[: EVIDENCE_PER_COMPONENT * 5])


def read_shell(path: str, text: str, *, label: str = "") -> CodeReading:
    """Classify a shell script by the commands it runs (launchers, harnesses, servers)."""
    patterns = code_signals().shell
    components: list[str] = []
    evidence: list[Evidence] = []
    for number, line in enumerate(lines_of(text), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        for component, regexes in patterns.items():
            if any(r.search(stripped) for r in regexes):
                if component not in components:
                    components.append(component)
                if sum(1 for e in evidence if e.text.endswith(stripped[:160])) == 0:
                    if label:
                        evidence.append(Evidence(path, None, None, f"{label}: {stripped[:160]}"))
                    else:
                        evidence.append(Evidence(path, number, number, stripped[:160]))
    reason = "script that runs " + ", ".join(c.replace("-", " ") for c in components)
    return CodeReading(tuple(components), tuple(evidence[:6]), reason if components else "")


def _config_keys(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 8:
        return
    if isinstance(value, dict):
        for key, item in list(value.items())[:2000]:
            yield str(key)
            yield from _config_keys(item, depth + 1)
    elif isinstance(value, list):
        for item in value[:200]:
            yield from _config_keys(item, depth + 1)


def parse_config(path: str, text: str) -> Any:
    """Parse a JSON, YAML or TOML configuration; None when it does not parse."""
    low = path.lower()
    try:
        if low.endswith(".json"):
            return json.loads(text)
        if low.endswith(".toml"):
            return tomllib.loads(text)
    except (ValueError, RecursionError):
        return None
    if low.endswith((".yaml", ".yml")):
        import yaml  # noqa: PLC0415 - heavy import, lazy

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return yaml.load(text, Loader=loader)
        except (yaml.YAMLError, ValueError, RecursionError):
            return None
    return None


def read_config(path: str, text: str) -> CodeReading:
    """Classify a configuration by its keys: hyperparameters, or settings that launch training."""
    data = parse_config(path, text)
    if data is None:
        return CodeReading(parsed=False)
    signals = code_signals()
    keys = set(_config_keys(data))
    hyper = sorted(keys & signals.hyperparameters)
    launch = sorted(keys & signals.launch_keys)
    components: list[str] = []
    evidence: list[Evidence] = []
    reasons: list[str] = []
    lines = lines_of(text)
    if len(hyper) >= signals.minimum_hyperparameters:
        components.append("model-metadata")
        reasons.append("training configuration (" + ", ".join(hyper[:4]) + ")")
        evidence.extend(_key_evidence(path, lines, hyper[:EVIDENCE_PER_COMPONENT]))
    if launch:
        components.append("training-code")
        reasons.append("distributed-training configuration (" + ", ".join(launch[:3]) + ")")
        evidence.extend(_key_evidence(path, lines, launch[:EVIDENCE_PER_COMPONENT]))
    return CodeReading(tuple(components), tuple(evidence), "; ".join(reasons))


def _key_evidence(path: str, lines: Sequence[str], keys: Sequence[str]) -> list[Evidence]:
    out: list[Evidence] = []
    for key in keys:
        pattern = re.compile(rf"""(^|[\s"'{{,])({re.escape(key)})["']?\s*[:=]""")
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                out.append(Evidence(path, number, number, line.strip()[:160]))
                break
        else:
            out.append(Evidence(path, None, None, f"key {key}"))
    return out
