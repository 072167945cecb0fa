"""OSAID 1.0 elements: met, missing, referenced, failing, incomplete; the verdict they give."""

from __future__ import annotations

import openlic
from tests.inventory.test_release_trees import DATASHEET, fully_open


def elements(report: openlic.AuditReport) -> dict[str, str]:
    return {e.element: e.status for e in report.osaid.elements}


def test_training_code_under_a_non_osi_licence_fails(make_release) -> None:
    files = fully_open()
    files["src/main.py"] = "# SPDX-License-Identifier: CC-BY-NC-4.0\n" + str(files["src/main.py"])
    report = openlic.audit(make_release(files))
    assert elements(report)["code-training"] == "failing"
    assert report.osaid.verdict.value == "not-open-source-ai"
    (reason,) = [r for r in report.osaid.reasons if r.startswith("code-training")]
    assert "CC-BY-NC-4.0" in reason
    (advice,) = [a for a in report.advice if a.subject == "code-training"]
    assert advice.action.startswith("release the training code with its settings under an OSI")
    assert "CC-BY-NC-4.0" in advice.action


def test_incomplete_data_card_leaves_the_verdict_open(make_release) -> None:
    files = fully_open()
    del files["data/train-00000.parquet"]
    files["DATASHEET.md"] = DATASHEET.split("## Collection process")[0]
    report = openlic.audit(make_release(files))
    assert elements(report)["data-information"] == "incomplete"
    assert report.osaid.verdict.value == "undetermined"
    (reason,) = report.osaid.reasons
    assert reason.startswith(
        "data-information: the data card does not describe collection, processing"
    )
    (advice,) = [a for a in report.advice if a.goal == "osaid"]
    assert advice.action.startswith("describe in the data card: collection, processing")


def test_shipped_datasets_satisfy_data_information_without_a_card(make_release) -> None:
    files = fully_open()
    del files["DATASHEET.md"]
    report = openlic.audit(make_release(files))
    assert elements(report)["data-information"] == "met"


def test_only_referenced_training_code_is_undetermined(make_release) -> None:
    files = fully_open()
    for path in ("src/main.py", "scripts/launch.sh", "configs/ds_config.json"):
        del files[path]
    files["README.md"] = str(files["README.md"]).replace(
        "## Uses", "Training code: https://github.com/example-org/openlm-train\n\n## Uses"
    )
    report = openlic.audit(make_release(files))
    assert elements(report)["code-training"] == "referenced"
    assert report.osaid.verdict.value == "undetermined"
    assert report.osaid.missing == ()


def test_every_missing_element_is_listed_with_its_reason(make_release) -> None:
    report = openlic.audit(make_release({"LICENSE": "MIT License\n", "notes.txt": "hello\n"}))
    assert report.osaid.verdict.value == "not-open-source-ai"
    missing = [e for e in report.osaid.elements if e.status == "missing"]
    assert [e.element for e in missing] == [
        "data-information",
        "code-data-processing",
        "code-training",
        "code-inference",
        "code-architecture",
        "parameters",
    ]
    for element in missing:
        assert f"{element.element}: " in element.reasons[0]
        assert element.reasons[0] in report.osaid.reasons


def test_restricted_freedoms_give_one_line_advice_naming_the_licence(corpus_dir) -> None:
    report = openlic.audit(corpus_dir / "llama-2")
    freedom_advice = [a for a in report.advice if a.subject.startswith("freedom-")]
    assert [a.subject for a in freedom_advice] == ["freedom-use", "freedom-modify", "freedom-share"]
    for advice in freedom_advice:
        assert advice.action.startswith("remove the restrictions on the freedom to ")
        assert "LicenseRef-scancode-llama-2-license-2023" in advice.action
        assert "\n" not in advice.action


def test_listing_and_optional_parts_are_reported_not_required(make_release) -> None:
    report = openlic.audit(make_release(fully_open()))
    element = {e.element: e for e in report.osaid.elements}
    assert element["data-information"].reasons[1:] == (
        "data-information: the training data is listed (2 datasets or files)",
    )
    assert element["parameters"].reasons[1:] == (
        "parameters: model-parameters-intermediate present (optional)",
        "parameters: model-metadata present (optional)",
    )
    assert report.osaid.reasons == (
        "the four freedoms are granted and every element of the preferred form is present",
    )


def test_optional_parts_missing_do_not_change_the_verdict(make_release) -> None:
    files = fully_open()
    for path in ("checkpoints/step1000/model.safetensors", "checkpoint-500/optimizer.pt"):
        del files[path]
    del files["trainer_state.json"], files["configs/openlm-1b.yaml"]
    report = openlic.audit(make_release(files))
    assert report.osaid.verdict.value == "open-source-ai"
    assert {e.element: e for e in report.osaid.elements}["parameters"].reasons[1:] == (
        "parameters: model-parameters-intermediate missing (optional)",
        "parameters: model-metadata missing (optional)",
    )
