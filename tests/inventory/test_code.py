"""Code read statically: each signal decides its component, with the deciding line as evidence."""

from __future__ import annotations

import json

import pytest

from openlic.inventory.code import read_config, read_notebook, read_python, read_shell
from openlic.model import Evidence

PYTHON_CASES = [
    ("import deepspeed\nengine, *_ = deepspeed.initialize(model=m)\n", ("training-code",), 1),
    ("from transformers import Trainer\nTrainer(model=m).train()\n", ("training-code",), 2),
    ("opt = make()\nloss = f()\nloss.backward()\n", ("training-code",), 3),
    (
        "from accelerate import Accelerator\na = Accelerator()\na.backward(loss)\n",
        ("training-code",),
        3,
    ),
    ("from megatron.training import pretrain\n", ("training-code",), 1),
    ("from vllm import LLM, SamplingParams\n", ("inference-code",), 1),
    ("out = model.generate(ids)\n", ("inference-code",), 1),
    ("from lm_eval import simple_evaluate\n", ("evaluation-code",), 1),
    ("from sklearn.metrics import f1_score\n", ("evaluation-code",), 1),
    ("from datatrove.pipeline.filters import LanguageFilter\n", ("data-preprocessing-code",), 1),
    ("ds = load_dataset('c4')\nds = ds.map(tok)\n", ("data-preprocessing-code",), 2),
]


@pytest.mark.parametrize(("source", "components", "line"), PYTHON_CASES)
def test_python_signals(source: str, components: tuple[str, ...], line: int) -> None:
    reading = read_python("x.py", source)
    assert reading.components == components
    assert reading.evidence[0].start_line == line
    assert reading.evidence[0].text == source.splitlines()[line - 1].strip()


@pytest.mark.parametrize(
    "source",
    [
        "import os\nprint(os.getcwd())\n",
        "def add(a, b):\n    return a + b\n",
        # One weak signal is not enough: a lone `from_pretrained` is neither inference nor training.
        "m = AutoModel.from_pretrained('x')\n",
        # Names in strings and comments are not calls.
        "# loss.backward()\ntext = 'model.generate()'\n",
    ],
)
def test_no_signal_no_component(source: str) -> None:
    assert read_python("x.py", source).components == ()


def test_model_class_is_architecture() -> None:
    source = (
        "from torch import nn\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n"
        "        return x\n"
    )
    reading = read_python("net.py", source)
    assert reading.components == ("model-architecture",)
    assert reading.evidence == (Evidence("net.py", 4, 4, "class Net(nn.Module):"),)


def test_python_2_or_broken_source_is_not_parsed() -> None:
    reading = read_python("old.py", "print 'hello'\nimport deepspeed\n")
    assert reading.parsed is False
    assert reading.components == ()


def test_nothing_is_executed(tmp_path) -> None:
    marker = tmp_path / "ran"
    source = f"open({str(marker)!r}, 'w').write('x')\nimport deepspeed\n"
    assert read_python("evil.py", source).components == ("training-code",)
    assert not marker.exists()


def test_notebook_cells_and_shell_magics() -> None:
    notebook = json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "source": "loss.backward()"},
                {"cell_type": "code", "source": ["!torchrun --nproc_per_node 2 train.py\n"]},
                {"cell_type": "code", "source": "from lm_eval import simple_evaluate\n"},
            ]
        }
    )
    reading = read_notebook("nb.ipynb", notebook)
    assert reading.components == ("training-code", "evaluation-code")
    assert (
        Evidence("nb.ipynb", None, None, "cell 2: torchrun --nproc_per_node 2 train.py")
        in reading.evidence
    )
    assert read_notebook("bad.ipynb", "{not json").parsed is False


@pytest.mark.parametrize(
    ("script", "components"),
    [
        ("#!/bin/bash\nset -e\ndeepspeed --num_gpus 8 main.py\n", ("training-code",)),
        ("accelerate launch --config_file a.yaml run.py\n", ("training-code",)),
        ("lm_eval --model hf --tasks hellaswag\n", ("evaluation-code",)),
        ("python3 scripts/dedup_shards.py --in raw\n", ("data-preprocessing-code",)),
        ("vllm serve org/model\n", ("inference-code",)),
        ("# torchrun is mentioned in a comment only\necho hello\n", ()),
    ],
)
def test_shell_scripts(script: str, components: tuple[str, ...]) -> None:
    reading = read_shell("run.sh", script)
    assert reading.components == components
    if components:
        line = next(
            i
            for i, text in enumerate(script.splitlines(), 1)
            if not text.startswith("#") and text.strip() and "set -e" not in text
        )
        assert reading.evidence[0].start_line == line


def test_training_config_hyperparameters_and_launch_keys() -> None:
    yaml_text = "optimizer:\n  lr: 3.0e-4\n  weight_decay: 0.1\nseed: 1\n"
    reading = read_config("cfg/train.yaml", yaml_text)
    assert reading.components == ("model-metadata",)
    assert Evidence("cfg/train.yaml", 2, 2, "lr: 3.0e-4") in reading.evidence
    toml_text = "[training]\nlearning_rate = 1e-4\nmax_steps = 1000\n"
    assert read_config("t.toml", toml_text).components == ("model-metadata",)
    ds = json.dumps({"train_micro_batch_size_per_gpu": 4, "zero_optimization": {"stage": 3}})
    assert read_config("ds.json", ds).components == ("training-code",)
    # A single hyperparameter-like key (a model config's seed) is not a training configuration.
    assert read_config("other.json", json.dumps({"seed": 1, "vocab": 3})).components == ()
    assert read_config("broken.yaml", "a: [1, 2").parsed is False
