from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from openlic.formats import render
from openlic.formats.cyclonedx import format_cyclonedx, validate
from openlic.model import AuditReport
from tests.formats.conftest import RELEASES, audit_cached

WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _all_refs(bom: dict) -> set[str]:
    refs = set()

    def walk(component: dict) -> None:
        refs.add(component["bom-ref"])
        for child in component.get("components", []):
            walk(child)

    walk(bom["metadata"]["component"])
    return refs


def test_model_component_and_model_card(tiny_report: AuditReport) -> None:
    text = format_cyclonedx(tiny_report, WHEN)
    assert validate(text) == []
    bom = json.loads(text)
    assert bom["bomFormat"] == "CycloneDX"
    assert bom["specVersion"] == "1.6"
    assert bom["metadata"]["timestamp"].startswith("2025-01-02T03:04:05")
    model = bom["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    assert model["name"] == "tiny-release"
    assert model["licenses"] == [{"acknowledgement": "declared", "expression": "Apache-2.0"}]
    children = {c["bom-ref"]: c for c in model["components"]}
    assert children["code"]["type"] == "library"
    assert "train.py" in children["code"]["description"]
    card = model["modelCard"]
    refs = [d["ref"] for d in card["modelParameters"]["datasets"]]
    assert refs
    assert set(refs) <= _all_refs(bom)
    props = {p["name"]: p["value"] for p in card["properties"]}
    assert props["openlic:osaid"] == "open-source-ai"
    assert props["openlic:mof-class"] == "2"
    assert props["openlic:freedom:use"] == "granted"
    assert props["openlic:license:Apache-2.0:osd"] == "meets the OSD (OSI-approved)"


def test_restricting_clauses_become_considerations(corpus_dir: Path) -> None:
    report = audit_cached(str(corpus_dir / "llama-2"))
    bom = json.loads(format_cyclonedx(report, WHEN))
    model = bom["metadata"]["component"]
    assert "LicenseRef-scancode-llama-2-license-2023" in model["licenses"][0]["expression"]
    names = [c["name"] for c in model["modelCard"]["considerations"]["ethicalConsiderations"]]
    assert any("700 million monthly active users" in n for n in names)


def test_serial_number_is_stable(tiny_report: AuditReport) -> None:
    assert format_cyclonedx(tiny_report, WHEN) == format_cyclonedx(tiny_report, WHEN)
    serial = json.loads(format_cyclonedx(tiny_report, WHEN))["serialNumber"]
    assert serial.startswith("urn:uuid:")


def test_validator_rejects_a_broken_model_card(tiny_report: AuditReport) -> None:
    bom = json.loads(format_cyclonedx(tiny_report, WHEN))
    bom["metadata"]["component"]["modelCard"]["modelParameters"]["datasets"] = [{"x": 1}]
    assert validate(json.dumps(bom))
    bom["metadata"]["component"]["type"] = "model"
    assert any("type" in p for p in validate(json.dumps(bom)))


def test_registered(tiny_report: AuditReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735787045")
    assert render(tiny_report, "cyclonedx") == format_cyclonedx(tiny_report, WHEN)


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_report", RELEASES, indirect=True)
def test_corpus_cyclonedx_validates(corpus_report: AuditReport) -> None:
    text = format_cyclonedx(corpus_report, WHEN)
    assert validate(text) == []
    bom = json.loads(text)
    refs = bom["metadata"]["component"]["modelCard"].get("modelParameters", {})
    assert {d["ref"] for d in refs.get("datasets", [])} <= _all_refs(bom)
