"""SPDX 2.3 JSON, built and validated with spdx-tools.

The document describes one package for the release (the model) that contains one package per
part the release ships: the weights, the code, the data and the documentation (the MOF
components of that type that are present). For each package:

- ``licenseDeclared`` is the licence expression the release states for the part (licence files,
  card metadata, SPDX headers, as openlic found them);
- ``licenseConcluded`` is the same expression when openlic identified every licence in it, and
  ``NOASSERTION`` when one is unidentified (``LicenseRef-openlic-unknown-...``);
- each ``LicenseRef-`` licence comes with its text (openlic's reference copy of the ScanCode
  LicenseDB text when it has one, else where the text is in the release).

The files are not listed (``filesAnalyzed: false``): openlic reads licence texts and headers,
not every byte, so it has no checksums to give. ``created`` is the current time unless
``SOURCE_DATE_EPOCH`` is set (then the output is byte-identical for the same release).
"""

from __future__ import annotations

import io
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
    osd_summary,
    part_license,
    part_paths,
    parts,
    place,
    reference_text,
    scancode_url,
)
from openlic.model import AuditReport, LicenseAssessment

_NAMESPACE = "https://spdx.org/spdxdocs/openlic"


def _spdx_id(text: str) -> str:
    """Return an SPDX element id (letters, digits, '.' and '-') for ``text``."""
    return "SPDXRef-" + "".join(c if c.isalnum() or c in ".-" else "-" for c in text)


def _expression(text: str | None) -> Any:
    # spdx-tools' own Licensing: building one takes a fifth of a second, and the validator
    # uses this one anyway
    from spdx_tools.common.spdx_licensing import spdx_licensing  # noqa: PLC0415
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion  # noqa: PLC0415

    if not text:
        return SpdxNoAssertion()
    return spdx_licensing.parse(text)


def _concluded(text: str | None) -> Any:
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion  # noqa: PLC0415

    if not text or any(is_unidentified(t.strip("() ")) for t in text.split()):
        return SpdxNoAssertion()
    return _expression(text)


def _extracted(lic: LicenseAssessment) -> Any:
    from spdx_tools.spdx.model.extracted_licensing_info import (  # noqa: PLC0415
        ExtractedLicensingInfo,
    )

    places = ", ".join(place(e) for e in lic.evidence[:6]) or "the release"
    text = reference_text(lic.license_id)
    comment = f"Found by openlic in {places}; {osd_summary(lic)}."
    if text is None:
        text = f"The licence text is in the release at {places}."
        if is_unidentified(lic.license_id):
            comment = f"openlic could not identify this licence ({lic.name}); found in {places}."
    else:
        comment += " The text given is openlic's reference copy from the ScanCode LicenseDB."
    url = scancode_url(lic.scancode_key)
    return ExtractedLicensingInfo(
        license_id=lic.license_id,
        extracted_text=text,
        license_name=lic.name,
        cross_references=[url] if url else [],
        comment=comment,
    )


def spdx_document(report: AuditReport, created: datetime | None = None) -> Any:
    """Return the report as an ``spdx_tools`` Document (SPDX 2.3), not yet validated.

    Args:
        report: the audit report.
        created: the creation time to record (default: :func:`created_time`).

    """
    from spdx_tools.spdx.model.actor import Actor, ActorType  # noqa: PLC0415
    from spdx_tools.spdx.model.document import CreationInfo, Document  # noqa: PLC0415
    from spdx_tools.spdx.model.package import Package, PackagePurpose  # noqa: PLC0415
    from spdx_tools.spdx.model.relationship import Relationship, RelationshipType  # noqa: PLC0415
    from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion  # noqa: PLC0415

    digest = document_digest(report)
    name = f"openlic-{report.release_name}"
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=name,
        document_namespace=f"{_NAMESPACE}/{_spdx_id(report.release_name)[8:]}-{digest[:32]}",
        creators=[Actor(ActorType.TOOL, f"openlic-{report.tool_version}")],
        created=created or created_time(),
        creator_comment=(
            "Licences as openlic read them from the release's files. Not legal advice."
        ),
        document_comment=(
            f"Open Source AI Definition 1.0: {osaid_label(report.osaid.verdict)}. "
            f"Model Openness Framework: {mof_class_name(report.mof.mof_class)}."
        ),
    )
    hub = hub_blob_base(report)
    location: Any = hub.split("/blob/", 1)[0] if hub else SpdxNoAssertion()
    all_ids = [lic.license_id for lic in sorted(report.licenses, key=lambda x: x.license_id)]
    release_licence = " AND ".join(all_ids) if all_ids else None
    release_id = _spdx_id(f"Release-{report.release_name}")
    packages = [
        Package(
            spdx_id=release_id,
            name=report.release_name,
            download_location=location,
            version=report.release_revision,
            files_analyzed=False,
            license_declared=_expression(release_licence),
            license_concluded=_concluded(release_licence),
            copyright_text=SpdxNoAssertion(),
            primary_package_purpose=PackagePurpose.OTHER,
            description=f"Machine-learning model release read from {report.release_source}.",
            comment="The whole release: every licence found anywhere in it.",
        )
    ]
    relationships = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, release_id)]
    for kind, components in parts(report).items():
        licence = part_license(report, components)
        paths = part_paths(report, components)
        part_id = _spdx_id(f"{PART_TITLES[kind]}-{report.release_name}")
        shown = ", ".join(paths[:20]) + (f" (+{len(paths) - 20} more)" if len(paths) > 20 else "")
        packages.append(
            Package(
                spdx_id=part_id,
                name=f"{report.release_name} {PART_TITLES[kind]}",
                download_location=location,
                version=report.release_revision,
                files_analyzed=False,
                license_declared=_expression(licence),
                license_concluded=_concluded(licence),
                copyright_text=SpdxNoAssertion(),
                primary_package_purpose=(
                    PackagePurpose.SOURCE if kind == "code" else PackagePurpose.FILE
                ),
                summary=f"MOF components: {', '.join(components)}",
                comment=f"Files: {shown}" if shown else "Files: none in the audited release.",
            )
        )
        relationships.append(Relationship(release_id, RelationshipType.CONTAINS, part_id))
    extracted = [
        _extracted(lic)
        for lic in sorted(report.licenses, key=lambda x: x.license_id)
        if lic.license_id.startswith("LicenseRef-")
    ]
    return Document(
        creation_info=creation,
        packages=packages,
        relationships=relationships,
        extracted_licensing_info=extracted,
    )


def validate(document: Any) -> list[str]:
    """Return the messages of spdx-tools' full SPDX 2.3 validation (empty when valid)."""
    from spdx_tools.spdx.validation.document_validator import (  # noqa: PLC0415
        validate_full_spdx_document,
    )

    return [m.validation_message for m in validate_full_spdx_document(document, "SPDX-2.3")]


def format_spdx(report: AuditReport, created: datetime | None = None) -> str:
    """Return the report as an SPDX 2.3 JSON document, validated by spdx-tools.

    Raises:
        OpenlicError: when spdx-tools finds the document invalid (a bug of openlic).

    """
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream  # noqa: PLC0415

    document = spdx_document(report, created)
    problems = validate(document)
    if problems:
        raise OpenlicError("openlic built an invalid SPDX document: " + "; ".join(problems[:5]))
    stream = io.StringIO()
    write_document_to_stream(document, stream, validate=False)
    data = json.loads(stream.getvalue())
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
