"""MOF: class reached, progress, and what the next class needs (licence of the right type)."""

from __future__ import annotations

import openlic
from tests.inventory.test_release_trees import fully_open


def test_class_2_needs_class_1_components(make_release) -> None:
    files = fully_open()
    for path in ("src/clean.py", "paper.pdf", "checkpoints/step1000/model.safetensors"):
        del files[path]
    del files["checkpoint-500/optimizer.pt"]
    report = openlic.audit(make_release(files))
    assert report.mof.mof_class == 2
    assert report.mof.next_class == 1
    needs = {n.component: (n.status.value, n.licence_type, n.reason) for n in report.mof.needs}
    assert needs["data-preprocessing-code"] == ("missing", "code", "not in the release")
    assert needs["model-parameters-intermediate"] == ("missing", "data", "not in the release")
    assert needs["research-paper"][0] == "referenced"
    assert "arxiv:2401.00001" in needs["research-paper"][2]
    assert {(a.goal, a.subject) for a in report.advice if a.goal == "osaid"} == {
        ("osaid", "code-data-processing")
    }
    assert {a.subject for a in report.advice if a.goal == "mof-1"} == set(needs)
    assert 0 < report.mof.progress[1] < 1


def test_component_under_the_wrong_licence_type(make_release) -> None:
    files = fully_open()
    files["src/harness.py"] = "# SPDX-License-Identifier: CC-BY-4.0\n" + str(
        files["src/harness.py"]
    )
    report = openlic.audit(make_release(files))
    assert report.mof.mof_class == 3
    (need,) = [n for n in report.mof.needs if n.component == "evaluation-code"]
    assert need.licence_type == "code"
    assert need.reason == (
        "in the release under Apache-2.0, CC-BY-4.0, not an OSI-approved licence"
    )
    (advice,) = [a for a in report.advice if a.subject == "evaluation-code"]
    assert advice.goal == "mof-2"
    assert advice.action.startswith("release the evaluation code under an OSI-approved licence")


def test_no_class_reached_aims_at_class_3(make_release) -> None:
    report = openlic.audit(make_release({"README.md": "# A model\n\nJust words.\n"}))
    assert report.mof.mof_class is None
    assert report.mof.next_class == 3
    assert [n.component for n in report.mof.needs] == list(report.mof.missing[3])
