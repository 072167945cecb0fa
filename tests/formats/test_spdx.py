"""SPDX 2.3 (spdx-tools, validated with its validator) and SPDX 3.0.1 (spdx-python-model)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import openlic
from openlic.formats import render
from openlic.formats.spdx import format_spdx, spdx_document, validate
from openlic.formats.spdx3 import format_spdx3
from openlic.formats.spdx3 import validate as validate3
from openlic.model import AuditReport
from tests.formats.conftest import RELEASES, audit_cached

WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _spdx2_roundtrip(tmp_path: Path, text: str) -> list[str]:
    """Read SPDX 2.3 JSON back with spdx-tools' own parser and validate it fully."""
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    target = tmp_path / "doc.spdx.json"
    target.write_text(text)
    document = parse_file(str(target))
    return [m.validation_message for m in validate_full_spdx_document(document, "SPDX-2.3")]


def test_spdx2_packages_and_licences(tiny_report: AuditReport, tmp_path: Path) -> None:
    text = format_spdx(tiny_report, WHEN)
    assert _spdx2_roundtrip(tmp_path, text) == []
    data = json.loads(text)
    assert data["spdxVersion"] == "SPDX-2.3"
    assert data["creationInfo"]["created"] == "2025-01-02T03:04:05Z"
    assert data["creationInfo"]["creators"] == ["Tool: openlic-0.1.0"]
    packages = {p["name"]: p for p in data["packages"]}
    assert set(packages) == {
        "tiny-release",
        "tiny-release weights",
        "tiny-release code",
        "tiny-release data",
        "tiny-release documentation",
    }
    weights = packages["tiny-release weights"]
    assert weights["licenseDeclared"] == "Apache-2.0"
    assert weights["licenseConcluded"] == "Apache-2.0"
    assert "model-parameters-final" in weights["summary"]
    assert "model.safetensors" in weights["comment"]
    assert packages["tiny-release code"]["primaryPackagePurpose"] == "SOURCE"
    kinds = {(r["relationshipType"], r["relatedSpdxElement"]) for r in data["relationships"]}
    release_id = packages["tiny-release"]["SPDXID"]
    assert ("DESCRIBES", release_id) in kinds
    assert ("CONTAINS", weights["SPDXID"]) in kinds


def test_spdx2_licenseref_texts(corpus_dir: Path, tmp_path: Path) -> None:
    report = audit_cached(str(corpus_dir / "llama-2"))
    text = format_spdx(report, WHEN)
    assert _spdx2_roundtrip(tmp_path, text) == []
    data = json.loads(text)
    extracted = {e["licenseId"]: e for e in data["hasExtractedLicensingInfos"]}
    llama = extracted["LicenseRef-scancode-llama-2-license-2023"]
    assert "LLAMA 2 COMMUNITY LICENSE AGREEMENT" in llama["extractedText"]
    assert llama["seeAlsos"] == [
        "https://scancode-licensedb.aboutcode.org/llama-2-license-2023.html"
    ]
    assert "fails OSD 5, 6, 7" in llama["comment"]
    weights = next(p for p in data["packages"] if p["name"] == "llama-2 weights")
    assert "LicenseRef-scancode-llama-2-license-2023" in weights["licenseDeclared"]


UNKNOWN_RELEASE = {
    "LICENSE": "Frobnicator Model License Agreement\n\nPermission is granted to use the model "
    "weights only for evaluation. You may not redistribute the weights.\n",
    "README.md": "---\nlicense: other\n---\n# m\n",
    "model.safetensors": b"\x02\x00\x00\x00\x00\x00\x00\x00{}",
}


def test_spdx2_unidentified_licence_is_no_assertion(make_release, tmp_path: Path) -> None:
    report = openlic.audit(make_release(UNKNOWN_RELEASE))
    text = format_spdx(report, WHEN)
    assert _spdx2_roundtrip(tmp_path, text) == []
    data = json.loads(text)
    weights = next(p for p in data["packages"] if p["name"].endswith(" weights"))
    assert weights["licenseDeclared"].startswith("LicenseRef-openlic-unknown-")
    assert weights["licenseConcluded"] == "NOASSERTION"
    unknown = [e for e in data["hasExtractedLicensingInfos"] if "unknown" in e["licenseId"]]
    assert unknown
    assert "could not identify" in unknown[0]["comment"]
    assert "LICENSE:" in unknown[0]["extractedText"]


def test_spdx3_unidentified_licence_is_no_assertion(make_release) -> None:
    report = openlic.audit(make_release(UNKNOWN_RELEASE))
    data = json.loads(format_spdx3(report, WHEN))
    assert validate3(data) == []
    model = next(o for o in data["@graph"] if o["type"] == "ai_AIPackage")
    concluded = next(
        o
        for o in data["@graph"]
        if o["type"] == "Relationship"
        and o["from"] == model["spdxId"]
        and o["relationshipType"] == "hasConcludedLicense"
    )
    assert concluded["to"] == ["expandedlicensing_NoAssertionLicense"]


def test_spdx2_validator_catches_a_broken_document(tiny_report: AuditReport) -> None:
    document = spdx_document(tiny_report, WHEN)
    assert validate(document) == []
    document.creation_info.document_namespace = "not a uri"
    assert validate(document)


def test_source_date_epoch_makes_sboms_reproducible(
    tiny_report: AuditReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735787045")
    first = render(tiny_report, "spdx")
    assert '"created": "2025-01-02T03:04:05Z"' in first
    assert render(tiny_report, "spdx") == first
    assert render(tiny_report, "spdx3") == render(tiny_report, "spdx3")


def test_spdx3_ai_package_and_licences(tiny_report: AuditReport) -> None:
    text = format_spdx3(tiny_report, WHEN)
    data = json.loads(text)
    assert validate3(data) == []
    assert data["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    graph = data["@graph"]
    by_type: dict[str, list[dict]] = {}
    for obj in graph:
        by_type.setdefault(obj["type"], []).append(obj)
    (model,) = by_type["ai_AIPackage"]
    assert model["name"] == "tiny-release"
    assert model["software_primaryPurpose"] == "model"
    assert "OSAID 1.0: open-source-ai" in model["ai_standardCompliance"]
    assert "train.py" in model["ai_informationAboutTraining"]
    (document,) = by_type["SpdxDocument"]
    assert document["rootElement"] == [model["spdxId"]]
    assert {"ai", "dataset", "simpleLicensing"} <= set(document["profileConformance"])
    expressions = {e["spdxId"]: e for e in by_type["simplelicensing_LicenseExpression"]}
    declared = [
        r
        for r in by_type["Relationship"]
        if r["from"] == model["spdxId"] and r["relationshipType"] == "hasDeclaredLicense"
    ]
    assert [expressions[t]["simplelicensing_licenseExpression"] for t in declared[0]["to"]] == [
        "Apache-2.0"
    ]
    trained = [r for r in by_type["Relationship"] if r["relationshipType"] == "trainedOn"]
    datasets = {d["spdxId"]: d for d in by_type["dataset_DatasetPackage"]}
    assert trained
    assert all(t in datasets for t in trained[0]["to"])


def test_spdx3_licenseref_maps_to_its_text(corpus_dir: Path) -> None:
    report = audit_cached(str(corpus_dir / "llama-2"))
    data = json.loads(format_spdx3(report, WHEN))
    expressions = [o for o in data["@graph"] if o["type"] == "simplelicensing_LicenseExpression"]
    entries = {
        e["key"]: e["value"]
        for x in expressions
        for e in x.get("simplelicensing_customIdToUri", [])
    }
    assert entries["LicenseRef-scancode-llama-2-license-2023"].endswith("llama-2-license-2023.html")


def test_spdx3_validator_catches_broken_documents(tiny_report: AuditReport) -> None:
    good = json.loads(format_spdx3(tiny_report, WHEN))
    broken = json.loads(json.dumps(good))
    rel = next(o for o in broken["@graph"] if o["type"] == "Relationship")
    del rel["relationshipType"]
    assert validate3(broken)
    broken = json.loads(json.dumps(good))
    next(o for o in broken["@graph"] if o["type"] == "ai_AIPackage")["creationInfo"] = "_:x"
    assert any("unresolved" in p for p in validate3(broken))


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_report", RELEASES, indirect=True)
def test_corpus_spdx_documents_validate(corpus_report: AuditReport, tmp_path: Path) -> None:
    assert _spdx2_roundtrip(tmp_path, format_spdx(corpus_report, WHEN)) == []
    assert validate3(json.loads(format_spdx3(corpus_report, WHEN))) == []


def test_parameter_count_adds_shards_of_one_format(tiny_report: AuditReport) -> None:
    import attrs

    from openlic.formats.common import parameter_count
    from openlic.model import WeightsInfo

    shards = (
        WeightsInfo("a-00001.safetensors", "safetensors", parameter_count=10),
        WeightsInfo("a-00002.safetensors", "safetensors", parameter_count=5),
        WeightsInfo("a.gguf", "gguf", parameter_count=14),
        WeightsInfo("b.bin", "pytorch-zip"),
    )
    report = attrs.evolve(tiny_report, weights=shards)
    assert parameter_count(report) == 15
    model = next(
        o for o in json.loads(format_spdx3(report, WHEN))["@graph"] if o["type"] == "ai_AIPackage"
    )
    assert model["ai_metric"] == [{"type": "DictionaryEntry", "key": "parameters", "value": "15"}]
    assert parameter_count(attrs.evolve(tiny_report, weights=())) is None
