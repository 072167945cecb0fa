"""Several sources read as one release: a model repository plus the repositories it is split into.

``openlic check PATH --with OTHER_PATH`` audits a release whose parts live in several places (the
weights in one repository, the training code in another, the dataset card in a third). The main
source's files keep their paths; each other source's files are placed under a folder named after
it (``amber-train/main.py``), so that licence files keep governing their own part and evidence
still names the file exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from openlic.model import Evidence, Finding, Release, ReleaseFile
from openlic.sources.interface import Source


class CombinedSource(Source):
    """Read a main source and further sources as one release.

    Args:
        main: the source whose files stay at the root (its name and revision name the release).
        others: further sources; their files go under a folder named after each release.

    """

    def __init__(self, main: Source, others: Sequence[Source]) -> None:
        """Keep the sources; nothing is read until :meth:`read`."""
        self._main = main
        self._others = tuple(others)
        self._prefixes: list[tuple[str, Source]] = []

    def read(self) -> Release:
        """Read every source and merge their files (see :meth:`Source.read`)."""
        main = self._main.read()
        files: list[ReleaseFile] = list(main.files)
        findings: list[Finding] = list(main.findings)
        taken = {f.path.split("/", 1)[0] for f in main.files}
        parts: list[dict[str, str | None]] = []
        self._prefixes = []
        for source in self._others:
            release = source.read()
            prefix = _free_name(_folder_name(release.name), taken)
            taken.add(prefix)
            self._prefixes.append((prefix, source))
            parts.append(
                {
                    "path": prefix,
                    "name": release.name,
                    "source": release.source,
                    "revision": release.revision,
                }
            )
            files.extend(_moved(f, prefix) for f in release.files)
            findings.extend(_moved_finding(finding, prefix) for finding in release.findings)
        files.sort(key=lambda f: f.path)
        facts = dict(main.facts)
        facts["with"] = parts
        return Release(
            name=main.name,
            source=main.source,
            revision=main.revision,
            files=tuple(files),
            findings=tuple(findings),
            facts=facts,
        )

    def read_range(self, path: str, start: int, length: int) -> bytes:
        """Return bytes of ``path`` from the source holding it (see :meth:`Source.read_range`)."""
        for prefix, source in self._prefixes:
            if path.startswith(prefix + "/"):
                return source.read_range(path[len(prefix) + 1 :], start, length)
        return self._main.read_range(path, start, length)


def _folder_name(name: str) -> str:
    """Return a folder name for a release name (a Hub id ``org/name`` becomes ``name``)."""
    cleaned = name.rstrip("/").rsplit("/", 1)[-1].strip() or "with"
    return cleaned.replace("\\", "_")


def _free_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}-{number}", number + 1
    return candidate


def _moved(f: ReleaseFile, prefix: str) -> ReleaseFile:
    return ReleaseFile(f"{prefix}/{f.path}", f.size, f.text, f.head, f.unread_reason, f.sha256)


def _moved_finding(finding: Finding, prefix: str) -> Finding:
    evidence = tuple(
        Evidence(f"{prefix}/{e.path}", e.start_line, e.end_line, e.text) for e in finding.evidence
    )
    return Finding(finding.rule, finding.severity, finding.message, evidence)
