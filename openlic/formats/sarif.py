"""SARIF 2.1.0: findings as static-analysis results, for code-scanning user interfaces.

Built with ``sarif-om``, the SARIF 2.1.0 object model published by the SARIF editors. One rule
(``reportingDescriptor``) per finding rule id of the report, documented from
``data/rules/findings.yaml`` (title, what it checks, why it matters, how to fix it). Each result
points at the file and lines of its evidence:

- a release read from a relative folder (``openlic check models/tiny`` at a repository's root,
  as in CI) gives paths relative to that root (``models/tiny/LICENSE``), which is what GitHub
  code scanning expects;
- otherwise paths are relative to the release under the base id ``RELEASEROOT``, which
  ``originalUriBaseIds`` resolves (a ``file://`` folder, or the Hub repository's files).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs

from openlic import kb
from openlic.formats.common import (
    hub_blob_base,
    local_prefix,
    place,
    release_file,
    rule_docs,
)
from openlic.model import AuditReport, Evidence, Finding, Severity

#: The schema a SARIF 2.1.0 log names (OASIS, errata 01).
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub ranks alerts by ``security-severity``; licence problems are not vulnerabilities, so
#: openlic sets none and tags the rules instead.
_TAGS = ["licensing", "openness"]
_BASE_ID = "RELEASEROOT"
#: Rule ids of policy outcomes: ``policy/require-open-source-ai``...
POLICY_RULE_PREFIX = "policy/"


def policy_docs() -> dict[str, Any]:
    """Return the documentation of every policy rule (``data/policy/rules.yaml``) by key."""
    return {str(r["key"]): r for r in kb.load("policy/rules.yaml")["rules"]}


def _to_json(value: Any) -> Any:
    """Turn a sarif-om object tree into SARIF JSON, using the schema's property names.

    Fields left at None are dropped, and so are the object model's "not set" sentinels (-1);
    every other value, defaults included (``level``), is written, so that a result's level never
    silently falls back to its rule's.
    """
    if attrs.has(type(value)):
        out: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (item in (-1, -1.0) and field.default in (-1, -1.0)):
                continue
            out[field.metadata["schema_property_name"]] = _to_json(item)
        return out
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


def _descriptor(rule: str, docs: dict[str, Any]) -> Any:
    import sarif_om  # noqa: PLC0415 - loaded with the format only

    doc = docs.get(rule)
    if doc is None:
        return sarif_om.ReportingDescriptor(
            id=rule,
            short_description=sarif_om.MultiformatMessageString(text=rule),
            properties={"tags": _TAGS},
        )
    help_text = f"{doc['checks']}\n\nWhy it matters: {doc['why']}\n\nHow to fix: {doc['fix']}"
    help_markdown = (
        f"**{doc['title']}**\n\n{doc['checks']}\n\n**Why it matters.** {doc['why']}\n\n"
        f"**How to fix.** {doc['fix']}\n\nopenlic rule `{rule}` (see docs/rules.md)."
    )
    return sarif_om.ReportingDescriptor(
        id=rule,
        name="".join(part.capitalize() for part in rule.split("-")),
        short_description=sarif_om.MultiformatMessageString(text=str(doc["title"])),
        full_description=sarif_om.MultiformatMessageString(text=str(doc["checks"])),
        help=sarif_om.MultiformatMessageString(text=help_text, markdown=help_markdown),
        default_configuration=sarif_om.ReportingConfiguration(
            level=_LEVEL[Severity(str(doc["severity"]))]
        ),
        properties={"tags": _TAGS},
    )


def _location(evidence: Evidence, prefix: str | None) -> Any:
    import sarif_om  # noqa: PLC0415

    path = release_file(evidence)
    if path is None:
        return None
    if prefix is not None:
        artifact = sarif_om.ArtifactLocation(uri=prefix + path)
    else:
        artifact = sarif_om.ArtifactLocation(uri=path, uri_base_id=_BASE_ID)
    region = None
    if evidence.start_line is not None:
        region = sarif_om.Region(
            start_line=evidence.start_line,
            end_line=evidence.end_line or evidence.start_line,
            snippet=sarif_om.ArtifactContent(text=evidence.text) if evidence.text else None,
        )
    return sarif_om.Location(
        physical_location=sarif_om.PhysicalLocation(artifact_location=artifact, region=region)
    )


def _fingerprint(finding: Finding) -> str:
    first = min((e.sort_key() for e in finding.evidence), default=("", 0, 0, ""))
    key = "\0".join([finding.rule, first[0], str(first[1]), finding.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, index: int, prefix: str | None) -> Any:
    import sarif_om  # noqa: PLC0415

    evidence = sorted(finding.evidence, key=Evidence.sort_key)
    located = [(e, _location(e, prefix)) for e in evidence]
    locations = [loc for _, loc in located if loc is not None]
    unlocated = [place(e) for e, loc in located if loc is None]
    text = finding.message
    if unlocated:
        text += f" (see {', '.join(unlocated)})"
    return sarif_om.Result(
        message=sarif_om.Message(text=text),
        rule_id=finding.rule,
        rule_index=index,
        level=_LEVEL[finding.severity],
        kind="fail",
        locations=locations[:1] or None,
        related_locations=[
            sarif_om.Location(id=n, physical_location=loc.physical_location)
            for n, loc in enumerate(locations[1:], start=1)
        ]
        or None,
        partial_fingerprints={"openlicFinding/v1": _fingerprint(finding)},
    )


def _policy_descriptor(rule: str, docs: dict[str, Any], policy: Any) -> Any:
    import sarif_om  # noqa: PLC0415

    key = rule.removeprefix(POLICY_RULE_PREFIX)
    doc = docs.get(key, {"title": key, "checks": key})
    where = f" ({policy.source})" if policy.source else ""
    return sarif_om.ReportingDescriptor(
        id=rule,
        name="Policy" + "".join(part.capitalize() for part in key.split("-")),
        short_description=sarif_om.MultiformatMessageString(text=f"Policy: {doc['title']}"),
        full_description=sarif_om.MultiformatMessageString(text=str(doc["checks"])),
        help=sarif_om.MultiformatMessageString(
            text=f"{doc['checks']} Set by the policy '{policy.name}'{where}"
            + (f": {policy.description}" if policy.description else "")
            + "; see docs/policy.md."
        ),
        default_configuration=sarif_om.ReportingConfiguration(level="error"),
        properties={"tags": [*_TAGS, "policy"]},
    )


def _policy_results(result: Any, index: dict[str, int], prefix: str | None) -> list[Any]:
    """One SARIF result per policy rule that did not pass: error when it fails the gate."""
    import sarif_om  # noqa: PLC0415

    out = []
    blocking = set(result.failures)
    for outcome in result.outcomes:
        if outcome.status.value == "pass":
            continue
        rule = POLICY_RULE_PREFIX + outcome.rule
        located = [
            _location(e, prefix) for e in sorted(set(outcome.evidence), key=Evidence.sort_key)
        ]
        locations = [loc for loc in located if loc is not None]
        state = "fails" if outcome.status.value == "fail" else "cannot be decided (unknown)"
        text = f"policy '{result.policy.name}': {outcome.rule} {state}: " + "; ".join(
            outcome.reasons[:5]
        )
        out.append(
            sarif_om.Result(
                message=sarif_om.Message(text=text),
                rule_id=rule,
                rule_index=index[rule],
                level="error" if outcome in blocking else "warning",
                kind="fail",
                locations=locations[:1] or None,
                related_locations=[
                    sarif_om.Location(id=n, physical_location=loc.physical_location)
                    for n, loc in enumerate(locations[1:], start=1)
                ]
                or None,
                partial_fingerprints={
                    "openlicPolicy/v1": hashlib.sha256(
                        f"{result.policy.name}\0{outcome.rule}".encode()
                    ).hexdigest()[:32]
                },
            )
        )
    return out


def sarif_log(report: AuditReport, policy: Any = None) -> dict[str, Any]:
    """Return the report's findings as a SARIF 2.1.0 log (JSON-able data).

    ``policy`` (an :class:`openlic.policy.PolicyResult`) adds one result per policy rule that
    did not pass, with rule ids ``policy/<rule>``, so that code scanning shows why a gate failed.
    """
    import sarif_om  # noqa: PLC0415

    docs = rule_docs()
    findings = sorted(report.findings, key=Finding.sort_key)
    rule_ids = sorted({f.rule for f in findings})
    policy_ids = []
    if policy is not None:
        policy_ids = [
            POLICY_RULE_PREFIX + o.rule for o in policy.outcomes if o.status.value != "pass"
        ]
    index = {rule: n for n, rule in enumerate([*rule_ids, *policy_ids])}
    prefix = local_prefix(report)
    base_ids = None
    if prefix is None:
        hub = hub_blob_base(report)
        root = hub or Path(report.release_source).resolve().as_uri() + "/"
        base_ids = {_BASE_ID: sarif_om.ArtifactLocation(uri=root)}
    driver = sarif_om.ToolComponent(
        name="openlic",
        version=report.tool_version,
        semantic_version=report.tool_version,
        information_uri="https://pypi.org/project/openlic/",
        rules=[_descriptor(rule, docs) for rule in rule_ids]
        + [_policy_descriptor(rule, policy_docs(), policy.policy) for rule in policy_ids],
    )
    results = [_result(f, index[f.rule], prefix) for f in findings]
    if policy is not None:
        results += _policy_results(policy, index, prefix)
    run = sarif_om.Run(
        tool=sarif_om.Tool(driver=driver),
        results=results,
        original_uri_base_ids=base_ids,
        automation_details=sarif_om.RunAutomationDetails(id=f"openlic/{report.release_name}/"),
        properties={
            "openlic": {
                "release": report.release_name,
                "source": report.release_source,
                "revision": report.release_revision,
                "osaid": report.osaid.verdict.value,
                "mofClass": report.mof.mof_class,
            }
        },
    )
    log = sarif_om.SarifLog(version="2.1.0", schema_uri=SARIF_SCHEMA, runs=[run])
    data: dict[str, Any] = _to_json(log)
    return data


def format_sarif(report: AuditReport, policy: Any = None) -> str:
    """Return the report's findings (and a policy's failures) as SARIF 2.1.0 JSON.

    Keys are sorted and the text ends with a newline; see :func:`sarif_log`.
    """
    data = sarif_log(report, policy)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
