"""The one reader of openlic's knowledge base (the ``data/`` folder).

In an installed package the data lives at ``openlic/data`` and is found with
:mod:`importlib.resources`; in a source checkout (editable install) it is the ``data/`` folder at
the top of the repository. Tests and callers can point openlic at another folder with
:func:`use_location` (a tiny fixture knowledge base, for instance).

Files are parsed once and cached. Every accessor returns plain, read-only-by-convention data; the
stages that use it turn it into typed values.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from openlic.errors import KnowledgeBaseError

_override: Path | None = None


def location() -> Traversable:
    """Return the folder that holds the knowledge base.

    Raises:
        KnowledgeBaseError: when no data folder can be found (a broken installation).

    """
    if _override is not None:
        return _override
    packaged = resources.files("openlic").joinpath("data")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise KnowledgeBaseError("openlic's data folder is missing: the installation is broken")


def use_location(path: Path | None) -> None:
    """Read the knowledge base from ``path`` from now on (None restores the default).

    Clears every cache so the next access reads the new location.
    """
    global _override  # noqa: PLW0603 - one process-wide setting, reset by tests
    _override = path
    _load.cache_clear()
    for clear in _CACHES:
        clear()


_CACHES: list[Callable[[], None]] = []
T = TypeVar("T")


def cached(func: Callable[[], T]) -> Callable[[], T]:
    """Decorate a builder of derived data: computed once, recomputed after :func:`use_location`."""
    wrapped = functools.cache(func)
    _CACHES.append(wrapped.cache_clear)
    return wrapped


def _resolve(relative: str) -> Traversable:
    node = location()
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node


def exists(relative: str) -> bool:
    """Return True when ``relative`` (a POSIX path inside data/) exists."""
    return _resolve(relative).is_file()


def read_text(relative: str) -> str:
    """Return the text of a data file.

    Raises:
        KnowledgeBaseError: when the file is missing.

    """
    node = _resolve(relative)
    try:
        return node.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise KnowledgeBaseError(f"openlic data file missing: data/{relative}") from exc


@functools.cache
def _load(relative: str) -> Any:
    text = read_text(relative)
    try:
        if relative.endswith(".json"):
            return json.loads(text)
        import yaml  # noqa: PLC0415 - PyYAML is only needed when a YAML file is read

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)
    except ValueError as exc:
        raise KnowledgeBaseError(f"openlic data file data/{relative} is malformed: {exc}") from exc
    except Exception as exc:  # yaml.YAMLError does not derive from ValueError
        raise KnowledgeBaseError(f"openlic data file data/{relative} is malformed: {exc}") from exc


def load(relative: str) -> Any:
    """Return the parsed content of a JSON or YAML data file (cached).

    Raises:
        KnowledgeBaseError: when the file is missing or does not parse.

    """
    return _load(relative)


def iter_files(folder: str, suffix: str = "") -> Iterator[str]:
    """Yield the data-relative paths of the files in ``folder`` ending with ``suffix``, sorted."""
    node = _resolve(folder)
    if not node.is_dir():
        return
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.is_file() and child.name.endswith(suffix):
            yield f"{folder}/{child.name}"
