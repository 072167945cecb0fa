"""Readings pinned for the AI model licences added from stored copies of their texts (openlic
issues #3 and #4): the Hub's apple-amlr and fair-noncommercial-research-license, and the GLM-4
licence.

Each row gives the profile's category, the OSD criteria it fails and the OSAID freedoms it
restricts, read from the profile alone (``read_profile``), with a comment naming the clauses that
decide. A change in a profile, the taxonomy or the reading code that moves one of these verdicts
makes the row fail; update the row only after re-reading the clause.
"""

from __future__ import annotations

import re

import pytest

from openlic import kb
from openlic.analysis import find_profile
from openlic.analysis.textmatch import IndexedText
from openlic.identification.catalog import catalog
from tests.analysis.pinning import assert_pinned_reading

USE, STUDY, MODIFY, SHARE = "use", "study", "modify", "share"
USE_MODIFY_SHARE = frozenset({USE, MODIFY, SHARE})

#: (licence id, category, failed OSD criteria, restricted freedoms); every other freedom is
#: granted by the profile's grants.
READINGS: list[tuple[str, str, tuple[int, ...], frozenset[str]]] = [
    # Apple Machine Learning Research Model License Agreement. §1: the grant is "exclusively for
    # Research Purposes" (research-only: OSD 6) and Research Purposes exclude "any commercial
    # exploitation" (commercial-use-ban: OSD 1, 6); the licence is "personal, ... non-transferable,
    # ... revocable" (personal-licence: OSD 7, arguable). Study is granted by the §1 grant.
    ("LicenseRef-openlic-apple-amlr", "research-only", (1, 6, 7), USE_MODIFY_SHARE),
    # FAIR Noncommercial Research License (April 10, 2025). §1.b.i: no use of the materials or their
    # outputs "in connection with any commercial uses or for any uses other than Noncommercial
    # Research Uses" (research-only, commercial-use-ban, output-restriction: OSD 1, 6); §1.b.iv
    # incorporates the FAIR Acceptable Use Policy, whose military and critical-infrastructure bans
    # are field-of-use bans (OSD 6). Study is granted by the §1.a grant.
    (
        "LicenseRef-openlic-fair-noncommercial-research-license",
        "research-only",
        (1, 6),
        USE_MODIFY_SHARE,
    ),
    # The GLM-4 licence (copy titled "The glm-4-voice License"). §2: the grant names no rights
    # (narrow-grant: OSD 1, 3, arguable) and commercial use needs registration (approval-required:
    # OSD 7, arguable); §3 bans military use and behaviour that "endangers national security and
    # unity" (field-of-use-ban: OSD 6). Study is granted by the academic-research sentence of §2.
    (
        "LicenseRef-openlic-glm-4-license",
        "responsible-ai-use-restricted",
        (1, 3, 6, 7),
        USE_MODIFY_SHARE,
    ),
]

IDS = [row[0] for row in READINGS]


@pytest.mark.parametrize(("license_id", "category", "failed", "restricted"), READINGS, ids=IDS)
def test_profile_reading_is_pinned(
    license_id: str, category: str, failed: tuple[int, ...], restricted: frozenset[str]
) -> None:
    assert_pinned_reading(license_id, category, failed, restricted)


def test_no_profile_is_pinned_twice() -> None:
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("license_id", IDS)
def test_profile_names_the_stored_copy_its_quotes_come_from(license_id: str) -> None:
    """No reference text ships for these licences: the profile names the commit it read."""
    info = catalog().get(license_id)
    assert info is not None
    assert info.text_path is None
    profile = find_profile(license_id)
    assert profile is not None
    source = profile.text_source.get("source", "")
    assert re.search(r"\b[0-9a-f]{40}\b", source), "name the repository commit read"
    assert any(re.search(r"[0-9a-f]{40}", s.get("url", "")) for s in profile.sources)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("apple-amlr", "LicenseRef-openlic-apple-amlr"),
        (
            "fair-noncommercial-research-license",
            "LicenseRef-openlic-fair-noncommercial-research-license",
        ),
        ("glm-4", "LicenseRef-openlic-glm-4-license"),
    ],
)
def test_hub_ids_find_these_profiles(key: str, expected: str) -> None:
    found = find_profile(key)
    assert found is not None
    assert found.id == expected


def _quotes(license_id: str) -> list[str]:
    profile = find_profile(license_id)
    assert profile is not None
    return [
        *(c.quote for c in profile.clauses),
        *(g.quote for g in profile.grants),
        *(o.quote for o in profile.obligations if o.quote),
    ]


@pytest.mark.parametrize("license_id", IDS)
def test_profile_is_not_recognised_in_a_shipped_licence_text(license_id: str) -> None:
    """An unidentified copy is read with the profile whose every quote occurs in it, so no
    reference text openlic ships may hold all of these profiles' quotes (the FAIR licence and the
    Chameleon Research License share a template, for one)."""
    quotes = _quotes(license_id)
    matches = []
    for info in catalog():
        if info.text_path and kb.exists(info.text_path):
            text = IndexedText.of(kb.read_text(info.text_path))
            if all(text.find(q) is not None for q in quotes):
                matches.append(info.license_id)
    assert not matches
