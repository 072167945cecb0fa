"""Licences named in prose: README sentences, "License:" labels, badges, tables and links.

A reference is weaker evidence than a licence text, so it is read conservatively:

* a name counts only in a construction that states a licence: "licensed / released / made
  available / distributed under (the) NAME", "is subject to (the) NAME", a "License: NAME"
  label, a shields.io badge labelled "license", a cell of a table column headed "License", or
  a link to the licence's own page (``data/licenses/rules/names.yaml``);
* NAME must be one of the names listed for exactly one licence and version: "the Model
  License", "see LICENSE" or "RAIL License" name nothing;
* the part of the release the sentence speaks of (its *scope*: ``model``, ``code``, ``data``)
  comes only from words before the verb in the same sentence ("This code repository and the
  model weights are licensed under MIT" -> code and model). No such word, no scope: the
  reference is reported but governs nothing (see :mod:`openlic.evaluate.licensing`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

import attrs

from openlic import kb
from openlic.identification.catalog import catalog
from openlic.model import LicenseMatch

METHOD = "reference"

_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_MARKUP = re.compile(r"(\*\*|__|`|<[^>]+>)")
_LOOSE = re.compile(r"[^a-z0-9.+]+")
_VERB = re.compile(
    r"\b(?:licen[sc]ed|released|available|distributed|published|provided|offered|governed|"
    r"covered|shared|open[- ]sourced)\s+under\s+(?:the\s+terms\s+of\s+)?(?:the\s+|an?\s+)?"
    r"(?:open[- ]source\s+|permissive\s+|same\s+)?",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"\b(?:is|are)\s+subject\s+to\s+(?:the\s+)?", re.IGNORECASE)
_LABEL = re.compile(
    r"^[\s>*\-+|#]*(?:(?P<label>model|code|weights?|data(?:set)?)\s+)?licen[sc]e\s*[:：]\s*",
    re.IGNORECASE,
)
_BADGE = re.compile(
    r"img\.shields\.io/badge/(?P<label>[^-/]+)-(?P<name>[^/?\s\"')]+?)-[0-9a-z]+", re.I
)
_URL = re.compile(r"(?:https?://)?(?:www\.)?([^\s)\"'<>\]]+)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")
#: The subject of "X is licensed under": the words before the first auxiliary verb ("This
#: model was trained on data and is licensed ..." speaks of the model, not of the data).
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|shall|can|may)\b", re.I)
_EXCEPTION = re.compile(r"\b(?:except|excluding|other than|not|unless|but)\b", re.I)
_SCOPES = (
    ("model", re.compile(r"\b(?:models?|weights?|checkpoints?|parameters)\b", re.I)),
    ("code", re.compile(r"\b(?:code|codebase|source files|librar(?:y|ies)|software)\b", re.I)),
    ("data", re.compile(r"\b(?:data|datasets?)\b", re.I)),
)


def loose(text: str) -> str:
    """Return ``text`` in the loose form names are compared in (see names.yaml)."""
    folded = text.lower().replace("licence", "license").replace("%20", " ")
    out = _LOOSE.sub(" ", folded).strip()
    out = re.sub(r"(?<![0-9])\.|\.(?![0-9])", " ", out)
    out = " ".join(out.split())
    return out.removeprefix("the ")


@attrs.frozen
class LicenseNames:
    """Names and licence-page URLs of licences (``data/licenses/rules/names.yaml``)."""

    names: tuple[tuple[str, str], ...]
    urls: tuple[tuple[str, str], ...]
    #: (loose sentence, licence id, scope) of the README statements that state terms.
    statements: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def statements_in(self, paragraph: str) -> list[tuple[str, tuple[str, ...], int]]:
        """Return (licence id, scope, offset in ``paragraph``) of each statement it holds."""
        probe = loose(paragraph)
        out = []
        for sentence, license_id, scope in self.statements:
            if sentence not in probe:
                continue
            # Where the statement starts in the raw paragraph: its first three words, with
            # any markup or punctuation between them.
            head = r"\W+".join(re.escape(w) for w in sentence.split()[:3])
            where = re.search(head, paragraph, re.IGNORECASE)
            out.append((license_id, scope, where.start() if where else 0))
        return out

    def name_at_start(self, text: str) -> tuple[str, str] | None:
        """Return (licence id, name) of the longest name ``text`` starts with, or None."""
        probe = loose(text[:160])
        for name, license_id in self.names:
            if probe.startswith(name) and (len(probe) == len(name) or probe[len(name)] == " "):
                return license_id, name
        return None

    def exact(self, text: str) -> str | None:
        """Return the licence id whose name is exactly ``text`` (loosely), or None."""
        probe = loose(text)
        probe = probe.removesuffix(" license agreement").removesuffix(" license")
        for name, license_id in self.names:
            if probe in (name, name.removesuffix(" license agreement").removesuffix(" license")):
                return license_id
        return None

    def url(self, text: str) -> str | None:
        """Return the licence id whose licence page ``text`` (a URL) points to, or None."""
        probe = text.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/.")
        for prefix, license_id in self.urls:
            if probe.startswith(prefix):
                return license_id
        return None


@kb.cached
def license_names() -> LicenseNames:
    """Return the licence names and URLs, longest names first."""
    data = kb.load("licenses/rules/names.yaml")
    names: list[tuple[str, str]] = []
    urls: list[tuple[str, str]] = []
    for entry in data["licenses"]:
        for name in entry.get("names") or ():
            names.append((loose(str(name)), str(entry["id"])))
        for url in entry.get("urls") or ():
            urls.append((str(url).lower().rstrip("/"), str(entry["id"])))
    names.sort(key=lambda n: (-len(n[0]), n[0]))
    urls.sort(key=lambda u: (-len(u[0]), u[0]))
    statements = tuple(
        (loose(str(e["text"])), str(e["id"]), tuple(str(x) for x in e.get("scope") or ()))
        for e in data.get("statements") or ()
    )
    return LicenseNames(tuple(names), tuple(urls), statements)


@attrs.frozen
class _Paragraph:
    text: str
    first_line: int
    starts: tuple[int, ...]  # offset of each line's start in ``text``

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect_right(self.starts, offset) - 1


def _paragraphs(lines: list[str]) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    buffer: list[str] = []
    starts: list[int] = []
    first = 0
    for number, raw in enumerate([*lines, ""], start=1):
        clean = _MARKUP.sub("", _LINK.sub(r"\1 <\2>", raw)).strip()
        table_row = raw.lstrip().startswith("|")
        if not clean or table_row or (buffer and _LIST_ITEM.match(raw)):
            if buffer:
                out.append(_Paragraph(" ".join(buffer), first, tuple(starts)))
            buffer, starts = [], []
            if not clean or table_row:
                continue
        if not buffer:
            first = number
        starts.append(sum(len(b) + 1 for b in buffer))
        buffer.append(clean)
    return out


def without_front_matter(lines: list[str]) -> list[str]:
    """Blank a card's YAML front matter: its licence fields are card metadata, read elsewhere."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


def _scope(sentence_head: str) -> tuple[str, ...]:
    auxiliary = _AUXILIARY.search(sentence_head)
    if auxiliary:
        sentence_head = sentence_head[: auxiliary.start()]
    if _EXCEPTION.search(sentence_head):
        return ()  # "all models except the 3B ..." does not say which part it covers
    return tuple(name for name, pattern in _SCOPES if pattern.search(sentence_head))


def find_references(text: str, path: str | None = None) -> list[LicenseMatch]:
    """Return the licences that ``text`` names in prose, labels, badges, tables and links.

    Each match has method ``reference``, the line it is on, and in ``scope`` the parts of the
    release its sentence speaks of (empty when the sentence names none).
    """
    lines = without_front_matter(text.splitlines())
    names = license_names()
    found: dict[tuple[str, int], tuple[tuple[str, ...], str]] = {}

    def add(license_id: str, line: int, scope: tuple[str, ...]) -> None:
        key = (license_id, line)
        old = found.get(key)
        merged = tuple(sorted(set(scope) | set(old[0] if old else ())))
        quote = lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""
        found[key] = (merged, quote)

    for para in _paragraphs(lines):
        for stated, stated_scope, offset in names.statements_in(para.text):
            add(stated, para.line_at(offset), stated_scope)
        sentence_starts = [0] + [m.end() for m in re.finditer(r"[.;!?](?:\s|$)", para.text)]
        for pattern in (_VERB, _SUBJECT):
            for match in pattern.finditer(para.text):
                hit = names.name_at_start(para.text[match.end() :])
                if hit is None:
                    continue
                begin = max(s for s in sentence_starts if s <= match.start())
                scope = _scope(para.text[begin : match.start()])
                add(hit[0], para.line_at(match.end()), scope)
    for number, raw in enumerate(lines, start=1):
        label = _LABEL.match(_MARKUP.sub("", _LINK.sub(r"\1", raw)))
        if label:
            rest = _MARKUP.sub("", _LINK.sub(r"\1", raw))[label.end() :]
            hit = names.name_at_start(rest)
            if hit is not None:
                word = (label.group("label") or "").lower()
                add(hit[0], number, _scope(word) if word else ())
        for badge in _BADGE.finditer(raw):
            caption = badge.group("label").replace("_", " ").replace("%20", " ")
            if "licen" not in caption.lower():
                continue
            license_id = names.exact(badge.group("name").replace("_", " ").replace("--", "-"))
            if license_id:
                add(license_id, number, _scope(caption))
        if "licen" in raw.lower() or "terms" in raw.lower():
            for url in _URL.findall(raw):
                license_id = names.url(url)
                if license_id:
                    add(license_id, number, ())
    _tables(lines, names, add)
    cat = catalog()
    out: list[LicenseMatch] = []
    for (license_id, line), (scope, quote) in sorted(
        found.items(), key=lambda f: (f[0][1], f[0][0])
    ):
        info = cat.get(license_id)
        out.append(
            LicenseMatch(
                license_id=license_id,
                name=info.name if info else license_id,
                method=METHOD,
                score=1.0,
                path=path,
                start_line=line,
                end_line=line,
                scancode_key=info.scancode_key if info else None,
                hf_id=info.hf_id if info else None,
                matched_text=quote,
                scope=scope,
            )
        )
    return out


def _tables(lines: list[str], names: LicenseNames, add: object) -> None:
    """Cells of a Markdown table column headed "License" (a licence per model or file).

    The rows of a table of models get scope ``model`` only when every row names the same
    licence: a table that mixes licences (FLUX.1 [schnell] under Apache-2.0, [dev] under its
    non-commercial licence) does not say which row is the release's own.
    """
    header: list[str] | None = None
    column = -1
    rows: list[tuple[str, int]] = []
    models = False

    def flush() -> None:
        if rows and callable(add):
            uniform = len({license_id for license_id, _ in rows}) == 1
            for license_id, number in rows:
                add(license_id, number, ("model",) if models and uniform else ())
        rows.clear()

    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped.startswith("|"):
            flush()
            header, column = None, -1
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            column = next((i for i, c in enumerate(header) if "licen" in c), -1)
            models = any("model" in h or h == "name" for h in header)
            continue
        if column < 0 or column >= len(cells) or set(cells[column]) <= set("-: "):
            continue
        cell = _MARKUP.sub("", _LINK.sub(r"\1", cells[column]))
        license_id = names.exact(cell)
        if license_id:
            rows.append((license_id, number))
    flush()
