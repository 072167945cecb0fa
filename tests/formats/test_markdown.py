from __future__ import annotations

import re
from pathlib import Path

import pytest

import openlic
from openlic.formats import render
from openlic.formats.markdown import cell, format_markdown, openness_section
from openlic.model import AuditReport, Evidence, Finding, Severity
from tests.formats.conftest import RELEASES, audit_cached


def _table_rows(markdown: str, heading: str) -> list[list[str]]:
    """Return the cells of the first table after ``heading``."""
    section = markdown.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows[2:]


def test_tiny_release_summary_and_sections(tiny_report: AuditReport) -> None:
    md = format_markdown(tiny_report)
    assert md.startswith("# Openness report: tiny-release\n")
    assert "| Open Source AI (OSAID 1.0)? | **Open Source AI** |" in md
    assert "| Model Openness Framework class | **Class II - Open Tooling** |" in md
    for heading in (
        "## Summary",
        "## Licences",
        "## Open Source Definition criteria",
        "## Freedoms (OSAID 1.0)",
        "## Model Openness Framework",
        "## Findings",
        "## For the model card",
    ):
        assert f"\n{heading}" in md, heading
    # the OSD table has one row per criterion, each passing for Apache-2.0
    osd = _table_rows(md, "## Open Source Definition criteria")
    assert [row[0].split(".")[0] for row in osd] == [str(n) for n in range(1, 11)]
    assert all(row[1] == "✅ pass" for row in osd)


def test_licence_evidence_links_to_file_lines(tiny_report: AuditReport) -> None:
    md = format_markdown(tiny_report)
    # relative release path: links are relative to where openlic ran (a repository root)
    assert tiny_report.release_source.endswith("examples/tiny-release")
    assert re.search(r"\[LICENSE:1-201\]\([^)]*LICENSE#L1-L201\)", md)


def test_relative_release_links_carry_the_release_folder(
    make_release, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_release({"LICENSE": "MIT License\n\nCopyright (c) 2024 A\n", "x.py": "# hi\n"})
    monkeypatch.chdir(root.parent)
    report = openlic.audit("release")
    md = format_markdown(report)
    assert "](release/LICENSE#L" in md


def test_llama_fails_with_reasons(corpus_dir: Path) -> None:
    report = audit_cached(str(corpus_dir / "llama-2"))
    md = format_markdown(report)
    assert "**not Open Source AI**" in md
    assert "fails OSD 5" in md
    assert "[LICENSE:65-68](LICENSE#L65-L68)" in md


def test_openness_section_is_compact_and_pasteable(tiny_report: AuditReport) -> None:
    section = openness_section(tiny_report)
    assert section.startswith("## Openness\n")
    assert "| Open Source AI Definition 1.0 | Open Source AI |" in section
    assert "| Weights licence | `Apache-2.0` (meets the OSD (OSI-approved)) |" in section
    assert "use: granted · study: granted · modify: granted · share: granted" in section
    assert "Not legal advice" in section
    assert openness_section(tiny_report, heading_level=3).startswith("### Openness\n")
    # the full report embeds the same section
    assert section.rstrip("\n") in format_markdown(tiny_report)


def test_cells_escape_pipes_and_newlines() -> None:
    assert cell("a | b\nc") == "a \\| b c"


def test_findings_table_escapes_messages(tiny_report: AuditReport) -> None:
    finding = Finding(
        "card-yaml-invalid",
        Severity.ERROR,
        "bad | yaml\nhere",
        (Evidence("README.md", 3, 4, "x"),),
    )
    import attrs

    report = attrs.evolve(tiny_report, findings=(finding,))
    rows = _table_rows(format_markdown(report), "## Findings (1)")
    assert rows == [
        [
            "error",
            "`card-yaml-invalid`",
            "[README.md:3-4](" + rows[0][2].split("(", 1)[1],
            "bad \\| yaml here",
        ]
    ]
    assert rows[0][2].endswith("README.md#L3-L4)")


def test_registered_and_deterministic(tiny_report: AuditReport) -> None:
    assert render(tiny_report, "markdown") == format_markdown(tiny_report)
    assert format_markdown(audit_cached.__wrapped__(tiny_report.release_source)) == (
        format_markdown(tiny_report)
    )


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_report", RELEASES, indirect=True)
def test_corpus_markdown_tables_are_well_formed(corpus_report: AuditReport) -> None:
    md = format_markdown(corpus_report)
    for block in md.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith("|")]
        if not lines or "```" in block:
            continue
        widths = {len(re.split(r"(?<!\\)\|", ln)) for ln in lines}
        assert len(widths) == 1, block[:300]


def test_hub_release_links_to_the_hub_at_the_audited_commit(tiny_report: AuditReport) -> None:
    import attrs

    hub = {"repo_id": "org/tiny", "repo_type": "model", "commit": "abc123", "revision": "main"}
    report = attrs.evolve(tiny_report, release_source="hf://org/tiny", release_facts={"hub": hub})
    md = format_markdown(report)
    assert "](https://huggingface.co/org/tiny/blob/abc123/LICENSE#L1-L201)" in md
    dataset = attrs.evolve(report, release_facts={"hub": {**hub, "repo_type": "dataset"}})
    assert "https://huggingface.co/datasets/org/tiny/blob/abc123/LICENSE" in format_markdown(
        dataset
    )


def test_policy_outcome_section(tiny_report: AuditReport) -> None:
    from openlic.policy import Policy

    policy = Policy.from_mapping({"name": "strict", "min-mof-class": 1, "fail-on": "error"})
    md = format_markdown(tiny_report, policy.evaluate(tiny_report))
    assert "## Policy `strict`: **failed**" in md
    rows = _table_rows(md, "## Policy `strict`")
    assert [r[:2] for r in rows] == [["`min-mof-class`", "❌ fail"], ["`fail-on`", "✅ pass"]]
    assert "requires Class I - Open Science or better" in rows[0][2]
    assert "## Policy" not in format_markdown(tiny_report)
