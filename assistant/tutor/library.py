"""``TutorLibrary``: everything the tutor reads, loaded once per assistant and then only read.

The starter guideline corpus (for citations and checks), the sound quiz items (written bank plus items generated
from front-matter grades), the practice cases and the grading scales. ``Knowledge`` builds one with
``TutorLibrary.load()``; tests build one per session. The only state that changes after loading is the embedded
item labels for topic matching, computed on first use under a lock because they need the embedding model.
"""

from __future__ import annotations

import threading
from typing import Callable, Mapping, Sequence

import numpy as np

from knowledge.corpus import GuidelineDoc, load_starter_corpus
from knowledge.embeddings import EmbeddingModelMissing

from assistant.tutor.bank import QuizItem, docs_by_id, load_bank
from assistant.tutor.cases import Case, CaseTopics, load_cases
from assistant.tutor.generated import GradeScales, generated_items, load_grade_scales

Embed = Callable[[Sequence[str]], np.ndarray]
LabelVectors = tuple[list[str], np.ndarray]


class TutorLibrary:
    """The tutor's loaded data. Thread-safe: read-only after ``load``, label vectors built once under a lock."""

    def __init__(self, docs: Mapping[str, GuidelineDoc], bank: Sequence[QuizItem], generated: Sequence[QuizItem],
                 case_topics: CaseTopics, cases: Sequence[Case], grade_scales: GradeScales) -> None:
        self.docs: dict[str, GuidelineDoc] = dict(docs)
        self.bank: tuple[QuizItem, ...] = tuple(bank)
        self.generated: tuple[QuizItem, ...] = tuple(generated)
        self.items: tuple[QuizItem, ...] = self.bank + self.generated
        self.items_by_id: dict[str, QuizItem] = {item.id: item for item in self.items}
        self.case_topics: CaseTopics = case_topics
        self.cases: tuple[Case, ...] = tuple(cases)
        self.grade_scales: GradeScales = grade_scales
        self.labels: list[str] = sorted({label for item in self.items for label in self.item_labels(item)})
        self._vectors_lock = threading.Lock()
        self._vectors_done = False
        self._vectors: LabelVectors | None = None

    @classmethod
    def load(cls) -> "TutorLibrary":
        """Read the starter corpus, quiz bank, grading scales and practice cases (well under a second).

        Broken bank items are left out (``bank_check`` reports them); a malformed cases file raises CaseFileError.
        """
        docs = docs_by_id(load_starter_corpus())
        scales = load_grade_scales()
        topics, cases = load_cases(docs)
        return cls(docs, load_bank(docs), generated_items(docs, scales), topics, cases, scales)

    def item(self, item_id: str | None) -> QuizItem | None:
        return self.items_by_id.get(item_id or "")

    def case(self, case_id: str | None) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def item_labels(self, item: QuizItem) -> list[str]:
        """What a topic request is matched against: the item's topic and its guideline's title."""
        doc = self.docs.get(item.doc_id)
        return [item.topic] + ([doc.title] if doc else [])

    def label_vectors(self, embed: Embed | None) -> LabelVectors | None:
        """(labels, unit vectors) embedded once per library; None without an embedding model (fuzzy matching
        only). A missing model is remembered, so it is not retried on every request."""
        if embed is None:
            return None
        if not self._vectors_done:
            with self._vectors_lock:
                if not self._vectors_done:
                    try:
                        self._vectors = (list(self.labels), np.asarray(embed(self.labels)))
                    except (EmbeddingModelMissing, ImportError, OSError, RuntimeError):
                        self._vectors = None
                    self._vectors_done = True
        return self._vectors
