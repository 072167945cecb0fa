"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, built with ``spdx-python-model``.

``spdx-python-model`` is the SPDX project's generated binding of the 3.0.1 model (from its SHACL
shapes): every property is type-checked when set, and serialising checks the required
properties and cardinalities. The graph:

- an ``ai_AIPackage`` for the release (the root element) with the facts openlic knows: its
  download location (Hub), what the release says about training, data preprocessing, metrics
  and limitations (as found, not verified), and the OSAID and MOF verdicts as standards the
  package was assessed against;
- a ``software_Package`` for the code and one for the documentation when the release ships
  them (``contains`` relationships);
- a ``dataset_DatasetPackage`` for every training or evaluation dataset the release ships or
  names (``trainedOn`` / ``testedOn`` relationships from the model);
- licences as ``simplelicensing_LicenseExpression`` elements linked by ``hasDeclaredLicense``
  and ``hasConcludedLicense`` relationships (concluded is ``NOASSERTION`` when a licence is
  unidentified), with ``customIdToUri`` for the ``LicenseRef-`` ids.

``created`` is the current time unless ``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from openlic.errors import OpenlicError
from openlic.formats.common import (
    PART_TITLES,
    created_time,
    document_digest,
    hub_blob_base,
    is_unidentified,
    mof_class_name,
    osaid_label,
    parameter_count,
    part_license,
    part_paths,
    parts,
    scancode_url,
)
from openlic.model import AuditReport, ComponentPresence

_BASE = "https://spdx.org/spdxdocs/openlic"
#: The 3.0.1 individual that says "no assertion is made" about a licence.
_NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
_PROFILES = ["core", "software", "ai", "dataset", "simpleLicensing"]


def _new(cls: Any, **values: Any) -> Any:
    """Return ``cls(**values)`` without the None or empty values.

    The bindings reject None, and an empty list says nothing.
    """
    return cls(**{k: v for k, v in values.items() if v is not None and v != []})


class _Builder:
    """Creates the elements of one document, each with an IRI under the document's base."""

    def __init__(self, report: AuditReport, created: datetime) -> None:
        from spdx_python_model import v3_0_1 as spdx  # noqa: PLC0415 - heavy, format-only

        self.spdx = spdx
        self.report = report
        slug = "".join(c if c.isalnum() or c in ".-_" else "-" for c in report.release_name)
        self.base = f"{_BASE}/{slug}-{document_digest(report)[:32]}"
        self.objects: list[Any] = []
        agent = _new(spdx.SoftwareAgent, _id=f"{self.base}#openlic", name="openlic")
        self.creation = _new(
            spdx.CreationInfo,
            specVersion="3.0.1",
            created=created,
            createdBy=[agent],
            comment="Licences as openlic read them from the release's files. Not legal advice.",
        )
        agent.creationInfo = self.creation
        tool = _new(
            spdx.Tool,
            _id=f"{self.base}#openlic-{report.tool_version}",
            name=f"openlic {report.tool_version}",
            creationInfo=self.creation,
        )
        self.creation.createdUsing = [tool]
        self.objects += [agent, tool]
        self.licences: dict[str, Any] = {}
        self.count = 0

    def iri(self, local: str) -> str:
        """Return the IRI of a new element named ``local`` (made unique)."""
        self.count += 1
        safe = "".join(c if c.isalnum() or c in ".-_" else "-" for c in local)
        return f"{self.base}#{safe}-{self.count}"

    def add(self, obj: Any) -> Any:
        """Keep ``obj`` for the document and return it."""
        self.objects.append(obj)
        return obj

    def relate(
        self, source: Any, kind: str, targets: list[Any], comment: str | None = None
    ) -> None:
        """Add a relationship of type ``kind`` from ``source`` to ``targets``."""
        spdx = self.spdx
        self.add(
            _new(
                spdx.Relationship,
                _id=self.iri(f"rel-{kind}"),
                creationInfo=self.creation,
                from_=source,
                relationshipType=getattr(spdx.RelationshipType, kind),
                to=targets,
                comment=comment,
            )
        )

    def expression(self, text: str) -> Any:
        """Return the licence-expression element for ``text`` (one per distinct expression)."""
        if text not in self.licences:
            spdx = self.spdx
            refs = []
            for lic in sorted(self.report.licenses, key=lambda x: x.license_id):
                if lic.license_id.startswith("LicenseRef-") and lic.license_id in text.split():
                    url = scancode_url(lic.scancode_key)
                    if url:
                        refs.append(_new(spdx.DictionaryEntry, key=lic.license_id, value=url))
            self.licences[text] = self.add(
                _new(
                    spdx.simplelicensing_LicenseExpression,
                    _id=self.iri("license"),
                    creationInfo=self.creation,
                    simplelicensing_licenseExpression=text,
                    simplelicensing_customIdToUri=refs,
                )
            )
        return self.licences[text]

    def licence_relationships(self, element: Any, text: str | None) -> None:
        """Link ``element`` to its declared and concluded licences."""
        if not text:
            self.relate(element, "hasDeclaredLicense", [_NO_ASSERTION])
            self.relate(element, "hasConcludedLicense", [_NO_ASSERTION])
            return
        declared = self.expression(text)
        self.relate(element, "hasDeclaredLicense", [declared])
        unidentified = any(is_unidentified(t.strip("()")) for t in text.split())
        concluded = _NO_ASSERTION if unidentified else declared
        self.relate(
            element,
            "hasConcludedLicense",
            [concluded],
            "openlic could not identify a licence of this part" if unidentified else None,
        )


def _present(report: AuditReport, component: str) -> bool:
    return report.components[component].status is ComponentPresence.PRESENT


def _about(report: AuditReport, component: str) -> str | None:
    status = report.components[component]
    if status.status is ComponentPresence.PRESENT:
        return f"{component} in the release: {', '.join(sorted(status.paths)[:10])}"
    if status.status is ComponentPresence.REFERENCED:
        refs = ", ".join(sorted(status.references)[:10]) or "the model card"
        return f"{component} referenced (not shipped, not verified): {refs}"
    return None


def spdx3_objects(report: AuditReport, created: datetime | None = None) -> Any:
    """Return the document as an ``spdx_python_model`` SHACLObjectSet (SPDX 3.0.1)."""
    b = _Builder(report, created or created_time())
    spdx = b.spdx
    hub = hub_blob_base(report)
    location = hub.split("/blob/", 1)[0] if hub else None
    parameters = parameter_count(report)
    model = b.add(
        _new(
            spdx.ai_AIPackage,
            _id=b.iri("model"),
            creationInfo=b.creation,
            name=report.release_name,
            software_packageVersion=report.release_revision,
            software_downloadLocation=location,
            software_primaryPurpose=spdx.software_SoftwarePurpose.model,
            summary=f"Machine-learning model release read from {report.release_source}.",
            comment=(
                f"Open Source AI Definition 1.0: {osaid_label(report.osaid.verdict)}. "
                f"Model Openness Framework: {mof_class_name(report.mof.mof_class)}."
            ),
            ai_standardCompliance=[
                f"OSAID 1.0: {report.osaid.verdict.value}",
                f"MOF 1.0: {mof_class_name(report.mof.mof_class)}",
            ],
            ai_informationAboutTraining=_about(report, "training-code") or "noAssertion",
            ai_modelDataPreprocessing=[
                text for text in [_about(report, "data-preprocessing-code")] if text
            ],
            ai_metric=(
                [_new(spdx.DictionaryEntry, key="parameters", value=str(parameters))]
                if parameters
                else []
            ),
            ai_autonomyType=spdx.PresenceType.noAssertion,
        )
    )
    release_licence = " AND ".join(
        sorted({lic.license_id for lic in report.licenses if lic.components})
    )
    b.licence_relationships(model, part_license(report, ("model-parameters-final",)))
    contained = []
    for kind, components in parts(report).items():
        if kind not in ("code", "documentation"):
            continue
        paths = part_paths(report, components)
        package = b.add(
            _new(
                spdx.software_Package,
                _id=b.iri(PART_TITLES[kind]),
                creationInfo=b.creation,
                name=f"{report.release_name} {PART_TITLES[kind]}",
                software_primaryPurpose=(
                    spdx.software_SoftwarePurpose.source
                    if kind == "code"
                    else spdx.software_SoftwarePurpose.documentation
                ),
                software_downloadLocation=location,
                summary=f"MOF components: {', '.join(components)}",
                comment="Files: " + ", ".join(paths[:20]),
            )
        )
        b.licence_relationships(package, part_license(report, components))
        contained.append(package)
    if contained:
        b.relate(model, "contains", contained)
    for component, relation in (("datasets", "trainedOn"), ("evaluation-data", "testedOn")):
        datasets = _datasets(b, report, component)
        if datasets:
            b.relate(model, relation, datasets)
    document = b.add(
        _new(
            spdx.SpdxDocument,
            _id=b.iri("document"),
            creationInfo=b.creation,
            name=f"openlic-{report.release_name}",
            profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in _PROFILES],
            rootElement=[model],
            comment=f"Licences found in the release: {release_licence or 'none'}.",
        )
    )
    document.element = [o for o in b.objects if o is not document]
    return spdx.SHACLObjectSet(b.objects)


def _datasets(b: _Builder, report: AuditReport, component: str) -> list[Any]:
    spdx = b.spdx
    status = report.components[component]
    out = []
    if status.status is ComponentPresence.PRESENT:
        dataset = b.add(
            _new(
                spdx.dataset_DatasetPackage,
                _id=b.iri(component),
                creationInfo=b.creation,
                name=f"{report.release_name} {component}",
                dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
                software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                comment="Files: " + ", ".join(sorted(status.paths)[:20]),
            )
        )
        b.licence_relationships(dataset, status.license)
        out.append(dataset)
    for reference in sorted(status.references):
        out.append(
            b.add(
                _new(
                    spdx.dataset_DatasetPackage,
                    _id=b.iri(f"{component}-ref"),
                    creationInfo=b.creation,
                    name=reference,
                    dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
                    software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                    comment="Named by the release; not shipped in it and not verified by openlic.",
                )
            )
        )
    return out


def validate(data: dict[str, Any]) -> list[str]:
    """Read SPDX 3 JSON-LD back with ``spdx-python-model`` and return its problems.

    The document is decoded with the 3.0.1 bindings (types and enumerations checked on every
    property), every reference must resolve to an element of the document, and encoding it
    again must pass the bindings' required-property and cardinality checks.
    """
    import spdx_python_model  # noqa: PLC0415

    problems: list[str] = []
    try:
        model, objects = spdx_python_model.load_data(data)
        missing = objects.link()
        problems += [f"unresolved reference {iri}" for iri in sorted(missing)]
        model.JSONLDSerializer().serialize_data(objects)
        if not list(objects.foreach_type("ai_AIPackage")):
            problems.append("no ai_AIPackage in the document")
    except (ValueError, TypeError, KeyError, spdx_python_model.LoadError) as exc:
        problems.append(f"{type(exc).__name__}: {exc}")
    return problems


def format_spdx3(report: AuditReport, created: datetime | None = None) -> str:
    """Return the report as SPDX 3.0.1 JSON-LD (AI and Dataset profiles), validated.

    Raises:
        OpenlicError: when the bindings reject the document (a bug of openlic).

    """
    from spdx_python_model import v3_0_1 as spdx  # noqa: PLC0415

    try:
        data = spdx.JSONLDSerializer().serialize_data(spdx3_objects(report, created))
    except (ValueError, TypeError) as exc:
        raise OpenlicError(f"openlic built an invalid SPDX 3 document: {exc}") from exc
    problems = validate(data)
    if problems:
        raise OpenlicError("openlic built an invalid SPDX 3 document: " + "; ".join(problems[:5]))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
