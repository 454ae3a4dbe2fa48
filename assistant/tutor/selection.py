"""Which quiz item to ask next: topic matching ("quiz me on asthma") and the order (due misses, unseen, the rest).

Topics are matched against each item's topic and its guideline's title, fuzzily (typos, word order) and by
MiniLM similarity when the embedding model is installed (synonyms such as "heart attack" for coronary syndromes).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, Iterable

from rapidfuzz import fuzz

from assistant.tutor.bank import QuizItem, corpus_by_id, load_bank
from assistant.tutor.generated import generated_items
from assistant.tutor.progress import due_ids, progress_of

FUZZY_ACCEPT = 0.85
EMBED_ACCEPT = 0.6
_REQUEST = re.compile(
    r"\b(?:please|can you|could you|now|again|some|more|one more|another|next|new|a|an|give me|ask me|quiz me|"
    r"test me|test my knowledge|quiz|questions?|mcqs?|practice|multiple[- ]choice|on|about|in|for|of|regarding|"
    r"with|the|me|let'?s|do|try|i want|i'?d like)\b",
    re.IGNORECASE,
)


def all_items() -> tuple[QuizItem, ...]:
    return load_bank() + generated_items()


def items_by_id() -> dict[str, QuizItem]:
    return {item.id: item for item in all_items()}


def topic_from_request(text: str) -> str:
    """The topic words of a quiz request ("quiz me on heart failure please" -> "heart failure"), or ""."""
    rest = _REQUEST.sub(" ", text or "")
    return " ".join(re.sub(r"[^\w\s'/-]", " ", rest).split()).strip()


def _labels(item: QuizItem) -> list[str]:
    doc = corpus_by_id().get(item.doc_id)
    return [item.topic] + ([doc.title] if doc else [])


@lru_cache(maxsize=1)
def _label_vectors() -> tuple[list[str], Any] | None:
    labels = sorted({label for item in all_items() for label in _labels(item)})
    try:
        from knowledge.embeddings import get_embedder

        return labels, get_embedder().embed(labels)
    except (ImportError, OSError, RuntimeError):
        return None  # no model: fuzzy matching only


def label_scores(topic: str) -> dict[str, float]:
    """Similarity (0-1) of the topic to every item label, the better of fuzzy and embedding."""
    labels = sorted({label for item in all_items() for label in _labels(item)})
    scores = {label: fuzz.token_set_ratio(topic.lower(), label.lower()) / 100.0 for label in labels}
    scores = {label: (s if s >= FUZZY_ACCEPT else s * 0.6) for label, s in scores.items()}
    vectors = _label_vectors()
    if vectors is not None:
        from knowledge.embeddings import get_embedder

        names, matrix = vectors
        similarity = matrix @ get_embedder().embed_one(topic)
        for name, value in zip(names, similarity):
            value = float(value)
            scores[name] = max(scores[name], value if value >= EMBED_ACCEPT else value * 0.6)
    return scores


def matching_items(topic: str, pool: Iterable[QuizItem]) -> list[tuple[float, QuizItem]]:
    scores = label_scores(topic)
    accept = min(FUZZY_ACCEPT, EMBED_ACCEPT)
    found = [(max(scores.get(label, 0.0) for label in _labels(item)), item) for item in pool]
    return sorted(((s, i) for s, i in found if s >= accept), key=lambda pair: -pair[0])


def nearest_topics(topic: str, limit: int = 5) -> list[str]:
    """Item topics closest to an unmatched request, for "did you mean"."""
    scores = label_scores(topic)
    best: dict[str, float] = {}
    for item in all_items():
        value = max(scores.get(label, 0.0) for label in _labels(item))
        best[item.topic] = max(best.get(item.topic, 0.0), value)
    return [name for name, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _spread(item_id: str, salt: int) -> int:
    """A stable pseudo-random order, so consecutive quizzes wander across topics but tests are repeatable."""
    return int(hashlib.sha1(f"{item_id}:{salt}".encode()).hexdigest()[:8], 16)


def pick_item(memory: dict[str, Any], topic: str = "", audience: str = "student",
              exclude: str | None = None) -> QuizItem | None:
    """The next item: due misses first, then unseen (new topics and the learner's level first), then the
    least recently seen. None when a topic was asked for and nothing matches it."""
    pool = [item for item in all_items() if item.id != exclude]
    relevance: dict[str, float] = {}
    if topic:
        matched = matching_items(topic, pool)
        if not matched:
            return None
        top = matched[0][0]
        pool = [item for score, item in matched if score >= top - 0.15]
        relevance = {item.id: score for score, item in matched}
    by_id = {item.id: item for item in pool}
    for item_id in due_ids(memory):
        if item_id in by_id:
            return by_id[item_id]
    progress = progress_of(memory)
    seen, topics_seen, salt = progress["seen"], set(progress["topics"]), progress["asked"]
    unseen = [item for item in pool if item.id not in seen]
    if unseen:
        return min(unseen, key=lambda i: (-round(relevance.get(i.id, 0.0), 1), i.topic in topics_seen,
                                          i.level != audience, _spread(i.id, salt)))
    return min(pool, key=lambda i: seen.index(i.id) if i.id in seen else -1) if pool else None
