"""European Open Source AI Index parameters graded from the files, with evidence."""

from __future__ import annotations

import openlic
from openlic import kb
from tests.inventory.test_release_trees import fully_open


def test_every_index_parameter_is_graded(make_release) -> None:
    report = openlic.audit(make_release(fully_open()))
    ids = [p["id"] for p in kb.load("frameworks/eosai-index.yaml")["parameters"]]
    assert list(report.grades) == ids
    for grade in report.grades.values():
        assert grade.reasons
        if grade.grade.value != "closed":
            assert grade.evidence, grade


def test_fine_tune_and_peer_reviewed_paper(make_release) -> None:
    files = fully_open()
    card = str(files["README.md"]).replace(
        "license: apache-2.0\n", "license: apache-2.0\nbase_model: example-org/base-7b\n"
    )
    card = card.replace(
        "## Citation\n", "## Citation\nPublished at https://aclanthology.org/2024.acl-long.1/\n"
    )
    files["README.md"] = card
    del files["data/train-00000.parquet"]
    report = openlic.audit(make_release(files))
    base = report.grades["weights_basemodel"]
    assert base.grade.value == "partial"
    assert base.evidence[0].text == "base_model: example-org/base-7b"
    assert report.grades["paper"].grade.value == "open"
    assert "aclanthology.org" in report.grades["paper"].evidence[0].text
    assert report.grades["datasources_endmodel"].grade.value == "partial"


def test_restrictive_licence_grades_licences_closed(make_release) -> None:
    from tests.inventory.weightfiles import safetensors
    from tests.test_audit import CUSTOM_MODEL_LICENSE

    report = openlic.audit(
        make_release(
            {"LICENSE": CUSTOM_MODEL_LICENSE, "model.safetensors": safetensors({"w": ("F32", [1])})}
        )
    )
    assert report.grades["licenses"].grade.value == "closed"
    assert report.grades["weights_endmodel"].grade.value == "open"
