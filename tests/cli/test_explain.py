"""``openlic explain`` and ``openlic licenses``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openlic.cli import main
from tests.conftest import reference_text


def test_explain_by_hub_id_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "llama2"]) == 0
    out = capsys.readouterr().out
    words = " ".join(out.split())
    assert out.startswith("Llama 2 Community License Agreement")
    assert "No Discrimination Against Persons or Groups" in out
    assert "700 million monthly active users" in words
    assert "Obligations" in out
    assert "https://opensource.org/blog/metas-llama-2-license-is-not-open-source" in out
    assert "Not legal advice" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "LicenseRef-scancode-deepseek-la-1.0", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"]["category"] == "responsible-ai-use-restricted"
    assert data["osd"]["criteria"]["6"]["verdict"] == "fail"
    assert data["freedoms"]["use"]["verdict"] == "restricted"
    assert any("military" in c["quote"] for c in data["clauses"])


def test_explain_a_file_cites_its_lines(tmp_path: Path, capsys) -> None:
    licence = tmp_path / "LICENSE"
    licence.write_text(reference_text("LicenseRef-scancode-stable-diffusion-2022-08-22"))
    assert main(["explain", str(licence), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["license_id"] == "LicenseRef-scancode-stable-diffusion-2022-08-22"
    medical = next(c for c in data["clauses"] if "medical advice" in c["quote"])
    (evidence,) = medical["evidence"]
    lines = licence.read_text().split("\n")
    assert evidence["path"] == "LICENSE"
    assert "medical advice" in lines[evidence["start_line"] - 1]


def test_explain_an_unknown_file_uses_the_detector(tmp_path: Path, capsys) -> None:
    licence = tmp_path / "LICENSE"
    licence.write_text("Widget Licence\n\nYou may use the Widget for research purposes only.\n")
    assert main(["explain", str(licence)]) == 0
    out = capsys.readouterr().out
    assert "heuristic" in out
    assert "LICENSE:3" in out


def test_explain_unknown_id_is_a_usage_error(capsys) -> None:
    assert main(["explain", "no-such-licence"]) == 2
    assert "unknown licence" in capsys.readouterr().err


def test_licenses_lists_and_filters(capsys) -> None:
    assert main(["licenses", "--category", "community-user-cap"]) == 0
    out = capsys.readouterr().out
    assert "LicenseRef-scancode-llama-2-license-2023" in out
    assert "Apache-2.0" not in out
    assert main(["licenses", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in data["licenses"]}
    assert {"Apache-2.0", "LicenseRef-scancode-flux-1-nc"} <= ids
    flux = next(r for r in data["licenses"] if r["id"] == "LicenseRef-scancode-flux-1-nc")
    assert flux["osd_failed"] == [1, 6, 7]
    apache = next(r for r in data["licenses"] if r["id"] == "Apache-2.0")
    assert apache["osd_passed"] == list(range(1, 11))


@pytest.mark.parametrize(
    ("domain", "member", "outsider"),
    [
        ("ai", "LicenseRef-scancode-llama-2-license-2023", "CC-BY-4.0"),
        ("data", "CDLA-Permissive-2.0", "LicenseRef-scancode-llama-2-license-2023"),
        ("content", "CC-BY-NC-4.0", "ODbL-1.0"),
        ("software", "JSON", "CC-BY-4.0"),
    ],
)
def test_licenses_filters_by_domain(capsys, domain: str, member: str, outsider: str) -> None:
    assert main(["licenses", "--domain", domain, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in data["licenses"]}
    assert member in ids
    assert outsider not in ids
    assert {r["domain"] for r in data["licenses"]} == {domain}
