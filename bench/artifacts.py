"""Benchmark the artifact inventory (issue 5): static code reading, weight headers, card reviews.

Run by hand: ``python bench/artifacts.py [--cards ../shared/hf-cards/cards]``. Two measurements:

1. A synthetic release written to a temporary folder: Python files in the shapes the inventory
   reads (training loops, inference, evaluation, data processing, model classes, plain helpers),
   shell launchers, training configs, notebooks, safetensors shards with many tensors, a GGUF
   file with a 150,000-token vocabulary, checkpoint folders. The whole audit and the inventory
   alone are timed; peak memory is the process's maximum resident set size.
2. Every real model card of the shared card sample, read in place: card parse, section review
   and references (links, usage snippets), timed, with the share of cards that fill each
   template section and that reference each component.
"""

from __future__ import annotations

import argparse
import json
import resource
import struct
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openlic
from openlic.inventory import NameInventory
from openlic.inventory.card import parse_card
from openlic.inventory.documents import review_model_card
from openlic.inventory.references import card_references
from openlic.sources.local import LocalSource

TRAIN = """import torch
from torch.optim import AdamW


def step(model, batch, optimizer):
    loss = model(**batch).loss
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()
"""
INFER = "def reply(model, ids):\n    return model.generate(ids, max_new_tokens=32)\n"
EVAL = "from sklearn.metrics import f1_score\n\n\ndef score(y, p):\n    return f1_score(y, p)\n"
PREP = "from datasketch import MinHash\n\n\ndef sig(text):\n    m = MinHash()\n    return m\n"
MODEL = (
    "from torch import nn\n\n\nclass Block(nn.Module):\n"
    "    def forward(self, x):\n        return x\n"
)
HELPER = (
    "def helper_{n}(values):\n    total = 0\n    for v in values:\n"
    "        total += v * {n}\n    return total\n"
)
KINDS = (TRAIN, INFER, EVAL, PREP, MODEL)


def python_file(n: int) -> str:
    """Return ~150 lines: one signal-bearing snippet and many plain helper functions."""
    body = KINDS[n % len(KINDS)] + "\n\n"
    return body + "\n\n".join(HELPER.format(n=i) for i in range(25))


def safetensors(tensors: int) -> bytes:
    header = {
        f"layers.{i}.weight": {"dtype": "BF16", "shape": [64, 64], "data_offsets": [0, 0]}
        for i in range(tensors)
    }
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf(vocabulary: int, tensors: int) -> bytes:
    def string(text: str) -> bytes:
        data = text.encode()
        return struct.pack("<Q", len(data)) + data

    pairs = string("general.license") + struct.pack("<I", 8) + string("apache-2.0")
    pairs += string("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, vocabulary)
    pairs += b"".join(string(f"tok{i}") for i in range(vocabulary))
    infos = b"".join(
        string(f"blk.{i}.w") + struct.pack("<IQQIQ", 2, 4096, 4096, 12, 0) for i in range(tensors)
    )
    return b"GGUF" + struct.pack("<IQQ", 3, tensors, 2) + pairs + infos


def write_release(root: Path, python_files: int, shards: int) -> int:
    files: dict[str, str | bytes] = {
        "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge...\n",
        "README.md": "---\nlicense: mit\n---\n# Bench\n\n## Model Details\nA benchmark release.\n",
        "model.gguf": gguf(150_000, 300),
        "trainer_state.json": json.dumps({"global_step": 10, "log_history": []}),
    }
    for n in range(python_files):
        files[f"src/pkg{n % 50}/module_{n}.py"] = python_file(n)
    for n in range(200):
        files[f"scripts/run_{n}.sh"] = (
            f"#!/bin/sh\ntorchrun --nproc_per_node 8 src/main.py --seed {n}\n"
        )
    for n in range(300):
        files[f"configs/exp_{n}.yaml"] = (
            f"optimizer:\n  lr: 1.0e-4\n  weight_decay: 0.1\nseed: {n}\n"
        )
    notebook = {"cells": [{"cell_type": "code", "source": TRAIN}] * 20}
    for n in range(20):
        files[f"notebooks/nb_{n}.ipynb"] = json.dumps(notebook)
    shard = safetensors(300)
    for n in range(shards):
        files[f"model-{n:05d}-of-{shards:05d}.safetensors"] = shard
    for step in (1000, 2000, 3000):
        files[f"checkpoints/step{step}/model.safetensors"] = shard
        files[f"checkpoints/step{step}/optimizer.pt"] = b"PK\x03\x04" + b"\0" * 60
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return len(files)


def bench_release(python_files: int, shards: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "release"
        count = write_release(root, python_files, shards)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        start = time.perf_counter()
        source = LocalSource(root)
        release = source.read()
        read = time.perf_counter() - start
        start = time.perf_counter()
        inventory = NameInventory(source.read_range).build(release)
        built = time.perf_counter() - start
        start = time.perf_counter()
        report = openlic.audit(root)
        whole = time.perf_counter() - start
        present = sum(1 for s in report.components.values() if s.status.value == "present")
        params = sum(w.parameter_count or 0 for w in inventory.weights)
        print(
            f"release: {count} files, {size / 2**20:.1f} MiB; read {read:.2f} s, inventory "
            f"{built:.2f} s, whole audit {whole:.2f} s; {len(inventory.weights)} weight headers "
            f"({params:,} parameters), {present} components present"
        )


def bench_cards(folder: Path) -> None:
    paths = sorted(folder.glob("*.md"))
    sections: Counter[str] = Counter()
    references: Counter[str] = Counter()
    start = time.perf_counter()
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        card = parse_card(path.name, text).card
        review = review_model_card(card.path, card.body, card.body_start_line)
        sections.update(review.filled)
        references.update({r.component for r in card_references(card)})
    elapsed = time.perf_counter() - start
    each = elapsed / max(len(paths), 1) * 1000
    print(f"cards: {len(paths)} in {elapsed:.2f} s ({each:.2f} ms each)")
    for title, counts in (("filled sections", sections), ("referenced", references)):
        shares = ", ".join(f"{k} {v / len(paths):.0%}" for k, v in counts.most_common())
        print(f"  {title}: {shares}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python-files", type=int, default=5000)
    parser.add_argument("--shards", type=int, default=500)
    parser.add_argument("--cards", type=Path, default=Path("../shared/hf-cards/cards"))
    args = parser.parse_args()
    bench_release(args.python_files, args.shards)
    if args.cards.is_dir():
        bench_cards(args.cards)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
