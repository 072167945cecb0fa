"""The source stage's interface: open a release and read its files safely."""

from __future__ import annotations

import abc

import attrs

from openlic.model import Release

#: Default cap on the size of a file read as text (5 MiB).
DEFAULT_MAX_TEXT_BYTES = 5 * 1024 * 1024

#: How many leading bytes of a binary file are kept for typing by header.
HEAD_BYTES = 64

#: How many leading bytes are inspected to tell text from binary.
SNIFF_BYTES = 8192


@attrs.frozen
class ReadLimits:
    """Caps that keep an audit bounded whatever the release holds.

    Attributes:
        max_text_bytes: files larger than this are typed by name and header only.
        max_files: files beyond this count are not read (a finding says so).

    """

    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES
    max_files: int = 200_000


class Source(abc.ABC):
    """A place a release can be read from.

    Implementations never execute, import, unpickle or modify anything in the release. Problems
    with individual files become findings in the returned :class:`Release`; only a release that
    cannot be opened at all raises :class:`openlic.errors.SourceError`.
    """

    @abc.abstractmethod
    def read(self) -> Release:
        """Read the release: list its files, read text files within the limits.

        Raises:
            SourceError: when the release cannot be opened at all.

        """

    @abc.abstractmethod
    def read_range(self, path: str, start: int, length: int) -> bytes:
        """Return up to ``length`` bytes of file ``path`` from offset ``start``.

        Used to read file headers (a safetensors JSON header) without reading whole files.
        Returns b"" when the file cannot be read.
        """
