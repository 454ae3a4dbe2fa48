"""What the engines know about one generic: monograph, pharmacologic classes and interaction tags.

Tags come from three places (union): the monograph, the curated members in class_rules.yaml, and the FDA EPC
classes mapped in epc_tags.yaml. A drug with none of these is "not covered": the engines then say they cannot
check it rather than reporting it as safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.drugs.classes import ClassIndex
from knowledge.drugs.interaction_data import InteractionData
from knowledge.drugs.monographs import Monograph


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


def build_profile(generic: str, monograph: Monograph | None, classes: ClassIndex, interactions: InteractionData,
                  known_in_data: frozenset[str]) -> DrugProfile:
    """One drug's profile from the loaded data (``known_in_data``: every drug the interaction tables name)."""
    tags = classes.tags_for(generic) | set(interactions.tag_members.get(generic, ()))
    if monograph:
        tags |= monograph.tags
    return DrugProfile(generic=generic, tags=frozenset(tags), classes=tuple(classes.classes_for(generic)),
                       monograph=monograph, in_interaction_data=generic in known_in_data)
