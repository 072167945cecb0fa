"""The identification stage's interface: find the licences a release names or contains."""

from __future__ import annotations

import abc

import attrs

from openlic.model import Finding, Inventory, LicenseMatch, Release


@attrs.frozen
class Identification:
    """Licence matches found by one identifier, with the problems it met."""

    matches: tuple[LicenseMatch, ...] = ()
    findings: tuple[Finding, ...] = ()


class Identifier(abc.ABC):
    """Finds licences in one kind of place (licence files, card metadata, SPDX headers...)."""

    @abc.abstractmethod
    def identify(self, release: Release, inventory: Inventory) -> Identification:
        """Return the matches found in ``release``, each with its path and lines."""
