"""Full licence texts, SPDX headers and unidentified texts."""

from __future__ import annotations

import textwrap

import pytest

import openlic
from openlic.identification.headers import find_headers
from openlic.identification.text import match_text
from tests.conftest import reference_text


def reflow(text: str, width: int = 50) -> str:
    """Re-wrap every paragraph; copyright statements stay lines of their own, as in practice."""
    out = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.splitlines()
        own = [line for line in lines if line.strip().lower().startswith("copyright (c)")]
        rest = " ".join(" ".join(line.split()) for line in lines if line not in own)
        out.append("\n".join([*own, textwrap.fill(rest, width)]))
    return "\n\n".join(out)


def markdown(text: str) -> str:
    lines = text.splitlines()
    return "\n".join([f"# **{lines[0].strip()}**", *(f"> {line}" for line in lines[1:])])


@pytest.mark.parametrize("license_id", ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only"])
@pytest.mark.parametrize("variant", ["exact", "reflowed", "markdown", "upper"])
def test_reference_texts_are_found_in_any_layout(license_id: str, variant: str) -> None:
    text = reference_text(license_id)
    changed = {
        "exact": text,
        "reflowed": reflow(text),
        "markdown": markdown(text),
        "upper": text.upper(),
    }[variant]
    found = match_text(changed, "LICENSE")
    assert [m.license_id for m in found] == [license_id]
    assert found[0].score == 1.0


def test_several_licences_in_one_file_with_lines() -> None:
    mit = reference_text("MIT")
    bsd = reference_text("BSD-3-Clause")
    text = f"Third-party notices\n\nfoo:\n{mit}\nbar:\n{bsd}"
    found = match_text(text, "NOTICE")
    assert [m.license_id for m in found] == ["MIT", "BSD-3-Clause"]
    assert found[0].start_line is not None
    assert found[1].start_line is not None
    assert found[0].end_line is not None
    assert found[0].end_line < found[1].start_line


def test_mit_with_an_added_clause_is_not_plain_mit_in_the_middle() -> None:
    mit = reference_text("MIT")
    cut = mit.index("THE SOFTWARE IS PROVIDED")
    changed = mit[:cut] + "The Software shall not be used for military purposes.\n\n" + mit[cut:]
    found = match_text(changed, "LICENSE")
    # The closest licence, flagged modified, with the added clause and its line.
    assert [(m.license_id, m.modified) for m in found] == [("MIT", True)]
    added = [d for d in found[0].differences if d.change == "added"]
    assert [d.text for d in added] == ["the software shall not be used for military purposes"]
    line = changed.splitlines().index("The Software shall not be used for military purposes.") + 1
    assert (added[0].start_line, added[0].end_line) == (line, line)


def test_unknown_text_reports_its_title() -> None:
    found = match_text("\n\n  ACME Model Licence v2  \n\nYou may do nothing.\n", "LICENSE")
    (match,) = found
    assert match.score == 0.0
    assert match.license_id.startswith("LicenseRef-openlic-unknown-")
    assert match.matched_text == "ACME Model Licence v2"
    assert match.start_line == 3


def test_empty_text() -> None:
    assert match_text("", "LICENSE") == []
    assert openlic.identify("   \n") == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("# SPDX-License-Identifier: MIT", ["MIT"]),
        ("// SPDX-License-Identifier: Apache-2.0 OR MIT", ["Apache-2.0", "MIT"]),
        (
            "/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */",
            ["GPL-2.0-only", "Linux-syscall-note"],
        ),
        ("# SPDX-License-Identifier: LicenseRef-Acme-1", ["LicenseRef-Acme-1"]),
        ("# SPDX-License-Identifier: apache-2.0", ["Apache-2.0"]),
    ],
)
def test_spdx_headers(line: str, expected: list[str]) -> None:
    matches, findings = find_headers(f"#!/usr/bin/env python\n{line}\nimport os\n", "a.py")
    assert [m.license_id for m in matches] == expected
    assert all(m.start_line == 2 for m in matches)
    assert findings == []


def test_invalid_spdx_header_is_a_finding() -> None:
    _matches, findings = find_headers("# SPDX-License-Identifier: Foo-Bar-9\n", "a.py")
    assert [f.rule for f in findings] == ["spdx-header-invalid"]


def test_identify_api_combines_texts_and_headers() -> None:
    text = "# SPDX-License-Identifier: MIT\n\n" + reference_text("Apache-2.0")
    found = openlic.identify(text)
    assert [m.license_id for m in found] == ["MIT", "Apache-2.0"]
    assert [m.method for m in found] == ["spdx-header", "text"]
