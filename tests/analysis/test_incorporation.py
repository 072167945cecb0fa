"""A licence that incorporates a use policy is read with the policy's clauses as its own."""

from __future__ import annotations

import pytest

from openlic import audit
from openlic.analysis import find_profile, profiles, read_profile
from tests.conftest import reference_text, write_tree

#: (licence, incorporated policy, a category only the policy carries, the criterion it fails)
CASES = [
    # Llama 3.2 AUP, final paragraph: the multimodal models' rights are not granted to
    # individuals domiciled in, or companies based in, the European Union.
    (
        "LicenseRef-scancode-llama-3.2-license-2024",
        "LicenseRef-openlic-llama-3.2-acceptable-use-policy",
        "territorial-exclusion",
        5,
    ),
    # Gemma Prohibited Use Policy: named uses (e.g. generating content that harms) are banned.
    (
        "LicenseRef-scancode-gemma-tou-2024-04-01",
        "LicenseRef-scancode-gemma-pup-2024-02-21",
        "field-of-use-ban",
        6,
    ),
    (
        "LicenseRef-scancode-llama-2-license-2023",
        "LicenseRef-openlic-llama-2-acceptable-use-policy",
        "field-of-use-ban",
        6,
    ),
]


@pytest.mark.parametrize(("license_id", "policy_id", "category", "criterion"), CASES)
def test_profile_reading_counts_the_policy_clauses(
    license_id: str, policy_id: str, category: str, criterion: int
) -> None:
    licence = find_profile(license_id)
    assert licence is not None
    assert policy_id in licence.incorporates
    assert category not in {c for clause in licence.clauses for c in clause.categories}
    reading = read_profile(licence)
    from_policy = [c for c in reading.clauses if c.source == policy_id]
    policy = find_profile(policy_id)
    assert policy is not None
    assert len(from_policy) == len(policy.clauses)
    assert all(c.ref.startswith(policy.name) for c in from_policy)
    assert all("which this licence incorporates" in c.note for c in from_policy)
    assert any(category in c.categories for c in from_policy)
    assert criterion in reading.osd.failed


def test_release_reading_cites_the_licence_lines_for_a_policy_without_text(tmp_path) -> None:
    """A policy openlic ships no text of is cited at the licence's own lines in the release."""
    license_id = "LicenseRef-scancode-llama-3.2-license-2024"
    write_tree(tmp_path, {"LICENSE": reference_text(license_id)})
    report = audit(tmp_path)
    assessment = next(a for a in report.licenses if a.license_id == license_id)
    territorial = [c for c in assessment.clauses if "territorial-exclusion" in c.categories]
    assert territorial
    assert {e.path for c in territorial for e in c.evidence} == {"LICENSE"}
    assert 5 in assessment.osd.failed


def test_every_incorporated_policy_has_clauses() -> None:
    for profile in profiles():
        for policy_id in profile.incorporates:
            policy = find_profile(policy_id)
            assert policy is not None, (profile.id, policy_id)
            assert policy.clauses, (profile.id, policy_id)
