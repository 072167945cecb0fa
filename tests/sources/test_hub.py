"""The Hub source against a fake Hub: same report as a folder, no weights fetched, every error."""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

import openlic
from openlic.errors import SourceError, UsageError
from openlic.sources.hub import HubOptions, HubSource, HubTarget, refs_facts
from openlic.sources.interface import ReadLimits
from tests.conftest import EXAMPLE
from tests.fakehub import (
    Declared,
    FakeHub,
    FakeRepo,
    declared_safetensors,
    folder_files,
    huge_repo,
    safetensors_bytes,
)

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt")


def without_release(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "release"}


def rules(release_or_report: Any) -> list[str]:
    return sorted(f.rule for f in release_or_report.findings)


def weight_fetches(hub: FakeHub) -> list[str]:
    """Requests that fetched weight bytes: any GET of a weight file beyond its header."""
    out = []
    for r in hub.requests:
        if r.method != "GET" or not r.url_path.endswith(WEIGHT_SUFFIXES):
            continue
        if r.range is None or r.status == 200 or r.sent > 1024 * 1024:
            out.append(f"{r.method} {r.path} {r.range} {r.status}")
    return out


def example_repo(repo_id: str = "acme/tiny", **kwargs: Any) -> FakeRepo:
    return FakeRepo(repo_id, folder_files(EXAMPLE), **kwargs)


# --- targets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("hf://acme/tiny", HubTarget("acme/tiny")),
        ("hf://acme/tiny@step1000", HubTarget("acme/tiny", "model", "step1000")),
        ("hf://models/acme/tiny", HubTarget("acme/tiny")),
        ("hf://datasets/acme/data", HubTarget("acme/data", "dataset")),
        ("hf://datasets/acme/data@v1.0", HubTarget("acme/data", "dataset", "v1.0")),
        ("hf://gpt2", HubTarget("gpt2")),
        ("hf://acme/tiny@refs/pr/1", HubTarget("acme/tiny", "model", "refs/pr/1")),
    ],
)
def test_parse_targets(uri: str, expected: HubTarget) -> None:
    assert HubTarget.parse(uri) == expected


@pytest.mark.parametrize(
    "uri",
    ["hf://", "hf://acme/tiny@", "hf://a/b/c", "hf://spaces/acme/app", "hf://../etc", "acme/x"],
)
def test_bad_targets_are_usage_errors(uri: str) -> None:
    with pytest.raises(UsageError):
        HubTarget.parse(uri)


@pytest.mark.parametrize("revision", ["../../etc", "a/../b", "/abs", "a\\b", " "])
def test_revisions_that_could_leave_the_cache_are_refused(revision: str) -> None:
    with pytest.raises(UsageError, match="not a valid revision"):
        HubSource("hf://acme/tiny", options=HubOptions(revision=revision))


def test_two_different_revisions_are_a_usage_error() -> None:
    with pytest.raises(UsageError, match="two revisions"):
        HubSource("hf://acme/tiny@v1", options=HubOptions(revision="v2"))


# --- the same report as the folder ------------------------------------------------------------


def test_hub_report_equals_local_report(
    fake_hub: FakeHub, hub_options: HubOptions, validate_report
) -> None:
    fake_hub.add(example_repo())
    hub_report = openlic.audit("hf://acme/tiny", hub=hub_options).to_dict()
    local_report = openlic.audit(EXAMPLE).to_dict()
    validate_report(hub_report)
    assert without_release(hub_report) == without_release(local_report)
    release = hub_report["release"]
    assert release["name"] == "acme/tiny"
    assert release["source"] == "hf://acme/tiny"
    assert release["revision"] == fake_hub.repos[0].commit("main")
    assert local_report["release"]["hub"] is None
    assert weight_fetches(fake_hub) == []


def test_report_is_deterministic(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    first = json.dumps(openlic.audit("hf://acme/tiny", hub=hub_options).to_dict(), sort_keys=True)
    second = json.dumps(openlic.audit("hf://acme/tiny", hub=hub_options).to_dict(), sort_keys=True)
    assert first == second


def test_every_listed_file_is_in_the_release(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    files = folder_files(EXAMPLE)
    files["big/model-00001-of-00002.safetensors"] = Declared(10 * 1024**3, b"")
    files["data/train.parquet"] = b"PAR1" + b"\0" * 100
    fake_hub.add(FakeRepo("acme/tiny", files))
    release = HubSource("hf://acme/tiny", options=hub_options).read()
    by_path = {f.path: f for f in release.files}
    assert sorted(by_path) == sorted(files)
    weights = by_path["big/model-00001-of-00002.safetensors"]
    assert weights.size == 10 * 1024**3
    assert weights.text is None
    assert weights.unread_reason == "not-downloaded"
    assert weights.sha256 is not None
    assert len(weights.sha256) == 64
    assert by_path["data/train.parquet"].unread_reason == "not-downloaded"
    assert by_path["LICENSE"].text == (EXAMPLE / "LICENSE").read_text()


# --- what is fetched --------------------------------------------------------------------------


def test_only_texts_are_downloaded_and_weights_only_by_header(
    fake_hub: FakeHub, hub_options: HubOptions
) -> None:
    files = folder_files(EXAMPLE)
    files["model.safetensors"] = safetensors_bytes(
        {"w": ("F32", [256, 256])}, {"format": "pt", "license": "apache-2.0"}
    )
    files["pytorch_model.bin"] = b"PK\x03\x04" + b"\0" * 5000
    files["model.gguf"] = b"GGUF" + b"\0" * 5000
    files["tokenizer.json"] = b'{"version": "1.0"}'
    fake_hub.add(FakeRepo("acme/tiny", files))
    release = HubSource("hf://acme/tiny", options=hub_options).read()
    downloaded = {p.rsplit("/", 1)[-1] for p in fake_hub.paths("GET") if "/resolve/" in p}
    assert downloaded == {
        "LICENSE",
        "README.md",
        "DATASHEET.md",
        "TECHNICAL_REPORT.md",
        "config.json",
        "eval.py",
        "eval_results.json",
        "generate.py",
        "modeling_tiny.py",
        "prepare_data.py",
        "train.py",
        "model.safetensors",  # header only, by range
    }
    assert weight_fetches(fake_hub) == []
    ranges = [r.range for r in fake_hub.requests if r.url_path.endswith("model.safetensors")]
    assert ranges[0] == "bytes=0-7"
    header = release.facts["hub"]["weights"]["headers"][0]
    assert header["path"] == "model.safetensors"
    assert header["tensors"] == 1
    assert header["parameters"] == {"F32": 65536}
    assert header["metadata"] == {"format": "pt", "license": "apache-2.0"}
    weights = release.facts["hub"]["weights"]
    assert weights["formats"] == {"bin": 1, "gguf": 1, "safetensors": 1}
    assert weights["files"] == 3


def test_request_count_does_not_grow_with_the_weights(fake_hub: FakeHub, hf_cache: Path) -> None:
    texts = {"README.md": b"---\nlicense: apache-2.0\n---\n# m\n", "config.json": b"{}"}
    fake_hub.add(huge_repo("acme/small", 2, 10**9, texts))
    fake_hub.add(huge_repo("acme/medium", 60, 10**9, texts))
    fake_hub.add(huge_repo("acme/large", 800, 10**9, texts))
    counts = {}
    for name in ("acme/small", "acme/medium", "acme/large"):
        fake_hub.clear()
        options = HubOptions(
            endpoint=fake_hub.url, cache_dir=str(hf_cache / name), token=False, timeout=3
        )
        openlic.audit(f"hf://{name}", hub=options)  # the inventory's header reads included
        counts[name] = len(fake_hub.requests)
        assert weight_fetches(fake_hub) == []
    # 2 API calls, HEAD + GET per text file (3), then at most 2 * max_header_files header reads
    # and max_range_requests more: a constant, reached as soon as there are enough shards
    assert counts["acme/medium"] == counts["acme/large"] == 2 + 2 * 3 + 2 * 4 + 64
    assert counts["acme/small"] < counts["acme/large"]


def test_safetensors_parameters_come_from_the_api(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(huge_repo("acme/large", 6, 1000, {"README.md": b"# m\n"}))
    weights = HubSource("hf://acme/large", options=hub_options).read().facts["hub"]["weights"]
    assert weights["safetensors"] == {"parameters": {"BF16": 3000}, "total": 3000}
    assert weights["bytes"] == 6000
    assert len(weights["headers"]) == 4  # max_header_files
    assert weights["headers"][0]["parameters"] == {"BF16": 500}


def test_read_range_uses_http_ranges(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    weights = declared_safetensors({"w": ("BF16", [10**9])})
    other = declared_safetensors({"v": ("F32", [10])}, {"format": "pt"})
    fake_hub.add(
        FakeRepo(
            "acme/tiny",
            {"README.md": b"# x\n", "model.safetensors": weights, "extra/b.safetensors": other},
        )
    )
    options = attrs.evolve(hub_options, max_header_files=1, max_range_requests=2)
    source = HubSource("hf://acme/tiny", options=options)
    source.read()
    assert [r.range for r in fake_hub.requests if r.range] == [
        "bytes=0-7",
        f"bytes=8-{len(other.prefix) - 1}",
    ]
    fake_hub.clear()
    # the header read with the release and the downloaded card: no request
    assert source.read_range("extra/b.safetensors", 0, 8) == other.prefix[:8]
    assert source.read_range("README.md", 2, 1) == b"x"
    assert fake_hub.requests == []
    # other ranges: real range requests, within the budget
    assert source.read_range("model.safetensors", 0, 8) == weights.prefix[:8]
    assert source.read_range("model.safetensors", 8, 16) == weights.prefix[8:24]
    assert [r.range for r in fake_hub.requests] == ["bytes=0-7", "bytes=8-23"]
    assert source.read_range("model.safetensors", 24, 8) == b""  # budget spent: no request
    assert len(fake_hub.requests) == 2


def test_read_range_failures_give_empty_bytes(fake_hub: FakeHub, hub_options) -> None:
    weights = declared_safetensors({"w": ("BF16", [10**9])})
    fake_hub.add(FakeRepo("acme/tiny", {"README.md": b"# x\n", "model.safetensors": weights}))
    source = HubSource("hf://acme/tiny", options=hub_options)
    source.read()
    assert source.read_range("no-such-file", 0, 8) == b""
    assert source.read_range("model.safetensors", 10**6, 8) == b""  # refused by the server


def test_download_budget_keeps_licence_files_first(fake_hub: FakeHub, hf_cache: Path) -> None:
    fake_hub.add(example_repo())
    license_size = (EXAMPLE / "LICENSE").stat().st_size
    options = HubOptions(
        endpoint=fake_hub.url,
        cache_dir=str(hf_cache),
        token=False,
        max_download_bytes=license_size + 2000,
    )
    release = HubSource("hf://acme/tiny", options=options).read()
    read = {f.path for f in release.files if f.text is not None}
    assert {"LICENSE", "README.md"} <= read
    unread = release.facts["hub"]["unread"]
    assert unread
    assert all(u["reason"] == "download-budget" for u in unread)
    assert "hub-file-unread" in rules(release)


def test_text_size_cap_matches_the_local_source(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    hub_report = openlic.audit("hf://acme/tiny", hub=hub_options, max_text_bytes=1000).to_dict()
    local_report = openlic.audit(EXAMPLE, max_text_bytes=1000).to_dict()
    assert without_release(hub_report) == without_release(local_report)
    assert not any("/LICENSE" in p for p in fake_hub.paths())  # too large: never fetched


# --- revisions and refs -----------------------------------------------------------------------


def test_revision_and_checkpoint_refs(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    files = folder_files(EXAMPLE)
    older = dict(files, **{"README.md": b"---\nlicense: mit\n---\n# step 1000\n"})
    repo = fake_hub.add(
        FakeRepo(
            "acme/tiny",
            files,
            branches={"step1000": older, "step2000-tokens8B": files, "dev": files},
            tags={"v1.0": "main", "ckpt_007": "step1000"},
        )
    )
    release = HubSource("hf://acme/tiny@step1000", options=hub_options).read()
    assert release.revision == repo.commit("step1000")
    assert release.file("README.md").text.endswith("# step 1000\n")
    refs = release.facts["hub"]["refs"]
    assert refs["branches"] == ["dev", "main", "step1000", "step2000-tokens8B"]
    assert refs["tags"] == ["ckpt_007", "v1.0"]
    assert refs["checkpoints"] == [
        {"name": "ckpt_007", "kind": "tag"},
        {"name": "step1000", "kind": "branch"},
        {"name": "step2000-tokens8B", "kind": "branch"},
    ]
    by_option = HubSource(
        "hf://acme/tiny", options=attrs.evolve(hub_options, revision="v1.0")
    ).read()
    assert by_option.revision == repo.commit("main")


def test_refs_facts_orders_checkpoints_naturally() -> None:
    facts = refs_facts(["step10", "step9", "main", "step100"], [])
    assert [c["name"] for c in facts["checkpoints"]] == ["step9", "step10", "step100"]


# --- gating -----------------------------------------------------------------------------------


def gated_repo(mode: str = "manual") -> FakeRepo:
    files = folder_files(EXAMPLE)
    card = (EXAMPLE / "README.md").read_text()
    card = card.replace(
        "---\n", "---\nextra_gated_eu_disallowed: true\nextra_gated_fields:\n  Company: text\n", 1
    )
    files["README.md"] = card.encode()
    return FakeRepo("acme/gated", files, gated=mode, granted_tokens=frozenset({"hf_granted"}))


def test_gated_repo_without_access_audits_what_the_api_shows(
    fake_hub: FakeHub, hub_options: HubOptions
) -> None:
    fake_hub.add(gated_repo())
    report = openlic.audit("hf://acme/gated", hub=hub_options)
    hub = report.to_dict()["release"]["hub"]
    assert hub["gated"] == "manual"
    assert hub["gating"] == {
        "mode": "manual",
        "manual_approval": True,
        "eu_disallowed": True,
        "prompt": None,
        "fields": ["Company"],
    }
    unread = {u["path"]: u["reason"] for u in hub["unread"]}
    assert unread["LICENSE"] == "gated"
    assert report.release_facts["hub"]["unread"] == hub["unread"]
    assert "README.md" not in unread  # the card of a gated repo is public
    found = {(f.rule, f.severity.value) for f in report.findings}
    assert ("gated-access", "warning") in found
    assert ("hub-file-unread", "warning") in found
    unread_findings = [f for f in report.findings if f.rule == "hub-file-unread"]
    assert len(unread_findings) == 1  # one finding per reason, every file as evidence
    assert {e.path for e in unread_findings[0].evidence} == set(unread)
    assert unread_findings[0].message.startswith(f"{len(unread)} files the audit reads")
    assert not any(r.range for r in fake_hub.requests)  # no header reads without access
    manual = [f for f in report.findings if f.rule == "gated-access" and "manual" in f.message]
    assert manual
    assert manual[0].evidence[0].path == "hf://acme/gated"
    assert weight_fetches(fake_hub) == []


def test_gated_weights_say_why_they_are_unread(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(gated_repo())
    release = HubSource("hf://acme/gated", options=hub_options).read()
    assert release.file("model.safetensors").unread_reason == "gated"
    assert release.facts["hub"]["weights"]["headers"] == [
        {"path": "model.safetensors", "error": "gated: no access with this token"}
    ]


def test_gated_repo_with_a_granted_token_reads_everything(
    fake_hub: FakeHub, hub_options: HubOptions
) -> None:
    fake_hub.add(gated_repo())
    options = attrs.evolve(hub_options, token="hf_granted")
    release = HubSource("hf://acme/gated", options=options).read()
    assert release.facts["hub"]["unread"] == []
    assert release.file("LICENSE").text is not None
    assert any(r.authorization == "Bearer hf_granted" for r in fake_hub.requests)


def test_token_comes_from_hf_token_by_default(
    fake_hub: FakeHub, hub_options: HubOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.add(gated_repo())
    monkeypatch.setenv("HF_TOKEN", "hf_granted")
    release = HubSource("hf://acme/gated", options=attrs.evolve(hub_options, token=None)).read()
    assert release.facts["hub"]["unread"] == []
    assert {r.authorization for r in fake_hub.requests} == {"Bearer hf_granted"}


def test_card_data_is_kept_when_the_card_cannot_be_read(
    fake_hub: FakeHub, hub_options: HubOptions
) -> None:
    repo = gated_repo("auto")
    fake_hub.add(dataclasses.replace(repo, unservable=frozenset({"README.md"})))
    release = HubSource("hf://acme/gated", options=hub_options).read()
    hub = release.facts["hub"]
    assert hub["card_data"]["license"] == "apache-2.0"
    assert {"path": "README.md", "reason": "missing"} in hub["unread"]
    eu = [f for f in release.findings if f.rule == "gated-access"]
    assert eu
    assert "European Union" in eu[0].message


# --- errors -----------------------------------------------------------------------------------


def read_error(target: str, options: HubOptions) -> str:
    with pytest.raises(SourceError) as info:
        HubSource(target, options=options).read()
    message = str(info.value)
    assert "\n" not in message
    assert info.value.location.startswith("hf://")
    return message


def test_missing_repo(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    message = read_error("hf://acme/nothing", hub_options)
    assert message.startswith("hf://acme/nothing: repository not found")


def test_missing_dataset(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo("acme/data"))  # a model, not a dataset
    assert "repository not found" in read_error("hf://datasets/acme/data", hub_options)


def test_missing_revision(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    message = read_error("hf://acme/tiny@nope", hub_options)
    assert message == "hf://acme/tiny: revision 'nope' not found"


def test_rate_limit_is_not_waited_for(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    fake_hub.mode = "rate-limit"  # Retry-After: 3600
    started = time.monotonic()
    message = read_error("hf://acme/tiny", hub_options)
    assert "rate limited" in message
    # Retry-After asks for an hour; a minute bounds the call on a loaded machine all the same.
    assert time.monotonic() - started < 60
    assert len(fake_hub.requests) == 1


def test_rate_limit_during_downloads_is_not_retried(
    fake_hub: FakeHub, hub_options: HubOptions
) -> None:
    fake_hub.add(example_repo())
    openlic.audit("hf://acme/tiny", hub=hub_options)  # warm: nothing
    fake_hub.clear()

    class Flip:
        calls = 0

    original = fake_hub.record

    def record(entry: Any) -> None:
        original(entry)
        Flip.calls += 1
        if Flip.calls == 2:  # after model info and refs: the downloads are rate limited
            fake_hub.mode = "rate-limit"

    fake_hub.record = record  # type: ignore[method-assign]
    options = attrs.evolve(hub_options, cache_dir=str(Path(hub_options.cache_dir) / "fresh"))
    started = time.monotonic()
    message = read_error("hf://acme/tiny", options)
    assert "rate limited" in message
    assert time.monotonic() - started < 5


def test_server_error(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    fake_hub.mode = "error"
    assert "HTTP 500" in read_error("hf://acme/tiny", hub_options)


def test_access_denied(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    fake_hub.mode = "forbidden"
    assert read_error("hf://acme/tiny", hub_options) == (
        f"hf://acme/tiny: access denied by {fake_hub.url} (HTTP 403)"
    )


def test_nothing_is_printed(
    fake_hub: FakeHub, hub_options: HubOptions, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQDM_POSITION", "-1")  # huggingface_hub would show its download bars
    fake_hub.add(example_repo())
    openlic.audit("hf://acme/tiny", hub=hub_options)
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_hanging_server_is_bounded_by_the_timeout(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    fake_hub.mode = "hang"
    started = time.monotonic()
    message = read_error("hf://acme/tiny", attrs.evolve(hub_options, timeout=0.5))
    assert message.endswith("within 0.5 s")
    assert time.monotonic() - started < 3


def test_slow_hub_within_the_timeout_works(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    fake_hub.delay = 0.05
    release = HubSource("hf://acme/tiny", options=attrs.evolve(hub_options, timeout=2)).read()
    assert release.file("LICENSE").text is not None


def test_hub_slower_than_the_timeout_fails_fast(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    fake_hub.delay = 2
    started = time.monotonic()
    message = read_error("hf://acme/tiny", attrs.evolve(hub_options, timeout=0.3))
    assert message.endswith("within 0.3 s")
    assert time.monotonic() - started < 2


def test_hanging_refs_call_is_bounded(fake_hub: FakeHub, hub_options) -> None:
    # list_repo_refs has no timeout parameter: openlic's hooks give it the configured one
    fake_hub.add(example_repo())
    fake_hub.hang_paths = ("/api/models/acme/tiny/refs",)
    started = time.monotonic()
    message = read_error("hf://acme/tiny", attrs.evolve(hub_options, timeout=0.5))
    assert message == "hf://acme/tiny: no answer from " + fake_hub.url + " within 0.5 s"
    assert time.monotonic() - started < 3


def test_server_hanging_on_downloads_is_bounded(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    fake_hub.hang_paths = ("/acme/tiny/resolve/",)
    started = time.monotonic()
    message = read_error("hf://acme/tiny", attrs.evolve(hub_options, timeout=0.5))
    assert "no answer within 0.5 s" in message
    assert time.monotonic() - started < 4
    heads = [r for r in fake_hub.requests if r.method == "HEAD"]
    assert len(heads) <= 1  # the first try only: no retry


def test_hooks_survive_a_new_client(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    # after a connection error huggingface_hub closes its client and retries with a new one
    from huggingface_hub import close_session, get_session

    from openlic.sources.hub import _request_hook, _response_hook

    fake_hub.add(example_repo())
    HubSource("hf://acme/tiny", options=hub_options).read()
    close_session()
    hooks = get_session().event_hooks
    assert _request_hook in hooks["request"]
    assert _response_hook in hooks["response"]


def test_connection_dropped_during_downloads(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    fake_hub.drop_paths = ("/acme/tiny/resolve/",)
    started = time.monotonic()
    message = read_error("hf://acme/tiny", hub_options)
    assert message == f"hf://acme/tiny: {fake_hub.url} dropped the connection without an answer"
    assert time.monotonic() - started < 4
    assert len([r for r in fake_hub.requests if "/resolve/" in r.path]) <= 2


def test_network_down(hf_cache: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = HubOptions(endpoint=f"http://127.0.0.1:{port}", cache_dir=str(hf_cache), token=False)
    started = time.monotonic()
    message = read_error("hf://acme/tiny", options)
    assert "cannot reach http://127.0.0.1" in message
    assert time.monotonic() - started < 5


def test_entry_listed_but_not_served(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo(unservable=frozenset({"train.py"})))
    release = HubSource("hf://acme/tiny", options=hub_options).read()
    assert release.facts["hub"]["unread"] == [{"path": "train.py", "reason": "missing"}]
    finding = next(f for f in release.findings if f.rule == "hub-file-unread")
    assert finding.evidence[0].path == "train.py"
    assert release.file("train.py").text is None
    assert release.file("train.py").unread_reason == "missing"


# --- offline ----------------------------------------------------------------------------------


def test_offline_audit_from_the_cache(
    fake_hub: FakeHub, hub_options: HubOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.add(example_repo())
    online = openlic.audit("hf://acme/tiny", hub=hub_options).to_dict()
    fake_hub.clear()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = openlic.audit("hf://acme/tiny", hub=attrs.evolve(hub_options, offline=None))
    assert fake_hub.requests == []
    report = offline.to_dict()
    # the same licences and verdicts; weight headers were never cached, so only their evidence
    # (parameter counts read by range requests online) can differ
    assert report["licenses"] == online["licenses"]
    assert report["mof"] == online["mof"]
    assert report["osaid"]["verdict"] == online["osaid"]["verdict"]
    for key, status in (("freedoms", "verdict"), ("components", "status")):
        assert {k: v[status] for k, v in report[key].items()} == {
            k: v[status] for k, v in online[key].items()
        }
    assert report["release"]["hub"]["offline"] is True
    assert report["release"]["revision"] == online["release"]["revision"]


def test_offline_listing_keeps_uncached_weights(fake_hub: FakeHub, hub_options) -> None:
    files = folder_files(EXAMPLE)
    files["model-00001-of-00002.safetensors"] = Declared(5 * 1024**3, b"")
    fake_hub.add(FakeRepo("acme/tiny", files))
    HubSource("hf://acme/tiny", options=hub_options).read()
    offline = HubSource("hf://acme/tiny", options=attrs.evolve(hub_options, offline=True)).read()
    shard = offline.file("model-00001-of-00002.safetensors")
    assert shard is not None
    assert shard.size == 5 * 1024**3
    assert shard.unread_reason == "not-downloaded"
    assert rules(offline) == []
    weights = offline.facts["hub"]["weights"]
    assert (weights["files"], weights["headers"], weights["safetensors"]) == (2, [], None)
    assert weights["bytes"] == 5 * 1024**3 + (EXAMPLE / "model.safetensors").stat().st_size


def test_offline_without_the_listing(fake_hub: FakeHub, hub_options, hf_cache: Path) -> None:
    fake_hub.add(example_repo())
    HubSource("hf://acme/tiny", options=hub_options).read()
    for tree in hf_cache.glob("models--acme--tiny/trees/*.json"):
        tree.unlink()
    offline = HubSource("hf://acme/tiny", options=attrs.evolve(hub_options, offline=True)).read()
    assert rules(offline) == ["hub-listing-unavailable"]
    assert offline.file("LICENSE") is not None


def test_offline_at_a_revision(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    repo = fake_hub.add(example_repo(branches={"step1000": folder_files(EXAMPLE)}))
    HubSource("hf://acme/tiny@step1000", options=hub_options).read()
    offline = attrs.evolve(hub_options, offline=True)
    assert HubSource("hf://acme/tiny@step1000", options=offline).read().revision == repo.commit(
        "step1000"
    )
    commit = repo.commit("step1000")
    assert HubSource(f"hf://acme/tiny@{commit}", options=offline).read().revision == commit
    with pytest.raises(SourceError, match="not in the local Hugging Face cache"):
        HubSource("hf://acme/tiny", options=offline).read()  # main was never fetched


def test_offline_not_cached(hf_cache: Path) -> None:
    options = HubOptions(cache_dir=str(hf_cache), offline=True)
    with pytest.raises(SourceError) as info:
        HubSource("hf://acme/never", options=options).read()
    assert (
        str(info.value) == "hf://acme/never is not in the local Hugging Face cache (offline mode)"
    )


def test_offline_read_range_reads_the_cached_file(fake_hub: FakeHub, hub_options) -> None:
    fake_hub.add(example_repo())
    HubSource("hf://acme/tiny", options=hub_options).read()
    source = HubSource("hf://acme/tiny", options=attrs.evolve(hub_options, offline=True))
    source.read()
    assert source.read_range("LICENSE", 0, 14) == (EXAMPLE / "LICENSE").read_bytes()[:14]
    assert source.read_range("model.safetensors", 0, 8) == b""  # never downloaded


# --- following base models and datasets -------------------------------------------------------


def card(meta: str, body: str = "# card\n") -> bytes:
    return f"---\n{meta}---\n{body}".encode()


def linked_hub(hub: FakeHub) -> None:
    files = folder_files(EXAMPLE)
    files["README.md"] = card(
        "license: apache-2.0\nbase_model: acme/base\ndatasets:\n- acme/corpus\n- acme/gone\n"
    )
    hub.add(FakeRepo("acme/tiny", files))
    hub.add(
        FakeRepo("acme/base", {"README.md": card("license: llama3.1\nbase_model: meta/root\n")})
    )
    hub.add(
        FakeRepo(
            "meta/root",
            {"README.md": card("license: other\nlicense_name: root-license\n")},
            gated="manual",
        )
    )
    hub.add(
        FakeRepo("acme/corpus", {"README.md": card("license: cc-by-nc-4.0\n")}, repo_type="dataset")
    )


def test_links_are_not_followed_by_default(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    linked_hub(fake_hub)
    release = HubSource("hf://acme/tiny", options=hub_options).read()
    assert release.facts["hub"]["links"] == []
    assert not any("acme/base" in p for p in fake_hub.paths())


def test_follow_base_chain_and_datasets(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    linked_hub(fake_hub)
    options = attrs.evolve(hub_options, follow_base=3, follow_datasets=5)
    report = openlic.audit("hf://acme/tiny", hub=options)
    links = {link["repo_id"]: link for link in report.to_dict()["release"]["hub"]["links"]}
    assert sorted(links) == ["acme/base", "acme/corpus", "acme/gone", "meta/root"]
    base = links["acme/base"]
    assert (base["relation"], base["depth"], base["via"], base["license"]) == (
        "base_model",
        1,
        "acme/tiny",
        "llama3.1",
    )
    assert base["evidence"] == {
        "path": "hf://acme/base/README.md",
        "start_line": 2,
        "end_line": 2,
        "text": "license: llama3.1",
    }
    root = links["meta/root"]
    assert (root["depth"], root["via"], root["license_name"], root["gated"]) == (
        2,
        "acme/base",
        "root-license",
        "manual",
    )
    corpus = links["acme/corpus"]
    assert (corpus["relation"], corpus["license"], corpus["uri"]) == (
        "dataset",
        "cc-by-nc-4.0",
        "hf://datasets/acme/corpus",
    )
    assert links["acme/gone"]["error"].startswith("repository not found")
    found = sorted((f.rule, f.evidence[0].path) for f in report.findings if "link" in f.rule)
    assert found == [
        ("hub-link-license", "hf://acme/base/README.md"),
        ("hub-link-license", "hf://datasets/acme/corpus/README.md"),
        ("hub-link-license", "hf://meta/root/README.md"),
        ("hub-link-unreadable", "hf://datasets/acme/gone"),
    ]
    assert weight_fetches(fake_hub) == []


def test_follow_base_depth_and_dataset_count_are_bounded(fake_hub: FakeHub, hub_options) -> None:
    linked_hub(fake_hub)
    options = attrs.evolve(hub_options, follow_base=1, follow_datasets=1)
    links = HubSource("hf://acme/tiny", options=options).read().facts["hub"]["links"]
    assert [link["repo_id"] for link in links] == ["acme/base", "acme/corpus"]
    assert not any("meta/root" in p for p in fake_hub.paths())


def test_follow_base_offline_reads_cached_cards(fake_hub: FakeHub, hub_options) -> None:
    linked_hub(fake_hub)
    HubSource("hf://acme/tiny", options=attrs.evolve(hub_options, follow_base=1)).read()
    offline = attrs.evolve(hub_options, offline=True, follow_base=2)
    links = HubSource("hf://acme/tiny", options=offline).read().facts["hub"]["links"]
    assert [(link["repo_id"], link["license"], link["error"]) for link in links] == [
        ("acme/base", "llama3.1", None),
        ("meta/root", None, "not in the local cache (offline)"),
    ]


def test_dataset_target(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(
        FakeRepo(
            "acme/corpus",
            {"README.md": card("license: cc-by-4.0\n"), "data/train.jsonl": b'{"t": 1}\n'},
            repo_type="dataset",
        )
    )
    release = HubSource("hf://datasets/acme/corpus", options=hub_options).read()
    assert release.facts["hub"]["repo_type"] == "dataset"
    assert release.file("README.md").text is not None
    assert release.file("data/train.jsonl").unread_reason == "not-downloaded"
    assert all(p.startswith(("/api/datasets/", "/datasets/")) for p in fake_hub.paths())


def test_limits_apply_to_the_listing(fake_hub: FakeHub, hub_options: HubOptions) -> None:
    fake_hub.add(example_repo())
    release = HubSource("hf://acme/tiny", ReadLimits(max_files=3), hub_options).read()
    assert len(release.files) == 3
    assert "release-too-many-files" in rules(release)
