"""Typing files by name (data/inventory/file-types.yaml)."""

from __future__ import annotations

import pytest

from openlic.inventory.filetypes import file_types
from openlic.model import FileKind

CASES = [
    ("LICENSE", FileKind.LICENSE, ()),
    ("LICENSE.txt", FileKind.LICENSE, ()),
    ("LICENSE-MODEL", FileKind.LICENSE, ()),
    ("LICENSE-CODE", FileKind.LICENSE, ()),
    ("MODEL_LICENSE", FileKind.LICENSE, ()),
    ("Tongyi Qianwen LICENSE AGREEMENT", FileKind.LICENSE, ()),
    ("model_licenses/LICENSE-FLUX1-dev", FileKind.LICENSE, ()),
    ("docs/COPYING", FileKind.LICENSE, ()),
    ("licence.md", FileKind.LICENSE, ()),
    ("NOTICE", FileKind.NOTICE, ()),
    ("USE_POLICY.md", FileKind.USE_POLICY, ()),
    ("USAGE_POLICY", FileKind.USE_POLICY, ()),
    ("README.md", FileKind.README, ()),
    ("MODEL_CARD.md", FileKind.MODEL_CARD, ("model-card",)),
    ("model.safetensors", FileKind.WEIGHTS, ("model-parameters-final",)),
    ("pytorch_model-00001-of-00002.bin", FileKind.WEIGHTS, ("model-parameters-final",)),
    ("model.gguf", FileKind.WEIGHTS, ("model-parameters-final",)),
    ("checkpoint-500/model.safetensors", FileKind.WEIGHTS, ("model-parameters-intermediate",)),
    (
        "global_step1000/mp_rank_00_model_states.pt",
        FileKind.WEIGHTS,
        ("model-parameters-intermediate",),
    ),
    (
        "checkpoint-500/optimizer.pt",
        FileKind.WEIGHTS,
        ("model-metadata", "model-parameters-intermediate"),
    ),
    ("optimizer.pt", FileKind.WEIGHTS, ("model-metadata",)),
    ("model.safetensors.index.json", FileKind.CONFIG, ("model-architecture",)),
    ("training_args.bin", FileKind.CONFIG, ("model-metadata",)),
    ("trainer_state.json", FileKind.CONFIG, ("model-metadata",)),
    ("config.json", FileKind.CONFIG, ("model-architecture",)),
    ("tokenizer.json", FileKind.TOKENIZER, ("supporting-libraries",)),
    ("tokenizer.model", FileKind.TOKENIZER, ("supporting-libraries",)),
    ("requirements.txt", FileKind.REQUIREMENTS, ("supporting-libraries",)),
    ("modeling_llama.py", FileKind.CODE, ("model-architecture",)),
    ("train.py", FileKind.CODE, ("training-code",)),
    ("scripts/pretrain.sh", FileKind.CODE, ("training-code",)),
    ("training/loop.py", FileKind.CODE, ("training-code",)),
    ("eval.py", FileKind.CODE, ("evaluation-code",)),
    ("prepare_data.py", FileKind.CODE, ("data-preprocessing-code",)),
    ("generate.py", FileKind.CODE, ("inference-code",)),
    ("utils.py", FileKind.CODE, ()),
    ("notebook.ipynb", FileKind.NOTEBOOK, ()),
    ("DATASHEET.md", FileKind.DOC, ("data-card",)),
    ("paper.pdf", FileKind.DOC, ("research-paper",)),
    ("report.pdf", FileKind.DOC, ("technical-report",)),
    ("data/train-00000.parquet", FileKind.DATA, ("datasets",)),
    ("eval/heldout.jsonl", FileKind.DATA, ("evaluation-data",)),
    ("samples/cat.png", FileKind.OTHER, ("sample-outputs",)),
    ("notes.md", FileKind.DOC, ()),
    # A licence shipped under its title is a licence file, not a technical report.
    ("Community License for Baichuan 2 Model.pdf", FileKind.LICENSE, ()),
    ("Baichuan 2模型社区许可协议.pdf", FileKind.LICENSE, ()),
    ("Tongyi Qianwen LICENSE AGREEMENT", FileKind.LICENSE, ()),
    ("image.png", FileKind.OTHER, ()),
]


@pytest.mark.parametrize(("path", "kind", "components"), CASES)
def test_classify(path: str, kind: FileKind, components: tuple[str, ...]) -> None:
    got_kind, got_components, _ = file_types().classify(path)
    assert (got_kind, got_components) == (kind, components)


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("LICENSE", None),
        ("LICENSE-MODEL", "model"),
        ("MODEL_LICENSE", "model"),
        ("LICENSE-CODE", "code"),
        ("model_licenses/LICENSE-FLUX1-dev", "model"),
        ("DATA_LICENSE", "data"),
        ("Tongyi Qianwen LICENSE AGREEMENT", None),
    ],
)
def test_license_scope(path: str, scope: str | None) -> None:
    assert file_types().license_scope(path) == scope
