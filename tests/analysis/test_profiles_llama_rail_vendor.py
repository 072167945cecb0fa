"""Readings pinned for the Llama, Gemma, RAIL, Fair AI, Stability, Falcon, Mistral, OpenMDW and
xAI (Grok 2) licence profiles, and the use policies they incorporate.

Each row gives the profile's category, the OSD criteria it fails and the OSAID freedoms it
restricts, read from the profile alone (``read_profile``). A change in a profile, the taxonomy or
the reading code that moves one of these verdicts makes the row fail; update the row only after
re-reading the clause. Where openlic ships the licence's reference text, a release holding that
text must get the same failed criteria. Where it does not, the profile must say where its quotes
were read (repository, path and commit, or a dated reading), and where a shipped text shares the
wording (a sibling version), every quote but the known differences must be found in it.
"""

from __future__ import annotations

import pytest

from openlic.analysis import find_profile
from openlic.analysis.textmatch import IndexedText
from openlic.identification.catalog import catalog
from tests.analysis.pinning import assert_pinned_reading, assert_release_reads_as_pinned
from tests.conftest import reference_text

USE, STUDY, MODIFY, SHARE = "use", "study", "modify", "share"
ALL_BUT_STUDY = frozenset({USE, MODIFY, SHARE})

#: (licence id, category, failed OSD criteria, restricted freedoms)
READINGS: list[tuple[str, str, tuple[int, ...], frozenset[str]]] = [
    # Meta Llama: the 700-million-user clause (OSD 5, 7 arguable) and the use policy (OSD 6).
    ("LicenseRef-openlic-llama3", "community-user-cap", (5, 6, 7), ALL_BUT_STUDY),
    ("LicenseRef-openlic-llama-3-acceptable-use-policy", "use-policy", (6,), ALL_BUT_STUDY),
    ("LicenseRef-scancode-llama-3.2-license-2024", "community-user-cap", (5, 6, 7), ALL_BUT_STUDY),
    # The 3.2, 3.3 and 4 policies exclude EU residents from the multimodal models (OSD 5).
    ("LicenseRef-openlic-llama-3.2-acceptable-use-policy", "use-policy", (5, 6), ALL_BUT_STUDY),
    ("LicenseRef-scancode-llama-3.3-license-2024", "community-user-cap", (5, 6, 7), ALL_BUT_STUDY),
    ("LicenseRef-openlic-llama-3.3-acceptable-use-policy", "use-policy", (5, 6), ALL_BUT_STUDY),
    ("LicenseRef-scancode-llama-4-cla-2025", "community-user-cap", (5, 6, 7), ALL_BUT_STUDY),
    ("LicenseRef-scancode-llama-4-license-2025", "use-policy", (5, 6), ALL_BUT_STUDY),
    # LLaMA 1: non-commercial research only, personal licence.
    ("LicenseRef-scancode-llama-license-2023", "research-only", (1, 6, 7), ALL_BUT_STUDY),
    # Gemma (2025 terms; the prohibited use policy is pinned with the 2024 terms).
    (
        "LicenseRef-scancode-gemma-tou-2025-03-24",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    # RAIL family: use-based restrictions (OSD 6) passed on to every derivative.
    (
        "LicenseRef-scancode-bigscience-open-rail-m2",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    (
        "LicenseRef-scancode-bigscience-open-rail-m",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    (
        "LicenseRef-scancode-responsible-ai-source-1.0",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    (
        "LicenseRef-scancode-responsible-ai-source-1.1",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    # Fair AI Public License: copyleft with no restriction; the SD variant adds RAIL-M's list.
    ("LicenseRef-scancode-fair-ai-public-1.0", "copyleft", (), frozenset()),
    (
        "LicenseRef-scancode-fair-ai-public-1.0-sd",
        "responsible-ai-use-restricted",
        (6,),
        ALL_BUT_STUDY,
    ),
    # Stability AI: a USD 1M revenue cap (OSD 5) and registration; the research licence is
    # non-commercial (OSD 1, 6); both are revocable and personal (OSD 7, arguable).
    (
        "LicenseRef-scancode-stability-ai-community-2024",
        "community-user-cap",
        (5, 6, 7),
        ALL_BUT_STUDY,
    ),
    ("LicenseRef-scancode-stability-ai-nc-2023-12-06", "non-commercial", (1, 6, 7), ALL_BUT_STUDY),
    # TII Falcon: Apache 2.0 plus an updatable acceptable use policy; 180B also bans hosting.
    ("LicenseRef-scancode-falcon-2-11b-1.0", "responsible-ai-use-restricted", (6,), ALL_BUT_STUDY),
    (
        "LicenseRef-openlic-falcon-180b-tii-license",
        "responsible-ai-use-restricted",
        (6, 7),
        ALL_BUT_STUDY,
    ),
    # Mistral AI Research License: research only, outputs included; rights come from Mistral.
    ("LicenseRef-openlic-mistral-ai-research-license", "research-only", (1, 6, 7), ALL_BUT_STUDY),
    # OpenMDW: permissive for the whole release, no restriction.
    ("OpenMDW-1.0", "permissive", (), frozenset()),
    # xAI Community License (Grok 2): no training of other general-purpose models (OSD 6).
    ("LicenseRef-scancode-xai-cla-2025", "responsible-ai-use-restricted", (6,), ALL_BUT_STUDY),
    # DeepFloyd IF: the LLaMA 1 agreement with Stability AI as licensor.
    ("LicenseRef-openlic-deepfloyd-if-license", "research-only", (1, 6, 7), ALL_BUT_STUDY),
]

IDS = [row[0] for row in READINGS]


@pytest.mark.parametrize(("license_id", "category", "failed", "restricted"), READINGS, ids=IDS)
def test_profile_reading_is_pinned(
    license_id: str, category: str, failed: tuple[int, ...], restricted: frozenset[str]
) -> None:
    assert_pinned_reading(license_id, category, failed, restricted)


def test_no_profile_is_pinned_twice() -> None:
    assert len(IDS) == len(set(IDS))


#: Policies these licences incorporate whose profiles are pinned elsewhere.
POLICIES_PINNED_ELSEWHERE = frozenset({"LicenseRef-scancode-gemma-pup-2024-02-21"})


def test_every_incorporated_policy_is_a_pinned_use_policy() -> None:
    for license_id in IDS:
        profile = find_profile(license_id)
        assert profile is not None
        for policy in profile.incorporates:
            found = find_profile(policy)
            assert found is not None, f"{license_id} incorporates {policy}, which has no profile"
            assert found.kind == "use-policy"
            assert policy in IDS or policy in POLICIES_PINNED_ELSEWHERE, policy


SHIPPED = [i for i in IDS if (info := catalog().get(i)) is not None and info.text_path]
NOT_SHIPPED = [i for i in IDS if i not in SHIPPED]


@pytest.mark.parametrize("license_id", SHIPPED)
def test_release_holding_the_reference_text_gets_the_same_reading(
    make_release, license_id: str
) -> None:
    row = next(r for r in READINGS if r[0] == license_id)
    assert_release_reads_as_pinned(make_release, license_id, row[2])


@pytest.mark.parametrize("license_id", NOT_SHIPPED)
def test_profile_without_reference_text_says_where_it_was_read(license_id: str) -> None:
    profile = find_profile(license_id)
    assert profile is not None
    source = profile.text_source.get("source", "")
    # A repository file pinned to a commit, or a dated page: enough to find the exact text again.
    assert "commit" in source or "read 20" in source, source


#: (profile without a shipped text, shipped sibling text, refs of the quotes expected to differ):
#: licences that share their wording with a text openlic ships, so most quotes can be checked.
SIBLINGS = [
    # The hosting terms are Falcon 180B's own.
    (
        "LicenseRef-openlic-falcon-180b-tii-license",
        "LicenseRef-scancode-falcon-2-11b-1.0",
        {"§4.1(a), §4.1(b)", "§9.3"},
    ),
    # Llama 3 names "Meta Llama 3" where 3.1 says "Llama", and keeps the §1.b.v output clause.
    (
        "LicenseRef-openlic-llama3",
        "LicenseRef-scancode-llama-3.1-license-2024",
        {"§1.b.i", "§1.b.i(B)", "§1.b.v", "§2"},
    ),
    # DeepFloyd IF names Stability AI where LLaMA names Meta.
    ("LicenseRef-openlic-deepfloyd-if-license", "LicenseRef-scancode-llama-license-2023", {"§1.a"}),
    # The policies name their own model version; the prohibited uses are worded alike.
    (
        "LicenseRef-openlic-llama-3-acceptable-use-policy",
        "LicenseRef-scancode-llama-4-license-2025",
        {"Prohibited Uses"},
    ),
    (
        "LicenseRef-openlic-llama-3.2-acceptable-use-policy",
        "LicenseRef-scancode-llama-4-license-2025",
        {"Prohibited Uses", "final paragraph"},
    ),
    (
        "LicenseRef-openlic-llama-3.3-acceptable-use-policy",
        "LicenseRef-scancode-llama-4-license-2025",
        {"Prohibited Uses", "final paragraph"},
    ),
]


@pytest.mark.parametrize(
    ("license_id", "sibling", "differing"), SIBLINGS, ids=[s[0] for s in SIBLINGS]
)
def test_quotes_shared_with_a_sibling_text_are_found_there(
    license_id: str, sibling: str, differing: set[str]
) -> None:
    profile = find_profile(license_id)
    assert profile is not None
    text = IndexedText.of(reference_text(sibling))
    quoted = [(g.ref, g.quote) for g in profile.grants]
    quoted += [(o.ref, o.quote) for o in profile.obligations if o.quote]
    quoted += [(c.ref, c.quote) for c in profile.clauses]
    missing = {ref for ref, quote in quoted if text.find(quote) is None}
    assert missing == differing
