"""JSON report format v1 (see docs/report-format.md and data/schema/report-v1.schema.json)."""

from __future__ import annotations

import json

from openlic.model import AuditReport


def format_json(report: AuditReport) -> str:
    """Return the report as JSON: sorted keys, two-space indent, a final newline.

    The same release always gives byte-identical output.
    """
    return json.dumps(report.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
