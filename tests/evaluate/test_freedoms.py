"""Release-level freedoms: the weakest licence governing a needed part decides."""

from __future__ import annotations

import openlic
from tests.conftest import reference_text

WEIGHTS = b"\x08\x00\x00\x00\x00\x00\x00\x00{}      "


def freedoms(report: openlic.AuditReport) -> dict[str, str]:
    return {f: v.verdict.value for f, v in report.freedoms.items()}


def test_open_weights_and_code_grant_every_freedom(make_release) -> None:
    report = openlic.audit(
        make_release(
            {
                "LICENSE": reference_text("Apache-2.0"),
                "model.safetensors": WEIGHTS,
                "train.py": "import torch\n",
            }
        )
    )
    assert freedoms(report) == dict.fromkeys(("use", "study", "modify", "share"), "granted")


def test_rail_weights_restrict_use_modify_share_but_not_study(make_release) -> None:
    report = openlic.audit(
        make_release(
            {
                "LICENSE-MODEL": reference_text("LicenseRef-scancode-deepseek-la-1.0"),
                "LICENSE-CODE": reference_text("MIT"),
                "model.safetensors": WEIGHTS,
                "inference/generate.py": "print('hi')\n",
            }
        )
    )
    assert freedoms(report) == {
        "use": "restricted", "study": "granted", "modify": "restricted", "share": "restricted",
    }  # fmt: skip
    use = report.freedoms["use"]
    assert any("LicenseRef-scancode-deepseek-la-1.0 restricts use" in r for r in use.reasons)
    assert any(e.path == "LICENSE-MODEL" and e.start_line for e in use.evidence)


def test_unanalysed_weights_licence_leaves_freedoms_unknown(make_release) -> None:
    report = openlic.audit(
        make_release(
            {
                "README.md": "---\nlicense: other\nlicense_name: acme-weights\n---\n# M\n",
                "model.safetensors": WEIGHTS,
            }
        )
    )
    assert set(freedoms(report).values()) == {"unknown"}


def test_data_information_under_restricted_terms_restricts_study_and_modify(make_release) -> None:
    report = openlic.audit(
        make_release(
            {
                "LICENSE": reference_text("Apache-2.0"),
                "model.safetensors": WEIGHTS,
                "train.py": "import torch\n",
                "data/LICENSE": reference_text("LicenseRef-scancode-flux-1-nc"),
                "data/train.jsonl": '{"text": "hello"}\n',
            }
        )
    )
    assert "LicenseRef-scancode-flux-1-nc" in (report.components["datasets"].license or "")
    got = freedoms(report)
    assert got["use"] == "granted"
    assert got["study"] == "granted"  # a non-commercial licence does not stop studying
    assert got["modify"] == "restricted"
