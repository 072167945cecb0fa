"""Policies: written rules a release must meet before it is published (the pre-publication gate).

A policy is a TOML table, ``[policy]`` in ``openlic.toml`` or ``[tool.openlic.policy]`` in
``pyproject.toml`` (docs/policy.md)::

    [policy]
    name = "open-source-ai"
    require-open-source-ai = true
    min-mof-class = 2
    weights-pass-osd = true
    deny-categories = ["non-commercial", "research-only", "use-restricted"]
    deny-licenses = ["LicenseRef-openlic-unknown-*"]
    fail-on = "error"

:meth:`Policy.evaluate` returns a :class:`PolicyResult`: one :class:`RuleOutcome` per rule the
policy sets, each ``pass``, ``fail`` or ``unknown`` with its reasons and evidence. A rule that
openlic cannot decide (a licence without a known category, an OSD criterion it cannot read) is
``unknown``, never a pass; ``on-unknown`` says whether unknown outcomes fail the gate (``fail``,
the default) or are only reported (``warn``). Nothing here prints or exits.
"""

from __future__ import annotations

import enum
import fnmatch
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from openlic import kb
from openlic.errors import UsageError
from openlic.model import (
    AuditReport,
    ComponentPresence,
    Evidence,
    Finding,
    LicenseAssessment,
    OsaidStatus,
    Severity,
)

#: The files a policy is looked for in, in this order, by :func:`find_policy`.
POLICY_FILES = ("openlic.toml", "pyproject.toml")
#: The keys that set a rule (the others, ``name``, ``description``, ``ignore-findings`` and
#: ``on-unknown``, qualify them).
RULE_KEYS = (
    "require-open-source-ai",
    "min-mof-class",
    "weights-pass-osd",
    "deny-categories",
    "allow-licenses",
    "deny-licenses",
    "fail-on",
)
_WEIGHTS = "model-parameters-final"
_SEVERITIES = (Severity.INFO, Severity.WARNING, Severity.ERROR)


class PolicyError(UsageError):
    """A policy file that cannot be read or that sets an unknown or malformed rule."""


class RuleStatus(enum.StrEnum):
    """Outcome of one policy rule."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@attrs.frozen
class RuleOutcome:
    """What one policy rule concluded about a release.

    Attributes:
        rule: the rule's key in the policy (``require-open-source-ai``...).
        status: pass, fail or unknown.
        reasons: why, one sentence each (for a failure: what is wrong, and where).
        evidence: the places in the release behind the outcome.

    """

    rule: str
    status: RuleStatus
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "rule": self.rule,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "evidence": [e.to_dict() for e in sorted(set(self.evidence), key=Evidence.sort_key)],
        }


@attrs.frozen
class Categories:
    """The licence categories a policy may deny (``data/policy/license-categories.yaml``)."""

    never_osd: Mapping[str, str]
    known: tuple[str, ...]
    aliases: Mapping[str, str]

    @classmethod
    def load(cls) -> Categories:
        """Read the categories from the knowledge base."""
        data = kb.load("policy/license-categories.yaml")
        entries = data["categories"]
        return cls(
            never_osd={
                str(c["id"]): str(c.get("because", ""))
                for c in entries
                if c["meets_osd"] == "never"
            },
            known=tuple(str(c["id"]) for c in entries),
            aliases={str(k): str(v) for k, v in (data.get("aliases") or {}).items()},
        )

    def resolve(self, name: str) -> str | None:
        """Return the category id ``name`` stands for, or None when it is unknown."""
        name = self.aliases.get(name, name)
        return name if name in self.known else None


@attrs.frozen
class PolicyResult:
    """The outcome of a policy on one release.

    Attributes:
        policy: the policy evaluated.
        outcomes: one outcome per rule the policy sets, in the policy's rule order.

    """

    policy: Policy
    outcomes: tuple[RuleOutcome, ...]

    @property
    def failures(self) -> tuple[RuleOutcome, ...]:
        """The outcomes that fail the gate: failures, and unknowns unless on-unknown is warn."""
        blocking = {RuleStatus.FAIL}
        if self.policy.on_unknown == "fail":
            blocking.add(RuleStatus.UNKNOWN)
        return tuple(o for o in self.outcomes if o.status in blocking)

    @property
    def passed(self) -> bool:
        """True when no outcome fails the gate."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: the policy's name and file, the verdict, each outcome."""
        return {
            "policy": self.policy.name,
            "source": self.policy.source,
            "passed": self.passed,
            "on_unknown": self.policy.on_unknown,
            "outcomes": [o.to_dict() for o in self.outcomes],
        }


def _strings(value: Any, key: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PolicyError(f"{source}: '{key}' must be a list of strings")
    return tuple(value)


def _bool(value: Any, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(f"{source}: '{key}' must be true or false")
    return value


@attrs.frozen
class Policy:
    """A set of rules a release must meet. Build one with :meth:`from_mapping` or :func:`load`.

    Attributes:
        name: a name for messages (the ``name`` key, else the file's name).
        source: the file it was read from, or None.
        require_open_source_ai: the OSAID 1.0 verdict must be open-source-ai.
        min_mof_class: the MOF class to reach or better (1 is the most open), or None.
        weights_pass_osd: every licence of the final weights must meet all ten OSD criteria.
        deny_categories: licence categories no licence of the release may have.
        allow_licenses: when set, the only licence ids allowed (glob patterns).
        deny_licenses: licence ids not allowed (glob patterns).
        fail_on: findings of this severity or worse fail the policy, or None.
        ignore_findings: finding rule ids that ``fail_on`` ignores.
        on_unknown: ``fail`` (unknown outcomes fail the gate) or ``warn``.
        description: why the policy exists (free text, shown in SARIF rule help).

    """

    name: str
    source: str | None = None
    require_open_source_ai: bool = False
    min_mof_class: int | None = None
    weights_pass_osd: bool = False
    deny_categories: tuple[str, ...] = ()
    allow_licenses: tuple[str, ...] | None = None
    deny_licenses: tuple[str, ...] = ()
    fail_on: Severity | None = None
    ignore_findings: tuple[str, ...] = ()
    on_unknown: str = "fail"
    description: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None) -> Policy:
        """Return the policy a ``[policy]`` table describes.

        Raises:
            PolicyError: for an unknown key, a value of the wrong type, an unknown category or
                severity, or a policy that sets no rule.

        """
        where = source or "policy"
        known = {
            "name",
            "description",
            "require-open-source-ai",
            "min-mof-class",
            "weights-pass-osd",
            "deny-categories",
            "allow-licenses",
            "deny-licenses",
            "fail-on",
            "ignore-findings",
            "on-unknown",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise PolicyError(
                f"{where}: unknown policy key(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        values: dict[str, Any] = {
            "name": str(data.get("name") or (Path(source).name if source else "policy")),
            "source": source,
            "description": str(data.get("description") or ""),
        }
        if "require-open-source-ai" in data:
            values["require_open_source_ai"] = _bool(
                data["require-open-source-ai"], "require-open-source-ai", where
            )
        if "weights-pass-osd" in data:
            values["weights_pass_osd"] = _bool(data["weights-pass-osd"], "weights-pass-osd", where)
        if "min-mof-class" in data:
            number = data["min-mof-class"]
            if isinstance(number, bool) or number not in (1, 2, 3):
                raise PolicyError(
                    f"{where}: 'min-mof-class' must be 1, 2 or 3 (1 is the most open)"
                )
            values["min_mof_class"] = number
        if "deny-categories" in data:
            categories = Categories.load()
            resolved = []
            for name in _strings(data["deny-categories"], "deny-categories", where):
                category = categories.resolve(name)
                if category is None:
                    raise PolicyError(
                        f"{where}: unknown licence category '{name}' "
                        f"(known: {', '.join(categories.known)})"
                    )
                resolved.append(category)
            values["deny_categories"] = tuple(dict.fromkeys(resolved))
        if "allow-licenses" in data:
            values["allow_licenses"] = _strings(data["allow-licenses"], "allow-licenses", where)
        if "deny-licenses" in data:
            values["deny_licenses"] = _strings(data["deny-licenses"], "deny-licenses", where)
        if "fail-on" in data:
            try:
                values["fail_on"] = Severity(str(data["fail-on"]))
            except ValueError:
                raise PolicyError(
                    f"{where}: 'fail-on' must be one of error, warning, info"
                ) from None
        if "ignore-findings" in data:
            values["ignore_findings"] = _strings(data["ignore-findings"], "ignore-findings", where)
        if "on-unknown" in data:
            if data["on-unknown"] not in ("fail", "warn"):
                raise PolicyError(f"{where}: 'on-unknown' must be 'fail' or 'warn'")
            values["on_unknown"] = data["on-unknown"]
        policy = cls(**values)
        if not policy.rules:
            raise PolicyError(f"{where}: the policy sets no rule")
        return policy

    @property
    def rules(self) -> tuple[str, ...]:
        """The keys of the rules this policy sets, in evaluation order."""
        out = []
        if self.require_open_source_ai:
            out.append("require-open-source-ai")
        if self.min_mof_class is not None:
            out.append("min-mof-class")
        if self.weights_pass_osd:
            out.append("weights-pass-osd")
        if self.deny_categories:
            out.append("deny-categories")
        if self.allow_licenses is not None:
            out.append("allow-licenses")
        if self.deny_licenses:
            out.append("deny-licenses")
        if self.fail_on is not None:
            out.append("fail-on")
        return tuple(out)

    def evaluate(self, report: AuditReport) -> PolicyResult:
        """Return the outcome of every rule of this policy on ``report``."""
        checks = {
            "require-open-source-ai": self._open_source_ai,
            "min-mof-class": self._mof_class,
            "weights-pass-osd": self._weights_osd,
            "deny-categories": self._categories,
            "allow-licenses": self._allowed,
            "deny-licenses": self._denied,
            "fail-on": self._findings,
        }
        return PolicyResult(self, tuple(checks[rule](report) for rule in self.rules))

    def _open_source_ai(self, report: AuditReport) -> RuleOutcome:
        rule = "require-open-source-ai"
        verdict = report.osaid.verdict
        evidence = tuple(e for f in report.freedoms.values() for e in f.evidence)
        if verdict is OsaidStatus.OPEN_SOURCE_AI:
            return RuleOutcome(rule, RuleStatus.PASS, ("the release is Open Source AI",))
        reasons = tuple(report.osaid.reasons) or ("no reason given",)
        if verdict is OsaidStatus.NOT_OPEN_SOURCE_AI:
            return RuleOutcome(
                rule,
                RuleStatus.FAIL,
                ("the release is not Open Source AI (OSAID 1.0)", *reasons),
                evidence,
            )
        return RuleOutcome(
            rule,
            RuleStatus.UNKNOWN,
            ("openlic could not determine whether the release is Open Source AI", *reasons),
            evidence,
        )

    def _mof_class(self, report: AuditReport) -> RuleOutcome:
        from openlic.formats.common import mof_class_name  # noqa: PLC0415

        rule = "min-mof-class"
        wanted = self.min_mof_class or 3
        reached = report.mof.mof_class
        if reached is not None and reached <= wanted:
            return RuleOutcome(
                rule,
                RuleStatus.PASS,
                (f"the release reaches {mof_class_name(reached)}",),
            )
        lacking = report.mof.missing.get(wanted, ())
        now = f"reaches {mof_class_name(reached)}" if reached else "reaches no MOF class"
        reasons = [f"the release {now}; the policy requires {mof_class_name(wanted)} or better"]
        if lacking:
            reasons.append(f"{mof_class_name(wanted)} lacks: {', '.join(lacking)}")
        reasons += [
            f"{n.component}: {n.reason}" for n in report.mof.needs if n.component in lacking
        ]
        evidence = tuple(e for c in lacking for e in report.components[c].evidence)
        return RuleOutcome(rule, RuleStatus.FAIL, tuple(reasons), evidence)

    def _weights_osd(self, report: AuditReport) -> RuleOutcome:
        rule = "weights-pass-osd"
        licences = [lic for lic in report.licenses if _WEIGHTS in lic.components]
        weights = report.components[_WEIGHTS]
        if not licences:
            if weights.status is ComponentPresence.PRESENT:
                return RuleOutcome(
                    rule,
                    RuleStatus.FAIL,
                    (f"the weights ({', '.join(weights.paths[:3])}) ship with no licence",),
                    tuple(Evidence(p) for p in weights.paths[:3]),
                )
            return RuleOutcome(
                rule,
                RuleStatus.UNKNOWN,
                ("the release has no weights and names no licence for them",),
            )
        failed = [lic for lic in licences if lic.osd.conformant is False]
        undecided = [lic for lic in licences if lic.osd.conformant is None]
        if failed:
            reasons = []
            evidence: list[Evidence] = []
            for lic in failed:
                for number in lic.osd.failed:
                    criterion = lic.osd.criteria[number]
                    reasons.append(
                        f"{lic.license_id} fails OSD {number}: {'; '.join(criterion.reasons)}"
                    )
                    evidence += criterion.evidence
            return RuleOutcome(rule, RuleStatus.FAIL, tuple(reasons), tuple(evidence))
        if undecided:
            reasons = []
            for lic in undecided:
                open_criteria = [
                    str(n)
                    for n, c in sorted(lic.osd.criteria.items())
                    if c.verdict.value == "unknown"
                ]
                reasons.append(
                    f"{lic.license_id}: openlic cannot tell whether it meets every OSD criterion "
                    f"(unknown: {', '.join(open_criteria) or 'all'})"
                )
            return RuleOutcome(
                rule,
                RuleStatus.UNKNOWN,
                tuple(reasons),
                tuple(e for lic in undecided for e in lic.evidence),
            )
        return RuleOutcome(
            rule,
            RuleStatus.PASS,
            tuple(f"{lic.license_id} meets the OSD" for lic in licences),
        )

    def _categories(self, report: AuditReport) -> RuleOutcome:
        rule = "deny-categories"
        categories = Categories.load()
        denied = set(self.deny_categories)
        fails: list[str] = []
        unknown: list[str] = []
        passes: list[str] = []
        evidence: list[Evidence] = []
        for lic in sorted(report.licenses, key=lambda x: x.license_id):
            if lic.category is not None:
                if lic.category in denied:
                    fails.append(f"{lic.license_id} is {lic.category}, a denied category")
                    evidence += _clause_evidence(lic) or lic.evidence
                else:
                    passes.append(f"{lic.license_id} is {lic.category}")
                continue
            if lic.osd.conformant is True and denied <= set(categories.never_osd):
                passes.append(
                    f"{lic.license_id} has no profile, but it meets the OSD, which no "
                    f"licence of a denied category ({', '.join(sorted(denied))}) does"
                )
                continue
            hints = sorted({c for clause in lic.clauses for c in clause.categories})
            unknown.append(
                f"{lic.license_id}: unknown category (no licence profile gives it)"
                + (f"; its clauses show: {', '.join(hints)}" if hints else "")
            )
            evidence += lic.evidence
        if fails:
            return RuleOutcome(rule, RuleStatus.FAIL, (*fails, *unknown), tuple(evidence))
        if unknown:
            return RuleOutcome(rule, RuleStatus.UNKNOWN, tuple(unknown), tuple(evidence))
        if not report.licenses:
            return RuleOutcome(rule, RuleStatus.UNKNOWN, ("the release has no licence",))
        return RuleOutcome(rule, RuleStatus.PASS, tuple(passes))

    def _allowed(self, report: AuditReport) -> RuleOutcome:
        rule = "allow-licenses"
        patterns = self.allow_licenses or ()
        outside = [
            lic
            for lic in sorted(report.licenses, key=lambda x: x.license_id)
            if not _matches(lic.license_id, patterns)
        ]
        if outside:
            return RuleOutcome(
                rule,
                RuleStatus.FAIL,
                tuple(f"{lic.license_id} is not in allow-licenses" for lic in outside),
                tuple(e for lic in outside for e in lic.evidence),
            )
        return RuleOutcome(
            rule,
            RuleStatus.PASS,
            (f"every licence is allowed ({', '.join(lic.license_id for lic in report.licenses)})",)
            if report.licenses
            else ("the release has no licence",),
        )

    def _denied(self, report: AuditReport) -> RuleOutcome:
        rule = "deny-licenses"
        hits = [
            lic
            for lic in sorted(report.licenses, key=lambda x: x.license_id)
            if _matches(lic.license_id, self.deny_licenses)
        ]
        if hits:
            return RuleOutcome(
                rule,
                RuleStatus.FAIL,
                tuple(f"{lic.license_id} is denied" for lic in hits),
                tuple(e for lic in hits for e in lic.evidence),
            )
        return RuleOutcome(rule, RuleStatus.PASS, ("no denied licence",))

    def _findings(self, report: AuditReport) -> RuleOutcome:
        rule = "fail-on"
        threshold = self.fail_on or Severity.ERROR
        ignored = set(self.ignore_findings)
        hits = [
            f
            for f in sorted(report.findings_at_least(threshold), key=Finding.sort_key)
            if f.rule not in ignored
        ]
        if hits:
            return RuleOutcome(
                rule,
                RuleStatus.FAIL,
                tuple(f"{f.severity.value} {f.rule}: {f.message}" for f in hits),
                tuple(e for f in hits for e in f.evidence),
            )
        return RuleOutcome(
            rule, RuleStatus.PASS, (f"no finding of severity {threshold.value} or worse",)
        )


def _matches(license_id: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(license_id, p) for p in patterns)


def _clause_evidence(lic: LicenseAssessment) -> tuple[Evidence, ...]:
    return tuple(e for clause in lic.clauses for e in clause.evidence)


def _holds_rules(table: Mapping[str, Any]) -> bool:
    """Return True when ``table`` sets a policy rule itself (keys at its own level)."""
    return any(key in table for key in RULE_KEYS)


def policy_table(data: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    """Return the policy table of a parsed TOML file, or None when it has none.

    ``pyproject.toml``: ``[tool.openlic.policy]``, or the rules directly in ``[tool.openlic]``.
    Any other file (``openlic.toml``): ``[policy]``, or the rules at the top level, or the
    ``pyproject.toml`` tables.
    """
    tool = data.get("tool")
    if isinstance(tool, Mapping):
        table = tool.get("openlic")
        if isinstance(table, Mapping):
            if isinstance(table.get("policy"), Mapping):
                return table["policy"]  # type: ignore[no-any-return]
            if _holds_rules(table):
                return table
    if path.name == "pyproject.toml":
        return None
    if isinstance(data.get("policy"), Mapping):
        return data["policy"]  # type: ignore[no-any-return]
    if _holds_rules(data):
        return data
    return None


def load(path: str | Path) -> Policy:
    """Read the policy in the TOML file ``path``.

    Raises:
        PolicyError: when the file cannot be read, is not TOML, has no policy table, or the
            policy is malformed.

    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"policy file {path} is not valid TOML: {exc}") from exc
    table = policy_table(data, path)
    if table is None:
        where = (
            "[tool.openlic.policy] table (or rules in [tool.openlic])"
            if path.name == "pyproject.toml"
            else "[policy] table (or rules at the top level)"
        )
        raise PolicyError(f"policy file {path} has no {where}")
    return Policy.from_mapping(table, str(path))


def find_policy(directory: str | Path) -> Path | None:
    """Return the policy file of ``directory``, or None when it has none.

    ``openlic.toml`` comes first, then a ``pyproject.toml`` with a ``[tool.openlic.policy]``
    table.

    The CLI looks in the current directory (the repository that publishes the release), never
    in the audited release: the release is the thing being judged and must not choose its rules.
    An ``openlic.toml`` that is not valid TOML is returned, so that loading it reports the error;
    a ``pyproject.toml`` that is not valid TOML is passed over.
    """
    base = Path(directory)
    for name in POLICY_FILES:
        candidate = base / name
        if not candidate.is_file():
            continue
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            if name == "openlic.toml":
                return candidate  # openlic's own file: loading it reports the error
            continue  # a broken pyproject.toml is some other tool's problem, not a policy
        if policy_table(data, candidate) is not None:
            return candidate
    return None
