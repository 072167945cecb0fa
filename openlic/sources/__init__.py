"""Sources: where a release comes from (a local folder, the Hugging Face Hub) -> a Release."""

from openlic.sources.interface import ReadLimits, Source

__all__ = ["ReadLimits", "Source"]
