"""What the engines know about one generic: monograph, pharmacologic classes and interaction tags.

Tags come from three places (union): the monograph, the curated members in class_rules.yaml, and the FDA EPC
classes mapped in epc_tags.yaml. A drug with none of these is "not covered": the engines then say they cannot
check it rather than reporting it as safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from knowledge.drugs.classes import ClassDataError, load_class_index
from knowledge.drugs.interaction_data import load_interaction_data
from knowledge.drugs.monographs import Monograph, load_monographs


@dataclass(frozen=True)
class DrugProfile:
    generic: str
    tags: frozenset[str]
    classes: tuple[str, ...]  # FDA EPC class names
    monograph: Monograph | None
    in_interaction_data: bool

    @property
    def covered(self) -> bool:
        """True when our interaction data says anything at all about this drug."""
        return bool(self.monograph or self.tags or self.classes or self.in_interaction_data)

    @property
    def class_label(self) -> str | None:
        if self.monograph:
            return self.monograph.drug_class
        return ", ".join(c.replace(" [EPC]", "") for c in self.classes) or None


@lru_cache(maxsize=1)
def _known_in_data() -> frozenset[str]:
    return frozenset(load_interaction_data().known_drugs())


@lru_cache(maxsize=4096)
def profile(generic: str) -> DrugProfile:
    generic = generic.lower()
    mono = load_monographs().get(generic)
    data = load_interaction_data()
    try:
        index = load_class_index()
        classes, epc_tags = tuple(index.classes_for(generic)), index.tags_for(generic)
    except ClassDataError:
        classes, epc_tags = (), set()
    tags = set(epc_tags) | set(data.tag_members.get(generic, ()))
    if mono:
        tags |= mono.tags
    return DrugProfile(generic=generic, tags=frozenset(tags), classes=classes, monograph=mono,
                       in_interaction_data=generic in _known_in_data())
