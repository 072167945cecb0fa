"""Benchmark the licence analysis: clause detector throughput and per-licence readings.

Run by hand: python bench/analysis.py
Prints: detector time over every reference text openlic ships (837 texts), the time to read
every profile (as `openlic licenses` does), and the time to audit each corpus release with the
analysis included (when ../shared/corpus is present), plus peak memory (tracemalloc).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from openlic import kb
    from openlic.analysis import detect_clauses, profiles, read_profile
    from openlic.identification.catalog import catalog

    texts = [kb.read_text(i.text_path) for i in catalog() if i.text_path]
    size = sum(len(t.encode("utf-8")) for t in texts)
    detect_clauses("warm up the rules")
    tracemalloc.start()
    start = time.perf_counter()
    hits = sum(len(detect_clauses(t)) for t in texts)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"detector: {len(texts)} texts, {size / 1e6:.1f} MB in {elapsed:.2f} s "
        f"({size / 1e6 / elapsed:.1f} MB/s), {hits} hits, peak {peak / 1e6:.1f} MB"
    )

    start = time.perf_counter()
    count = sum(1 for p in profiles() for _ in [read_profile(p)])
    print(f"profiles: read {count} profiles in {time.perf_counter() - start:.2f} s")

    corpus = ROOT.parent / "shared" / "corpus" / "releases"
    if corpus.is_dir():
        import openlic
        from openlic.evaluate.osd import assess_licenses
        from openlic.identification import DEFAULT_IDENTIFIERS
        from openlic.pipeline import inventory_of
        from openlic.sources.interface import ReadLimits
        from openlic.sources.local import LocalSource

        total = analysis = 0.0
        for release_dir in sorted(corpus.iterdir()):
            start = time.perf_counter()
            openlic.audit(release_dir)
            total += time.perf_counter() - start
            release = LocalSource(release_dir, ReadLimits()).read()
            inventory = inventory_of(release)
            matches = [
                m for i in DEFAULT_IDENTIFIERS for m in i().identify(release, inventory).matches
            ]
            start = time.perf_counter()
            assess_licenses(matches, release)
            analysis += time.perf_counter() - start
        n = len(list(corpus.iterdir()))
        print(
            f"corpus: {n} releases audited in {total:.2f} s; licence analysis alone "
            f"{analysis:.2f} s ({analysis / n * 1000:.0f} ms per release)"
        )


if __name__ == "__main__":
    main()
