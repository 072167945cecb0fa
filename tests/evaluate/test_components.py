"""Component statuses: present, referenced (with targets), in another revision of the source."""

from __future__ import annotations

from openlic.evaluate.components import component_statuses
from openlic.inventory import NameInventory
from openlic.inventory.references import revision_references
from openlic.model import ComponentPresence, Release, ReleaseFile


def test_checkpoint_revisions_known_to_the_source_are_present() -> None:
    facts = {"hub": {"refs": {"checkpoints": [{"name": "step1000", "kind": "branch"}]}}}
    release = Release("m", "hf://org/m", "abc", (ReleaseFile("config.json", 2, "{}"),), (), facts)
    inventory = NameInventory().build(release)
    statuses = component_statuses(inventory, {})
    intermediate = statuses["model-parameters-intermediate"]
    assert intermediate.status is ComponentPresence.PRESENT
    assert intermediate.paths == ()
    assert intermediate.references == ("1 revisions",)
    assert intermediate.evidence[0].text == "1 checkpoint revisions: step1000"
    assert revision_references({}) == ()


def test_references_are_listed_and_not_present() -> None:
    card = (
        "---\ndatasets:\n- org/corpus\n---\n# M\nSee https://huggingface.co/datasets/org/extra.\n"
    )
    release = Release("m", "m", None, (ReleaseFile("README.md", len(card), card),))
    statuses = component_statuses(NameInventory().build(release), {})
    datasets = statuses["datasets"]
    assert datasets.status is ComponentPresence.REFERENCED
    assert datasets.references == ("https://huggingface.co/datasets/org/extra", "org/corpus")
