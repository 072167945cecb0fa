"""Licences declared in card metadata, mapped through the Hub licence-id table."""

from __future__ import annotations

import pytest

from openlic.identification.card_metadata import identify_card
from openlic.inventory.card import parse_card


def ids(text: str) -> tuple[list[str], list[str]]:
    found = identify_card(parse_card("README.md", text).card)
    return [m.license_id for m in found.matches], [f.rule for f in found.findings]


@pytest.mark.parametrize(
    ("license_line", "expected"),
    [
        ("license: apache-2.0", ["Apache-2.0"]),
        ("license: mit", ["MIT"]),
        ("license: MIT", ["MIT"]),
        ("license: cc-by-nc-4.0", ["CC-BY-NC-4.0"]),
        ("license: creativeml-openrail-m", ["LicenseRef-scancode-stable-diffusion-2022-08-22"]),
        ("license: llama2", ["LicenseRef-scancode-llama-2-license-2023"]),
        ("license: [mit, apache-2.0]", ["MIT", "Apache-2.0"]),
        ("license: Apache-2.0", ["Apache-2.0"]),
    ],
)
def test_hub_and_spdx_ids(license_line: str, expected: list[str]) -> None:
    found, rules = ids(f"---\n{license_line}\n---\n")
    assert found == expected
    assert rules == []


def test_match_points_at_the_license_line() -> None:
    card = parse_card("hf/README.md", "---\ntags: [a]\nlicense: mit\n---\n").card
    (match,) = identify_card(card).matches
    assert (match.path, match.start_line, match.method) == ("hf/README.md", 3, "card-metadata")
    assert match.hf_id == "mit"


def test_other_with_known_license_name() -> None:
    found, rules = ids("---\nlicense: other\nlicense_name: llama3\n---\n")
    assert found == ["LicenseRef-scancode-llama-3-license-2024"] or found[0].startswith(
        "LicenseRef-"
    )
    assert rules == []


def test_other_with_unknown_name_is_unrecognised_not_guessed() -> None:
    found, rules = ids("---\nlicense: other\nlicense_name: acme-model-license\n---\n")
    assert found == ["LicenseRef-openlic-unknown-acme-model-license"]
    assert rules == []


@pytest.mark.parametrize("block", ["license: other", "license: unknown"])
def test_other_or_unknown_without_name_is_missing_license(block: str) -> None:
    found, rules = ids(f"---\n{block}\n---\n")
    assert found == []
    assert rules == ["missing-license"]


def test_unrecognised_value() -> None:
    found, rules = ids("---\nlicense: my-own-terms\n---\n")
    assert found == ["LicenseRef-openlic-unknown-my-own-terms"]
    assert rules == ["license-unrecognised"]
