"""Model cards and data cards judged by the sections they fill."""

from __future__ import annotations

from openlic.inventory.documents import is_dataset_card, review_data_card, review_model_card
from openlic.model import Evidence


def test_template_placeholders_count_as_empty() -> None:
    body = (
        "# Model Card for X\n\n## Model Details\n\n### Model Description\n\n"
        "<!-- Provide a longer summary of what this model is. -->\n\n"
        "- **Developed by:** [More Information Needed]\n\n"
        "## Uses\n\nChat assistants for customer support in English and German.\n\n"
        "## Citation [optional]\n\n[More Information Needed]\n"
    )
    review = review_model_card("README.md", body, 5)
    assert "uses" in review.filled
    assert "model-details" in review.empty
    assert "citation" in review.empty
    assert "training-data" in review.missing
    assert Evidence("README.md", 15, 15, "uses (filled): Uses") in review.evidence


def test_data_card_aspects_from_headings_and_mentions() -> None:
    text = (
        "# Corpus\n\n## Motivation\nBuilt to train a small open model for Dutch text tasks.\n\n"
        "## Composition\nNews articles and forum posts, 2 billion tokens, in Dutch only.\n\n"
        "## Preprocessing\nHTML removed and documents deduplicated by exact hash.\n"
    )
    review = review_data_card("DATASHEET.md", text)
    assert review.filled == ("provenance", "scope-and-characteristics", "processing", "filtering")
    assert review.missing == ("collection", "selection", "labelling")
    assert (
        Evidence("DATASHEET.md", 10, 10, "filtering (mentioned under 'Preprocessing')")
        in review.evidence
    )


def test_headings_inside_code_blocks_are_not_sections() -> None:
    review = review_data_card("d.md", "```\n## Provenance\nfrom somewhere far away indeed\n```\n")
    assert review.filled == ()


def test_dataset_card_metadata() -> None:
    assert is_dataset_card({"task_categories": ["text-generation"], "license": "cc0-1.0"})
    assert not is_dataset_card({"license": "mit", "pipeline_tag": "text-generation"})
    assert not is_dataset_card({"license": "mit"})
