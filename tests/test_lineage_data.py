"""The lineage tables: base-model and dataset licences used by lineage and dataset rules.

Every entry must carry the fields the rules rely on, a source, and a licence id that openlic
knows. The validators below are also run on deliberately broken entries, so a check that
stops catching its problem fails here too.
"""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

DATA = REPO / "data"
LINEAGE = DATA / "lineage"
CARDS = REPO.parent / "shared" / "hf-cards" / "cards"

ALLOWED_TAGS = {
    "non-commercial",
    "no-derivatives",
    "research-only",
    "share-alike",
    "attribution",
    "terms-of-use",
    "openai-output-terms",
    "unclear",
}
CONFIDENCE = {"arguable"}
REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?$")
OPENLIC_PREFIX = "LicenseRef-openlic-"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((LINEAGE / name).read_text(encoding="utf-8"))


def hub_ids() -> dict[str, str]:
    data = yaml.safe_load((DATA / "hub" / "license-ids.yaml").read_text(encoding="utf-8"))
    return {e["hf_id"]: e["id"] for e in data["licenses"]}


def known_ids() -> set[str]:
    ids: set[str] = set()
    spdx = json.loads((DATA / "licenses" / "spdx.json").read_text(encoding="utf-8"))
    ids.update(e["id"] for e in spdx["licenses"])
    ref = json.loads((DATA / "licenses" / "reference" / "index.json").read_text(encoding="utf-8"))
    for e in ref["licenses"]:
        ids.add(e["id"])
        ids.update(e.get("aliases", []))
    ids.update(hub_ids().values())
    rules = DATA / "licenses" / "rules" / "licenses.yaml"
    if rules.is_file():  # licences identified by wording, with openlic ids
        ids.update(e["id"] for e in yaml.safe_load(rules.read_text(encoding="utf-8"))["licenses"])
    return ids


MODELS = load("base-models.yaml")
DATASETS = load("datasets.yaml")
KNOWN = known_ids()
HUB = hub_ids()


def license_id_problems(entry: dict[str, Any], known: set[str]) -> list[str]:
    """Problems with license_id: unknown id, or an openlic id / null without explanation."""
    problems = []
    if "license_id" not in entry:
        return ["no license_id key"]
    lid = entry["license_id"]
    note = entry.get("note") or ""
    if lid is None:
        if not note and not entry.get("terms"):
            problems.append("license_id is null with no note or terms saying why")
        return problems
    if not isinstance(lid, str):
        return [f"license_id {lid!r} is not a string"]
    if lid.startswith(OPENLIC_PREFIX) and lid not in known:
        if lid not in note:
            problems.append(f"{lid} is a new LicenseRef-openlic- id not explained in note")
    elif lid not in known:
        problems.append(f"unknown licence id {lid}")
    return problems


def common_problems(entry: dict[str, Any]) -> list[str]:
    problems = []
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append("no source")
    if "confidence" in entry:
        if entry["confidence"] not in CONFIDENCE:
            problems.append(f"confidence {entry['confidence']!r} not in {sorted(CONFIDENCE)}")
        if not (entry.get("why") or "").strip():
            problems.append("confidence given without why")
    evidence = entry.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(x, str) and x for x in evidence):
        problems.append("evidence must be a list of non-empty strings")
    return problems


def model_problems(entry: dict[str, Any], known: set[str], hub: dict[str, str]) -> list[str]:
    problems = common_problems(entry) + license_id_problems(entry, known)
    repo = entry.get("repo")
    if not isinstance(repo, str) or not REPO_ID.match(repo):
        problems.append(f"repo {repo!r} is not a Hugging Face repo id")
    if not isinstance(entry.get("family"), str) or not entry["family"]:
        problems.append("no family")
    if "hf_license" not in entry:
        problems.append("no hf_license key")
    hf = entry.get("hf_license")
    if hf == "other" and not entry.get("hf_license_name") and not entry.get("note"):
        problems.append("hf_license other without hf_license_name or a note")
    lid = entry.get("license_id")
    if isinstance(hf, str) and hf in hub and hf not in ("other", "unknown") and lid != hub[hf]:
        problems.append(f"hf_license {hf} maps to {hub[hf]}, not {lid}")
    if "base_model" in entry and not (
        isinstance(entry["base_model"], list) and all(REPO_ID.match(b) for b in entry["base_model"])
    ):
        problems.append("base_model must be a list of repo ids")
    return problems


def dataset_problems(entry: dict[str, Any], known: set[str]) -> list[str]:
    problems = common_problems(entry) + license_id_problems(entry, known)
    if not isinstance(entry.get("id"), str) or not entry["id"].strip():
        problems.append("no id")
    terms = entry.get("terms")
    if not isinstance(terms, list):
        return [*problems, "terms must be a list"]
    bad = [t for t in terms if t not in ALLOWED_TAGS]
    if bad:
        problems.append(f"terms not allowed: {bad}")
    if len(set(terms)) != len(terms):
        problems.append("duplicate terms")
    lid = entry.get("license_id") or ""
    for marker, tag in (
        ("-NC", "non-commercial"),
        ("-ND", "no-derivatives"),
        ("-SA", "share-alike"),
    ):
        if lid.startswith("CC-") and marker in lid and tag not in terms:
            problems.append(f"{lid} needs the {tag} tag")
    if entry.get("license_id") is None and not terms:
        problems.append("no licence and no terms: use the unclear tag")
    return problems


def pattern_problems(pattern: dict[str, Any], known: set[str]) -> list[str]:
    problems = license_id_problems(pattern, known)
    if not isinstance(pattern.get("prefix"), str) or "/" not in pattern["prefix"]:
        problems.append("prefix must include the org (org/...)")
    if not pattern.get("family") or not pattern.get("note"):
        problems.append("pattern needs family and note")
    if pattern.get("license_id") is None:
        problems.append("a pattern must name a licence")
    return problems


def resolve_model(repo: str) -> dict[str, Any] | None:
    """Exact repo first, then case-insensitive repo, then the longest matching prefix pattern."""
    by_repo = {m["repo"]: m for m in MODELS["models"]}
    if repo in by_repo:
        return by_repo[repo]
    lower = {k.lower(): v for k, v in by_repo.items()}
    if repo.lower() in lower:
        return lower[repo.lower()]
    matches = [
        p
        for p in MODELS["patterns"]
        if repo.startswith(p["prefix"]) and repo not in p.get("except", [])
    ]
    return max(matches, key=lambda p: len(p["prefix"])) if matches else None


def resolve_dataset(name: str) -> dict[str, Any] | None:
    by_id = {d["id"]: d for d in DATASETS["datasets"]}
    return by_id.get(name)


# ---------------------------------------------------------------- the files themselves


@pytest.mark.parametrize("data", [MODELS, DATASETS], ids=["base-models", "datasets"])
def test_provenance_lists_sources_with_retrieval_date(data: dict[str, Any]) -> None:
    assert data["provenance"]
    for p in data["provenance"]:
        assert p.get("title"), p
        assert p.get("url") or p.get("repo") or p.get("path"), p
        assert p.get("retrieved") == "2026-11-22", p


def test_every_model_entry_is_complete() -> None:
    problems = {
        m.get("repo"): model_problems(m, KNOWN, HUB)
        for m in MODELS["models"]
        if model_problems(m, KNOWN, HUB)
    }
    assert not problems


def test_model_repos_are_unique() -> None:
    counts = collections.Counter(m["repo"] for m in MODELS["models"])
    assert not [r for r, n in counts.items() if n > 1]
    lowered = collections.Counter(m["repo"].lower() for m in MODELS["models"])
    spelled_twice = [r for r, n in lowered.items() if n > 1]
    # Case variants are allowed only as deliberate entries for ids fine-tunes write that way.
    for r in spelled_twice:
        variants = [m for m in MODELS["models"] if m["repo"].lower() == r]
        assert len({v["license_id"] for v in variants}) == 1, variants


def test_patterns_are_complete_and_agree_with_explicit_entries() -> None:
    for p in MODELS["patterns"]:
        assert not pattern_problems(p, KNOWN), p
        for m in MODELS["models"]:
            if m["repo"].startswith(p["prefix"]) and m["repo"] not in p.get("except", []):
                assert m["license_id"] == p["license_id"], (p["prefix"], m["repo"])


def test_every_dataset_entry_is_complete() -> None:
    problems = {
        d.get("id"): dataset_problems(d, KNOWN)
        for d in DATASETS["datasets"]
        if dataset_problems(d, KNOWN)
    }
    assert not problems


def test_dataset_ids_are_unique() -> None:
    counts = collections.Counter(d["id"] for d in DATASETS["datasets"])
    assert not [i for i, n in counts.items() if n > 1]


def test_qwen_variants_with_other_terms_are_not_generalised() -> None:
    """Qwen2.5-3B (research licence) and -72B (Qwen licence) differ from the Apache-2.0 sizes."""
    assert not [p for p in MODELS["patterns"] if p["prefix"].startswith("Qwen/")]
    assert resolve_model("Qwen/Qwen2.5-3B")["license_id"] == (
        "LicenseRef-openlic-qwen-research-license-agreement"
    )
    assert resolve_model("Qwen/Qwen2.5-72B-Instruct")["license_id"] == (
        "LicenseRef-scancode-qwen-2024"
    )
    assert resolve_model("Qwen/Qwen2.5-7B")["license_id"] == "Apache-2.0"


def test_known_restrictive_facts() -> None:
    assert resolve_model("black-forest-labs/FLUX.1-dev")["license_id"] == (
        "LicenseRef-scancode-flux-1-nc"
    )
    assert resolve_model("black-forest-labs/FLUX.1-schnell")["license_id"] == "Apache-2.0"
    assert resolve_model("meta-llama/Llama-2-7b-hf")["license_id"] == (
        "LicenseRef-scancode-llama-2-license-2023"
    )
    assert "non-commercial" in resolve_dataset("tatsu-lab/alpaca")["terms"]
    assert "openai-output-terms" in resolve_dataset("tatsu-lab/alpaca")["terms"]
    assert "non-commercial" not in resolve_dataset("databricks/databricks-dolly-15k")["terms"]


# ---------------------------------------------------------------- the validators catch bad entries

GOOD_MODEL = {
    "repo": "org/model",
    "license_id": "Apache-2.0",
    "hf_license": "apache-2.0",
    "family": "example",
    "source": "https://huggingface.co/org/model",
}
GOOD_DATASET = {
    "id": "org/data",
    "license_id": "CC-BY-NC-4.0",
    "hf_license": "cc-by-nc-4.0",
    "terms": ["attribution", "non-commercial"],
    "source": "https://huggingface.co/datasets/org/data",
}


def test_validators_accept_a_good_entry() -> None:
    assert model_problems(GOOD_MODEL, KNOWN, HUB) == []
    assert dataset_problems(GOOD_DATASET, KNOWN) == []


@pytest.mark.parametrize(
    "change",
    [
        {"source": ""},
        {"license_id": "Apache-2"},
        {"license_id": "LicenseRef-openlic-made-up"},
        {"license_id": None},
        {"repo": "not a repo id"},
        {"family": ""},
        {"hf_license": "other"},
        {"hf_license": "mit"},
        {"confidence": "arguable"},
        {"confidence": "sure", "why": "x"},
        {"base_model": "org/base"},
    ],
    ids=repr,
)
def test_model_validator_rejects(change: dict[str, Any]) -> None:
    assert model_problems({**GOOD_MODEL, **change}, KNOWN, HUB)


def test_model_validator_needs_the_key_itself() -> None:
    for key in ("source", "license_id", "hf_license"):
        entry = {k: v for k, v in GOOD_MODEL.items() if k != key}
        assert model_problems(entry, KNOWN, HUB), key


def test_openlic_id_is_accepted_only_when_the_note_explains_it() -> None:
    lid = "LicenseRef-openlic-made-up"
    assert model_problems({**GOOD_MODEL, "license_id": lid, "hf_license": None}, KNOWN, HUB)
    explained = {**GOOD_MODEL, "license_id": lid, "hf_license": None, "note": f"{lid}: why"}
    assert model_problems(explained, KNOWN, HUB) == []


@pytest.mark.parametrize(
    "change",
    [
        {"terms": ["attribution"]},
        {"terms": ["attribution", "non-commercial", "commercial-ok"]},
        {"terms": "non-commercial"},
        {"license_id": "CC-BY-4.0-NC"},
        {"license_id": None, "terms": []},
        {"source": None},
        {"id": ""},
    ],
    ids=repr,
)
def test_dataset_validator_rejects(change: dict[str, Any]) -> None:
    assert dataset_problems({**GOOD_DATASET, **change}, KNOWN)


def test_pattern_validator_rejects_a_pattern_without_org_or_licence() -> None:
    good = {"prefix": "org/model-", "license_id": "MIT", "family": "x", "note": "n"}
    assert pattern_problems(good, KNOWN) == []
    assert pattern_problems({**good, "prefix": "model-"}, KNOWN)
    assert pattern_problems({**good, "license_id": None}, KNOWN)


# ---------------------------------------------------------------- coverage of real cards


def card_front_matter(path: Path) -> dict[str, Any]:
    text = path.read_bytes().decode("utf-8", "replace")
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            try:
                data = yaml.load("\n".join(lines[1:i]), Loader=SAFE_LOADER)
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [str(value)]


@pytest.fixture(scope="module")
def card_counts() -> tuple[collections.Counter[str], collections.Counter[str]]:
    if not CARDS.is_dir():
        pytest.skip("crawled model cards not present")
    base: collections.Counter[str] = collections.Counter()
    sets: collections.Counter[str] = collections.Counter()
    for path in sorted(CARDS.glob("*.md")):
        fm = card_front_matter(path)
        base.update(set(as_list(fm.get("base_model"))))
        sets.update(set(as_list(fm.get("datasets"))))
    return base, sets


def test_every_base_model_used_by_two_cards_resolves(card_counts) -> None:
    base, _ = card_counts
    missing = [b for b, n in base.items() if n >= 2 and resolve_model(b) is None]
    assert not missing


def test_every_dataset_used_by_three_cards_resolves(card_counts) -> None:
    _, sets = card_counts
    missing = [d for d, n in sets.items() if n >= 3 and resolve_dataset(d) is None]
    assert not missing
