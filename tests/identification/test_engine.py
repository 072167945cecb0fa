"""The identification engine (issue 3): versions, modified texts, notices, several licences per
file, licences known by wording only, the tricky corpus files, and the precomputed index."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from openlic.identification import identify_text
from openlic.identification.text import match_text
from tests.conftest import REPO as ROOT
from tests.conftest import reference_text

UNKNOWN = "LicenseRef-openlic-unknown-"


def found(text: str, path: str | None = None) -> list[tuple[str, bool]]:
    return [(m.license_id, m.modified) for m in match_text(text, path)]


# ------------------------------------------------------------------ versions are told apart

VERSIONS = [
    "LicenseRef-scancode-llama-2-license-2023",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "LicenseRef-scancode-llama-3.2-license-2024",
    "LicenseRef-scancode-llama-3.3-license-2024",
    "LicenseRef-scancode-llama-4-cla-2025",
    "LicenseRef-scancode-llama-4-license-2025",  # the Llama 4 acceptable use policy
    "LicenseRef-scancode-gemma-tou-2024-04-01",
    "LicenseRef-scancode-gemma-tou-2025-03-24",
    "LicenseRef-scancode-gemma-pup-2024-02-21",
    "LicenseRef-scancode-stable-diffusion-2022-08-22",  # CreativeML OpenRAIL-M
    "LicenseRef-scancode-bigscience-open-rail-m2",  # CreativeML Open RAIL++-M
    "LicenseRef-scancode-bigscience-rail-1.0",
    "LicenseRef-scancode-bigscience-open-rail-m",
    "LicenseRef-scancode-bigcode-open-rail-m-v1",
    "LicenseRef-scancode-stability-ai-community-2024",
    "LicenseRef-scancode-stability-ai-nc-2023-12-06",
    "LicenseRef-scancode-tongyi-qianwen-2023",
    "LicenseRef-scancode-qwen-2024",
    "LicenseRef-scancode-deepseek-la-1.0",
    "MIT",
]


@pytest.mark.parametrize("license_id", VERSIONS)
def test_each_version_identifies_itself_exactly(license_id: str) -> None:
    assert found(reference_text(license_id), "LICENSE") == [(license_id, False)]


@pytest.mark.parametrize("license_id", VERSIONS)
def test_each_version_survives_reflow_and_markdown(license_id: str) -> None:
    text = reference_text(license_id)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    markdown = "\n\n".join(
        [f"# {paragraphs[0].strip()}", *(f"**{' '.join(p.split())}**" for p in paragraphs[1:])]
    )
    assert found(markdown, "LICENSE.md") == [(license_id, False)]


# ------------------------------------------------------------------ modified texts

CLAUSE = "You may not use the Software for any military purpose whatsoever."


@pytest.mark.parametrize(
    ("license_id", "where"),
    [
        ("MIT", "start"),
        ("MIT", "middle"),
        ("MIT", "end"),
        ("Apache-2.0", "middle"),
        ("BSD-3-Clause", "end"),
        ("LicenseRef-scancode-llama-3.1-license-2024", "middle"),
        ("LicenseRef-scancode-deepseek-la-1.0", "middle"),
    ],
)
def test_an_added_clause_is_shown_with_its_lines(license_id: str, where: str) -> None:
    paragraphs = re.split(r"\n\s*\n", reference_text(license_id))
    at = {"start": 1, "middle": len(paragraphs) // 2, "end": len(paragraphs)}[where]
    text = "\n\n".join([*paragraphs[:at], CLAUSE, *paragraphs[at:]])
    matches = match_text(text, "LICENSE")
    assert [(m.license_id, m.modified) for m in matches] == [(license_id, True)]
    line = text.splitlines().index(CLAUSE) + 1
    added = [d for d in matches[0].differences if d.change == "added"]
    assert [(d.text, d.start_line, d.end_line) for d in added] == [
        ("you may not use the software for any military purpose whatsoever", line, line)
    ]


def test_a_removed_clause_is_shown_where_it_was() -> None:
    mit = reference_text("MIT")
    text = re.sub(
        r"and to\s+permit persons to whom the Software is\s+furnished to do so,\s+", "", mit
    )
    assert text != mit
    [match] = match_text(text, "LICENSE")
    assert (match.license_id, match.modified) == ("MIT", True)
    [removed] = [d for d in match.differences if d.change == "removed"]
    assert removed.text == "and to permit persons to whom the software is furnished to do so"
    assert removed.start_line is not None


def test_a_clause_removed_that_leaves_another_licence_is_that_licence() -> None:
    # MIT without its notice condition is, word for word, MIT-0 plus a dangling phrase.
    paragraphs = reference_text("MIT").split("\n\n")
    assert paragraphs[1].startswith("The above copyright notice")
    text = "\n\n".join([paragraphs[0], *paragraphs[2:]])
    assert [m.license_id for m in match_text(text)] == ["MIT-0"]


def test_a_changed_word_is_a_modification() -> None:
    text = reference_text("MIT").replace("free of charge", "for a fee")
    assert found(text) == [("MIT", True)]


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("the ORGANIZATION", "Google Inc."),  # a name in place of the holder
        lambda t: "BSD 3-Clause License\n\nCopyright (c) 2024, Example Corp.\n\n" + t,  # title
        lambda t: t.upper(),
    ],
)
def test_names_titles_and_case_are_not_modifications(change: object) -> None:
    assert callable(change)
    assert found(change(reference_text("BSD-3-Clause"))) == [("BSD-3-Clause", False)]


def test_apache_without_its_appendix_is_unmodified() -> None:
    text = reference_text("Apache-2.0").split("APPENDIX")[0]
    assert found(text) == [("Apache-2.0", False)]


def test_a_truncated_text_is_the_closest_licence_modified() -> None:
    lines = reference_text("LicenseRef-scancode-llama-3.1-license-2024").splitlines()
    [match] = match_text("\n".join(lines[: len(lines) * 2 // 3]))
    assert (match.license_id, match.modified) == (
        "LicenseRef-scancode-llama-3.1-license-2024",
        True,
    )
    assert match.score < 0.9


def test_unrelated_text_is_unknown_with_its_title_never_a_guess() -> None:
    text = (
        "ACME MODEL LICENSE\n\nYou may run the ACME model on one computer for evaluation. "
        "You may not share the weights, publish benchmark results, or build other models "
        "from its outputs. ACME may end this licence at any time by email.\n"
    )
    [match] = match_text(text, "LICENSE")
    assert match.license_id.startswith(UNKNOWN)
    assert match.score == 0.0
    assert "ACME MODEL LICENSE" in match.name
    assert (match.start_line, match.matched_text) == (1, "ACME MODEL LICENSE")


# ------------------------------------------------------------------ several licences per file


def test_code_and_model_parts_of_one_licence_file() -> None:
    mit = reference_text("MIT")
    llama = reference_text("LicenseRef-scancode-llama-3.1-license-2024")
    text = f"CODE LICENSE\n\n{mit}\n\nMODEL LICENSE\n\n{llama}"
    matches = match_text(text, "LICENSE")
    assert [(m.license_id, m.modified) for m in matches] == [
        ("MIT", False),
        ("LicenseRef-scancode-llama-3.1-license-2024", False),
    ]
    assert matches[0].end_line is not None
    assert matches[1].start_line is not None
    assert matches[0].end_line < matches[1].start_line


def test_a_known_text_beside_an_unknown_one() -> None:
    mit = reference_text("MIT")
    bespoke = "\n".join(
        f"{n}. The Licensee shall observe obligation number {n} of the bespoke weights terms, "
        "which no registry knows."
        for n in range(1, 12)
    )
    matches = match_text(f"{mit}\n\nWEIGHTS TERMS\n\n{bespoke}\n", "LICENSE")
    ids = [m.license_id for m in matches]
    assert ids[0] == "MIT"
    assert ids[1].startswith(UNKNOWN)
    assert matches[1].matched_text == "WEIGHTS TERMS"


# ------------------------------------------------------------------ notices and references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# Copyright 2024 Foo\n#\n# Licensed under the Apache License, Version 2.0 (the "
            '"License");\n# you may not use this file except in compliance with the License.\n'
            "# You may obtain a copy of the License at\n#\n#     "
            "http://www.apache.org/licenses/LICENSE-2.0\n#\n# Unless required by applicable law "
            "or agreed to in writing, software\n# distributed under the License is distributed "
            'on an "AS IS" BASIS,\n# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express '
            "or implied.\n# See the License for the specific language governing permissions and\n"
            "# limitations under the License.\n\nimport os\n",
            [("Apache-2.0", "notice")],
        ),
        (
            "/* This Source Code Form is subject to the terms of the Mozilla Public\n * License, "
            "v. 2.0. If a copy of the MPL was not distributed with this\n * file, You can obtain "
            "one at http://mozilla.org/MPL/2.0/. */\n",
            [("MPL-2.0", "notice")],
        ),
    ],
)
def test_notices_in_source_headers(text: str, expected: list[tuple[str, str]]) -> None:
    matches = identify_text(text, "src/model.py")
    assert [(m.license_id, m.method) for m in matches] == expected


@pytest.mark.parametrize(
    ("line", "expected", "scope"),
    [
        (
            "This code repository and the model weights are licensed under the "
            "[MIT License](LICENSE).",
            "MIT",
            ("code", "model"),
        ),
        ("The model is licensed under the Apache 2.0 license.", "Apache-2.0", ("model",)),
        ("This library is released under the BSD 3-Clause license.", "BSD-3-Clause", ("code",)),
        ("The dataset is made available under CC-BY-4.0.", "CC-BY-4.0", ("data",)),
        (
            "Released under the Llama 3.1 Community License.",
            "LicenseRef-scancode-llama-3.1-license-2024",
            (),
        ),
        ("- **License:** Apache 2.0", "Apache-2.0", ()),
        ("Model License: llama3.3", "LicenseRef-scancode-llama-3.3-license-2024", ("model",)),
        (
            '<img src="https://img.shields.io/badge/Code_License-MIT-f5de53"/>',
            "MIT",
            ("code",),
        ),
        (
            "See [the terms](https://www.apache.org/licenses/LICENSE-2.0) for the licence.",
            "Apache-2.0",
            (),
        ),
        (
            "Use of the weights is subject to the Mistral AI Research License.",
            "LicenseRef-openlic-mistral-ai-research-license",
            ("model",),
        ),
    ],
)
def test_references_in_prose(line: str, expected: str, scope: tuple[str, ...]) -> None:
    matches = identify_text(f"# Project\n\nSome words.\n\n{line}\n", "README.md")
    assert [(m.license_id, m.method, m.scope, m.start_line) for m in matches] == [
        (expected, "reference", scope, 5)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "See the LICENSE file for details.",
        "The use of the models is subject to the Model License.",
        "Models are released under a license which contains specific use-based restrictions.",
        "We used MIT students as annotators.",
        "This model is licensed under a custom commercial licence.",
        "All models except the 3B are licensed under Apache 2.0.",  # named, but scope unclear
    ],
)
def test_vague_mentions_name_nothing_or_govern_nothing(line: str) -> None:
    matches = identify_text(f"# Project\n\n{line}\n", "README.md")
    assert all(m.method == "reference" and not m.scope for m in matches), matches
    if "except" not in line:
        assert matches == []


def test_a_licence_table_per_model() -> None:
    mixed = (
        "| Name | Usage | License |\n|---|---|---|\n"
        "| `FLUX.1 [schnell]` | Text to Image | [apache-2.0](LICENSE-FLUX1-schnell) |\n"
        "| `FLUX.1 [dev]` | Text to Image | [FLUX.1-dev Non-Commercial License](x) |\n"
        "| `FLUX.1 [pro]` | Text to Image | API only |\n"
    )
    # Both licences are found; with two licences for different rows, none governs "the" model.
    assert [(m.license_id, m.start_line, m.scope) for m in identify_text(mixed, "README.md")] == [
        ("Apache-2.0", 3, ()),
        ("LicenseRef-scancode-flux-1-nc", 4, ()),
    ]
    uniform = (
        "| Model | Size | License |\n|---|---|---|\n"
        "| Foo-7B | 7B | Apache 2.0 |\n| Foo-13B | 13B | apache-2.0 |\n"
    )
    assert [(m.license_id, m.scope) for m in identify_text(uniform, "README.md")] == [
        ("Apache-2.0", ("model",)),
        ("Apache-2.0", ("model",)),
    ]


def test_the_subject_is_what_the_sentence_speaks_of() -> None:
    text = (
        "This model was trained on commercially viable data and is licensed under the Llama 2 "
        "Community License.\n\n- **Code License:** see the repository\n"
        "- **Weights License:** The weights are released under the MIT License.\n"
    )
    assert [(m.license_id, m.scope) for m in identify_text(text, "README.md")] == [
        ("LicenseRef-scancode-llama-2-license-2023", ("model",)),
        ("MIT", ("model",)),
    ]


def test_front_matter_licence_is_card_metadata_not_a_reference() -> None:
    text = "---\nlicense: apache-2.0\n---\n# Model\n\nNo licence words here.\n"
    assert identify_text(text, "README.md") == []


# ------------------------------------------------------------------ licences known by wording


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: "
            "April 18, 2024\n\nThe terms follow.",
            "LicenseRef-openlic-llama3",
        ),
        (
            "# Llama 3.2 Acceptable Use Policy\n\n## Prohibited Uses\n...",
            "LicenseRef-openlic-llama-3.2-acceptable-use-policy",
        ),
        (
            "Meta Llama 3 Acceptable Use Policy\n\nProhibited Uses\n",
            "LicenseRef-openlic-llama-3-acceptable-use-policy",
        ),
        (
            "# Mistral AI Research License\n\nIf You want to use a Mistral Model...",
            "LicenseRef-openlic-mistral-ai-research-license",
        ),
        (
            "Mistral AI Non-Production License\n\n1. Scope",
            "LicenseRef-openlic-mistral-ai-non-production-license",
        ),
        (
            "Qwen RESEARCH LICENSE AGREEMENT\n\nQwen RESEARCH LICENSE AGREEMENT Release Date: "
            "September 19, 2024",
            "LicenseRef-openlic-qwen-research-license-agreement",
        ),
        (
            "Falcon 180B TII License\nVersion 1.0 - September 2023",
            "LicenseRef-openlic-falcon-180b-tii-license",
        ),
        ("TII Falcon License 2.0\n\nThe terms follow", "LicenseRef-openlic-tii-falcon-license-2.0"),
        ("Yi Series Models License Agreement\nVersion: 1.0", "LicenseRef-openlic-yi-license"),
        (
            "Community License for Baichuan 2 Model\n\nterms",
            "LicenseRef-openlic-baichuan-2-community-license",
        ),
        ("Baichuan 2 模型社区许可协议\n\n条款", "LicenseRef-openlic-baichuan-2-community-license"),
        (
            "DEEPFLOYD IF RESEARCH LICENSE AGREEMENT\n\nterms",
            "LicenseRef-openlic-deepfloyd-if-license",
        ),
        (
            "AI2 ImpACT License - Low Risk Artifacts (LR Agreement)\n\nterms",
            "LicenseRef-openlic-ai2-impact-license-low-risk",
        ),
        (
            "AI2 ImpACT License - Medium Risk Artifacts\n\nterms",
            "LicenseRef-openlic-ai2-impact-license-medium-risk",
        ),
        ("The GLM-4 License\n\n1. Definitions", "LicenseRef-openlic-glm-4-license"),
        (
            "# C4AI Acceptable Use Policy\n\nYou may not use the model to ...",
            "LicenseRef-openlic-c4ai-acceptable-use-policy",
        ),
        ("The ChatGLM2-6B License\n\n1. Definitions", "LicenseRef-openlic-chatglm2-6b-license"),
    ],
)
def test_licences_without_registry_text_by_their_wording(text: str, expected: str) -> None:
    ids = [m.license_id for m in match_text(text, "LICENSE")]
    assert expected in ids
    assert not [i for i in ids if i != expected and not i.startswith(UNKNOWN)]


def test_wording_rules_do_not_fire_on_prose() -> None:
    text = "# Project\n\nSome weights are released under the Mistral AI Research License.\n"
    matches = identify_text(text, "README.md")
    assert [(m.license_id, m.method, m.scope) for m in matches] == [
        ("LicenseRef-openlic-mistral-ai-research-license", "reference", ("model",))
    ]


def test_a_rule_never_overrides_an_exact_registry_text() -> None:
    # The Llama 3.1 text mentions Llama 3 wording nowhere, but even a file that carried the
    # Llama 3 title above an exact Llama 3.1 text keeps the exact match.
    text = "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\n\n" + reference_text(
        "LicenseRef-scancode-llama-3.1-license-2024"
    )
    ids = [m.license_id for m in match_text(text, "LICENSE")]
    assert "LicenseRef-scancode-llama-3.1-license-2024" in ids
    assert "LicenseRef-openlic-llama3" not in ids


# ------------------------------------------------------------------ the tricky corpus files

CORPUS_FILES = [
    ("chatglm-6b/MODEL_LICENSE", [("LicenseRef-openlic-chatglm-6b-license", False)]),
    ("chatglm-6b/LICENSE", [("Apache-2.0", False)]),
    (
        "qwen-7b/Tongyi Qianwen LICENSE AGREEMENT",
        [("LicenseRef-scancode-tongyi-qianwen-2023", False)],
    ),
    (
        "qwen-7b/Tongyi Qianwen RESEARCH LICENSE AGREEMENT",
        [("LicenseRef-openlic-tongyi-qianwen-research-license-agreement", False)],
    ),
    ("flux1-dev/model_licenses/LICENSE-FLUX1-dev", [("LicenseRef-scancode-flux-1-nc", True)]),
    ("flux1-schnell/model_licenses/LICENSE-FLUX1-schnell", [("Apache-2.0", False)]),
    ("openelm/LICENSE", [("AML", True)]),
    (
        "qwen-7b/NOTICE",
        [("BSD-3-Clause", False), ("MIT", False), ("Apache-2.0", False), ("MIT", False)],
    ),
    ("bloom/LICENSE", [("Apache-2.0", False)]),
    ("llama-2/LICENSE", [("LicenseRef-scancode-llama-2-license-2023", False)]),
    ("llama-2/USE_POLICY.md", [("LicenseRef-openlic-llama-2-acceptable-use-policy", False)]),
    ("llama-3.1/LICENSE", [("LicenseRef-scancode-llama-3.1-license-2024", False)]),
    ("llama-3.1/USE_POLICY.md", [("LicenseRef-openlic-llama-3.1-acceptable-use-policy", False)]),
    ("deepseek-v3/LICENSE-MODEL", [("LicenseRef-scancode-deepseek-la-1.0", False)]),
    ("deepseek-v3/LICENSE-CODE", [("MIT", False)]),
    ("stable-diffusion-v1/LICENSE", [("LicenseRef-scancode-stable-diffusion-2022-08-22", False)]),
    ("gpt-oss/USAGE_POLICY", [("LicenseRef-openlic-gpt-oss-usage-policy", False)]),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "expected"), CORPUS_FILES, ids=[c[0] for c in CORPUS_FILES])
def test_corpus_licence_files(
    corpus_dir: Path, relative: str, expected: list[tuple[str, bool]]
) -> None:
    text = (corpus_dir / relative).read_text(encoding="utf-8")
    assert found(text, relative) == expected


@pytest.mark.corpus
def test_qwen_notice_lines(corpus_dir: Path) -> None:
    text = (corpus_dir / "qwen-7b/NOTICE").read_text(encoding="utf-8")
    spans = [(m.license_id, m.start_line, m.end_line) for m in match_text(text, "NOTICE")]
    lines = text.splitlines()
    for _, start, end in spans:
        assert start is not None
        assert end is not None
        # each span sits between two "---- LICENSE FOR ... ----" separators
        assert not any(line.startswith("-------------") for line in lines[start - 1 : end])
    assert spans[0][0] == "BSD-3-Clause"


@pytest.mark.corpus
def test_flux_dev_differences_are_the_version_changes(corpus_dir: Path) -> None:
    text = (corpus_dir / "flux1-dev/model_licenses/LICENSE-FLUX1-dev").read_text(encoding="utf-8")
    [match] = match_text(text, "LICENSE-FLUX1-dev")
    assert match.modified
    assert match.score > 0.9
    added = " ".join(d.text for d in match.differences if d.change == "added")
    assert "kontext" in added  # v1.1.1 lists FLUX.1 Kontext [dev], which the registry text lacks
    assert all(d.start_line for d in match.differences)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("deepseek-r1/README.md", ("MIT", ("code", "model"))),
        ("deepseek-v3/README.md", ("MIT", ("code",))),
        ("grok-1/README.md", ("Apache-2.0", ("code", "model"))),
        ("mistral-inference/README.md", ("Apache-2.0", ("code",))),
        ("starcoder2/hf/README.md", ("LicenseRef-scancode-bigcode-open-rail-m-v1", ("model",))),
    ],
)
def test_corpus_readme_references(
    corpus_dir: Path, relative: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    text = (corpus_dir / relative).read_text(encoding="utf-8")
    scoped = [(m.license_id, m.scope) for m in identify_text(text, relative) if m.scope]
    assert expected in scoped


# ------------------------------------------------------------------ the precomputed index


def test_match_index_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_match_index.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_reference_text_identifies_itself() -> None:
    """Set (b) of the benchmark as a test: each text gives its own id and nothing else (or an
    id whose normalised text is identical, e.g. Nokia-Qt-exception-1.1 and
    Qt-LGPL-exception-1.1)."""
    from openlic.identification.index import match_index

    index = match_index()
    same: dict[tuple[int, ...], set[str]] = {}
    for entry in index.entries:
        same.setdefault(tuple(index.tokens(entry.number)), set()).add(entry.license_id)
    wrong = []
    for entry in index.entries:
        if entry.kind != "text":
            continue
        tokens = tuple(index.tokens(entry.number))
        text = index.text_of(tokens)
        ids = {m.license_id for m in match_text(text) if not m.license_id.startswith(UNKNOWN)}
        if not ids or not ids <= same[tokens]:
            wrong.append((entry.license_id, sorted(ids)))
    assert wrong == []
