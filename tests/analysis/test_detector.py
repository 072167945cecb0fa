"""The clause detector: restrictions in licence texts openlic has no profile for."""

from __future__ import annotations

import pytest

import openlic
from openlic import kb
from openlic.analysis.detector import detect_clauses, rules
from openlic.identification.catalog import catalog

#: A licence written for this test: never seen by openlic, no profile, no reference text.
NEVER_SEEN = """\
ORCHARD MODEL LICENCE 1.0

1. Grant. Orchard Labs grants you a worldwide, royalty-free licence to use,
copy, modify and distribute the Orchard model weights.

2. Large deployments. If your services reach more than 1 million monthly
active users, you must obtain a separate licence from Orchard Labs before
you continue to use the weights.

3. Purpose. The weights may be used for non-commercial purposes only.

4. No warranty. The weights are provided as is.
"""


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "If your products exceed 2,000,000 daily active users you need our consent.",
            "user-threshold",
        ),
        (
            "Companies with annual revenue of more than USD 10 million must buy a licence.",
            "user-threshold",
        ),
        ("You may use the Model solely for non-commercial purposes.", "commercial-use-ban"),
        ("You shall not use the Software for any commercial purpose.", "commercial-use-ban"),
        ("The Model is provided for research purposes only.", "research-only"),
        ("Any noncommercial purpose is a permitted purpose.", "commercial-use-ban"),
        ("# Polyform Noncommercial License 1.0.0", "commercial-use-ban"),
        ("Use is limited solely to academic research purposes.", "research-only"),
        (
            "Your use must comply with the Acceptable Use Policy, incorporated herein.",
            "acceptable-use-policy",
        ),
        (
            "You cannot use the Model for the restricted uses set forth in Attachment A.",
            "field-of-use-ban",
        ),
        ("You will not use the weights for military purposes.", "field-of-use-ban"),
        (
            "You may not use the outputs of the Model to train any other large language model.",
            "output-restriction",
        ),
        (
            "These rights are not granted to individuals domiciled in the European Union.",
            "territorial-exclusion",
        ),
        ("Licensor may revoke this licence at any time for any reason.", "revocation"),
        ("We grant you a revocable licence to use the model.", "revocation"),
        ("You may not reverse engineer or decompile the Model.", "no-reverse-engineering"),
        ("You may not redistribute the model weights.", "no-redistribution"),
        ("You may not modify the Model.", "no-derivatives"),
        ("The Software shall be used for Good, not Evil.", "field-of-use-ban"),
        ("This software must be used for peaceful purposes.", "field-of-use-ban"),
        ("You may not sell, rent or sublicense the Model.", "no-redistribution"),
        # Chinese model licences and the German and French Creative Commons ports.
        ("本模型仅限于非商业用途使用。", "commercial-use-ban"),
        ("您不得将本模型用于任何商业用途。", "commercial-use-ban"),
        ("仅供学术研究使用。", "research-only"),
        (
            "如果您或您的关联方的服务或产品的日均用户活跃量（DAU）低于100万，您可以免费商用。",
            "user-threshold",
        ),
        ("Sie dürfen die Rechte nur für nicht-kommerzielle Zwecke nutzen.", "commercial-use-ban"),
        ("Vous ne pouvez l'utiliser qu'à des fins non commerciales.", "commercial-use-ban"),
        (
            "THIS SOFTWARE IS NOT DESIGNED, LICENSED OR INTENDED FOR USE IN THE DESIGN,"
            " CONSTRUCTION, OPERATION OR MAINTENANCE OF ANY NUCLEAR FACILITY.",
            "field-of-use-ban",
        ),
    ],
)
def test_detector_finds_category(text: str, category: str) -> None:
    found = detect_clauses(text)
    assert category in {d.category for d in found}, found


@pytest.mark.parametrize(
    "text",
    [
        "Permission is hereby granted, free of charge, to any person obtaining a copy.",
        "The licence is perpetual, worldwide and irrevocable.",
        "You must comply with applicable export laws.",
        "Commercial use is allowed, including for commercial purposes.",
        "Redistribution and use in source and binary forms, with or without modification,"
        " are permitted.",
        "We hope the software is used for good.",
        "允许商业使用。",  # commercial use allowed
        "不得使用贡献者的名称进行商业宣传。",  # no endorsement with the contributors' names
        # Creative Commons: no sublicensing, but every recipient gets the licence (OSD 7).
        "You may not sublicense the Work.",
        # A warranty disclaimer, not a restriction (no "licensed").
        "This software is not designed or intended for use in any nuclear facility.",
        # 3D Slicer's FDA disclaimer describes the software's design.
        "This software is designed for research purposes only and has not been approved for"
        " clinical use by the FDA.",
    ],
)
def test_detector_is_silent_on_permissive_wording(text: str) -> None:
    assert detect_clauses(text) == ()


#: OSI-approved texts where a rule fires, with why that is acceptable.
KNOWN_OSI_HITS = {
    # IPA Font License 3.1: derived programs are distributed as separate works; the sentence
    # "The Recipient may not alter or otherwise modify the Licensed Program" is a genuine
    # restriction the OSI accepted (reading debated), tagged no-derivatives.
    ("IPA", "no-derivatives"),
}


def test_no_osi_approved_text_triggers_a_restriction_that_fails_a_criterion() -> None:
    from openlic.analysis import taxonomy

    tax = taxonomy()
    hits = set()
    for info in catalog():
        if not (info.osi_approved and info.text_path and kb.exists(info.text_path)):
            continue
        for d in detect_clauses(kb.read_text(info.text_path)):
            if tax.get(d.category).osd:
                hits.add((info.license_id, d.category))
    assert hits == KNOWN_OSI_HITS


def test_every_rule_compiles_and_names_a_category() -> None:
    assert rules()
    assert all(r.patterns for r in rules())


def test_lines_are_those_of_the_text() -> None:
    found = detect_clauses(NEVER_SEEN)
    by_category = {d.category: (d.start_line, d.end_line) for d in found}
    assert by_category["user-threshold"] == (6, 8)
    assert by_category["commercial-use-ban"] == (10, 10)


def test_never_seen_licence_fails_osd_5_and_6_with_lines(make_release) -> None:
    root = make_release(
        {
            "LICENSE": NEVER_SEEN,
            "model.safetensors": b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ",
        }
    )
    report = openlic.audit(root)
    weights = report.components["model-parameters-final"].license
    assert weights is not None
    licence = next(lic for lic in report.licenses if lic.license_id == weights)
    assert licence.profile is None
    assert licence.osd.failed == (1, 5, 6, 7)
    for n in (5, 6):
        verdict = licence.osd.criteria[n]
        assert verdict.heuristic
        assert verdict.confidence == "clear"
    lines = {
        n: {(e.path, e.start_line, e.end_line) for e in licence.osd.criteria[n].evidence}
        for n in (5, 6)
    }
    assert lines[5] == {("LICENSE", 6, 8)}
    assert ("LICENSE", 10, 10) in lines[6]
    assert any("more than 1 million monthly" in r for r in licence.osd.criteria[5].reasons)
    # Nothing the detector did not find can pass.
    assert {licence.osd.criteria[n].verdict.value for n in (2, 3, 4, 8, 9, 10)} == {"unknown"}
    assert licence.freedoms["use"].verdict.value == "restricted"
    assert report.freedoms["use"].verdict.value == "restricted"
    report_dict = report.to_dict()
    entry = next(x for x in report_dict["licenses"] if x["id"] == weights)
    assert entry["osd"]["criteria"]["5"]["heuristic"] is True


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Free access for organisations generating annual revenue of less than US $1,000,000.",
            "user-threshold",
        ),
        (
            "Use of the Models must be consistent with the Trustworthy AI terms found online.",
            "acceptable-use-policy",
        ),
        (
            "If You bypass or disable any safety guardrail contained in the Model, your rights "
            "under this Agreement will automatically terminate.",
            "no-derivatives",
        ),
    ],
)
def test_detector_finds_vendor_wording(text: str, category: str) -> None:
    assert category in {d.category for d in detect_clauses(text)}
