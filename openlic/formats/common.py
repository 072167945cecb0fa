"""What several formats share: places of evidence, links to file lines, headline wording.

Wording that is knowledge (MOF class names, rule documentation) comes from the knowledge base
through :mod:`openlic.kb`; this module only arranges it.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from openlic import kb
from openlic.model import AuditReport, Evidence, LicenseAssessment, OsaidStatus

#: The MOF component ids whose licence is the licence of the model weights.
WEIGHTS_COMPONENT = "model-parameters-final"


def place(evidence: Evidence) -> str:
    """Return ``path:start-end`` (or ``path:line``, or ``path`` for a whole file)."""
    if evidence.start_line is None:
        return evidence.path
    if evidence.end_line is None or evidence.end_line == evidence.start_line:
        return f"{evidence.path}:{evidence.start_line}"
    return f"{evidence.path}:{evidence.start_line}-{evidence.end_line}"


def release_file(evidence: Evidence) -> str | None:
    """Return the release-relative file an evidence points at, or None.

    Evidence can name a pseudo-path: ``README.md#license`` (a part of a file) gives
    ``README.md``; ``openlic:...`` (openlic's own reference text) and ``<text>`` give None.
    """
    path = evidence.path.split("#", 1)[0]
    if not path or path.startswith(("openlic:", "<")) or "://" in path:
        return None
    return path


def mof_class_name(number: int | None) -> str:
    """Return the MOF name of class ``number`` (``Class II - Open Tooling``), or a phrase."""
    if number is None:
        return "no MOF class reached"
    for entry in kb.load("frameworks/mof.yaml")["classes"]:
        if int(entry["class"]) == number:
            return str(entry["name"])
    return f"Class {number}"


def mof_short(number: int | None) -> str:
    """Return a short MOF class label for badges and tables: ``Class II`` or ``none``."""
    if number is None:
        return "none"
    return mof_class_name(number).split(" - ", 1)[0]


def osaid_label(status: OsaidStatus) -> str:
    """Return the OSAID verdict in words: ``Open Source AI``, ``not Open Source AI``..."""
    return {
        OsaidStatus.OPEN_SOURCE_AI: "Open Source AI",
        OsaidStatus.NOT_OPEN_SOURCE_AI: "not Open Source AI",
        OsaidStatus.UNDETERMINED: "undetermined",
    }[status]


def osd_summary(lic: LicenseAssessment) -> str:
    """Return one phrase on a licence's Open Source Definition reading."""
    if lic.osd.conformant is True:
        return "meets the OSD (OSI-approved)" if lic.osi_approved else "meets the OSD"
    if lic.osd.conformant is False:
        return "fails OSD " + ", ".join(str(n) for n in lic.osd.failed)
    return "OSD unknown"


def weights_licenses(report: AuditReport) -> tuple[LicenseAssessment, ...]:
    """Return the licences that govern the final model parameters, by id."""
    return tuple(
        lic
        for lic in sorted(report.licenses, key=lambda x: x.license_id)
        if WEIGHTS_COMPONENT in lic.components
    )


def rule_docs() -> dict[str, Mapping[str, Any]]:
    """Return the documentation of every finding rule (``data/rules/findings.yaml``) by id."""
    return {str(r["id"]): r for r in kb.load("rules/findings.yaml")["rules"]}


def hub_facts(report: AuditReport) -> Mapping[str, Any] | None:
    """Return the Hub facts of a report read from the Hugging Face Hub, else None."""
    hub = report.release_facts.get("hub")
    return hub if isinstance(hub, Mapping) else None


def hub_blob_base(report: AuditReport) -> str | None:
    """Return the Hub web address under which a file of the release is shown, or None.

    ``https://huggingface.co/ORG/NAME/blob/COMMIT/`` (``/datasets/`` for a dataset), pinned to
    the commit the audit read when the source knows it.
    """
    hub = hub_facts(report)
    if hub is None:
        return None
    kind = "datasets/" if hub.get("repo_type") == "dataset" else ""
    revision = hub.get("commit") or hub.get("revision") or report.release_revision or "main"
    return f"https://huggingface.co/{kind}{hub['repo_id']}/blob/{quote(str(revision), safe='')}/"


def local_prefix(report: AuditReport) -> str | None:
    """Return the release folder as the caller named it, when it is a relative local path.

    A report of ``openlic check models/tiny`` run at a repository's root then links to
    ``models/tiny/LICENSE``, which is where the file is in that repository. Returns ``""`` for
    ``.`` and None for an absolute path or a Hub repository.
    """
    if hub_facts(report) is not None or "://" in report.release_source:
        return None
    source = report.release_source.replace("\\", "/")
    if PurePosixPath(source).is_absolute() or (len(source) > 1 and source[1] == ":"):
        return None
    normal = posixpath.normpath(source)
    if normal.startswith(".."):
        return None
    return "" if normal == "." else normal + "/"


def file_link(report: AuditReport, evidence: Evidence) -> str | None:
    """Return a link to the file and lines of ``evidence`` (GitHub and Hub ``#L1-L5`` anchors).

    Hub releases link to the Hub; local releases link relative to where openlic was run (the
    repository root in CI). Returns None for evidence that names no release file.
    """
    path = release_file(evidence)
    if path is None:
        return None
    base = hub_blob_base(report)
    if base is None:
        prefix = local_prefix(report)
        base = prefix if prefix is not None else ""
    anchor = ""
    if evidence.start_line is not None:
        anchor = f"#L{evidence.start_line}"
        if evidence.end_line is not None and evidence.end_line != evidence.start_line:
            anchor += f"-L{evidence.end_line}"
    return base + quote(path) + anchor


#: The release's parts as SBOM formats describe them, keyed by MOF component type
#: (``data/frameworks/mof.yaml``): the weights, the code, the data, the documentation.
PART_TITLES = {
    "model": "weights",
    "code": "code",
    "data": "data",
    "documentation": "documentation",
}


def component_types() -> dict[str, str]:
    """Return the MOF type (model, code, data, documentation) of each component id."""
    return {str(c["id"]): str(c["type"]) for c in kb.load("frameworks/mof.yaml")["components"]}


def parts(report: AuditReport) -> dict[str, tuple[str, ...]]:
    """Return, for each part type of the release, its components that are present.

    The final weights count even when their files are not in the audited folder, as long as a
    licence of the release governs them (a release whose weights are published elsewhere).
    """
    from openlic.model import COMPONENT_IDS, ComponentPresence  # noqa: PLC0415

    types = component_types()
    out: dict[str, list[str]] = {}
    for component in COMPONENT_IDS:
        status = report.components[component]
        licensed_weights = component == WEIGHTS_COMPONENT and status.license is not None
        if status.status is ComponentPresence.PRESENT or licensed_weights:
            out.setdefault(types.get(component, "data"), []).append(component)
    return {t: tuple(out[t]) for t in PART_TITLES if t in out}


def part_paths(report: AuditReport, components: tuple[str, ...]) -> tuple[str, ...]:
    """Return the files of the release that provide ``components``, sorted, once each."""
    return tuple(sorted({p for c in components for p in report.components[c].paths}))


def conjunction(expressions: list[str | None]) -> str | None:
    """Return the SPDX conjunction (``AND``) of licence expressions, each once, or None."""
    seen: list[str] = []
    for expression in expressions:
        if not expression:
            continue
        for term in _and_terms(expression):
            if term not in seen:
                seen.append(term)
    if not seen:
        return None
    return " AND ".join(seen)


def _and_terms(expression: str) -> list[str]:
    """Split a top-level ``A AND B`` expression; an expression with OR stays whole (bracketed)."""
    if " OR " in expression or "(" in expression:
        return [expression if expression.startswith("(") else f"({expression})"]
    return [t.strip() for t in expression.split(" AND ") if t.strip()]


def part_license(report: AuditReport, components: tuple[str, ...]) -> str | None:
    """Return the licence expression governing ``components`` taken together, or None."""
    return conjunction([report.components[c].license for c in components])


def is_unidentified(license_id: str) -> bool:
    """Return True for a licence openlic could not identify (``LicenseRef-openlic-unknown-``)."""
    return license_id.startswith("LicenseRef-openlic-unknown-")


def reference_text(license_id: str) -> str | None:
    """Return the reference text openlic ships for ``license_id``, or None."""
    from openlic.identification.catalog import catalog  # noqa: PLC0415

    info = catalog().get(license_id)
    if info is None or info.text_path is None or not kb.exists(info.text_path):
        return None
    return kb.read_text(info.text_path)


def scancode_url(key: str | None) -> str | None:
    """Return the ScanCode LicenseDB page of a licence key, or None."""
    return f"https://scancode-licensedb.aboutcode.org/{key}.html" if key else None


def created_time() -> datetime:
    """Return the creation time an SBOM records, in UTC to the second.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it, so that the same
    release gives byte-identical SBOMs; otherwise it is the current time.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def document_digest(report: AuditReport) -> str:
    """Return a digest of the report's JSON form: a stable, unique suffix for document ids."""
    text = json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parameter_count(report: AuditReport) -> int | None:
    """Return the model's parameter count from the weight headers openlic read, or None.

    Shards of one format add up; when the release ships the weights in several formats (the same
    model as safetensors and GGUF), the largest total is taken rather than their sum.
    """
    totals: dict[str, int] = {}
    for weights in report.weights:
        if weights.parameter_count:
            totals[weights.format] = totals.get(weights.format, 0) + weights.parameter_count
    return max(totals.values()) if totals else None
