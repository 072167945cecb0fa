"""Licence profiles: schema, ids, categories and verbatim quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from openlic import kb
from openlic.analysis import find_profile, profiles, taxonomy
from openlic.analysis.textmatch import IndexedText
from openlic.identification.catalog import catalog
from tests.conftest import REPO

PROFILES = REPO / "data" / "licenses" / "profiles"
HAND_WRITTEN = sorted(PROFILES.glob("*.yaml"))
GENERATED = sorted((PROFILES / "generated").glob("*.json"))


@pytest.fixture(scope="module")
def validator() -> Any:
    import jsonschema

    schema = json.loads((REPO / "data" / "schema" / "license-profile.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def entries() -> list[tuple[str, dict[str, Any]]]:
    out = [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in HAND_WRITTEN]
    for path in GENERATED:
        data = json.loads(path.read_text(encoding="utf-8"))
        out.extend((f"{path.name}:{e['id']}", e) for e in data["profiles"])
    return out


def quotes(entry: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(f"clause {c['ref']}", c["quote"]) for c in entry.get("clauses") or ()]
    found += [(f"grant {g['ref']}", g["quote"]) for g in entry.get("grants") or ()]
    found += [
        (f"obligation {o['type']}", o["quote"])
        for o in entry.get("obligations") or ()
        if "quote" in o
    ]
    return found


def test_there_are_profiles_for_every_corpus_licence() -> None:
    ids = {p.id for p in profiles()}
    corpus_licences = {
        "LicenseRef-scancode-llama-2-license-2023",
        "LicenseRef-openlic-llama-2-acceptable-use-policy",
        "LicenseRef-scancode-llama-3.1-license-2024",
        "LicenseRef-openlic-llama-3.1-acceptable-use-policy",
        "LicenseRef-scancode-bigscience-rail-1.0",
        "LicenseRef-scancode-stable-diffusion-2022-08-22",
        "LicenseRef-scancode-bigcode-open-rail-m-v1",
        "LicenseRef-scancode-deepseek-la-1.0",
        "LicenseRef-scancode-tongyi-qianwen-2023",
        "LicenseRef-openlic-tongyi-qianwen-research-license-agreement",
        "LicenseRef-scancode-flux-1-nc",
        "LicenseRef-openlic-chatglm-6b-license",
        "LicenseRef-scancode-gemma-tou-2024-04-01",
        "LicenseRef-scancode-gemma-pup-2024-02-21",
        "LicenseRef-scancode-nvidia-open-model-2025-04-28",
        "AML",
        "LicenseRef-scancode-apple-ml-ferret-2023",
        "LicenseRef-openlic-gpt-oss-usage-policy",
    }
    assert corpus_licences <= ids


@pytest.mark.parametrize(("name", "entry"), entries(), ids=[n for n, _ in entries()])
def test_profile_validates_and_is_consistent(name: str, entry: dict[str, Any], validator) -> None:
    errors = sorted(validator.iter_errors(entry), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    if not name.endswith(".json") and ":" not in name:
        assert name == f"{entry['id']}.yaml", "a hand-written profile's file is named by its id"
    tax = taxonomy()
    for clause in entry.get("clauses") or ():
        for category in clause["categories"]:
            assert category in tax.categories, f"{name}: unknown category {category}"
    for policy in entry.get("incorporates") or ():
        assert find_profile(policy) is not None, f"{name}: incorporates {policy}, no profile"
    info = catalog().get(entry["id"])
    if entry["id"].startswith("LicenseRef-openlic-"):
        assert info is None or info.text_path is None, "a licence with a text needs its own id"
    else:
        assert info is not None, f"{entry['id']} is neither SPDX nor ScanCode"
        assert bool(info.osi_approved) == entry["osi_approved"]
        if info.scancode_key:
            assert entry.get("scancode_key") in (None, info.scancode_key)


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda p: p.stem)
def test_every_quote_is_in_the_reference_text(path: Path) -> None:
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = catalog().get(entry["id"])
    if info is None or info.text_path is None:
        assert entry.get("text"), (
            "no reference text ships: the profile must say where quotes are from"
        )
        pytest.skip("no reference text ships for this licence (see test_quotes_in_corpus_copy)")
    text = IndexedText.of(kb.read_text(info.text_path))
    missing = [(where, q) for where, q in quotes(entry) if text.find(q) is None]
    assert not missing, missing


CORPUS_COPIES = [
    # (profile id, corpus file): the release's own copy of each licence the corpus has.
    ("LicenseRef-scancode-llama-2-license-2023", "llama-2/LICENSE"),
    ("LicenseRef-openlic-llama-2-acceptable-use-policy", "llama-2/USE_POLICY.md"),
    ("LicenseRef-scancode-llama-3.1-license-2024", "llama-3.1/LICENSE"),
    ("LicenseRef-openlic-llama-3.1-acceptable-use-policy", "llama-3.1/USE_POLICY.md"),
    ("LicenseRef-scancode-stable-diffusion-2022-08-22", "stable-diffusion-v1/LICENSE"),
    ("LicenseRef-scancode-deepseek-la-1.0", "deepseek-v3/LICENSE-MODEL"),
    ("LicenseRef-scancode-tongyi-qianwen-2023", "qwen-7b/Tongyi Qianwen LICENSE AGREEMENT"),
    (
        "LicenseRef-openlic-tongyi-qianwen-research-license-agreement",
        "qwen-7b/Tongyi Qianwen RESEARCH LICENSE AGREEMENT",
    ),
    ("LicenseRef-scancode-flux-1-nc", "flux1-dev/model_licenses/LICENSE-FLUX1-dev"),
    ("LicenseRef-openlic-chatglm-6b-license", "chatglm-6b/MODEL_LICENSE"),
    ("LicenseRef-scancode-apple-ml-ferret-2023", "openelm/LICENSE"),
    ("LicenseRef-openlic-gpt-oss-usage-policy", "gpt-oss/USAGE_POLICY"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("license_id", "rel"), CORPUS_COPIES, ids=[c[1] for c in CORPUS_COPIES])
def test_quotes_in_corpus_copy(corpus_dir: Path, license_id: str, rel: str) -> None:
    profile = find_profile(license_id)
    assert profile is not None
    text = IndexedText.of((corpus_dir / rel).read_text(encoding="utf-8"))
    entry = yaml.safe_load((REPO / "data" / profile.path).read_text(encoding="utf-8"))
    missing = [(where, q) for where, q in quotes(entry) if text.find(q) is None]
    assert not missing, missing


def test_profiles_without_reference_text_name_their_corpus_copy() -> None:
    listed = {license_id for license_id, _ in CORPUS_COPIES}
    for profile in profiles():
        if profile.text_source.get("corpus_file"):
            assert profile.id in listed, f"{profile.id}: add its corpus copy to CORPUS_COPIES"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("llama2", "LicenseRef-scancode-llama-2-license-2023"),
        ("LICENSEREF-SCANCODE-LLAMA-2-LICENSE-2023", "LicenseRef-scancode-llama-2-license-2023"),
        ("creativeml-openrail-m", "LicenseRef-scancode-stable-diffusion-2022-08-22"),
        ("deepseek-la-1.0", "LicenseRef-scancode-deepseek-la-1.0"),
        ("gemma", "LicenseRef-scancode-gemma-tou-2024-04-01"),
        ("apple-ascl", "AML"),
        ("Apache-2.0", "Apache-2.0"),
        ("no-such-licence", None),
    ],
)
def test_find_profile_by_id_hub_id_or_scancode_key(key: str, expected: str | None) -> None:
    found = find_profile(key)
    assert (found.id if found else None) == expected


def test_generated_profiles_are_current() -> None:
    import subprocess
    import sys

    script = REPO / "scripts" / "generate_license_profiles.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_osi_approved_licence_has_a_profile() -> None:
    missing = [
        i.license_id for i in catalog() if i.osi_approved and find_profile(i.license_id) is None
    ]
    assert not missing


def test_every_spdx_licence_has_a_reviewed_profile_unless_osi_approved() -> None:
    """Issue 4: a profile for every licence of the SPDX list; the OSI-approved ones may share
    the generated profile, every other one is read clause by clause by a reviewer."""
    spdx = json.loads((REPO / "data" / "licenses" / "spdx.json").read_text(encoding="utf-8"))
    missing = []
    for entry in spdx["licenses"]:
        profile = find_profile(entry["id"])
        if profile is None or (not entry.get("osi_approved") and not profile.hand_written):
            missing.append(entry["id"])
    assert not missing, f"{len(missing)} SPDX licences without a profile: {missing[:20]}"


def test_profiles_without_a_text_say_so_and_claim_nothing() -> None:
    """A profile whose text could not be read grants nothing and restricts nothing."""
    for profile in profiles():
        if "not found" in profile.text_source.get("note", ""):
            assert not profile.grants, profile.id
            assert not profile.clauses, profile.id


def test_hub_ids_of_a_profile_lead_back_to_it() -> None:
    cat = catalog()
    wrong = []
    for profile in profiles():
        for hf_id in profile.hf_ids:
            info = cat.from_hf_id(hf_id)
            if info is not None and find_profile(info.license_id) is not profile:
                wrong.append((profile.id, hf_id, info.license_id))
    assert not wrong
