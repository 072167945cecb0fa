"""A licence file openlic cannot read (a PDF) is identified by the title in its name."""

from __future__ import annotations

import pytest

import openlic
from openlic.identification.text import match_file_name
from openlic.sources.textio import looks_binary
from tests.conftest import write_tree

BAICHUAN = "LicenseRef-openlic-baichuan-2-community-license"
#: The start of a PDF file: no NUL byte in its first bytes, yet not text.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # The two PDFs of huggingface.co/baichuan-inc/Baichuan2-7B-Base.
        ("Community License for Baichuan 2 Model.pdf", BAICHUAN),
        ("Baichuan 2模型社区许可协议.pdf", BAICHUAN),
        ("licenses/Community License for Baichuan 2 Model.pdf", BAICHUAN),
        ("DeepFloyd IF Research License Agreement.pdf", "LicenseRef-openlic-deepfloyd-if-license"),
        # A generic name names no licence.
        ("LICENSE.pdf", None),
        ("License Agreement.pdf", None),
    ],
)
def test_match_file_name(path: str, expected: str | None) -> None:
    found = match_file_name(path)
    assert (found.license_id if found else None) == expected
    if found:
        assert found.method == "filename"
        assert found.start_line is None
        assert found.matched_text == path.rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (PDF, True),
        (b"PK\x03\x04\x14\x00\x06\x00", True),  # DOCX (ZIP)
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", True),  # DOC (OLE2)
        (b"Permission is hereby granted", False),
        (b"\xff\xfeL\x00I\x00", False),  # UTF-16 with its byte-order mark
    ],
)
def test_document_formats_are_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


def test_release_with_a_pdf_licence_names_it_with_a_finding(tmp_path) -> None:
    write_tree(
        tmp_path,
        {
            "Community License for Baichuan 2 Model.pdf": PDF,
            "README.md": "---\nlicense: other\n---\n# Baichuan 2\n",
            "config.json": "{}",
        },
    )
    report = openlic.audit(tmp_path)
    licence = next(a for a in report.licenses if a.license_id == BAICHUAN)
    assert "model-parameters-final" in licence.components
    rules = {f.rule: f for f in report.findings}
    assert rules["license-unreadable"].evidence[0].path.endswith(".pdf")
    named = rules["license-named-by-file"]
    assert named.evidence[0].start_line is None
    assert "Community License for Baichuan 2 Model" in named.message
    # A PDF is never read as text, so no invalid-UTF-8 finding and no unidentified text.
    assert "text-invalid-utf8" not in rules
    assert "license-text-unidentified" not in rules
