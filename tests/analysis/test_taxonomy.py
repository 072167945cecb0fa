"""The restriction taxonomy: every category the issue names, each mapped and sourced."""

from __future__ import annotations

import pytest

from openlic.analysis import taxonomy
from openlic.model import FREEDOMS

#: Issue 4, item 2.
REQUIRED = [
    "acceptable-use-policy",
    "field-of-use-ban",
    "commercial-use-ban",
    "research-only",
    "user-threshold",
    "output-restriction",
    "territorial-exclusion",
    "naming-requirement",
    "pass-through",
    "revocation",
    "approval-required",
    "no-redistribution",
    "no-derivatives",
    "no-reverse-engineering",
    "click-through",
]


def test_every_required_category_exists() -> None:
    assert set(REQUIRED) <= set(taxonomy().categories)


@pytest.mark.parametrize("category_id", sorted(taxonomy().categories))
def test_category_is_well_formed(category_id: str) -> None:
    tax = taxonomy()
    category = tax.get(category_id)
    assert category.confidence in ("clear", "arguable")
    assert all(1 <= e.criterion <= 10 for e in category.osd)
    assert all(e.confidence in ("clear", "arguable") for e in category.osd)
    assert set(category.freedoms) <= set(FREEDOMS)
    assert category.rationale
    assert category.sources
    assert set(category.sources) <= set(tax.sources), "every source key is in provenance"


def test_osi_statements_are_encoded() -> None:
    tax = taxonomy()
    # OSI on Llama 2: the user threshold fails OSD 5, the acceptable-use policy OSD 6.
    assert 5 in {e.criterion for e in tax.get("user-threshold").osd}
    assert 6 in {e.criterion for e in tax.get("acceptable-use-policy").osd}
    assert "osi-llama2" in tax.get("user-threshold").sources
