"""Typing files by name, from the rules in ``data/inventory/file-types.yaml``."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from openlic import kb
from openlic.model import FileKind


@attrs.frozen
class TypeRule:
    """One ordered rule of the file-type table."""

    kind: FileKind
    names: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    exclude_names: tuple[str, ...] = ()
    skip_extensions: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    reason: str = ""
    # The globs above compiled into one regular expression each (None when there are none).
    names_re: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)
    paths_re: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)
    folders_re: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)
    excluded_re: re.Pattern[str] | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TypeRule:
        """Build a rule from its YAML mapping."""

        def low(key: str) -> tuple[str, ...]:
            return tuple(str(v).lower() for v in data.get(key, ()))

        return cls(
            kind=FileKind(data["kind"]),
            names=low("names"),
            paths=low("paths"),
            folders=low("folders"),
            extensions=low("extensions"),
            exclude_names=low("exclude_names"),
            skip_extensions=low("skip_extensions"),
            components=tuple(data.get("components", ())),
            reason=str(data.get("reason", "")),
            names_re=_globs(low("names")),
            paths_re=_globs(low("paths")),
            folders_re=_globs(low("folders")),
            excluded_re=_globs(low("exclude_names")),
        )

    def matches(self, path: str) -> bool:
        """Return True when the rule applies to the release-relative ``path``."""
        low_path = path.lower()
        name = low_path.rsplit("/", 1)[-1]
        folders = low_path.split("/")[:-1]
        if self.excluded_re is not None and self.excluded_re.match(name):
            return False
        if self.skip_extensions and name.endswith(self.skip_extensions):
            return False
        by_ext = bool(self.extensions) and name.endswith(self.extensions)
        by_name = self.names_re is not None and self.names_re.match(name) is not None
        by_path = self.paths_re is not None and self.paths_re.match(low_path) is not None
        by_folder = self.folders_re is not None and any(self.folders_re.match(f) for f in folders)
        located = by_name or by_path or by_folder
        if self.extensions and (self.names or self.paths or self.folders):
            # Both given: the name/folder must match *and* the extension must fit.
            return located and by_ext
        return located or by_ext


def _globs(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compile globs into one expression that matches like :func:`fnmatch.fnmatchcase`."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


@attrs.frozen
class FileTypeTable:
    """The whole file-type table: ordered rules, licence scopes, component groups."""

    rules: tuple[TypeRule, ...]
    component_groups: Mapping[str, tuple[str, ...]]
    scopes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    intermediate_folders: tuple[str, ...]

    @classmethod
    def load(cls) -> FileTypeTable:
        """Read the table from the knowledge base."""
        data = kb.load("inventory/file-types.yaml")
        return cls(
            rules=tuple(TypeRule.from_data(r) for r in data["rules"]),
            component_groups={k: tuple(v) for k, v in data["component_groups"].items()},
            scopes=tuple(
                (
                    s["group"],
                    tuple(p.lower() for p in s.get("names", ())),
                    tuple(p.lower() for p in s.get("folders", ())),
                )
                for s in data["license_scopes"]
            ),
            intermediate_folders=tuple(p.lower() for p in data["intermediate_folders"]),
        )

    def classify(self, path: str) -> tuple[FileKind, tuple[str, ...], str]:
        """Return (kind, components, reason) for ``path``; OTHER when no rule matches."""
        for rule in self.rules:
            if rule.matches(path):
                components = rule.components
                if "model-parameters-final" in components and self.is_intermediate(path):
                    components = ("model-parameters-intermediate",)
                    return rule.kind, components, "weights in a checkpoint folder"
                if rule.kind is FileKind.WEIGHTS and self.is_intermediate(path):
                    # Optimizer state saved with a checkpoint is part of that checkpoint.
                    components = (*components, "model-parameters-intermediate")
                    return rule.kind, components, f"{rule.reason} in a checkpoint folder"
                return rule.kind, components, rule.reason or f"{rule.kind.value} (by name)"
        return FileKind.OTHER, (), ""

    def is_intermediate(self, path: str) -> bool:
        """Return True when a folder of ``path`` is named like an intermediate checkpoint."""
        folders = path.lower().split("/")[:-1]
        return any(fnmatch.fnmatchcase(f, p) for f in folders for p in self.intermediate_folders)

    def license_scope(self, path: str) -> str | None:
        """Return the component group a licence file's name scopes it to, or None (everything)."""
        low = path.lower()
        name = low.rsplit("/", 1)[-1]
        folders = low.split("/")[:-1]
        for group, names, scope_folders in self.scopes:
            if any(fnmatch.fnmatchcase(name, p) for p in names):
                return group
            if any(fnmatch.fnmatchcase(f, p) for f in folders for p in scope_folders):
                return group
        return None

    def group_components(self, group: str | None) -> Sequence[str]:
        """Return the components of a group (every component for None)."""
        if group is None:
            return tuple(c for comps in self.component_groups.values() for c in comps)
        return self.component_groups[group]


@kb.cached
def file_types() -> FileTypeTable:
    """Return the file-type table (cached)."""
    return FileTypeTable.load()
