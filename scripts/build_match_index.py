#!/usr/bin/env python3
"""Build openlic's precomputed licence-matching index, ``data/licenses/match-index.json``.

Inputs (all in ``data/``, all reviewed data with their own provenance):

* ``licenses/reference/index.json`` and ``licenses/reference/texts/*.txt``: the licence texts
  (SPDX list + ScanCode LicenseDB, see ``data/licenses/README.md``);
* ``licenses/rules/notices.yaml``: standard licence notices ("Licensed under the Apache
  License, Version 2.0 ...") written for openlic;
* ``licenses/equivalents.yaml`` and ``openlic/identification/normalize.py``: the normalisation
  the tokens were made with (their digests are recorded, so a change makes the index stale).

The index holds every text as a sequence of token numbers (a shared vocabulary), base64-packed,
and, for the rarer tokens, the list of texts that contain them with an idf weight: openlic
loads it in a few milliseconds instead of normalising 800 texts at first use.

Usage::

    python scripts/build_match_index.py            # rewrite the index
    python scripts/build_match_index.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import sys
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUTPUT = DATA / "licenses" / "match-index.json"
#: Texts shorter than this many tokens are too generic to be matched on their own.
MIN_TOKENS = 20
#: Tokens found in more texts than this are too common to retrieve candidates with.
MAX_DF = 80


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pack(values: list[int], typecode: str) -> str:
    packed = array(typecode, values)
    if sys.byteorder != "little":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def build() -> str:
    """Return the index file's content (deterministic JSON)."""
    sys.path.insert(0, str(ROOT))
    from openlic import kb
    from openlic.identification.normalize import normalize

    kb.use_location(DATA)
    import yaml

    reference = json.loads((DATA / "licenses/reference/index.json").read_text("utf-8"))
    notices = yaml.safe_load((DATA / "licenses/rules/notices.yaml").read_text("utf-8"))
    spdx = json.loads((DATA / "licenses/spdx.json").read_text("utf-8"))
    deprecated = {e["id"] for e in spdx["licenses"] if e.get("deprecated")}
    sources: list[tuple[str, str, str]] = []
    for entry in reference["licenses"]:
        if entry["id"] in deprecated:
            continue  # same text as the current id; matching reports the current one
        text = (DATA / "licenses/reference" / entry["text"]).read_text("utf-8")
        sources.append((entry["id"], "text", text))
    for entry in notices["notices"]:
        sources.append((entry["id"], "notice", entry["text"]))

    vocabulary: dict[str, int] = {}
    entries: list[dict[str, object]] = []
    sequences: list[list[int]] = []
    for license_id, kind, text in sources:
        tokens = normalize(text).tokens
        if len(tokens) < MIN_TOKENS:
            continue
        ids = [vocabulary.setdefault(t, len(vocabulary)) for t in tokens]
        sequences.append(ids)
        entries.append({"id": license_id, "kind": kind, "length": len(ids)})
    if len(vocabulary) >= 2**16 or len(entries) >= 2**16:
        raise SystemExit("index too large for 16-bit token and entry numbers")
    postings: dict[int, list[int]] = {}
    for number, ids in enumerate(sequences):
        for token in sorted(set(ids)):
            postings.setdefault(token, []).append(number)
    total = len(sequences)
    idf = {t: math.log(total / len(p)) for t, p in postings.items() if len(p) <= MAX_DF}
    for entry, ids in zip(entries, sequences, strict=True):
        entry["tokens"] = _pack(ids, "H")
        entry["weight"] = round(sum(idf.get(t, 0.0) for t in set(ids)), 6)
    words = sorted(vocabulary, key=vocabulary.__getitem__)
    index = {
        "provenance": {
            "generator": "scripts/build_match_index.py",
            "derived_from": {
                "data/licenses/reference/index.json": _digest(
                    DATA / "licenses/reference/index.json"
                ),
                "data/licenses/rules/notices.yaml": _digest(DATA / "licenses/rules/notices.yaml"),
                "data/licenses/equivalents.yaml": _digest(DATA / "licenses/equivalents.yaml"),
                "openlic/identification/normalize.py": _digest(
                    ROOT / "openlic/identification/normalize.py"
                ),
            },
            "data_license": "CC-BY-4.0 (ScanCode LicenseDB texts); see data/licenses/README.md",
            "format": "tokens: base64 of little-endian uint16 vocabulary numbers; postings: "
            "base64 of little-endian uint16 entry numbers, for tokens in at most "
            f"{MAX_DF} entries; idf = ln(entries / postings)",
            "counts": {"entries": len(entries), "vocabulary": len(words)},
        },
        "vocabulary": words,
        "idf": [round(idf.get(t, 0.0), 6) for t in range(len(words))],
        "postings": [_pack(postings[t], "H") if t in idf else "" for t in range(len(words))],
        "entries": entries,
    }
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the index, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the index is stale")
    args = parser.parse_args(argv)
    content = build()
    if args.check:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        if current != content:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/build_match_index.py")
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is current")
        return 0
    OUTPUT.write_text(content, "utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(content)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
