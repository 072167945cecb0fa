from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import attrs
import pytest

from openlic.formats import render
from openlic.formats.html import badge_svg, format_html
from openlic.model import AuditReport, Evidence, Finding, OsaidStatus, Severity
from tests.formats.conftest import RELEASES

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def _parse(page: str) -> ET.Element:
    assert page.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(page.split("\n", 1)[1])


class _Resources(HTMLParser):
    """Collects every attribute that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset", "data") or (tag == "link" and name == "href"):
                self.fetches.append(f"{tag} {name}={value}")
        if tag in ("script", "iframe", "object", "embed", "img"):
            self.fetches.append(tag)


def test_page_is_self_contained_and_well_formed(tiny_report: AuditReport) -> None:
    page = format_html(tiny_report)
    root = _parse(page)
    assert root.tag == f"{XHTML}html"
    parser = _Resources()
    parser.feed(page)
    assert parser.fetches == []
    assert "@import" not in page
    assert "url(http" not in page
    # the badge is inline
    assert root.find(f".//{SVG}svg") is not None
    headings = [h.text for h in root.iter(f"{XHTML}h2")]
    assert "Licences" in headings
    assert "Freedoms (OSAID 1.0)" in headings
    assert any(h.startswith("Findings") for h in headings if h)


def test_page_escapes_release_text(tiny_report: AuditReport) -> None:
    finding = Finding(
        "card-yaml-invalid",
        Severity.ERROR,
        "<script>alert(1)</script> & more",
        (Evidence('README.md"><b>', 1, 2),),
    )
    page = format_html(attrs.evolve(tiny_report, findings=(finding,), release_name="<x>"))
    _parse(page)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "openlic: &lt;x&gt;" in page


def test_links_point_at_lines(tiny_report: AuditReport) -> None:
    page = format_html(tiny_report)
    assert re.search(r'<a href="[^"]*LICENSE#L1-L201">LICENSE:1-201</a>', page)


@pytest.mark.parametrize(
    ("verdict", "colour", "text"),
    [
        (OsaidStatus.OPEN_SOURCE_AI, "#4c1", "Open Source AI · MOF Class II"),
        (OsaidStatus.NOT_OPEN_SOURCE_AI, "#e05d44", "not Open Source AI · MOF Class II"),
        (OsaidStatus.UNDETERMINED, "#9f9f9f", "undetermined · MOF Class II"),
    ],
)
def test_badge(tiny_report: AuditReport, verdict, colour, text) -> None:
    report = attrs.evolve(tiny_report, osaid=attrs.evolve(tiny_report.osaid, verdict=verdict))
    svg = badge_svg(report)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-label") == f"openlic: {text}"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["openlic", text]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert colour in fills
    assert "tiny-release" in root.find(f"{SVG}title").text
    # the right box is wide enough for its text (about 6px a character at 11px)
    right = next(r for r in root.iter(f"{SVG}rect") if r.get("x"))
    assert int(right.get("width")) >= 6 * len(text)


def test_badge_without_mof_class(tiny_report: AuditReport) -> None:
    report = attrs.evolve(tiny_report, mof=attrs.evolve(tiny_report.mof, mof_class=None))
    assert "MOF none" in badge_svg(report)


def test_registered(tiny_report: AuditReport) -> None:
    assert render(tiny_report, "html") == format_html(tiny_report)


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_report", RELEASES, indirect=True)
def test_corpus_html_is_well_formed(corpus_report: AuditReport) -> None:
    page = format_html(corpus_report)
    _parse(page)
    ET.fromstring(badge_svg(corpus_report))


def test_policy_outcome_section(tiny_report: AuditReport) -> None:
    from openlic.policy import Policy

    policy = Policy.from_mapping({"name": "strict", "min-mof-class": 1}, "openlic.toml")
    page = format_html(tiny_report, policy.evaluate(tiny_report))
    root = _parse(page)
    headings = ["".join(h.itertext()) for h in root.iter(f"{XHTML}h2")]
    assert "Policy strict (openlic.toml): failed" in headings
    assert "requires Class I - Open Science or better" in page
    assert "Policy" not in "".join(
        "".join(h.itertext()) for h in _parse(format_html(tiny_report)).iter(f"{XHTML}h2")
    )
