"""Wording rules of data/licenses/rules/licenses.yaml checked against the real texts they were
built from.

Each excerpt below is a short verbatim passage (the opening lines, or two short passages of the
same file separated by a blank line) of a stored copy of the licence, cited in a comment with its
repository, path and commit. ``openlic.identify`` must name the licence from the excerpt alone,
and a near miss (a related text that is not this licence: another vendor's licence on the same
template, or another text of the same vendor) must not be named as it.
"""

from __future__ import annotations

import pytest

import openlic
from tests.conftest import reference_text

# apple/ml-starflow, LICENSE_MODEL at commit dae97aaf4f5a842ffc1541d8151f4356a39fb0f1: the opening
# sentence and the attribution notice of section 2.
APPLE_AMLR = (
    "Disclaimer: IMPORTANT: This Apple Machine Learning Research Model is specifically developed "
    'and released by Apple Inc. ("Apple") for the sole purpose of scientific research of '
    "artificial intelligence and machine-learning technology.\n\n"
    "2. Distribution of Apple Machine Learning Research Model and Model Derivatives: If you choose "
    "to redistribute Apple Machine Learning Research Model or its Model Derivatives, you must "
    "provide a copy of this Agreement to such third party, and ensure that the following "
    'attribution notice be provided: "Apple Machine Learning Research Model is licensed under the '
    'Apple Machine Learning Research Model License Agreement."\n'
)

# apple/ml-mobileclip, LICENSE_MODELS at commit e15d36effd4cd9832b25f5c0063a5b8b279826cd: the same
# licence with bulleted sections and the text wrapped at 80 columns.
APPLE_AMLR_BULLETED = (
    "Disclaimer: IMPORTANT: This Apple Machine Learning Research Model is\n"
    'specifically developed and released by Apple Inc. ("Apple") for the sole purpose\n'
    "of scientific research of artificial intelligence and machine-learning\n"
    "technology.\n\n"
    "* Distribution of Apple Machine Learning Research Model and Model Derivatives:\n"
    "  If you choose to redistribute Apple Machine Learning Research Model or its\n"
    "  Model Derivatives, you must provide a copy of this Agreement to such third\n"
    "  party, and ensure that the following attribution notice be provided: “Apple\n"
    "  Machine Learning Research Model is licensed under the Apple Machine Learning\n"
    "  Research Model License Agreement.”\n"
)

# apple/ml-aim, LICENSE at commit 376212139aa6d09f27c53db9d252604e872e912f: Apple's sample-code
# licence for the AIM code (not the model licence), opening lines.
APPLE_CODE_NEAR_MISS = (
    "Copyright (C) 2024 Apple Inc. All Rights Reserved.\n\n"
    "IMPORTANT:  This Apple software is supplied to you by Apple\n"
    'Inc. ("Apple") in consideration of your agreement to the following\n'
    "terms, and your use, installation, modification or redistribution of\n"
    "this Apple software constitutes acceptance of these terms.\n"
)

# facebookresearch/MobileLLM, LICENSE at commit fefd6d14bcfe0e1429d8d59cb6c9087ca5af3e25: title,
# date line and the definition of Noncommercial Research Uses.
FAIR_NC = (
    "FAIR Noncommercial Research License\n"
    "Last Updated: April 10, 2025\n\n"
    "“Noncommercial Research Uses” means noncommercial research use cases related to research, "
    "development, education, processing, or analysis and in each case, is not primarily intended "
    "for commercial advantage or monetary compensation to you or others.\n"
)

# The FAIR Acceptable Use Policy printed after the licence in the same file, on its own: the
# policy is not the licence.
FAIR_AUP_NEAR_MISS = (
    "FAIR Acceptable Use Policy\n\n"
    "The Fundamental AI Research (FAIR) team at Meta seeks to further understanding of new and "
    "existing research domains with the mission of advancing the state-of-the-art in artificial "
    "intelligence through open research for the benefit of all.\n"
)

# ishine/MoVE-code, glm_4_voice_decoder/LICENSE at commit 75a96a45895c60639b92747705d90271d86f68fa:
# the title and the first lines of the Chinese part, then the start of the English part.
GLM_4_VOICE = (
    "The glm-4-voice License\n\n"
    "1. 定义\n\n"
    "“许可方”是指分发其软件的 glm-4-voice 模型团队。\n"
    "“软件”是指根据本许可提供的 glm-4-voice 模型参数。\n\n"
    "1. Definitions\n"
    "“Licensor” means the glm-4-voice Model Team that distributes its Software.\n"
    "“Software” means the glm-4-voice model parameters made available under this license.\n"
)

# The title of the licence of the earlier ChatGLM2-6B model (THUDM/ChatGLM2-6B MODEL_LICENSE), a
# different licence of the same publisher.
CHATGLM2_NEAR_MISS = "The ChatGLM2-6B License\n\n1. Definitions\n"

FOUND = [
    ("apple-amlr", APPLE_AMLR, "LicenseRef-openlic-apple-amlr"),
    ("apple-amlr-bulleted", APPLE_AMLR_BULLETED, "LicenseRef-openlic-apple-amlr"),
    ("fair-nc", FAIR_NC, "LicenseRef-openlic-fair-noncommercial-research-license"),
    ("glm-4-voice", GLM_4_VOICE, "LicenseRef-openlic-glm-4-license"),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in FOUND], ids=[r[0] for r in FOUND])
def test_real_excerpt_is_identified(text: str, expected: str) -> None:
    ids = [m.license_id for m in openlic.identify(text, "LICENSE")]
    assert expected in ids, ids
    named = [i for i in ids if not i.startswith("LicenseRef-openlic-unknown-")]
    assert named == [expected]


NEAR_MISSES = [
    ("chatglm2-6b", CHATGLM2_NEAR_MISS, "LicenseRef-openlic-glm-4-license"),
    ("apple-sample-code", APPLE_CODE_NEAR_MISS, "LicenseRef-openlic-apple-amlr"),
    (
        "fair-aup-alone",
        FAIR_AUP_NEAR_MISS,
        "LicenseRef-openlic-fair-noncommercial-research-license",
    ),
    (
        "chameleon-research",
        reference_text("LicenseRef-scancode-chameleon-research-2024"),
        "LicenseRef-openlic-fair-noncommercial-research-license",
    ),
]


@pytest.mark.parametrize(
    ("text", "not_expected"), [r[1:] for r in NEAR_MISSES], ids=[r[0] for r in NEAR_MISSES]
)
def test_near_miss_is_not_identified(text: str, not_expected: str) -> None:
    ids = [m.license_id for m in openlic.identify(text, "LICENSE")]
    assert not_expected not in ids, ids


def test_prose_naming_the_licence_is_not_a_licence_text() -> None:
    # Rules apply to licence files only: a README sentence is a reference, not the text.
    text = "VGGT-Omega is released under the FAIR Noncommercial Research License.\n"
    ids = [m.license_id for m in openlic.identify(text, "README.md") if m.method == "text"]
    assert "LicenseRef-openlic-fair-noncommercial-research-license" not in ids


# InternLM/InternLM, README.md at commit 3028f07cb79e5b1d7342f4ad8d11efad3fd13d17, section
# "License": InternLM states the terms of its weights in this paragraph and publishes no other
# licence text for them.
INTERNLM_README = (
    "## License\n\n"
    "The code is licensed under Apache-2.0, while model weights are fully open for academic "
    "research and also allow **free** commercial usage. To apply for a commercial license, please "
    "fill in the [application form (English)](https://wj.qq.com/s2/12727483/5dba/)/"
    "[申请表（中文）](https://wj.qq.com/s2/12725412/f7c1/). For other questions or "
    "collaborations, please contact <internlm@pjlab.org.cn>.\n"
)
INTERNLM = "LicenseRef-openlic-internlm-weights-terms"


def test_internlm_weights_statement_is_a_model_scoped_reference() -> None:
    from openlic.identification.references import find_references

    found = {m.license_id: m for m in find_references(INTERNLM_README, "README.md")}
    assert found[INTERNLM].scope == ("model",)
    assert found[INTERNLM].start_line == 3
    assert found["Apache-2.0"].scope == ("code",)


def test_internlm_statement_needs_its_subject() -> None:
    """A project that copies the wording for its own code is not stating weights terms."""
    from openlic.identification.references import find_references

    # hustvl RoBiS README (a stored copy): the same words about an MIT-licensed project.
    text = (
        "## License\nRoBiS is released under the **MIT Licence**, and is fully open for academic "
        "research and also allow free commercial usage.\n"
    )
    assert INTERNLM not in {m.license_id for m in find_references(text, "README.md")}


def test_internlm_release_weights_are_read_with_the_statement(tmp_path) -> None:
    from tests.conftest import write_tree

    write_tree(
        tmp_path,
        {"README.md": "# InternLM2-Chat-7B\n\n" + INTERNLM_README, "config.json": "{}"},
    )
    report = openlic.audit(tmp_path)
    terms = next(a for a in report.licenses if a.license_id == INTERNLM)
    assert "model-parameters-final" in terms.components
    assert 7 in terms.osd.failed
    assert terms.freedoms["use"].verdict.value == "restricted"
    assert [e.path for e in terms.evidence] == ["README.md"]
