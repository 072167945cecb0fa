"""Model cards: front matter split, metadata problems as findings with line numbers."""

from __future__ import annotations

import pytest

from openlic.inventory.card import parse_card


def test_metadata_and_key_lines() -> None:
    text = "---\nlicense: mit\ntags:\n- a\nbase_model: x/y\n---\n# Title\nbody\n"
    parsed = parse_card("README.md", text)
    card = parsed.card
    assert parsed.findings == ()
    assert card.metadata == {"license": "mit", "tags": ["a"], "base_model": "x/y"}
    assert card.key_lines == {"license": 2, "tags": 3, "base_model": 5}
    assert card.metadata_lines == (2, 5)
    assert card.body.startswith("# Title")
    assert card.body_start_line == 7


def test_crlf_card_lines() -> None:
    text = "---\r\nlanguage: en\r\nlicense: apache-2.0\r\n---\r\n# T\r\n"
    card = parse_card("README.md", text).card
    assert card.metadata["license"] == "apache-2.0"
    assert card.key_lines["license"] == 3


def test_no_front_matter() -> None:
    parsed = parse_card("README.md", "# Just markdown\n")
    assert parsed.card.metadata == {}
    assert parsed.card.metadata_lines is None
    assert parsed.findings == ()


def test_broken_yaml_is_a_finding_with_its_line() -> None:
    text = "---\nlicense: mit\ntags: [a, b\nfoo: bar\n---\nbody\n"
    parsed = parse_card("README.md", text)
    assert parsed.card.metadata == {}
    (finding,) = parsed.findings
    assert finding.rule == "card-yaml-invalid"
    assert finding.severity.value == "error"
    assert finding.evidence[0].start_line in (3, 4, 5)


@pytest.mark.parametrize("block", ["- a\n- b", "just a string"])
def test_metadata_not_a_mapping(block: str) -> None:
    parsed = parse_card("README.md", f"---\n{block}\n---\nbody\n")
    assert parsed.card.metadata == {}
    assert [f.rule for f in parsed.findings] == ["card-metadata-not-mapping"]


def test_wrong_types_are_findings_and_ignored() -> None:
    text = "---\nlicense: 123\nlicense_name: [a]\ntags: x\ndatasets: 5\n---\n"
    parsed = parse_card("README.md", text)
    assert parsed.card.metadata == {"tags": "x"}
    lines = sorted((f.rule, f.evidence[0].start_line) for f in parsed.findings)
    assert lines == [
        ("card-metadata-type", 2),
        ("card-metadata-type", 3),
        ("card-metadata-type", 5),
    ]


def test_unterminated_front_matter() -> None:
    parsed = parse_card("README.md", "---\nlicense: mit\n# no end\n")
    assert [f.rule for f in parsed.findings] == ["card-yaml-unterminated"]


def test_yaml_tags_cannot_construct_objects() -> None:
    text = "---\nlicense: !!python/object/apply:os.system ['echo pwned']\n---\n"
    parsed = parse_card("README.md", text)
    assert [f.rule for f in parsed.findings] == ["card-yaml-invalid"]
