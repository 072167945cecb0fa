"""Readings pinned for the Qwen, Yi, Baichuan, InternLM, GLM-4, Creative Commons, open-data and
remaining ScanCode AI licence profiles.

Each row gives the profile's category, the OSD criteria it fails and the OSAID freedoms it
restricts, read from the profile alone (``read_profile``). A change in a profile, the taxonomy or
the reading code that moves one of these verdicts makes the row fail; update the row only after
re-reading the clause. Licences whose reference text openlic ships are also audited as a release
holding that text, so identification and profile agree on the same verdicts.
"""

from __future__ import annotations

import functools
import re

import pytest

from openlic import kb
from openlic.analysis import find_profile
from openlic.analysis.textmatch import IndexedText
from openlic.identification.catalog import catalog
from tests.analysis.pinning import assert_pinned_reading, assert_release_reads_as_pinned

USE, STUDY, MODIFY, SHARE = "use", "study", "modify", "share"
ALL = frozenset({USE, STUDY, MODIFY, SHARE})
USE_MODIFY_SHARE = frozenset({USE, MODIFY, SHARE})

#: (licence id, category, failed OSD criteria, restricted freedoms); every other freedom is
#: granted, except those listed in UNKNOWN_FREEDOMS.
READINGS: list[tuple[str, str, tuple[int, ...], frozenset[str]]] = [
    # Creative Commons 4.0
    ("CC-BY-4.0", "permissive", (), frozenset()),
    ("CC-BY-SA-4.0", "copyleft", (), frozenset()),
    ("CC-BY-NC-4.0", "non-commercial", (1, 6), frozenset({USE, MODIFY, SHARE})),
    ("CC-BY-NC-SA-4.0", "non-commercial", (1, 6), frozenset({USE, MODIFY, SHARE})),
    ("CC-BY-ND-4.0", "proprietary", (3,), frozenset({MODIFY})),
    ("CC-BY-NC-ND-4.0", "non-commercial", (1, 3, 6), frozenset({USE, MODIFY, SHARE})),
    ("CC0-1.0", "permissive", (), frozenset()),
    # Creative Commons 3.0 Unported
    ("CC-BY-3.0", "permissive", (), frozenset()),
    ("CC-BY-SA-3.0", "copyleft", (), frozenset()),
    ("CC-BY-NC-3.0", "non-commercial", (1, 6), USE_MODIFY_SHARE),
    ("CC-BY-NC-SA-3.0", "non-commercial", (1, 6), USE_MODIFY_SHARE),
    ("CC-BY-ND-3.0", "proprietary", (3,), frozenset({MODIFY})),
    ("CC-BY-NC-ND-3.0", "non-commercial", (1, 3, 6), USE_MODIFY_SHARE),
    # Open-data licences
    ("CDLA-Permissive-1.0", "open-data", (), frozenset()),
    ("CDLA-Permissive-2.0", "open-data", (), frozenset()),
    ("CDLA-Sharing-1.0", "open-data", (), frozenset()),
    ("ODC-By-1.0", "open-data", (), frozenset()),
    ("ODbL-1.0", "open-data", (), frozenset()),
    ("PDDL-1.0", "open-data", (), frozenset()),
    ("O-UDA-1.0", "open-data", (), frozenset()),
    # Computational use only: arguable field-of-use limit (see the profile's note).
    ("C-UDA-1.0", "open-data", (6,), frozenset({USE, MODIFY, SHARE})),
    # Alibaba Cloud Qwen
    (
        "LicenseRef-scancode-qwen-2024",
        "community-user-cap",
        (5, 7),
        frozenset({USE, MODIFY, SHARE}),
    ),
    (
        "LicenseRef-openlic-qwen-research-license-agreement",
        "research-only",
        (1, 6, 7),
        frozenset({USE, MODIFY, SHARE}),
    ),
    # 01.AI Yi (version 1.0 of November 2023)
    ("LicenseRef-openlic-yi-license", "non-commercial", (1, 6, 7), frozenset({USE, MODIFY, SHARE})),
    # ScanCode AI licences
    ("LicenseRef-scancode-moonshot-ai-modified-mit-2025", "permissive", (), frozenset()),
    ("LicenseRef-scancode-open-weights-permissive-1.0.0", "permissive", (), frozenset()),
    ("LicenseRef-scancode-s-lab-1.0", "non-commercial", (1, 6, 7), frozenset({USE, MODIFY, SHARE})),
    # Dataset terms over the files' own licences: only sharing is addressed.
    ("LicenseRef-scancode-the-stack-tos-2023-07", "open-data", (), frozenset()),
    (
        "LicenseRef-scancode-salesforce-ai-ethics-2025",
        "use-policy",
        (6,),
        frozenset({USE, MODIFY, SHARE}),
    ),
    # Duty to publish every model made with the software: arguable output restriction.
    ("LicenseRef-scancode-soml-1.0", "copyleft", (6,), frozenset({USE, MODIFY})),
    ("LicenseRef-scancode-mdl-2021", "non-commercial", (1, 6), frozenset({USE, MODIFY, SHARE})),
    (
        "LicenseRef-scancode-open-aleph-1.0",
        "non-commercial",
        (1, 5, 6),
        frozenset({USE, MODIFY, SHARE}),
    ),
    # Circumventing disabled functions is forbidden: arguable study restriction (OSD 2).
    ("LicenseRef-scancode-chameleon-research-2024", "research-only", (1, 2, 6), ALL),
    (
        "LicenseRef-scancode-playground-v2-community",
        "community-user-cap",
        (5, 6, 7),
        USE_MODIFY_SHARE,
    ),
    ("LicenseRef-scancode-exaone-ai-model-1.1-nc", "research-only", (1, 2, 6, 7), ALL),
    ("LicenseRef-scancode-hyperclova-x-seed-2025", "community-user-cap", (5, 7), USE_MODIFY_SHARE),
    (
        "LicenseRef-scancode-bilibili-model-ula-2025-09-09",
        "community-user-cap",
        (5, 6, 7),
        USE_MODIFY_SHARE,
    ),
    ("LicenseRef-scancode-ms-research-license-terms", "research-only", (1, 2, 3, 6), ALL),
    ("LicenseRef-scancode-ltxv-owl-2025-04-17", "community-user-cap", (5, 6, 7), USE_MODIFY_SHARE),
    ("LicenseRef-scancode-ltxv-owl-2025-05-05", "community-user-cap", (5, 6, 7), USE_MODIFY_SHARE),
    # Excludes the EU, the UK and South Korea (OSD 5) and sharing into them (OSD 1).
    (
        "LicenseRef-scancode-tencent-hunyuan-3d-2.0-cla",
        "community-user-cap",
        (1, 5, 6, 7),
        USE_MODIFY_SHARE,
    ),
    ("LicenseRef-scancode-mgb-1.0", "permissive", (), frozenset()),
    ("LicenseRef-scancode-openatom-model-1.0", "permissive", (), frozenset()),
    (
        "LicenseRef-scancode-nvidia-model-training-2025",
        "proprietary",
        (1, 3, 6, 7),
        USE_MODIFY_SHARE,
    ),
    # AI service terms and policies, read as use policies (datasets of their outputs cite them).
    ("LicenseRef-scancode-openai-tou-20230314", "use-policy", (6,), frozenset({USE, MODIFY})),
    ("LicenseRef-scancode-openai-tou-20241211", "use-policy", (6,), USE_MODIFY_SHARE),
    (
        "LicenseRef-scancode-gemini-api-additional-tos-2025",
        "use-policy",
        (6,),
        frozenset({USE, MODIFY}),
    ),
    ("LicenseRef-scancode-salesforce-ai-aup-2025", "use-policy", (6,), USE_MODIFY_SHARE),
    ("LicenseRef-scancode-salesforce-au-external-2025", "use-policy", (6,), USE_MODIFY_SHARE),
]

#: Freedoms a profile neither grants nor restricts (the rights come from elsewhere).
UNKNOWN_FREEDOMS: dict[str, frozenset[str]] = {
    "LicenseRef-scancode-the-stack-tos-2023-07": frozenset({USE, STUDY, MODIFY}),
    "LicenseRef-scancode-nvidia-model-training-2025": frozenset({STUDY}),
}

IDS = [row[0] for row in READINGS]


@pytest.mark.parametrize(("license_id", "category", "failed", "restricted"), READINGS, ids=IDS)
def test_profile_reading_is_pinned(
    license_id: str, category: str, failed: tuple[int, ...], restricted: frozenset[str]
) -> None:
    unknown = UNKNOWN_FREEDOMS.get(license_id, frozenset())
    assert_pinned_reading(license_id, category, failed, restricted, unknown)


def test_no_profile_is_pinned_twice() -> None:
    assert len(IDS) == len(set(IDS))


SHIPPED = [i for i in IDS if (info := catalog().get(i)) is not None and info.text_path]


def _quotes(license_id: str) -> list[str]:
    profile = find_profile(license_id)
    assert profile is not None
    return [
        *(c.quote for c in profile.clauses),
        *(g.quote for g in profile.grants),
        *(o.quote for o in profile.obligations if o.quote),
    ]


@functools.cache
def _reference_texts() -> dict[str, tuple[str, IndexedText]]:
    """Every reference text openlic ships, by licence id (raw text and indexed words)."""
    out: dict[str, tuple[str, IndexedText]] = {}
    for info in catalog():
        if info.text_path and kb.exists(info.text_path):
            raw = kb.read_text(info.text_path)
            out[info.license_id] = (raw, IndexedText.of(raw))
    return out


@pytest.mark.parametrize("license_id", SHIPPED)
def test_profile_is_not_recognised_in_another_licence_text(license_id: str) -> None:
    """A release copy openlic cannot identify is read with the profile whose every quote occurs
    in it, so no profile here may match another licence's text (CC BY inside CC BY-NC, say)."""
    quotes = _quotes(license_id)
    texts = _reference_texts()
    own = texts[license_id][0]
    matches = [
        other
        for other, (raw, indexed) in texts.items()
        if other != license_id and raw != own and all(indexed.find(q) is not None for q in quotes)
    ]
    assert not matches


NOT_SHIPPED = [i for i in IDS if i not in SHIPPED]


@pytest.mark.parametrize("license_id", NOT_SHIPPED)
def test_profile_without_a_shipped_text_pins_where_its_quotes_come_from(license_id: str) -> None:
    """Quotes were checked by hand against a stored copy, which must stay findable."""
    profile = find_profile(license_id)
    assert profile is not None
    source = profile.text_source.get("source", "")
    assert source, "a profile without a shipped text names the copy its quotes come from"
    if not profile.text_source.get("corpus_file"):
        assert re.search(r"\b[0-9a-f]{40}\b", source), "name the repository commit read"
        assert any(re.search(r"[0-9a-f]{40}", s.get("url", "")) for s in profile.sources)


@pytest.mark.parametrize("license_id", SHIPPED)
def test_release_holding_the_reference_text_gets_the_same_reading(
    make_release, license_id: str
) -> None:
    row = next(r for r in READINGS if r[0] == license_id)
    assert_release_reads_as_pinned(make_release, license_id, row[2])


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ("cc-by-sa-3.0", "CC-BY-SA-3.0"),
        ("cc0-1.0", "CC0-1.0"),
        ("odbl", "ODbL-1.0"),
        ("odc-by", "ODC-By-1.0"),
        ("pddl", "PDDL-1.0"),
        ("c-uda", "C-UDA-1.0"),
        ("cdla-permissive-2.0", "CDLA-Permissive-2.0"),
        ("qwen", "LicenseRef-scancode-qwen-2024"),
        ("qwen-research", "LicenseRef-openlic-qwen-research-license-agreement"),
        ("yi-license", "LicenseRef-openlic-yi-license"),
        ("ltxv-owl-2025-05-05", "LicenseRef-scancode-ltxv-owl-2025-05-05"),
    ],
)
def test_hub_ids_names_and_scancode_keys_find_these_profiles(key: str, expected: str) -> None:
    found = find_profile(key)
    assert found is not None
    assert found.id == expected
