"""CycloneDX 1.6 JSON: the release as a machine-learning-model component with its model card.

Built with ``cyclonedx-python-lib`` (the CycloneDX project's library) and validated against the
strict CycloneDX 1.6 JSON schema it ships. The BOM's main component (``metadata.component``) is
the model, of type ``machine-learning-model``, with the weights' licence expression (declared,
as found in the release); the code, data and documentation the release ships are its
sub-components, each with its licence; datasets the release only names are ``data`` components.

The library does not model ``modelCard`` yet (its ``Component`` says so), so openlic adds the
model card to the serialised JSON and validates the whole document: ``modelParameters.datasets``
points at the dataset components, and ``properties`` carry openlic's verdicts (OSAID, MOF,
freedoms, per-licence OSD) under the ``openlic:`` namespace.

The serial number is derived from the report, and the timestamp is the current time unless
``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from openlic.errors import OpenlicError
from openlic.formats.common import (
    PART_TITLES,
    created_time,
    document_digest,
    hub_blob_base,
    mof_class_name,
    osaid_label,
    osd_summary,
    part_license,
    part_paths,
    parts,
)
from openlic.model import FREEDOMS, AuditReport, ComponentPresence

_TYPES = {"code": "library", "data": "data", "documentation": "file"}
_MODEL_REF = "model"


def _licences(expression: str | None) -> list[Any]:
    from cyclonedx.model.license import LicenseAcknowledgement, LicenseExpression  # noqa: PLC0415

    if not expression:
        return []
    return [LicenseExpression(expression, acknowledgement=LicenseAcknowledgement.DECLARED)]


def _properties(pairs: list[tuple[str, str]]) -> list[Any]:
    from cyclonedx.model import Property  # noqa: PLC0415

    return [Property(name=name, value=value) for name, value in pairs]


def _datasets(report: AuditReport) -> list[tuple[str, str, str | None, str]]:
    """Return (bom-ref, name, licence, description) of each dataset the release only names."""
    out: list[tuple[str, str, str | None, str]] = []
    for component in ("datasets", "evaluation-data"):
        for n, reference in enumerate(sorted(report.components[component].references)):
            out.append(
                (
                    f"{component}-ref-{n}",
                    reference,
                    None,
                    "named by the release; not shipped in it and not verified by openlic",
                )
            )
    return out


def _dataset_refs(report: AuditReport) -> list[str]:
    """Return the bom-refs of the training and evaluation data: shipped ones, then named ones."""
    shipped = any(
        report.components[c].status is ComponentPresence.PRESENT
        for c in ("datasets", "evaluation-data")
    )
    return (["data"] if shipped else []) + [ref for ref, _, _, _ in _datasets(report)]


def cyclonedx_bom(report: AuditReport, created: datetime | None = None) -> Any:
    """Return the report as a ``cyclonedx`` Bom (without the model card, see module doc)."""
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri  # noqa: PLC0415
    from cyclonedx.model.bom import Bom, BomMetaData  # noqa: PLC0415
    from cyclonedx.model.component import Component, ComponentType  # noqa: PLC0415
    from cyclonedx.model.tool import ToolRepository  # noqa: PLC0415

    hub = hub_blob_base(report)
    references = []
    if hub:
        references.append(
            ExternalReference(
                type=ExternalReferenceType.DISTRIBUTION, url=XsUri(hub.split("/blob/", 1)[0])
            )
        )
    children = []
    for kind, components in parts(report).items():
        if kind == "model":
            continue
        paths = part_paths(report, components)
        children.append(
            Component(
                name=f"{report.release_name} {PART_TITLES[kind]}",
                type=ComponentType(_TYPES[kind]),
                bom_ref=PART_TITLES[kind],
                description=f"MOF components: {', '.join(components)}. Files: "
                + (", ".join(paths[:20]) or "none"),
                licenses=_licences(part_license(report, components)),
            )
        )
    for ref, name, licence, description in _datasets(report):
        children.append(
            Component(
                name=name,
                type=ComponentType.DATA,
                bom_ref=ref,
                description=description,
                licenses=_licences(licence),
            )
        )
    model = Component(
        name=report.release_name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=_MODEL_REF,
        version=report.release_revision,
        description=f"Machine-learning model release read from {report.release_source}.",
        licenses=_licences(part_license(report, ("model-parameters-final",))),
        external_references=references,
        components=children,
    )
    tool = Component(name="openlic", version=report.tool_version, type=ComponentType.APPLICATION)
    digest = document_digest(report)
    return Bom(
        serial_number=uuid.UUID(digest[:32]),
        metadata=BomMetaData(
            timestamp=created or created_time(),
            tools=ToolRepository(components=[tool]),
            component=model,
        ),
    )


def model_card(report: AuditReport) -> dict[str, Any]:
    """Return the CycloneDX 1.6 ``modelCard`` of the release: what openlic knows, as found."""
    pairs = [
        ("openlic:osaid", report.osaid.verdict.value),
        ("openlic:osaid-label", osaid_label(report.osaid.verdict)),
        ("openlic:mof-class", str(report.mof.mof_class or "none")),
        ("openlic:mof-class-name", mof_class_name(report.mof.mof_class)),
    ]
    pairs += [(f"openlic:freedom:{f}", report.freedoms[f].verdict.value) for f in FREEDOMS]
    for lic in sorted(report.licenses, key=lambda x: x.license_id):
        pairs.append((f"openlic:license:{lic.license_id}:osd", osd_summary(lic)))
        if lic.category:
            pairs.append((f"openlic:license:{lic.license_id}:category", lic.category))
    for w in sorted(report.weights, key=lambda w: w.path):
        if w.parameter_count is not None:
            pairs.append((f"openlic:weights:{w.path}:parameters", str(w.parameter_count)))
    card: dict[str, Any] = {"bom-ref": "model-card"}
    datasets = [{"ref": ref} for ref in _dataset_refs(report)]
    if datasets:
        card["modelParameters"] = {"datasets": datasets}
    restrictions = [
        {"name": f"{lic.license_id} {clause.ref}: {clause.quote[:300]}"}
        for lic in sorted(report.licenses, key=lambda x: x.license_id)
        for clause in lic.clauses
    ]
    if restrictions:
        card["considerations"] = {"ethicalConsiderations": restrictions}
    card["properties"] = [{"name": name, "value": value} for name, value in pairs]
    return card


def validate(text: str) -> list[str]:
    """Return the errors of ``text`` against the strict CycloneDX 1.6 JSON schema (empty: valid).

    The library's validator; string formats are checked where jsonschema has the checker.
    """
    from cyclonedx.schema import SchemaVersion  # noqa: PLC0415
    from cyclonedx.validation.json import JsonStrictValidator  # noqa: PLC0415

    found = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    if found is None:
        return []
    items = found if not hasattr(found, "data") else [found]
    out = []
    for error in items:
        detail = getattr(error, "data", error)
        where = getattr(detail, "json_path", "$")
        out.append(f"{where}: {getattr(detail, 'message', detail)}")
    return out


def format_cyclonedx(report: AuditReport, created: datetime | None = None) -> str:
    """Return the report as CycloneDX 1.6 JSON, validated against the CycloneDX schema.

    Raises:
        OpenlicError: when the document breaks the schema (a bug of openlic).

    """
    from cyclonedx.output.json import JsonV1Dot6  # noqa: PLC0415

    data = json.loads(JsonV1Dot6(cyclonedx_bom(report, created)).output_as_string())
    data["metadata"]["component"]["modelCard"] = model_card(report)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    problems = validate(text)
    if problems:
        raise OpenlicError("openlic built an invalid CycloneDX BOM: " + "; ".join(problems[:5]))
    return text
