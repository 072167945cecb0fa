"""The policy gate: loading, discovery, and each rule's pass / fail / unknown outcome."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from openlic.model import (
    AuditReport,
    ComponentPresence,
    CriterionVerdict,
    Evidence,
    Finding,
    OsaidStatus,
    OsdAssessment,
    Severity,
    Verdict,
)
from openlic.policy import (
    Policy,
    PolicyError,
    RuleStatus,
    find_policy,
    load,
)
from tests.conftest import EXAMPLE, REPO
from tests.formats.conftest import audit_cached

EXAMPLES = REPO / "examples" / "policies"


def outcome(policy: dict, report: AuditReport):
    result = Policy.from_mapping(policy).evaluate(report)
    assert len(result.outcomes) == 1
    return result.outcomes[0]


@pytest.fixture(scope="module")
def tiny_report() -> AuditReport:
    return audit_cached(str(EXAMPLE))


@pytest.fixture(scope="module")
def llama(corpus_dir: Path) -> AuditReport:
    return audit_cached(str(corpus_dir / "llama-2"))


def test_open_source_ai_passes_on_the_open_release(tiny_report: AuditReport) -> None:
    result = load(EXAMPLES / "open-source-ai.toml").evaluate(tiny_report)
    assert result.passed
    assert [o.status for o in result.outcomes] == [RuleStatus.PASS] * 3


def test_open_source_ai_fails_on_llama_2_with_reasons(llama: AuditReport) -> None:
    result = load(EXAMPLES / "open-source-ai.toml").evaluate(llama)
    assert not result.passed
    failed = {o.rule: o for o in result.failures}
    assert set(failed) == {"require-open-source-ai", "weights-pass-osd"}
    osaid = failed["require-open-source-ai"]
    assert osaid.reasons[0] == "the release is not Open Source AI (OSAID 1.0)"
    assert any("freedom to use is restricted" in r for r in osaid.reasons)
    weights = failed["weights-pass-osd"]
    assert any(
        r.startswith("LicenseRef-scancode-llama-2-license-2023 fails OSD 5")
        for r in weights.reasons
    )
    assert Evidence("LICENSE", 65, 68) in {
        Evidence(e.path, e.start_line, e.end_line) for e in weights.evidence
    }
    data = result.to_dict()
    assert data["passed"] is False
    assert data["outcomes"][0]["status"] == "fail"


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_every_example_policy_loads_and_passes_the_open_release(
    name: str, tiny_report: AuditReport
) -> None:
    policy = load(EXAMPLES / name)
    assert policy.rules
    assert policy.evaluate(tiny_report).passed, name


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_example_policies_other_than_commercial_use_reject_llama_2(name: str, llama) -> None:
    result = load(EXAMPLES / name).evaluate(llama)
    # Llama 2 allows commercial use (under a user cap), so the commercial-use stance passes it.
    assert result.passed is (name == "commercial-use.toml"), name


def test_commercial_use_policy_rejects_a_non_commercial_release(corpus_dir: Path) -> None:
    report = audit_cached(str(corpus_dir / "flux1-dev"))
    result = load(EXAMPLES / "commercial-use.toml").evaluate(report)
    (failure,) = result.failures
    assert failure.rule == "deny-categories"
    assert "LicenseRef-scancode-flux-1-nc is non-commercial, a denied category" in failure.reasons


# --- rule by rule, on evolved copies of the open example ---------------------------------


def test_require_open_source_ai_undetermined_is_unknown(tiny_report: AuditReport) -> None:
    report = attrs.evolve(
        tiny_report,
        osaid=attrs.evolve(tiny_report.osaid, verdict=OsaidStatus.UNDETERMINED, reasons=("x",)),
    )
    result = Policy.from_mapping({"require-open-source-ai": True}).evaluate(report)
    assert result.outcomes[0].status is RuleStatus.UNKNOWN
    assert not result.passed
    warn = Policy.from_mapping({"require-open-source-ai": True, "on-unknown": "warn"})
    assert warn.evaluate(report).passed


@pytest.mark.parametrize(
    ("wanted", "status"), [(1, RuleStatus.FAIL), (2, RuleStatus.PASS), (3, RuleStatus.PASS)]
)
def test_min_mof_class(tiny_report: AuditReport, wanted: int, status: RuleStatus) -> None:
    assert tiny_report.mof.mof_class == 2
    result = outcome({"min-mof-class": wanted}, tiny_report)
    assert result.status is status
    if status is RuleStatus.FAIL:
        assert "requires Class I - Open Science or better" in result.reasons[0]
        assert result.reasons[1].startswith("Class I - Open Science lacks: ")


def test_min_mof_class_without_a_class(tiny_report: AuditReport) -> None:
    report = attrs.evolve(tiny_report, mof=attrs.evolve(tiny_report.mof, mof_class=None))
    result = outcome({"min-mof-class": 3}, report)
    assert result.status is RuleStatus.FAIL
    assert result.reasons[0].startswith("the release reaches no MOF class;")


def _with_apache_osd(report: AuditReport, verdicts: dict[int, Verdict]) -> AuditReport:
    (apache,) = report.licenses
    criteria = {
        n: CriterionVerdict(verdicts.get(n, Verdict.PASS), ("r",), (Evidence("LICENSE", n, n),))
        for n in range(1, 11)
    }
    return attrs.evolve(report, licenses=(attrs.evolve(apache, osd=OsdAssessment(criteria)),))


def test_weights_pass_osd_outcomes(tiny_report: AuditReport) -> None:
    assert outcome({"weights-pass-osd": True}, tiny_report).status is RuleStatus.PASS
    failing = _with_apache_osd(tiny_report, {6: Verdict.FAIL})
    result = outcome({"weights-pass-osd": True}, failing)
    assert result.status is RuleStatus.FAIL
    assert result.reasons == ("Apache-2.0 fails OSD 6: r",)
    assert result.evidence == (Evidence("LICENSE", 6, 6),)
    unknown = _with_apache_osd(tiny_report, {2: Verdict.UNKNOWN, 9: Verdict.UNKNOWN})
    result = outcome({"weights-pass-osd": True}, unknown)
    assert result.status is RuleStatus.UNKNOWN
    assert "(unknown: 2, 9)" in result.reasons[0]


def test_weights_without_a_licence_fail(tiny_report: AuditReport) -> None:
    (apache,) = tiny_report.licenses
    no_weights_licence = attrs.evolve(
        apache, components=tuple(c for c in apache.components if c != "model-parameters-final")
    )
    report = attrs.evolve(tiny_report, licenses=(no_weights_licence,))
    result = outcome({"weights-pass-osd": True}, report)
    assert result.status is RuleStatus.FAIL
    assert "model.safetensors" in result.reasons[0]
    components = dict(report.components)
    components["model-parameters-final"] = attrs.evolve(
        components["model-parameters-final"], status=ComponentPresence.MISSING, paths=()
    )
    result = outcome({"weights-pass-osd": True}, attrs.evolve(report, components=components))
    assert result.status is RuleStatus.UNKNOWN


def test_deny_categories_with_and_without_a_profile(tiny_report: AuditReport, llama) -> None:
    (apache,) = tiny_report.licenses
    assert apache.category == "permissive"
    assert outcome({"deny-categories": ["non-commercial"]}, tiny_report).status is RuleStatus.PASS
    # no profile: an OSD-conformant licence cannot be of a category that fails the OSD
    unprofiled = attrs.evolve(tiny_report, licenses=(attrs.evolve(apache, category=None),))
    result = outcome({"deny-categories": ["non-commercial", "research-only"]}, unprofiled)
    assert result.status is RuleStatus.PASS
    assert "meets the OSD" in result.reasons[0]
    # ... but it can be permissive, so denying permissive without a profile stays unknown
    result = outcome({"deny-categories": ["permissive"]}, unprofiled)
    assert result.status is RuleStatus.UNKNOWN
    assert "unknown category" in result.reasons[0]
    # a licence whose OSD reading is open and which has no profile: unknown, never a pass
    undecided = _with_apache_osd(unprofiled, {2: Verdict.UNKNOWN})
    undecided = attrs.evolve(
        undecided, licenses=(attrs.evolve(undecided.licenses[0], category=None),)
    )
    result = outcome({"deny-categories": ["non-commercial"]}, undecided)
    assert result.status is RuleStatus.UNKNOWN
    # a profiled licence of a denied category fails, with the clause's lines as evidence
    result = outcome({"deny-categories": ["use-restricted", "community-user-cap"]}, llama)
    assert result.status is RuleStatus.FAIL
    assert (
        "LicenseRef-scancode-llama-2-license-2023 is community-user-cap, a denied category"
        in result.reasons
    )
    assert any(e.path == "LICENSE" and e.start_line == 65 for e in result.evidence)


def test_allow_and_deny_licences_take_globs(tiny_report: AuditReport, llama) -> None:
    assert outcome({"allow-licenses": ["Apache-2.0", "MIT"]}, tiny_report).status is RuleStatus.PASS
    result = outcome({"allow-licenses": ["MIT"]}, tiny_report)
    assert result.status is RuleStatus.FAIL
    assert result.reasons == ("Apache-2.0 is not in allow-licenses",)
    result = outcome({"deny-licenses": ["LicenseRef-scancode-llama-*"]}, llama)
    assert result.status is RuleStatus.FAIL
    assert result.reasons == ("LicenseRef-scancode-llama-2-license-2023 is denied",)
    assert outcome({"deny-licenses": ["GPL-*"]}, tiny_report).status is RuleStatus.PASS


def test_fail_on_severity_and_ignored_rules(tiny_report: AuditReport) -> None:
    findings = (
        Finding("gated-access", Severity.INFO, "gated", (Evidence("README.md", 1, 1),)),
        Finding("notice-missing", Severity.WARNING, "no NOTICE", (Evidence("LICENSE", 1, 2),)),
    )
    report = attrs.evolve(tiny_report, findings=findings)
    assert outcome({"fail-on": "error"}, report).status is RuleStatus.PASS
    result = outcome({"fail-on": "warning"}, report)
    assert result.status is RuleStatus.FAIL
    assert result.reasons == ("warning notice-missing: no NOTICE",)
    result = outcome({"fail-on": "info", "ignore-findings": ["gated-access"]}, report)
    assert result.reasons == ("warning notice-missing: no NOTICE",)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"require-osai": True}, "unknown policy key(s) require-osai"),
        ({"require-open-source-ai": "yes"}, "must be true or false"),
        ({"min-mof-class": 4}, "'min-mof-class' must be 1, 2 or 3"),
        ({"min-mof-class": True}, "'min-mof-class' must be 1, 2 or 3"),
        ({"deny-categories": ["freeware"]}, "unknown licence category 'freeware'"),
        ({"deny-categories": "non-commercial"}, "must be a list of strings"),
        ({"fail-on": "fatal"}, "'fail-on' must be one of"),
        ({"on-unknown": "ignore"}, "'on-unknown' must be"),
        ({"name": "empty"}, "sets no rule"),
    ],
)
def test_malformed_policies_are_usage_errors(table: dict, message: str) -> None:
    with pytest.raises(PolicyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Policy.from_mapping(table, "p.toml")


def test_category_aliases_resolve() -> None:
    policy = Policy.from_mapping({"deny-categories": ["use-restricted", "nc", "non-commercial"]})
    assert policy.deny_categories == ("responsible-ai-use-restricted", "non-commercial")


def test_category_list_matches_the_profile_schema() -> None:
    import json

    from openlic import kb

    schema = json.loads((REPO / "data" / "schema" / "license-profile.schema.json").read_text())
    ids = [c["id"] for c in kb.load("policy/license-categories.yaml")["categories"]]
    assert ids == schema["properties"]["category"]["enum"]


def test_load_and_discover(tmp_path: Path) -> None:
    assert find_policy(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_policy(tmp_path) is None  # a pyproject without a policy table is not a policy
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.openlic.policy]\nrequire-open-source-ai = true\n"
    )
    assert find_policy(tmp_path) == tmp_path / "pyproject.toml"
    assert load(tmp_path / "pyproject.toml").require_open_source_ai
    (tmp_path / "openlic.toml").write_text("[policy]\nname = 'mine'\nmin-mof-class = 3\n")
    assert find_policy(tmp_path) == tmp_path / "openlic.toml"  # openlic.toml comes first
    policy = load(tmp_path / "openlic.toml")
    assert (policy.name, policy.min_mof_class, policy.source) == (
        "mine",
        3,
        str(tmp_path / "openlic.toml"),
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("openlic.toml", "[policy\n", "is not valid TOML"),
        ("openlic.toml", "[rules]\nx = 1\n", r"has no \[policy\] table"),
        ("pyproject.toml", "[policy]\nmin-mof-class = 2\n", r"has no \[tool.openlic.policy\]"),
    ],
)
def test_unusable_policy_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(PolicyError, match=message):
        load(tmp_path / name)
    with pytest.raises(PolicyError, match="cannot read policy file"):
        load(tmp_path / "missing.toml")


def test_discovery_passes_over_a_broken_pyproject_but_not_a_broken_openlic_toml(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\n")
    assert find_policy(tmp_path) is None
    (tmp_path / "openlic.toml").write_text("[policy\n")
    assert find_policy(tmp_path) == tmp_path / "openlic.toml"
    with pytest.raises(PolicyError, match="is not valid TOML"):
        load(find_policy(tmp_path))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "[tool.openlic]\nmin-mof-class = 3\n"),
        ("pyproject.toml", "[tool.openlic.policy]\nmin-mof-class = 3\n"),
        ("openlic.toml", "min-mof-class = 3\n"),
        ("openlic.toml", "[policy]\nmin-mof-class = 3\n"),
        ("openlic.toml", "[tool.openlic]\nmin-mof-class = 3\n"),
    ],
)
def test_policy_table_forms(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    assert find_policy(tmp_path) == tmp_path / name
    assert load(tmp_path / name).min_mof_class == 3


def test_pyproject_without_rules_in_tool_openlic_is_not_a_policy(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.openlic]\n[tool.ruff]\nline-length = 1\n")
    assert find_policy(tmp_path) is None
