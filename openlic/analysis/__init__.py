"""Licence analysis: profiles, the restriction taxonomy, the clause detector and licence readings.

A *profile* (``data/licenses/profiles``) is a reviewed, clause-by-clause reading of one licence;
the *taxonomy* (``data/licenses/taxonomy.yaml``) says which OSD criteria and OSAID freedoms each
kind of restriction affects; the *clause detector* (``data/licenses/clause-rules.yaml``) finds
those kinds of restriction in texts openlic has no profile for. :func:`read_license` combines them
into a :class:`LicenseReading`: a verdict per OSD criterion and per freedom, with evidence.
"""

from openlic.analysis.detector import DetectedClause, detect_clauses
from openlic.analysis.profiles import (
    Category,
    Clause,
    Grant,
    Obligation,
    Profile,
    Taxonomy,
    find_profile,
    profiles,
    taxonomy,
)
from openlic.analysis.reading import LicenseReading, read_license, read_profile

__all__ = [
    "Category",
    "Clause",
    "DetectedClause",
    "Grant",
    "LicenseReading",
    "Obligation",
    "Profile",
    "Taxonomy",
    "detect_clauses",
    "find_profile",
    "profiles",
    "read_license",
    "read_profile",
    "taxonomy",
]
