"""``python -m openlic``."""

from openlic.cli import entry

entry()
