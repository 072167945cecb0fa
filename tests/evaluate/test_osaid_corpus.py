"""OSAID verdicts and published artifacts for the shared corpus, against SOURCE.yaml labels.

The corpus folders hold each release's licence files and model cards only: the corpus README
says no code was copied, and no weight file is there. So openlic can see an artifact only when a
file shows it (Pythia's GPT-NeoX training config) or the card points to it (a link to the
training repository, a usage snippet, ``from_pretrained("org/name")``, dataset ids, checkpoint
revisions). The table pins, release by release, what openlic concludes; the tests below check
that it agrees with the labels as far as the files show:

- an artifact the labels call unpublished is never reported present or referenced;
- an artifact the labels call published is present or referenced, except the cases listed in
  ``CANNOT_SHOW`` (the card neither ships nor links it);
- a release labelled "not Open Source AI" is ``not-open-source-ai``; one labelled Open Source AI
  is ``undetermined`` (its parts are only referenced) unless ``CANNOT_SHOW`` explains why the
  files make it fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import openlic
from tests.conftest import CORPUS

#: Label key -> the MOF components that show it (the best status among them counts).
LABEL_COMPONENTS = {
    "training_code": ("training-code",),
    "data_processing_code": ("data-preprocessing-code",),
    "inference_code": ("inference-code",),
    "weights": ("model-parameters-final",),
    "intermediate_checkpoints": ("model-parameters-intermediate",),
    "data_information": ("data-card", "datasets"),
}

#: release -> (OSAID verdict, statuses in LABEL_COMPONENTS order: pre/ref/mis).
PINNED = {
    "amber": ("undetermined", "ref ref ref ref ref ref"),
    "bloom": ("not-open-source-ai", "ref mis mis mis mis mis"),
    "chatglm-6b": ("not-open-source-ai", "ref mis mis mis mis mis"),
    "deepseek-r1": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "deepseek-v3": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "falcon-40b": ("not-open-source-ai", "mis mis ref mis mis ref"),
    "flux1-dev": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "flux1-schnell": ("not-open-source-ai", "mis mis ref ref mis mis"),
    "gemma-1": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "gpt-oss": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "grok-1": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "llama-2": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "llama-3.1": ("not-open-source-ai", "mis mis ref mis mis mis"),
    "mistral-inference": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "nemotron-4-340b": ("not-open-source-ai", "ref mis mis mis mis mis"),
    "olmo-7b": ("not-open-source-ai", "ref mis ref ref ref ref"),
    "openelm": ("not-open-source-ai", "ref ref mis mis mis mis"),
    "phi-2": ("not-open-source-ai", "mis mis ref ref mis mis"),
    "pythia": ("not-open-source-ai", "pre mis ref ref ref ref"),
    "qwen-7b": ("not-open-source-ai", "ref mis ref ref mis mis"),
    "qwen2.5": ("not-open-source-ai", "mis mis ref mis mis mis"),
    "stable-diffusion-v1": ("not-open-source-ai", "mis mis ref ref mis ref"),
    "starcoder": ("not-open-source-ai", "mis mis mis mis mis mis"),
    "starcoder2": ("not-open-source-ai", "ref mis ref mis mis ref"),
}

_NO_CODE = "no code in the corpus folder and the card does not link it"
_NO_WEIGHTS = "no weight file in the corpus folder and the card names no Hub repository to load"
_NO_DATA = "the card neither ships a data card nor names its datasets"

#: (release, label key) -> why the files cannot show an artifact the labels call published.
CANNOT_SHOW = {
    ("bloom", "data_processing_code"): _NO_CODE,
    ("bloom", "inference_code"): _NO_CODE,
    ("bloom", "weights"): _NO_WEIGHTS,
    ("bloom", "intermediate_checkpoints"): "the card does not name the checkpoint revisions",
    ("bloom", "data_information"): _NO_DATA,
    ("chatglm-6b", "inference_code"): "the usage snippet is in the GitHub README prose, not a card",
    ("chatglm-6b", "weights"): _NO_WEIGHTS,
    ("chatglm-6b", "data_information"): _NO_DATA,
    ("deepseek-r1", "weights"): _NO_WEIGHTS,
    ("deepseek-r1", "data_information"): _NO_DATA,
    ("deepseek-v3", "inference_code"): _NO_CODE,
    ("deepseek-v3", "weights"): _NO_WEIGHTS,
    ("deepseek-v3", "data_information"): _NO_DATA,
    ("falcon-40b", "weights"): _NO_WEIGHTS,
    ("flux1-dev", "inference_code"): _NO_CODE,
    ("flux1-dev", "weights"): _NO_WEIGHTS,
    ("gemma-1", "inference_code"): _NO_CODE,
    ("gemma-1", "weights"): _NO_WEIGHTS,
    ("gemma-1", "data_information"): _NO_DATA,
    ("gpt-oss", "inference_code"): _NO_CODE,
    ("gpt-oss", "weights"): _NO_WEIGHTS,
    ("gpt-oss", "data_information"): _NO_DATA,
    ("grok-1", "inference_code"): _NO_CODE,
    ("grok-1", "weights"): _NO_WEIGHTS,
    ("llama-2", "inference_code"): _NO_CODE,
    ("llama-2", "weights"): _NO_WEIGHTS,
    ("llama-2", "data_information"): _NO_DATA,
    ("llama-3.1", "weights"): _NO_WEIGHTS,
    ("llama-3.1", "data_information"): _NO_DATA,
    (
        "mistral-inference",
        "inference_code",
    ): "the corpus keeps the inference repository's licence only",
    ("mistral-inference", "weights"): _NO_WEIGHTS,
    ("nemotron-4-340b", "inference_code"): _NO_CODE,
    ("nemotron-4-340b", "weights"): _NO_WEIGHTS,
    ("nemotron-4-340b", "data_information"): _NO_DATA,
    ("olmo-7b", "data_processing_code"): "the card links the Dolma dataset, not the Dolma toolkit",
    ("openelm", "inference_code"): _NO_CODE,
    ("openelm", "weights"): _NO_WEIGHTS,
    ("openelm", "intermediate_checkpoints"): "the card does not name the checkpoints",
    ("openelm", "data_information"): _NO_DATA,
    ("phi-2", "data_information"): _NO_DATA,
    ("pythia", "data_processing_code"): "the card links the Pile, not the GPT-NeoX data tooling",
    ("qwen-7b", "data_information"): _NO_DATA,
    ("qwen2.5", "weights"): _NO_WEIGHTS,
    ("qwen2.5", "data_information"): _NO_DATA,
    ("stable-diffusion-v1", "training_code"): _NO_CODE,
    ("stable-diffusion-v1", "intermediate_checkpoints"): "the card does not name the checkpoints",
    ("starcoder", "training_code"): _NO_CODE,
    ("starcoder", "data_processing_code"): _NO_CODE,
    ("starcoder", "inference_code"): _NO_CODE,
    ("starcoder", "weights"): _NO_WEIGHTS,
    ("starcoder", "data_information"): _NO_DATA,
    ("starcoder2", "data_processing_code"): _NO_CODE,
    ("starcoder2", "weights"): _NO_WEIGHTS,
}

#: Releases labelled Open Source AI whose files make openlic's verdict fail, and why.
VERDICT_CANNOT_SHOW = {
    "olmo-7b": "data-processing code missing: the card does not link the Dolma toolkit",
    "pythia": "data-processing code missing: the card does not link the data tooling",
}

RELEASES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []
_ORDER = ("present", "referenced", "missing", "unknown")
_cache: dict[str, openlic.AuditReport] = {}


def audit(corpus_dir: Path, release: str) -> openlic.AuditReport:
    if release not in _cache:
        _cache[release] = openlic.audit(corpus_dir / release)
    return _cache[release]


def osaid_labels(corpus_dir: Path, release: str) -> dict[str, Any]:
    labels: dict[str, Any] = yaml.safe_load((corpus_dir / release / "SOURCE.yaml").read_text())[
        "labels"
    ]["osaid"]
    return labels


def statuses(report: openlic.AuditReport) -> dict[str, str]:
    return {
        key: min((report.components[c].status.value for c in comps), key=_ORDER.index)
        for key, comps in LABEL_COMPONENTS.items()
    }


def test_every_corpus_release_is_pinned(corpus_dir: Path) -> None:
    assert sorted(PINNED) == RELEASES


@pytest.mark.corpus
@pytest.mark.parametrize("release", RELEASES)
def test_pinned_verdict_and_artifacts(corpus_dir: Path, release: str, validate_report) -> None:
    report = audit(corpus_dir, release)
    validate_report(report.to_dict())
    verdict, pinned = PINNED[release]
    got = " ".join(s[:3] for s in statuses(report).values())
    assert (report.osaid.verdict.value, got) == (verdict, pinned)


@pytest.mark.corpus
@pytest.mark.parametrize("release", RELEASES)
def test_artifacts_agree_with_labels_as_far_as_files_show(corpus_dir: Path, release: str) -> None:
    labels = osaid_labels(corpus_dir, release)
    got = statuses(audit(corpus_dir, release))
    for key, status in got.items():
        published = labels[key]["published"]
        if published is False:
            assert status == "missing", (key, status)
        elif published in (True, "partial", "minimal", "elsewhere") and status == "missing":
            assert (release, key) in CANNOT_SHOW, f"{key} labelled {published!r} but missing"
        elif (release, key) in CANNOT_SHOW:
            pytest.fail(f"{(release, key)} is listed as not shown, but openlic sees {status}")


@pytest.mark.corpus
@pytest.mark.parametrize("release", RELEASES)
def test_verdict_agrees_with_labels_as_far_as_files_show(corpus_dir: Path, release: str) -> None:
    label = str(osaid_labels(corpus_dir, release)["verdict"])
    verdict = audit(corpus_dir, release).osaid.verdict.value
    if label.startswith("not ") or release in VERDICT_CANNOT_SHOW:
        assert verdict == "not-open-source-ai"
    else:
        assert label.startswith("Open Source AI")
        # Everything is only referenced from the card: openlic cannot confirm, nor deny.
        assert verdict == "undetermined"


@pytest.mark.corpus
def test_amber_elements_say_what_to_audit_next(corpus_dir: Path) -> None:
    report = audit(corpus_dir, "amber")
    elements = {e.element: e for e in report.osaid.elements}
    assert {e.status for e in elements.values()} == {"referenced"}
    training = report.components["training-code"]
    assert any("github.com/LLM360" in t for t in training.references), training.references
    weights = report.components["model-parameters-final"]
    assert "hf://LLM360/Amber" in weights.references
    intermediate = report.components["model-parameters-intermediate"]
    assert any(
        e.text.startswith("tokenizer = ") or "ckpt_356" in e.text for e in intermediate.evidence
    )
    assert all(a.goal in ("osaid", "mof-3") for a in report.advice)
