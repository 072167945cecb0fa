"""Exceptions raised when openlic itself cannot do its work.

Problems *in the audited release* (a broken card, an unknown licence, a symlink that leaves the
release) are never exceptions: they become :class:`openlic.model.Finding` values. Only failures of
openlic or of its caller's input (a path that does not exist, a corrupt knowledge base) raise, and
they all derive from :class:`OpenlicError`.
"""

from __future__ import annotations


class OpenlicError(Exception):
    """Root of every exception openlic raises on purpose."""


class SourceError(OpenlicError):
    """A release cannot be opened at all (missing path, not a folder, unreachable repository).

    Attributes:
        location: the path or repository id that could not be opened.

    """

    def __init__(self, message: str, location: str) -> None:
        """Create the error with a one-line message and the location it concerns."""
        super().__init__(message)
        self.location = location


class KnowledgeBaseError(OpenlicError):
    """A data file shipped with openlic is missing or malformed (a packaging or data bug)."""


class UsageError(OpenlicError):
    """The caller asked for something that cannot work (an unknown option value, a bad argument)."""
