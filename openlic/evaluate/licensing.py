"""Which licence governs which component of the release.

Precedence, per component group (model, code, data, documentation):

* a licence file whose name or folder scopes it to the group (``LICENSE-MODEL``,
  ``LICENSE-CODE``, ``model_licenses/...``) governs the group, present or not;
* for the model group, the model card's ``license`` metadata comes next: it describes the model
  even when the weights are published elsewhere (a card value openlic cannot recognise yields to
  a recognised licence text); a use policy is added to the model's licences;
* an unscoped licence file (``LICENSE``) governs the components present in its folder and below,
  and the model group when the licence it holds is a model licence;
* for the other groups, the card's licence governs what the release ships when no file does;
* an SPDX header governs the file that carries it;
* last, a licence *reference* in a README or card body that names the part it speaks of ("the
  model weights are licensed under the MIT License", "This code repository is licensed under
  ...", a licence column in a table of models) governs that group when nothing above does;
  for code and data only the components the release ships. A reference that names no part
  ("see LICENSE", "released under Apache 2.0") governs nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from openlic.identification.catalog import catalog
from openlic.inventory.filetypes import file_types
from openlic.model import COMPONENT_IDS, FileKind, Inventory, LicenseMatch


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def is_model_license(match: LicenseMatch) -> bool:
    """Return True when the matched licence is written for AI models (not software)."""
    info = catalog().get(match.license_id)
    return info is not None and info.applies_to == "model"


def govern(
    inventory: Inventory,
    matches: Iterable[LicenseMatch],
    boundaries: Sequence[str] = (),
) -> Mapping[str, tuple[LicenseMatch, ...]]:
    """Return, for each MOF component id, the licence matches that govern it.

    Args:
        inventory: the release's inventory.
        matches: every licence match of the release.
        boundaries: folders that hold separate releases audited together (``--with``): a
            licence file outside such a folder never governs the files inside it.

    """
    table = file_types()
    kinds = {e.path: e.kind for e in inventory.entries}
    paths_by_component: dict[str, list[str]] = defaultdict(list)
    for entry in inventory.entries:
        for component in entry.components:
            paths_by_component[component].append(entry.path)

    scoped: dict[str, list[LicenseMatch]] = defaultdict(list)
    unscoped: list[LicenseMatch] = []
    policies: list[LicenseMatch] = []
    card: list[LicenseMatch] = []
    headers: dict[str, list[LicenseMatch]] = defaultdict(list)
    references: list[LicenseMatch] = []
    for m in matches:
        if m.method == "card-metadata":
            card.append(m)
        elif m.method == "spdx-header" and m.path:
            headers[m.path].append(m)
        elif m.method == "reference":
            references.append(m)
        elif m.path and kinds.get(m.path) is FileKind.USE_POLICY:
            policies.append(m)
        elif m.path and kinds.get(m.path) in (FileKind.LICENSE, FileKind.NOTICE):
            group = table.license_scope(m.path)
            if group is None:
                unscoped.append(m)
            else:
                scoped[group].append(m)

    governance: dict[str, tuple[LicenseMatch, ...]] = {}
    for group, components in table.component_groups.items():
        for component in components:
            present = paths_by_component.get(component, [])
            local = _nearest_licences(present, unscoped, boundaries)
            chosen: list[LicenseMatch]
            if scoped.get(group):
                chosen = list(scoped[group])
            elif group == "model":
                model_files = [m for m in unscoped if is_model_license(m)]
                # An unrecognised card value must not hide a licence text that is recognised.
                known_card = [m for m in card if m.score > 0]
                files = local or model_files
                known_files = [m for m in files if m.score > 0]
                chosen = known_card or known_files or card or files
            else:
                chosen = local or (card if present else [])
            if not chosen and (group == "model" or present):
                chosen = [m for m in references if group in m.scope]
            if group == "model" and chosen:
                chosen = chosen + policies
            for path in present:
                chosen.extend(headers.get(path, ()))
            governance[component] = tuple(_unique(chosen))
    return {c: governance.get(c, ()) for c in COMPONENT_IDS}


def _nearest_licences(
    paths: Sequence[str], licences: Sequence[LicenseMatch], boundaries: Sequence[str]
) -> list[LicenseMatch]:
    """Return the unscoped licences that govern ``paths``.

    For each file, the licences of the nearest folder above it that holds a licence file, never
    looking past the boundary folder the file lies in.
    """
    by_folder: dict[str, list[LicenseMatch]] = defaultdict(list)
    for m in licences:
        by_folder[_folder(m.path or "")].append(m)
    out: list[LicenseMatch] = []
    for path in paths:
        limit = next((b for b in boundaries if _under(path, b)), "")
        folder = _folder(path)
        while True:
            if folder in by_folder:
                out.extend(by_folder[folder])
                break
            if folder == limit or not folder:
                break
            folder = _folder(folder)
    return _unique(out)


def _unique(matches: list[LicenseMatch]) -> list[LicenseMatch]:
    seen: set[tuple[str, str | None, int | None]] = set()
    out: list[LicenseMatch] = []
    for m in matches:
        key = (m.license_id, m.path, m.start_line)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
