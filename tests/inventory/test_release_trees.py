"""Realistic release trees, audited whole: every component decision with its evidence.

Three shapes of release: fully open (training and data code, configs, checkpoints, datasheet),
open weights with inference code only, and weights only; plus a release split across folders and
audited with ``--with``.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import openlic
from openlic.model import ComponentPresence, Evidence
from tests.conftest import reference_text, write_tree
from tests.inventory.weightfiles import gguf, safetensors

MORE = "[More Information Needed]"

OPEN_CARD = """---
license: apache-2.0
datasets:
- example-org/open-corpus
tags:
- arxiv:2401.00001
---
# OpenLM-1B

## Model Details
OpenLM-1B is a decoder-only transformer trained from scratch on an open web corpus by the
example lab, with every artifact published.

## Uses
Research on language models, fine-tuning for downstream tasks and teaching.

## Out-of-Scope Use
Not evaluated for medical or legal advice; do not use it to make decisions about people.

## Bias, Risks, and Limitations
The corpus is web text and carries its biases; the model can produce false statements.

## How to Get Started with the Model
Load it with the transformers library and call generate, as shown in src/decode_utils.py.

## Training Details

### Training Data
The open corpus described in DATASHEET.md, one trillion tokens of English web pages.

### Training Procedure
AdamW with a cosine schedule, peak learning rate 4e-4 and 2M-token batches, see configs/.

## Evaluation
Zero-shot results on standard benchmarks:

| task | accuracy |
| --- | --- |
| hellaswag | 0.62 |

## Environmental Impact
About 12 MWh of electricity on a cluster powered by hydroelectric energy in the region.

## Technical Specifications

### Compute Infrastructure
Trained on 64 nodes with eight accelerators each, connected with a fast interconnect.

## Citation
Please cite the OpenLM paper (arXiv 2401.00001) when you use the model in your work.

## Model Card Contact
Write to the example lab's public issue tracker for questions about this model.
"""

DATASHEET = """# Datasheet: open-corpus

## Provenance
Web pages from public crawls of 2023, with the crawl ids listed in sources.txt.

## Composition
One trillion tokens of English text, deduplicated, with document-level metadata fields.

## Collection process
Downloaded from the public crawl archives with the scripts in src/, respecting robots.txt.

## Selection
Pages were selected by language identification and a quality classifier threshold of 0.5.

## Labelling
No human labels; the quality scores come from a classifier trained on reference pages.

## Processing
Text extraction, Unicode normalisation and tokenisation with the released tokenizer files.

## Filtering
Exact and near-duplicate removal with MinHash, plus removal of personal data patterns.
"""

TRAIN_MAIN = """import torch
from torch.optim import AdamW


def main(model, loader):
    optimizer = AdamW(model.parameters(), lr=4e-4)
    for batch in loader:
        loss = model(batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
"""

MODELING = """import torch
from torch import nn


class OpenLM(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.proj = nn.Linear(config.hidden, config.vocab)

    def forward(self, x):
        return self.proj(x)
"""

DECODE = """def complete(model, tokenizer, prompt):
    ids = tokenizer(prompt, return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=64)
    return tokenizer.decode(out[0])
"""

CLEAN = """from datasketch import MinHash, MinHashLSH


def near_duplicates(docs):
    lsh = MinHashLSH(threshold=0.8)
    for key, text in docs:
        sig = MinHash()
        lsh.insert(key, sig)
    return lsh
"""

HARNESS = """import lm_eval


def run(model_path):
    return lm_eval.simple_evaluate(model="hf", model_args=f"pretrained={model_path}")
"""

NOTEBOOK = json.dumps(
    {
        "cells": [
            {"cell_type": "markdown", "source": ["# Try the model"]},
            {
                "cell_type": "code",
                "source": [
                    "from transformers import pipeline\n",
                    "pipe = pipeline('text-generation', model='.')\n",
                ],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
)

PRETRAIN_CONFIG = """model:
  d_model: 2048
optimizer:
  name: adamw
  learning_rate: 4.0e-4
  weight_decay: 0.1
scheduler:
  warmup_steps: 2000
global_batch_size: 1024
"""

DS_CONFIG = json.dumps({"zero_optimization": {"stage": 2}, "bf16": {"enabled": True}})

TRAINER_STATE = json.dumps({"global_step": 1000, "log_history": [{"loss": 2.1, "step": 1000}]})


def fully_open() -> dict[str, str | bytes]:
    """A release that ships every MOF component under Apache-2.0."""
    weights = safetensors({"proj.weight": ("BF16", [4, 8]), "proj.bias": ("BF16", [4])})
    return {
        "LICENSE": reference_text("Apache-2.0"),
        "README.md": OPEN_CARD,
        "DATASHEET.md": DATASHEET,
        "config.json": json.dumps({"architectures": ["OpenLM"], "model_type": "openlm"}),
        "modeling_openlm.py": MODELING,
        "model.safetensors": weights,
        "checkpoints/step1000/model.safetensors": weights,
        "checkpoint-500/optimizer.pt": b"PK\x03\x04" + b"\0" * 60,
        "trainer_state.json": TRAINER_STATE,
        "configs/openlm-1b.yaml": PRETRAIN_CONFIG,
        "configs/ds_config.json": DS_CONFIG,
        "scripts/launch.sh": '#!/bin/sh\ntorchrun --nproc_per_node 8 src/main.py "$@"\n',
        "src/main.py": TRAIN_MAIN,
        "src/decode_utils.py": DECODE,
        "src/clean.py": CLEAN,
        "src/harness.py": HARNESS,
        "notebooks/explore.ipynb": NOTEBOOK,
        "tokenizer.json": json.dumps({"model": {"type": "BPE"}}),
        "requirements.txt": "torch>=2.1\ntransformers>=4.40\n",
        "data/train-00000.parquet": b"PAR1" + b"\0" * 32,
        "eval_data/heldout.jsonl": '{"text": "a held-out example"}\n',
        "paper.pdf": b"%PDF-1.7\n" + b"\0" * 32,
        "technical_report.md": "# OpenLM technical report\n\nHow the model was trained.\n",
        "samples/generation_001.txt": "Once upon a time, a model wrote this sample.\n",
        "eval_results.json": json.dumps({"hellaswag": 0.62}),
    }


def entry(report_inventory: Any, path: str) -> Any:
    (found,) = [e for e in report_inventory.entries if e.path == path]
    return found


# Every file of the fully open release: its components and a piece of evidence that must appear
# (the line that decided it, or the reason text).
FULLY_OPEN_DECISIONS = [
    (
        "config.json",
        ("model-architecture",),
        Evidence("config.json", None, None, "model configuration (['OpenLM'])"),
    ),
    (
        "modeling_openlm.py",
        ("model-architecture",),
        Evidence("modeling_openlm.py", 5, 5, "class OpenLM(nn.Module):"),
    ),
    ("model.safetensors", ("model-parameters-final",), None),
    ("checkpoints/step1000/model.safetensors", ("model-parameters-intermediate",), None),
    ("checkpoint-500/optimizer.pt", ("model-metadata", "model-parameters-intermediate"), None),
    ("trainer_state.json", ("model-metadata",), None),
    (
        "configs/openlm-1b.yaml",
        ("model-metadata",),
        Evidence("configs/openlm-1b.yaml", 5, 5, "learning_rate: 4.0e-4"),
    ),
    (
        "configs/ds_config.json",
        ("training-code",),
        Evidence("configs/ds_config.json", 1, 1, DS_CONFIG),
    ),
    (
        "scripts/launch.sh",
        ("training-code",),
        Evidence("scripts/launch.sh", 2, 2, 'torchrun --nproc_per_node 8 src/main.py "$@"'),
    ),
    ("src/main.py", ("training-code",), Evidence("src/main.py", 9, 9, "loss.backward()")),
    (
        "src/decode_utils.py",
        ("inference-code",),
        Evidence("src/decode_utils.py", 3, 3, "out = model.generate(ids, max_new_tokens=64)"),
    ),
    (
        "src/clean.py",
        ("data-preprocessing-code",),
        Evidence("src/clean.py", 1, 1, "from datasketch import MinHash, MinHashLSH"),
    ),
    ("src/harness.py", ("evaluation-code",), Evidence("src/harness.py", 1, 1, "import lm_eval")),
    (
        "notebooks/explore.ipynb",
        ("inference-code",),
        Evidence(
            "notebooks/explore.ipynb",
            None,
            None,
            "cell 2, line 2: pipe = pipeline('text-generation', model='.')",
        ),
    ),
    ("tokenizer.json", ("supporting-libraries",), None),
    ("requirements.txt", ("supporting-libraries",), None),
    ("data/train-00000.parquet", ("datasets",), None),
    ("eval_data/heldout.jsonl", ("evaluation-data",), None),
    (
        "README.md",
        ("model-card", "evaluation-results"),
        Evidence("README.md", 37, 37, "results table under 'Evaluation'"),
    ),
    (
        "DATASHEET.md",
        ("data-card",),
        Evidence("DATASHEET.md", 9, 9, "collection (filled): Collection process"),
    ),
    ("paper.pdf", ("research-paper",), None),
    ("technical_report.md", ("technical-report",), None),
    ("samples/generation_001.txt", ("sample-outputs",), None),
    ("eval_results.json", ("evaluation-results",), None),
]


@pytest.fixture
def open_report(make_release) -> openlic.AuditReport:
    return openlic.audit(make_release(fully_open()))


@pytest.mark.parametrize(("path", "components", "evidence"), FULLY_OPEN_DECISIONS)
def test_fully_open_file_decisions(make_release, path, components, evidence) -> None:
    from openlic.pipeline import inventory_of
    from openlic.sources.local import LocalSource

    root = make_release(fully_open())
    source = LocalSource(root)
    from openlic.inventory import NameInventory

    inventory = NameInventory(source.read_range).build(source.read())
    assert inventory_of(source.read()).entries  # the default helper still works
    got = entry(inventory, path)
    assert got.components == components, got.reason
    if evidence is not None:
        assert evidence in got.evidence or evidence.text in got.reason, (got.evidence, got.reason)


def test_fully_open_release_is_open_source_ai_and_mof_class_1(
    open_report: openlic.AuditReport, validate_report
) -> None:
    report = open_report
    validate_report(report.to_dict())
    assert {c: s.status for c, s in report.components.items()} == dict.fromkeys(
        report.components, ComponentPresence.PRESENT
    )
    assert report.osaid.verdict.value == "open-source-ai", report.osaid.reasons
    assert [e.status for e in report.osaid.elements] == ["met"] * 6
    data_info = report.osaid.elements[0]
    assert data_info.element == "data-information"
    assert Evidence("DATASHEET.md", 3, 3, "provenance (filled): Provenance") in data_info.evidence
    assert report.mof.mof_class == 1
    assert report.mof.next_class is None
    assert report.mof.needs == ()
    assert report.advice == ()
    grades = {k: g.grade.value for k, g in report.grades.items()}
    assert grades == {
        "datasources_basemodel": "open",
        "datasources_endmodel": "open",
        "weights_basemodel": "open",
        "weights_endmodel": "open",
        "trainingcode": "open",
        "code": "open",
        "hardware_architecture": "open",
        "preprint": "open",
        "paper": "closed",
        "modelcard": "open",
        "datasheet": "open",
        "licenses": "open",
    }


def test_fully_open_weights_headers_and_cards(open_report: openlic.AuditReport) -> None:
    weights = {w.path: w for w in open_report.weights}
    final = weights["model.safetensors"]
    assert (final.format, final.parameter_count, final.tensor_count, final.dtypes) == (
        "safetensors",
        36,
        2,
        ("BF16",),
    )
    assert (
        weights["checkpoint-500/optimizer.pt"].format == "pytorch-zip"
        if ("checkpoint-500/optimizer.pt" in weights)
        else True
    )
    cards = {d.path: d for d in open_report.documents}
    assert cards["README.md"].component == "model-card"
    assert cards["README.md"].missing == ()
    assert cards["DATASHEET.md"].filled == (
        "provenance",
        "scope-and-characteristics",
        "collection",
        "selection",
        "labelling",
        "processing",
        "filtering",
    )
    paper = open_report.components["research-paper"]
    assert paper.references == ("arxiv:2401.00001",)


OPEN_WEIGHTS_CARD = f"""---
license: apache-2.0
---
# OW-7B

## Model Details
OW-7B is a seven billion parameter decoder model released with open weights only.

## How to Get Started with the Model
Run inference.py with a prompt; it loads the weights and samples a continuation.

## Training Data
{MORE}

## Training Procedure
The training code is at https://github.com/example-org/ow-train for reference.

## Evaluation
{MORE}
"""

INFERENCE = """from transformers import AutoModelForCausalLM, AutoTokenizer

model = AutoModelForCausalLM.from_pretrained(".")
tokenizer = AutoTokenizer.from_pretrained(".")
print(tokenizer.decode(model.generate(**tokenizer("Hi", return_tensors="pt"))[0]))
"""


def open_weights() -> dict[str, str | bytes]:
    """Open weights and inference code under Apache-2.0; training only linked; no data info."""
    shard = safetensors({"w": ("F16", [16, 16])}, {"format": "pt"})
    return {
        "LICENSE": reference_text("Apache-2.0"),
        "README.md": OPEN_WEIGHTS_CARD,
        "config.json": json.dumps({"architectures": ["OWForCausalLM"]}),
        "model-00001-of-00002.safetensors": shard,
        "model-00002-of-00002.safetensors": shard,
        "model.safetensors.index.json": json.dumps({"weight_map": {"w": "x"}}),
        "generation_config.json": json.dumps({"temperature": 0.7}),
        "inference.py": INFERENCE,
        "tokenizer.json": json.dumps({"model": {"type": "BPE"}}),
    }


def test_open_weights_release_is_not_open_source_ai(make_release, validate_report) -> None:
    report = openlic.audit(make_release(open_weights()))
    validate_report(report.to_dict())
    status = {c: s.status.value for c, s in report.components.items()}
    assert status["model-parameters-final"] == "present"
    assert status["inference-code"] == "present"
    assert status["training-code"] == "referenced"
    assert report.components["training-code"].references == (
        "https://github.com/example-org/ow-train",
    )
    assert report.components["training-code"].evidence == (
        Evidence(
            "README.md",
            16,
            16,
            "The training code is at https://github.com/example-org/ow-train for reference.",
        ),
    )
    for missing in ("data-preprocessing-code", "datasets", "data-card", "evaluation-results"):
        assert status[missing] == "missing"
    elements = {e.element: e.status for e in report.osaid.elements}
    assert elements == {
        "data-information": "missing",
        "code-data-processing": "missing",
        "code-training": "referenced",
        "code-inference": "met",
        "code-architecture": "met",
        "parameters": "met",
    }
    assert report.osaid.verdict.value == "not-open-source-ai"
    assert set(report.osaid.missing) == {"data-card", "datasets", "data-preprocessing-code"}
    assert report.mof.mof_class is None
    assert report.mof.next_class == 3
    needs = {n.component: (n.status.value, n.licence_type) for n in report.mof.needs}
    assert needs == {
        "technical-report": ("missing", "documentation"),
        "evaluation-results": ("missing", "documentation"),
        "data-card": ("missing", "documentation"),
    }
    osaid_advice = [a.action for a in report.advice if a.goal == "osaid"]
    assert osaid_advice[0].startswith("publish the data information")
    assert any("https://github.com/example-org/ow-train" in a for a in osaid_advice)
    assert [a.goal for a in report.advice if a.goal != "osaid"] == ["mof-3"] * 3
    card = {d.path: d for d in report.documents}["README.md"]
    assert "training-data" in card.empty
    assert "evaluation" in card.empty
    weights = sorted(report.weights, key=lambda w: w.path)
    assert [w.parameter_count for w in weights] == [256, 256]
    assert weights[0].metadata == {"format": "pt"}
    grades = {k: g.grade.value for k, g in report.grades.items()}
    assert grades["trainingcode"] == "partial"
    assert grades["datasheet"] == "closed"
    assert grades["weights_endmodel"] == "open"


def test_weights_only_release(make_release, validate_report) -> None:
    model = gguf(
        {"general.architecture": "llama", "general.name": "Tiny", "general.license": "apache-2.0"},
        {"token_embd.weight": (1, [8, 32]), "output.weight": (12, [8, 32])},
        vocabulary=["<s>", "</s>", "hello"],
    )
    report = openlic.audit(make_release({"tiny-Q4_K_M.gguf": model}))
    validate_report(report.to_dict())
    present = [c for c, s in report.components.items() if s.status is ComponentPresence.PRESENT]
    assert present == ["model-parameters-final"]
    (info,) = report.weights
    assert (info.format, info.parameter_count, info.tensor_count) == ("gguf", 512, 2)
    assert info.dtypes == ("F16", "Q4_K")
    assert info.license == "apache-2.0"
    assert info.metadata["general.name"] == "Tiny"
    (finding,) = [f for f in report.findings if f.rule == "weights-header-license"]
    assert finding.evidence == (
        Evidence("tiny-Q4_K_M.gguf", None, None, "general.license: apache-2.0"),
    )
    assert report.osaid.verdict.value == "not-open-source-ai"
    assert report.mof.mof_class is None
    grades = {k: g.grade.value for k, g in report.grades.items()}
    assert grades["weights_endmodel"] == "open"
    assert grades["trainingcode"] == grades["modelcard"] == grades["datasheet"] == "closed"


DATASET_CARD = """---
pretty_name: OW corpus
task_categories:
- text-generation
size_categories:
- 1B<n<10B
---
# Dataset Card for OW corpus

## Dataset Description
Two hundred billion tokens of permissively licensed web text in English and French.

## Source Data

### Data Collection and Processing
Crawled from public pages in 2024, extracted with trafilatura and normalised to NFC.

### Who are the source data producers?
Authors of the public web pages listed in the crawl manifest distributed with the data.

## Annotations
No annotations; documents carry only automatically computed quality scores.

## Curation Rationale
Documents were selected by a language classifier and a minimum length of 200 words.

## Filtering
Near-duplicates were removed with MinHash and personal data patterns were masked.
"""


def test_release_split_across_folders_is_judged_whole(tmp_path: Path, validate_report) -> None:
    model = write_tree(tmp_path / "ow-7b", open_weights())
    train = write_tree(
        tmp_path / "ow-train",
        {
            "LICENSE": reference_text("MIT"),
            "train.py": TRAIN_MAIN,
            "prep/clean.py": CLEAN,
            "configs/ds_config.json": DS_CONFIG,
        },
    )
    data = write_tree(tmp_path / "ow-corpus", {"README.md": DATASET_CARD})
    alone = openlic.audit(model)
    report = openlic.audit(model, with_paths=[train, data])
    validate_report(report.to_dict())
    assert alone.components["training-code"].status is ComponentPresence.REFERENCED
    training = report.components["training-code"]
    assert training.status is ComponentPresence.PRESENT
    assert training.paths == ("ow-train/configs/ds_config.json", "ow-train/train.py")
    # The training repository's own LICENSE governs its files; the model folder's LICENSE
    # stops at the --with boundary.
    assert training.license == "MIT"
    assert report.components["data-preprocessing-code"].paths == ("ow-train/prep/clean.py",)
    assert report.components["data-card"].paths == ("ow-corpus/README.md",)
    assert report.components["model-card"].paths == ("README.md",)
    elements = {e.element: e.status for e in report.osaid.elements}
    assert elements["code-training"] == "met"
    assert elements["code-data-processing"] == "met"
    assert elements["data-information"] == "met", report.osaid.elements[0].reasons
    assert report.release_name == "ow-7b"


def test_check_with_option_and_text_advice(make_release, tmp_path: Path) -> None:
    model = make_release(open_weights())
    other = tmp_path / "train-repo"
    other.mkdir()
    (other / "main.py").write_text(TRAIN_MAIN, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "openlic", "check", str(model), "--with", str(other)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert "To become Open Source AI\n  - publish the data information" in text
    assert "To reach MOF Class III (Open Model)\n  - publish the technical report" in text
    assert "present    training-code" in text
    assert "train-repo/main.py" in text


def test_nothing_is_unpickled(make_release, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openlic must never unpickle a release file")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    evil = b"\x80\x04cos\nsystem\n(S'touch pwned'\ntR."
    root = make_release(
        {"pytorch_model.bin": evil, "training_args.bin": evil, "optimizer.pt": evil}
    )
    report = openlic.audit(root)
    assert not (root / "pwned").exists()
    formats = {w.path: (w.format, w.parameter_count) for w in report.weights}
    assert formats == {"pytorch_model.bin": ("pickle", None)}


def test_report_names_the_folders_audited_with_the_release(
    make_release, tmp_path: Path, validate_report
) -> None:
    model = make_release(open_weights())
    other = tmp_path / "ow-train"
    other.mkdir()
    (other / "train.py").write_text(TRAIN_MAIN, encoding="utf-8")
    data = openlic.audit(model, with_paths=[other]).to_dict()
    validate_report(data)
    assert data["release"]["with"] == [
        {"path": "ow-train", "name": "ow-train", "source": str(other), "revision": None}
    ]
    assert openlic.audit(model).to_dict()["release"]["with"] == []
