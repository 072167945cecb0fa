"""Evaluation: licences per component, OSD criteria, freedoms, OSAID and MOF verdicts."""

from openlic.evaluate.components import component_statuses
from openlic.evaluate.freedoms import assess_freedoms
from openlic.evaluate.licensing import govern
from openlic.evaluate.mof import assess_mof
from openlic.evaluate.osaid import assess_osaid
from openlic.evaluate.osd import assess_osd

__all__ = [
    "assess_freedoms",
    "assess_mof",
    "assess_osaid",
    "assess_osd",
    "component_statuses",
    "govern",
]
