"""The inventory stage's interface: decide what each file of a release is."""

from __future__ import annotations

import abc

from openlic.model import Inventory, Release


class InventoryBuilder(abc.ABC):
    """Turns a :class:`Release` into an :class:`Inventory` without executing anything."""

    @abc.abstractmethod
    def build(self, release: Release) -> Inventory:
        """Type every file, parse the model cards, and note referenced components."""
