#!/usr/bin/env python3
"""Benchmark licence identification: openlic vs licenseclassifier vs ScanCode, in one run.

Run by hand (never by the test suite)::

    python bench/identify.py                      # all tools, all sets
    python bench/identify.py --tools openlic      # openlic only
    python bench/identify.py --cache-dir /tmp/b   # where the peers' venvs live

Each peer is installed by this script with pip into a virtual environment of its own under the
cache directory (``licenseclassifier``; ``scancode-toolkit`` with ``pluggy==1.6.0`` beside it)
and runs in a subprocess of that environment, so its import time, index load and memory are
its own. Every tool gets the same texts. The sets:

(a) ``corpus``: every licence file of the shared corpus (``../shared/corpus/releases``, read in
    place), with the ids a reader expects (:data:`CORPUS_EXPECTED`, from each SOURCE.yaml label
    and our own reading of the file);
(b) ``reference``: every reference text in ``data/licenses/reference`` must identify itself
    (an id whose text is identical counts as the same answer);
(c) ``variants``: texts generated from licences of :data:`VARIANT_BASES`: reflowed, Markdown,
    a clause added, a clause removed, truncated. The right family every time, and ``modified``
    set exactly when a clause changed (added, removed, truncated).

Printed per tool: accuracy per set, index load time, median ms per file (on set a, and over
all files), peak memory (maximum resident set size of the tool's process).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "releases"
PEERS = {
    "licenseclassifier": ["licenseclassifier==2026.10.0"],
    "scancode": ["scancode-toolkit==32.5.0", "pluggy==1.6.0"],
}
#: ScanCode measured two ways, in the same environment: ``scancode`` is its raw matcher
#: (``get_index().match``), ``scancode-api`` what a user calls on a file (``get_licenses``:
#: matching plus detection assembly).
ENVIRONMENT = {"scancode-api": "scancode"}
UNKNOWN_PREFIX = "LicenseRef-openlic-unknown-"

#: (a) What each licence file of the corpus holds (path relative to the corpus root).
CORPUS_EXPECTED: dict[str, list[str]] = {
    "amber/LICENSE": ["Apache-2.0"],
    "bloom/LICENSE": ["Apache-2.0"],  # the Apache-2.0 notice only
    "chatglm-6b/LICENSE": ["Apache-2.0"],
    "chatglm-6b/MODEL_LICENSE": ["LicenseRef-openlic-chatglm-6b-license"],
    "deepseek-r1/LICENSE": ["MIT"],
    "deepseek-v3/LICENSE-CODE": ["MIT"],
    "deepseek-v3/LICENSE-MODEL": ["LicenseRef-scancode-deepseek-la-1.0"],
    "flux1-dev/LICENSE": ["Apache-2.0"],
    "flux1-dev/model_licenses/LICENSE-FLUX1-dev": ["LicenseRef-scancode-flux-1-nc"],
    "flux1-schnell/LICENSE": ["Apache-2.0"],
    "flux1-schnell/model_licenses/LICENSE-FLUX1-schnell": ["Apache-2.0"],
    "gemma-1/LICENSE": ["Apache-2.0"],
    "gpt-oss/LICENSE": ["Apache-2.0"],
    "gpt-oss/USAGE_POLICY": ["LicenseRef-openlic-gpt-oss-usage-policy"],
    "grok-1/LICENSE.txt": ["Apache-2.0"],
    "llama-2/LICENSE": ["LicenseRef-scancode-llama-2-license-2023"],
    "llama-2/USE_POLICY.md": ["LicenseRef-openlic-llama-2-acceptable-use-policy"],
    "llama-3.1/LICENSE": ["LicenseRef-scancode-llama-3.1-license-2024"],
    "llama-3.1/USE_POLICY.md": ["LicenseRef-openlic-llama-3.1-acceptable-use-policy"],
    "mistral-inference/LICENSE": ["Apache-2.0"],
    "olmo-7b/LICENSE": ["Apache-2.0"],
    "openelm/LICENSE": ["AML"],  # Apple's sample-code licence ("Apple MIT License")
    "pythia/LICENSE": ["Apache-2.0"],
    "qwen-7b/LICENSE": ["Apache-2.0"],
    "qwen-7b/NOTICE": ["Apache-2.0", "BSD-3-Clause", "MIT"],  # Megatron-LM, tiktoken, alpaca...
    "qwen-7b/Tongyi Qianwen LICENSE AGREEMENT": ["LicenseRef-scancode-tongyi-qianwen-2023"],
    "qwen-7b/Tongyi Qianwen RESEARCH LICENSE AGREEMENT": [
        "LicenseRef-openlic-tongyi-qianwen-research-license-agreement"
    ],
    "stable-diffusion-v1/LICENSE": ["LicenseRef-scancode-stable-diffusion-2022-08-22"],
    "starcoder/LICENSE": ["Apache-2.0"],
}

#: (c) Licences the variants are made from: common software licences and the model licences
#: whose versions must be told apart.
VARIANT_BASES = [
    "MIT",
    "Apache-2.0",
    "BSD-3-Clause",
    "GPL-3.0-only",
    "MPL-2.0",
    "CC-BY-4.0",
    "LicenseRef-scancode-llama-2-license-2023",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "LicenseRef-scancode-llama-3.2-license-2024",
    "LicenseRef-scancode-llama-3.3-license-2024",
    "LicenseRef-scancode-llama-4-cla-2025",
    "LicenseRef-scancode-gemma-tou-2024-04-01",
    "LicenseRef-scancode-gemma-tou-2025-03-24",
    "LicenseRef-scancode-gemma-pup-2024-02-21",
    "LicenseRef-scancode-stable-diffusion-2022-08-22",
    "LicenseRef-scancode-bigscience-open-rail-m2",
    "LicenseRef-scancode-bigscience-rail-1.0",
    "LicenseRef-scancode-bigscience-open-rail-m",
    "LicenseRef-scancode-bigcode-open-rail-m-v1",
    "LicenseRef-scancode-stability-ai-community-2024",
    "LicenseRef-scancode-stability-ai-nc-2023-12-06",
    "LicenseRef-scancode-tongyi-qianwen-2023",
    "LicenseRef-scancode-qwen-2024",
    "LicenseRef-scancode-deepseek-la-1.0",
    "LicenseRef-scancode-flux-1-nc",
]
ADDED_CLAUSE = (
    "The Licensee shall not use the Software or any part of it for military purposes or for "
    "the surveillance of persons, and any such use terminates this license immediately."
)
MODIFYING = {"added", "removed", "truncated"}


# --------------------------------------------------------------------------- workers
# A worker runs inside one tool's environment and uses only the standard library plus that
# tool. It reads cases from a JSON file and writes its answers to another.


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _worker(tool: str, cases_path: str, out_path: str) -> None:
    cases = json.loads(Path(cases_path).read_text("utf-8"))
    start = time.perf_counter()
    if tool == "openlic":
        sys.path.insert(0, str(ROOT))
        from openlic.identification import identify_text
        from openlic.identification.catalog import catalog
        from openlic.identification.index import match_index
        from openlic.identification.references import license_names
        from openlic.identification.rules import license_rules, matching_rules

        imported = time.perf_counter()
        match_index()
        license_names()
        catalog()
        license_rules()
        matching_rules()

        def run(text: str) -> list[dict[str, Any]]:
            return [
                {"id": m.license_id, "modified": m.modified}
                for m in identify_text(text, licence_file=True)
            ]

    elif tool == "licenseclassifier":
        from licenseclassifier import identify_license

        imported = time.perf_counter()
        identify_license("MIT License")  # loads its licence database

        def run(text: str) -> list[dict[str, Any]]:
            return [{"id": r.id, "modified": None} for r in identify_license(text)]

    elif tool == "scancode":
        from licensedcode.cache import get_index

        imported = time.perf_counter()
        index = get_index()

        def run(text: str) -> list[dict[str, Any]]:
            out = []
            for match in index.match(query_string=text):
                keys = re.findall(r"[a-z0-9][a-z0-9.+_-]*", match.rule.license_expression)
                partial = match.coverage() < 100 or match.score() < 100
                out.extend(
                    {"key": k, "modified": partial} for k in keys if k not in ("and", "or", "with")
                )
            return out

    elif tool == "scancode-api":
        # What a ScanCode user calls on a file: matching plus license detection assembly.
        from scancode.api import get_licenses

        imported = time.perf_counter()
        workdir = Path(tempfile.mkdtemp())
        probe = workdir / "probe.txt"
        probe.write_text("MIT License", "utf-8")
        get_licenses(location=str(probe))  # loads the index

        def run(text: str) -> list[dict[str, Any]]:
            probe.write_text(text, "utf-8")
            out = []
            for detection in get_licenses(location=str(probe)).get("license_detections", []):
                expression = detection.get("license_expression") or ""
                keys = re.findall(r"[a-z0-9][a-z0-9.+_-]*", expression)
                out.extend(
                    {"key": k, "modified": None} for k in keys if k not in ("and", "or", "with")
                )
            return out

    else:
        raise SystemExit(f"unknown tool {tool}")
    load = time.perf_counter() - imported
    import_s = imported - start
    answers = []
    repeat = int(os.environ.get("OPENLIC_BENCH_REPEAT", "1"))
    for case in cases:
        walls, cpus = [], []
        for _ in range(repeat):  # the best of N runs: the machine may be shared
            t0, c0 = time.perf_counter(), time.process_time()
            found = run(case["text"])
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        answers.append({"ms": min(walls), "cpu_ms": min(cpus), "found": found})
    Path(out_path).write_text(
        json.dumps(
            {"import_s": import_s, "load_s": load, "answers": answers, "peak_mb": _peak_mb()}
        ),
        "utf-8",
    )


# --------------------------------------------------------------------------- the sets


def _reference_index() -> dict[str, Any]:
    return json.loads((DATA / "licenses/reference/index.json").read_text("utf-8"))


def corpus_cases(corpus: Path) -> list[dict[str, Any]]:
    """Set (a): the corpus licence files with their expected ids."""
    cases = []
    for relative, expected in sorted(CORPUS_EXPECTED.items()):
        path = corpus / relative
        text = path.read_text("utf-8", errors="replace")
        cases.append({"set": "a", "name": relative, "text": text, "expected": expected})
    return cases


def same_text() -> dict[str, set[str]]:
    """For each id, the ids whose reference text normalises to the same words (deprecated SPDX
    ids such as GPL-3.0 for GPL-3.0-only, identical exceptions): naming either is right."""
    sys.path.insert(0, str(ROOT))
    from openlic.identification.normalize import normalize

    groups: dict[tuple[str, ...], set[str]] = {}
    for entry in _reference_index()["licenses"]:
        text = (DATA / "licenses/reference" / entry["text"]).read_text("utf-8")
        groups.setdefault(normalize(text).tokens, set()).add(entry["id"])
    return {i: group for group in groups.values() for i in group}


def reference_cases() -> list[dict[str, Any]]:
    """Set (b): every reference text (deprecated ids left out: their text is the current id's)."""
    sys.path.insert(0, str(ROOT))
    from openlic.identification.normalize import normalize

    spdx = json.loads((DATA / "licenses/spdx.json").read_text("utf-8"))
    deprecated = {e["id"] for e in spdx["licenses"] if e.get("deprecated")}
    entries = [e for e in _reference_index()["licenses"] if e["id"] not in deprecated]
    texts = {e["id"]: (DATA / "licenses/reference" / e["text"]).read_text("utf-8") for e in entries}
    cases = []
    for license_id, text in sorted(texts.items()):
        tokens = normalize(text).tokens
        if len(tokens) < 20:
            continue  # too short to be identified on its own (a one-line grant)
        cases.append(
            {
                "set": "b",
                "name": license_id,
                "text": text,
                "expected": [license_id],
            }
        )
    return cases


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


_STATEMENT = re.compile(r"^\s*copyright\s*(?:\(c\)|©|\d{4})", re.IGNORECASE)


def _reflow(text: str) -> str:
    """Re-wrap every paragraph at 60 columns; copyright statements stay lines of their own, in
    place, as they do when people re-wrap a licence by hand."""
    out = []
    for paragraph in _paragraphs(text):
        chunks: list[str] = []
        words: list[str] = []
        for line in paragraph.splitlines():
            if _STATEMENT.match(line):
                if words:
                    chunks.append(textwrap.fill(" ".join(words), 60))
                    words = []
                chunks.append(line.strip())
            else:
                words.extend(line.split())
        if words:
            chunks.append(textwrap.fill(" ".join(words), 60))
        out.append("\n".join(chunks))
    return "\n\n".join(out)


def _markdown(text: str) -> str:
    """The text as a Markdown page: a heading, short paragraphs in bold, the others quoted."""
    paragraphs = _paragraphs(text)
    head = paragraphs[0].splitlines()
    out = [f"# {head[0].strip()}", *(line.strip() for line in head[1:])]
    for p in paragraphs[1:]:
        words = " ".join(p.split())
        out.append("")
        out.append(f"**{words}**" if len(words) < 60 else f"> {words}")
    return "\n".join(out)


def _clause_index(paragraphs: list[str], at: float) -> int:
    """A paragraph of at least 12 words near relative position ``at`` (not the first)."""
    order = sorted(range(1, len(paragraphs)), key=lambda i: abs(i - at * len(paragraphs)))
    for i in order:
        if len(paragraphs[i].split()) >= 12:
            return i
    return max(1, len(paragraphs) // 2)


def family(base: str, index: dict[str, Any]) -> set[str]:
    """The ids that count as the right family for a variant of ``base``.

    For the model licences this is ``base`` alone: the version must be exact. For the short
    software licences, removing or cutting a clause can turn the text into a sibling licence
    (BSD-3-Clause without a clause *is* a BSD-2-Clause variant; MIT without its notice
    condition is MIT-0), so the family is the ids sharing the base's stem (MIT*, BSD-*...).
    """
    if base.startswith("LicenseRef-"):
        return {base}
    stem = re.split(r"[-.]", base)[0]
    return {i for i in index if i == stem or i.startswith(stem + "-")} | {base}


def variant_cases() -> list[dict[str, Any]]:
    """Set (c): reflowed, Markdown, clause added, clause removed, truncated."""
    index = {e["id"]: e for e in _reference_index()["licenses"]}
    cases = []
    for base in VARIANT_BASES:
        text = (DATA / "licenses/reference" / index[base]["text"]).read_text("utf-8")
        paragraphs = _paragraphs(text)
        removed_at = _clause_index(paragraphs, 0.45)
        added_at = _clause_index(paragraphs, 0.6)
        lines = text.splitlines()
        variants = {
            "reflowed": _reflow(text),
            "markdown": _markdown(text),
            "added": "\n\n".join([*paragraphs[:added_at], ADDED_CLAUSE, *paragraphs[added_at:]]),
            "removed": "\n\n".join(paragraphs[:removed_at] + paragraphs[removed_at + 1 :]),
            "truncated": "\n".join(lines[: max(3, int(len(lines) * 0.7))]),
        }
        for kind, changed in variants.items():
            cases.append(
                {
                    "set": "c",
                    "name": f"{base} {kind}",
                    "text": changed,
                    "expected": [base],
                    "family": family(base, index),
                    "modified": kind in MODIFYING,
                }
            )
    return cases


# --------------------------------------------------------------------------- running


def ensure_venv(tool: str, cache: Path) -> Path:
    """Return the python of ``tool``'s virtual environment, creating it with pip if needed."""
    venv = cache / f"venv-{tool}"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    wanted = " ".join(PEERS[tool])
    if marker.exists() and marker.read_text() == wanted:
        return python
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *PEERS[tool]],
        check=True,
    )
    marker.write_text(wanted)
    return python


def run_tool(tool: str, python: str, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Run ``tool``'s worker on ``cases`` in its own process and return its answers."""
    with tempfile.TemporaryDirectory() as tmp:
        cases_path = Path(tmp) / "cases.json"
        out_path = Path(tmp) / "out.json"
        cases_path.write_text(json.dumps([{"text": c["text"]} for c in cases]), "utf-8")
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(
            [
                python,
                str(Path(__file__).resolve()),
                "--worker",
                tool,
                str(cases_path),
                str(out_path),
            ],
            check=True,
            env=env,
        )
        return json.loads(out_path.read_text("utf-8"))


def _scancode_ids() -> dict[str, list[str]]:
    ids: dict[str, list[str]] = {}
    for entry in _reference_index()["licenses"]:
        if entry.get("scancode_key"):
            ids.setdefault(entry["scancode_key"], []).append(entry["id"])
    return ids


def _alternatives(
    tool: str, found: list[dict[str, Any]], scancode: dict[str, list[str]]
) -> list[set[str]]:
    """One set of acceptable ids per licence a tool reported (a ScanCode key may map to several
    ids: bsd-simplified is BSD-2-Clause and BSD-2-Clause-NetBSD). Unidentified texts are left
    out: reporting "unknown" is not a wrong answer, only a missing one."""
    out: list[set[str]] = []
    for item in found:
        if tool.startswith("scancode"):
            out.append(set(scancode.get(item["key"], [f"LicenseRef-scancode-{item['key']}"])))
        elif not item["id"].startswith(UNKNOWN_PREFIX):
            out.append({item["id"]})
    return out


def score(
    tool: str, cases: list[dict[str, Any]], result: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Return accuracy per set and the failures, for one tool.

    An answer is right when every expected licence is reported and nothing else is (set b also
    accepts an id whose text is identical to the expected one's).
    """
    scancode = _scancode_ids()
    same = same_text()
    per_set: dict[str, list[bool]] = {}
    modified_ok: list[bool] = []
    exact_c: list[bool] = []
    failures: list[str] = []
    for case, answer in zip(cases, result["answers"], strict=True):
        got = _alternatives(tool, answer["found"], scancode)
        acceptable = {i for e in case["expected"] for i in same.get(e, {e})}
        if case["set"] == "c":
            acceptable |= case["family"]
        if case["set"] == "b":
            covered = bool(got)
        elif case["set"] == "c":
            covered = any(g & acceptable for g in got)
        else:
            covered = all(any(g & same.get(e, {e}) for g in got) for e in case["expected"])
        clean = all(g & acceptable for g in got)
        ok = covered and clean
        if case["set"] == "c":
            base = case["expected"][0]
            exact_c.append(any(g & same.get(base, {base}) for g in got))
            flags = [f.get("modified") for f in answer["found"]]
            if flags and all(f is not None for f in flags):
                modified_ok.append(any(flags) == case["modified"])
                if not modified_ok[-1]:
                    failures.append(
                        f"(c) {case['name']}: modified should be {case['modified']}, got {flags}"
                    )
        per_set.setdefault(case["set"], []).append(ok)
        if not ok:
            shown = sorted("|".join(sorted(g)) for g in got)
            failures.append(
                f"({case['set']}) {case['name']}: expected {case['expected']}, got {shown}"
            )
    times_a = [a["ms"] for c, a in zip(cases, result["answers"], strict=True) if c["set"] == "a"]
    cpu_a = [a["cpu_ms"] for c, a in zip(cases, result["answers"], strict=True) if c["set"] == "a"]
    summary = {
        "accuracy": {s: sum(v) / len(v) for s, v in sorted(per_set.items())},
        "counts": {s: f"{sum(v)}/{len(v)}" for s, v in sorted(per_set.items())},
        "modified_flag": f"{sum(modified_ok)}/{len(modified_ok)}" if modified_ok else "n/a",
        "exact_c": f"{sum(exact_c)}/{len(exact_c)}" if exact_c else "n/a",
        "import_s": result["import_s"],
        "load_s": result["load_s"],
        "median_ms_a": statistics.median(times_a) if times_a else 0.0,
        "median_ms_all": statistics.median(a["ms"] for a in result["answers"]),
        "median_cpu_ms_a": statistics.median(cpu_a) if cpu_a else 0.0,
        "peak_mb": result["peak_mb"],
    }
    return summary, failures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table per tool."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tools", default="openlic,licenseclassifier,scancode,scancode-api")
    parser.add_argument("--sets", default="a,b,c")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "openlic-bench-identify"
    )
    parser.add_argument("--failures", action="store_true", help="list every wrong answer")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each file N times and keep the best"
    )
    parser.add_argument("--json", type=Path, help="also write the summaries here")
    parser.add_argument(
        "--reuse",
        default="",
        metavar="TOOLS",
        help="reuse the cached answers of these tools when the texts are unchanged "
        "(rescoring without re-running a slow peer)",
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("TOOL", "CASES", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        _worker(*args.worker)
        return 0
    sets = set(args.sets.split(","))
    cases: list[dict[str, Any]] = []
    if "a" in sets:
        cases += corpus_cases(args.corpus)
    if "b" in sets:
        cases += reference_cases()
    if "c" in sets:
        cases += variant_cases()
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["OPENLIC_BENCH_REPEAT"] = str(max(1, args.repeat))
    summaries: dict[str, Any] = {}
    for tool in args.tools.split(","):
        digest = hashlib.sha256(
            json.dumps([c["text"] for c in cases]).encode() + str(args.repeat).encode()
        ).hexdigest()[:16]
        raw = args.cache_dir / f"raw-{tool}-{digest}.json"
        if args.reuse and raw.exists() and tool in args.reuse.split(","):
            result = json.loads(raw.read_text("utf-8"))  # same texts: the earlier answers
        else:
            environment = ENVIRONMENT.get(tool, tool)
            python = (
                sys.executable
                if tool == "openlic"
                else str(ensure_venv(environment, args.cache_dir))
            )
            result = run_tool(tool, python, cases)
            raw.write_text(json.dumps(result), "utf-8")
        summary, failures = score(tool, cases, result)
        summaries[tool] = summary
        print(f"== {tool}")
        for s, acc in summary["accuracy"].items():
            print(f"  set {s}: {acc:7.1%}  ({summary['counts'][s]})")
        print(f"  set c, exact base id: {summary['exact_c']}")
        print(f"  modified flag right (set c): {summary['modified_flag']}")
        load, imports = summary["load_s"], summary["import_s"]
        print(f"  index load: {load:.3f} s (after {imports:.3f} s of imports)")
        print(
            f"  median per file: {summary['median_ms_a']:.1f} ms (set a), "
            f"{summary['median_ms_all']:.1f} ms (all)"
        )
        print(f"  median CPU time per file: {summary['median_cpu_ms_a']:.1f} ms (set a)")
        print(f"  peak memory: {summary['peak_mb']:.0f} MB")
        if args.failures:
            for failure in failures:
                print(f"    {failure}")
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
