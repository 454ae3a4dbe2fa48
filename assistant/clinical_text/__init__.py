"""Deterministic reading of clinical free text: concepts with negation/context, vitals, demographics."""

from assistant.clinical_text.demographics import extract_demographics
from assistant.clinical_text.facts import extract_patient_facts, merge_facts
from assistant.clinical_text.negation import ConceptMention, find_concepts
from assistant.clinical_text.vitals import extract_vitals

__all__ = [
    "ConceptMention",
    "extract_demographics",
    "extract_patient_facts",
    "extract_vitals",
    "find_concepts",
    "merge_facts",
]
