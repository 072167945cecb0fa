"""Consistency rules: each fires on a release built to trigger it and stays silent otherwise."""

from __future__ import annotations

import openlic
from tests.conftest import reference_text

SAFETENSORS = b"\x08\x00\x00\x00\x00\x00\x00\x00{}      "
LLAMA2 = "LicenseRef-scancode-llama-2-license-2023"


def findings(report: openlic.AuditReport, rule: str) -> list[openlic.Finding]:
    return [f for f in report.findings if f.rule == rule]


def card(license_block: str, body: str = "# Model\n") -> str:
    return f"---\n{license_block}\n---\n{body}"


# --- card-license-mismatch ---------------------------------------------------------------


def test_card_mit_beside_a_llama_licence_file(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: mit"),
            "LICENSE": reference_text(LLAMA2),
            "model.safetensors": SAFETENSORS,
        }
    )
    (finding,) = findings(openlic.audit(root), "card-license-mismatch")
    assert finding.severity.value == "error"
    paths = [(e.path, e.start_line) for e in finding.evidence]
    assert ("README.md", 2) in paths
    assert any(path == "LICENSE" for path, _ in paths)
    assert LLAMA2 in finding.message


def test_version_mismatch_llama3_metadata_with_llama_3_1_text(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: llama3"),
            "LICENSE": reference_text("LicenseRef-scancode-llama-3.1-license-2024"),
        }
    )
    (finding,) = findings(openlic.audit(root), "card-license-mismatch")
    assert "llama-3.1" in finding.message


def test_card_mit_beside_a_custom_model_licence_file(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: mit"),
            "LICENSE-MODEL": "ACME Model License\n\nYou may use the model for research only.\n",
        }
    )
    (finding,) = findings(openlic.audit(root), "card-license-mismatch")
    assert "unidentified licence 'ACME Model License'" in finding.message


def test_matching_card_and_text_are_silent(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: llama2"),
            "LICENSE": reference_text(LLAMA2),
            "model.safetensors": SAFETENSORS,
        }
    )
    assert findings(openlic.audit(root), "card-license-mismatch") == []


def test_code_licence_beside_a_model_card_licence_is_silent(make_release) -> None:
    """DeepSeek-V3 style: MIT for the code, the model licence for the weights: both correct."""
    root = make_release(
        {
            "README.md": card(
                "license: other\nlicense_name: deepseek\nlicense_link: LICENSE-MODEL"
            ),
            "LICENSE-CODE": reference_text("MIT"),
            "LICENSE-MODEL": reference_text("LicenseRef-scancode-deepseek-la-1.0"),
            "inference/generate.py": "print('x')\n",
        }
    )
    report = openlic.audit(root)
    assert findings(report, "card-license-mismatch") == []
    assert findings(report, "missing-license") == []


# --- open-washing -------------------------------------------------------------------------


def test_open_source_claim_on_weights_only_release_is_informational(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: apache-2.0", "# M\n\nThis open-source model is great.\n"),
            "LICENSE": reference_text("Apache-2.0"),
            "model.safetensors": SAFETENSORS,
        }
    )
    (finding,) = findings(openlic.audit(root), "open-washing")
    assert finding.severity.value == "info"
    assert finding.evidence[0].path == "README.md"
    assert finding.evidence[0].start_line == 6
    assert "training-code" in finding.message
    assert "'open weights under the Apache License 2.0'" in finding.message
    assert "--with" in finding.message


def test_open_source_tag_counts_as_a_claim(make_release) -> None:
    root = make_release(
        {"README.md": card("license: mit\ntags:\n- open-source"), "model.safetensors": SAFETENSORS}
    )
    (finding,) = findings(openlic.audit(root), "open-washing")
    assert finding.evidence[0].start_line == 3


def test_mentions_of_other_open_source_things_are_not_claims(make_release) -> None:
    body = (
        "# M\n\nBuilt with open-source tools.\nIt outperforms other open-source models.\n"
        "Thanks to the open-source community. This is not an open-source model.\n"
    )
    root = make_release({"README.md": card("license: mit", body), "model.safetensors": SAFETENSORS})
    assert findings(openlic.audit(root), "open-washing") == []


def test_truly_open_release_claiming_open_source_is_silent(make_release) -> None:
    from tests.conftest import EXAMPLE

    report = openlic.audit(EXAMPLE)
    assert report.osaid.verdict.value == "open-source-ai"
    assert findings(report, "open-washing") == []


# --- missing-license (terms named but not shipped) ----------------------------------------


def test_license_link_to_a_missing_file(make_release) -> None:
    root = make_release(
        {"README.md": card("license: other\nlicense_name: acme\nlicense_link: LICENSE.md")}
    )
    (finding,) = findings(openlic.audit(root), "missing-license")
    assert finding.severity.value == "error"
    assert finding.evidence[0].start_line == 4


def test_license_link_to_a_present_file_is_silent(make_release) -> None:
    root = make_release(
        {
            "README.md": card("license: other\nlicense_name: acme\nlicense_link: ./LICENSE.md"),
            "LICENSE.md": "ACME Model License\n\nResearch only.\n",
        }
    )
    assert findings(openlic.audit(root), "missing-license") == []


def test_licence_known_only_by_url(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: other\nlicense_name: vendor-model-license\n"
                "license_link: https://example.com/model-license.pdf"
            )
        }
    )
    (finding,) = findings(openlic.audit(root), "missing-license")
    assert finding.severity.value == "warning"
    assert "only by URL" in finding.message


# --- gated-access -------------------------------------------------------------------------


def test_eu_exclusion_and_gate_fields(make_release) -> None:
    block = (
        "license: llama3.1\nextra_gated_eu_disallowed: true\nextra_gated_prompt: Accept the terms\n"
        "extra_gated_fields:\n  Name: text\n  Country: country"
    )
    root = make_release({"README.md": card(block)})
    found = findings(openlic.audit(root), "gated-access")
    assert [f.severity.value for f in found] == ["warning", "info"]
    assert found[0].evidence[0].start_line == 3
    assert "Name, Country" in found[1].message


def test_ungated_card_is_silent(make_release) -> None:
    root = make_release({"README.md": card("license: mit\nextra_gated_eu_disallowed: false")})
    assert findings(openlic.audit(root), "gated-access") == []


# --- lineage-conflict ---------------------------------------------------------------------


def test_llama_fine_tune_labelled_apache(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: apache-2.0\nbase_model: meta-llama/Llama-2-7b-hf", "# Llama-2-7b-tuned\n"
            )
        }
    )
    found = findings(openlic.audit(root), "lineage-conflict")
    assert [f.severity.value for f in found] == ["error"]
    assert "Llama 2" in found[0].message
    assert "Apache-2.0" in found[0].message
    assert found[0].evidence[0].start_line == 3


def test_llama_3_1_derivative_must_carry_the_name_prefix(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct",
                "# SuperChat 8B\n",
            )
        }
    )
    found = findings(openlic.audit(root), "lineage-conflict")
    assert [f.severity.value for f in found] == ["warning"]
    assert "'Llama'" in found[0].message
    assert found[0].evidence[1].text == "SuperChat 8B"


def test_derivative_keeping_the_base_licence_is_silent(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct",
                "# Llama-3.1-SuperChat-8B\n",
            )
        }
    )
    assert findings(openlic.audit(root), "lineage-conflict") == []


def test_permissive_base_is_silent(make_release) -> None:
    root = make_release(
        {"README.md": card("license: mit\nbase_model: mistralai/Mistral-7B-v0.1", "# M\n")}
    )
    assert findings(openlic.audit(root), "lineage-conflict") == []


# --- dataset-license-conflict -------------------------------------------------------------


def test_commercial_model_trained_on_non_commercial_data(make_release) -> None:
    root = make_release(
        {"README.md": card("license: apache-2.0\ndatasets:\n- tatsu-lab/alpaca\n- wikipedia")}
    )
    (finding,) = findings(openlic.audit(root), "dataset-license-conflict")
    assert "tatsu-lab/alpaca" in finding.message
    assert "non-commercial" in finding.message
    # The table marks alpaca's terms arguable (its card history disagrees): informational.
    assert finding.severity.value == "info"
    assert "not verified" in finding.message


def test_verified_dataset_terms_give_a_warning(make_release) -> None:
    root = make_release({"README.md": card("license: mit\ndatasets:\n- vicgalle/alpaca-gpt4")})
    (finding,) = findings(openlic.audit(root), "dataset-license-conflict")
    assert finding.severity.value == "warning"
    assert "not verified" not in finding.message


def test_non_commercial_model_on_non_commercial_data_is_silent(make_release) -> None:
    root = make_release({"README.md": card("license: cc-by-nc-4.0\ndatasets:\n- tatsu-lab/alpaca")})
    assert findings(openlic.audit(root), "dataset-license-conflict") == []


# --- license-claim-mismatch ---------------------------------------------------------------

FLUX_NC = "LicenseRef-scancode-flux-1-nc"


def test_commercial_claim_against_a_non_commercial_licence(make_release) -> None:
    body = "# M\n\nThis model is free for commercial use.\n"
    root = make_release(
        {
            "README.md": card(
                "license: other\nlicense_name: flux-1-dev-non-commercial-license", body
            ),
            "LICENSE.md": reference_text(FLUX_NC),
            "model.safetensors": SAFETENSORS,
        }
    )
    (finding,) = findings(openlic.audit(root), "license-claim-mismatch")
    assert (finding.evidence[0].path, finding.evidence[0].start_line) == ("README.md", 7)
    assert "non commercial" in finding.message


def test_non_commercial_statement_is_not_a_commercial_claim(make_release) -> None:
    body = "# M\n\nThis model is not licensed for commercial use.\n"
    root = make_release(
        {
            "README.md": card("license: mit", body),
            "LICENSE.md": reference_text(FLUX_NC),
            "model.safetensors": SAFETENSORS,
        }
    )
    assert findings(openlic.audit(root), "license-claim-mismatch") == []


# --- use-policy-missing -------------------------------------------------------------------


def test_llama_licence_without_its_acceptable_use_policy(make_release) -> None:
    root = make_release({"LICENSE": reference_text(LLAMA2), "model.safetensors": SAFETENSORS})
    (finding,) = findings(openlic.audit(root), "use-policy-missing")
    assert "Acceptable Use Policy" in finding.message
    assert finding.evidence[0].path == "LICENSE"


def test_llama_licence_with_its_policy_file_is_silent(make_release) -> None:
    root = make_release(
        {
            "LICENSE": reference_text(LLAMA2),
            "USE_POLICY.md": "# Llama 2 Acceptable Use Policy\n\nDo not misuse the model.\n",
            "model.safetensors": SAFETENSORS,
        }
    )
    assert findings(openlic.audit(root), "use-policy-missing") == []


# --- notice-missing -----------------------------------------------------------------------


def test_llama_3_1_derivative_without_notice_or_built_with(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B", "# Llama-3.1-Tuned\n"
            )
        }
    )
    found = findings(openlic.audit(root), "notice-missing")
    messages = " ".join(f.message for f in found)
    assert len(found) == 2
    assert "NOTICE" in messages
    assert "Built with Llama" in messages
    # A local folder's publisher is unknown: informational, and the message says when it binds.
    assert {f.severity.value for f in found} == {"info"}
    assert "unless this release is published by Meta" in messages


def test_llama_3_1_derivative_with_notice_and_built_with_is_silent(make_release) -> None:
    root = make_release(
        {
            "README.md": card(
                "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B",
                "# Llama-3.1-Tuned\n\nBuilt with Llama.\n",
            ),
            "NOTICE": "Llama 3.1 is licensed under the Llama 3.1 Community License, "
            "Copyright © Meta Platforms, Inc. All Rights Reserved.\n",
        }
    )
    assert findings(openlic.audit(root), "notice-missing") == []


def test_the_licensors_own_release_is_not_bound_by_notice_duties(make_release) -> None:
    root = make_release({"LICENSE": reference_text("LicenseRef-scancode-llama-3.1-license-2024")})
    assert findings(openlic.audit(root), "notice-missing") == []


def test_readme_says_mit_for_the_weights_while_the_model_licence_is_llama(make_release) -> None:
    root = make_release(
        {
            "README.md": "# M\n\nThe model weights are licensed under the MIT License.\n",
            "LICENSE": reference_text(LLAMA2),
            "USE_POLICY.md": "# Llama 2 Acceptable Use Policy\n",
            "model.safetensors": SAFETENSORS,
        }
    )
    (finding,) = findings(openlic.audit(root), "license-claim-mismatch")
    assert (finding.evidence[0].path, finding.evidence[0].start_line) == ("README.md", 3)
    assert LLAMA2 in finding.message


def test_deepseek_style_code_and_model_sentences_are_silent(make_release) -> None:
    """'This code repository is licensed under MIT; the model is subject to the Model License.'"""
    body = (
        "# DeepSeek-like\n\n"
        "This code repository is licensed under [the MIT License](LICENSE-CODE). "
        "The use of the models is subject to [the Model License](LICENSE-MODEL).\n"
    )
    root = make_release(
        {
            "README.md": body,
            "LICENSE-CODE": reference_text("MIT"),
            "LICENSE-MODEL": reference_text("LicenseRef-scancode-deepseek-la-1.0"),
            "inference/generate.py": "print('x')\n",
        }
    )
    report = openlic.audit(root)
    assert findings(report, "license-claim-mismatch") == []
    assert findings(report, "card-license-mismatch") == []


def test_sentence_about_a_sub_part_is_silent(make_release) -> None:
    body = "# M\n\nThe weights of the autoencoder are also released under apache-2.0.\n"
    root = make_release(
        {
            "README.md": body,
            "LICENSE-MODEL": reference_text("LicenseRef-scancode-flux-1-nc"),
            "model.safetensors": SAFETENSORS,
        }
    )
    assert findings(openlic.audit(root), "license-claim-mismatch") == []
