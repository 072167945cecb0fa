"""Time and memory of every report format and of a policy, on the shared corpus (run by hand).

    python bench/formats.py [--repeat N]

Each release of ../shared/corpus/releases and examples/tiny-release is audited once; then each
format renders the report ``--repeat`` times (best time kept, validation included for the SBOM
formats, which validate before returning), and the example policies are evaluated. The peak
memory a format allocates (tracemalloc) is measured on the largest report. Prints a Markdown
table for bench/README.md.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import openlic
from openlic.formats import FORMATS, render
from openlic.policy import load

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "releases"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    targets = [REPO / "examples" / "tiny-release"]
    if CORPUS.is_dir():
        targets += sorted(p for p in CORPUS.iterdir() if p.is_dir())
    reports = []
    for target in targets:
        start = time.perf_counter()
        reports.append(openlic.audit(target))
        audit_time = time.perf_counter() - start
        print(f"audited {target.name} in {audit_time:.2f}s")
    formats = sorted(FORMATS)
    # first call pays the imports and the knowledge-base loads: measured apart
    first = {}
    for fmt in formats:
        start = time.perf_counter()
        render(reports[0], fmt)
        first[fmt] = time.perf_counter() - start
    best: dict[str, list[float]] = {fmt: [] for fmt in formats}
    sizes: dict[str, list[int]] = {fmt: [] for fmt in formats}
    for report in reports:
        for fmt in formats:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                text = render(report, fmt)
                times.append(time.perf_counter() - start)
            best[fmt].append(min(times))
            sizes[fmt].append(len(text.encode("utf-8")))
    largest = max(reports, key=lambda r: len(render(r, "json")))
    peaks = {}
    for fmt in formats:
        tracemalloc.start()
        render(largest, fmt)
        peaks[fmt] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"\n{len(reports)} reports, best of {args.repeat}; peak memory on {largest.release_name}")
    print("| format | first call | median | max | median size | peak memory |")
    print("| --- | --- | --- | --- | --- | --- |")
    for fmt in formats:
        ordered = sorted(best[fmt])
        median = ordered[len(ordered) // 2]
        size = sorted(sizes[fmt])[len(ordered) // 2]
        print(
            f"| {fmt} | {first[fmt] * 1000:.0f} ms | {median * 1000:.1f} ms | "
            f"{ordered[-1] * 1000:.1f} ms | {size / 1024:.1f} KiB | {peaks[fmt] / 1024:.0f} KiB |"
        )
    policies = sorted((REPO / "examples" / "policies").glob("*.toml"))
    start = time.perf_counter()
    count = 0
    for path in policies:
        policy = load(path)
        for report in reports:
            policy.evaluate(report)
            count += 1
    elapsed = time.perf_counter() - start
    print(
        f"\npolicies: {count} evaluations in {elapsed * 1000:.0f} ms "
        f"({elapsed / count * 1000:.2f} ms each)"
    )


if __name__ == "__main__":
    main()
