"""Find complaints and symptoms in what people type: lexicon phrases with negation, plus paraphrases.

Exact phrases go through assistant.clinical_text.find_concepts (negation, family history and the like are
handled there). Wordings the lexicon lacks ("heavy pressure in my chest") are caught by MiniLM embedding
similarity between each clause and the complaint phrases; the lexicon vectors are computed once per process.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.artifacts import level_rank
from assistant.clinical_text.context_triggers import TRIGGERS
from assistant.clinical_text.negation import find_concepts
from assistant.triage.data_files import concept_terms, lexicon

_CLAUSE_SPLIT = re.compile(r"[.;!?\n]+|,|\bbut\b|\band\b|\balso\b", re.I)
_NEGATION_WORDS = frozenset(t for t in TRIGGERS["negated:forward"] if " " not in t) | {"dont", "don't", "didn't", "no"}
MAX_CLAUSES = 12
NOT_A_SYMPTOM = "_not_a_symptom"  # label of the rejection sentences in the paraphrase index


@dataclass
class SymptomMatch:
    complaints: list[str] = field(default_factory=list)  # most urgent default first, then text order
    present: list[str] = field(default_factory=list)  # symptom ids reported as present
    absent: list[str] = field(default_factory=list)  # symptom or complaint ids the person denied
    paraphrases: list[dict[str, Any]] = field(default_factory=list)  # {complaint, clause, score}


class _ParaphraseIndex:
    """Unit vectors of every complaint term and paraphrase, built on first use and shared."""

    def __init__(self) -> None:
        from knowledge.embeddings import get_embedder

        rows, labels = [], []
        for sentence in lexicon().get("non_symptoms", []):
            rows.append(sentence)
            labels.append(NOT_A_SYMPTOM)
        for complaint, entry in lexicon()["complaints"].items():
            for phrase in list(entry.get("terms", [])) + list(entry.get("paraphrases", [])):
                rows.append(phrase)
                labels.append(complaint)
        self.embedder = get_embedder()
        self.labels = labels
        self.phrases = rows
        self.vectors = self.embedder.embed(rows)

    def best(self, clauses: list[str]) -> list[tuple[str, str, float]]:
        """(clause, complaint, cosine) of the closest complaint phrase for each clause."""
        if not clauses:
            return []
        scores = self.embedder.embed(clauses) @ self.vectors.T
        best = scores.argmax(axis=1)
        return [(clause, self.labels[j], float(scores[i, j])) for i, (clause, j) in enumerate(zip(clauses, best))]


_INDEX: _ParaphraseIndex | None = None
_INDEX_LOCK = threading.Lock()


def paraphrase_index() -> _ParaphraseIndex:
    global _INDEX
    if _INDEX is None:
        with _INDEX_LOCK:
            if _INDEX is None:
                _INDEX = _ParaphraseIndex()
    return _INDEX


def paraphrase_threshold() -> float:
    return float(lexicon().get("paraphrase_threshold", 0.62))


def _clauses(text: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(text) if p and p.strip()]
    return [p for p in parts if len(p.split()) >= 3][:MAX_CLAUSES]


def _negated_clause(clause: str) -> bool:
    words = re.findall(r"[a-z']+", clause.lower())[:3]
    return any(w.replace("'", "") in _NEGATION_WORDS or w in _NEGATION_WORDS for w in words)


def find_paraphrases(text: str, known: set[str], threshold: float | None = None) -> list[dict[str, Any]]:
    """Complaints the lexicon missed, found by embedding similarity of each clause (negated clauses skipped)."""
    threshold = paraphrase_threshold() if threshold is None else threshold
    clauses = [c for c in _clauses(text) if not _negated_clause(c)]
    found: dict[str, dict[str, Any]] = {}
    for clause, complaint, score in paraphrase_index().best(clauses):
        if score >= threshold and complaint not in known and complaint != NOT_A_SYMPTOM:
            if complaint not in found or found[complaint]["score"] < score:
                found[complaint] = {"complaint": complaint, "clause": clause, "score": round(score, 3)}
    return list(found.values())


def match_symptoms(text: str, *, use_embeddings: bool = True) -> SymptomMatch:
    """Complaints, present symptoms and denied symptoms in one message."""
    data = lexicon()
    complaint_ids, symptom_ids = set(data["complaints"]), set(data["symptoms"])
    result = SymptomMatch()
    order: list[str] = []
    mentioned: set[str] = set()  # every concept named in any sense (so embeddings do not re-add a denied one)
    for mention in find_concepts(text, concept_terms()):
        concept = mention.concept
        mentioned.add(concept)
        if mention.negated:
            if concept not in result.absent:
                result.absent.append(concept)
            continue
        if not mention.affirmed:
            continue  # family history, past episodes, hypotheticals are not today's symptoms
        if concept in complaint_ids and concept not in order:
            order.append(concept)
        if concept in symptom_ids and concept not in result.present:
            result.present.append(concept)
    result.absent = [c for c in result.absent if c not in order and c not in result.present]
    if use_embeddings and text.strip() and not order:  # embeddings only fill in what the lexicon missed
        result.paraphrases = find_paraphrases(text, mentioned)
        order += [p["complaint"] for p in result.paraphrases]
    result.complaints = sorted(order, key=lambda c: (level_rank(data["complaints"][c].get("default_level")), order.index(c)))
    return result


def lexicon_vectors() -> np.ndarray:
    """The cached complaint-phrase vectors (exposed for benches and tests)."""
    return paraphrase_index().vectors
