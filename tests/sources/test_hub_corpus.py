"""Each release of the shared corpus served by the fake Hub audits as it does from its folder.

The corpus files (third-party, read in place from ../shared) are handed to the fake Hub in
memory; nothing is copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import openlic
from openlic.sources.hub import HubOptions
from tests.conftest import CORPUS
from tests.fakehub import FakeHub, FakeRepo, folder_files

RELEASES = sorted(p.name for p in CORPUS.iterdir()) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("release", RELEASES)
def test_corpus_release_through_the_hub_equals_the_folder(
    corpus_dir: Path, release: str, fake_hub: FakeHub, hf_cache: Path, validate_report
) -> None:
    fake_hub.add(FakeRepo(f"corpus/{release}", folder_files(corpus_dir / release)))
    options = HubOptions(endpoint=fake_hub.url, cache_dir=str(hf_cache), token=False, timeout=5)
    hub_report = openlic.audit(f"hf://corpus/{release}", hub=options).to_dict()
    folder_report = openlic.audit(corpus_dir / release).to_dict()
    validate_report(hub_report)
    hub_report.pop("release")
    folder_report.pop("release")
    # The one source fact that reaches a finding: a Hub repository has a known publisher
    # ("corpus" here), so a base model's notice duties bind it (warning); a local folder's
    # publisher is unknown, so the same finding is informational and says when it applies.
    for finding in folder_report["findings"]:
        if finding["rule"] == "notice-missing":
            finding["severity"] = "warning"
            finding["message"] = finding["message"].split(" (unless this release")[0]
    assert hub_report == folder_report
