"""Report formats: pure functions from a report to text."""

from openlic.formats.interface import FORMATS, render

__all__ = ["FORMATS", "render"]
