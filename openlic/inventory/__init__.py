"""Inventory: what each file of a release is and which MOF component it supports."""

from openlic.inventory.builder import NameInventory
from openlic.inventory.card import parse_card
from openlic.inventory.interface import InventoryBuilder

__all__ = ["InventoryBuilder", "NameInventory", "parse_card"]
