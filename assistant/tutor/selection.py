"""Which quiz item to ask next: topic matching ("quiz me on asthma") and the order (due misses, misses carried
over from the learner's earlier conversations, unseen, the rest).

Topics are matched against each item's topic and its guideline's title, fuzzily (typos, word order) and by
MiniLM similarity when an embedding function is given (synonyms such as "heart attack" for coronary syndromes).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Iterable

from rapidfuzz import fuzz

from knowledge.embeddings import EmbeddingModelMissing

from assistant.tutor.bank import LEVELS, QuizItem
from assistant.tutor.library import Embed, TutorLibrary
from assistant.tutor.progress import carried_ids, due_ids, progress_of

FUZZY_ACCEPT = 0.85
EMBED_ACCEPT = 0.6
_REQUEST = re.compile(
    r"\b(?:please|can you|could you|now|again|some|more|one more|another|next|new|a|an|give me|ask me|quiz me|"
    r"test me|test my knowledge|quiz|questions?|mcqs?|practice|multiple[- ]choice|on|about|in|for|of|regarding|"
    r"with|the|me|let'?s|do|try|i want|i'?d like|one|ones|items?|keep going|go on|ok(?:ay)?|yes|yeah|sure|thanks?|"
    r"great)\b",
    re.IGNORECASE,
)


def topic_from_request(text: str) -> str:
    """The topic words of a quiz request ("quiz me on heart failure please" -> "heart failure"), or ""."""
    rest = _REQUEST.sub(" ", text or "")
    return " ".join(re.sub(r"[^\w\s'/-]", " ", rest).split()).strip()


def _embedded_topic(topic: str, embed: Embed) -> Any:
    try:
        return embed([topic])[0]
    except (EmbeddingModelMissing, ImportError, OSError, RuntimeError):
        return None


def label_scores(library: TutorLibrary, topic: str, embed: Embed | None = None) -> dict[str, float]:
    """Similarity (0-1) of the topic to every item label, the better of fuzzy and embedding."""
    scores = {label: fuzz.token_set_ratio(topic.lower(), label.lower()) / 100.0 for label in library.labels}
    scores = {label: (s if s >= FUZZY_ACCEPT else s * 0.6) for label, s in scores.items()}
    vectors = library.label_vectors(embed)
    query = _embedded_topic(topic, embed) if vectors is not None and embed is not None else None
    if vectors is not None and query is not None:
        names, matrix = vectors
        for name, value in zip(names, matrix @ query):
            value = float(value)
            scores[name] = max(scores[name], value if value >= EMBED_ACCEPT else value * 0.6)
    return scores


def matching_items(library: TutorLibrary, topic: str, pool: Iterable[QuizItem],
                   embed: Embed | None = None) -> list[tuple[float, QuizItem]]:
    scores = label_scores(library, topic, embed)
    accept = min(FUZZY_ACCEPT, EMBED_ACCEPT)
    found = [(max(scores.get(label, 0.0) for label in library.item_labels(item)), item) for item in pool]
    return sorted(((s, i) for s, i in found if s >= accept), key=lambda pair: -pair[0])


def nearest_topics(library: TutorLibrary, topic: str, embed: Embed | None = None, limit: int = 5) -> list[str]:
    """Item topics closest to an unmatched request, for "did you mean"."""
    scores = label_scores(library, topic, embed)
    best: dict[str, float] = {}
    for item in library.items:
        value = max(scores.get(label, 0.0) for label in library.item_labels(item))
        best[item.topic] = max(best.get(item.topic, 0.0), value)
    return [name for name, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _spread(item_id: str, salt: int) -> int:
    """A stable pseudo-random order, so consecutive quizzes wander across topics but tests are repeatable."""
    return int(hashlib.sha1(f"{item_id}:{salt}".encode()).hexdigest()[:8], 16)


def level_distance(item: QuizItem, audience: str) -> int:
    """How far an item's level is from the learner's (student 0, nurse 1, physician 2): the nearest come first."""
    if audience not in LEVELS or item.level not in LEVELS:
        return 0 if item.level == audience else len(LEVELS)
    return abs(LEVELS.index(item.level) - LEVELS.index(audience))


def pick_item(library: TutorLibrary, memory: dict[str, Any], topic: str = "", audience: str = "student",
              exclude: str | None = None, embed: Embed | None = None, *, repeat: bool = True) -> QuizItem | None:
    """The next item: due misses first, then misses carried over from earlier conversations, then unseen (new
    topics and the learner's level first), then the least recently seen (only when ``repeat``).

    None when a topic was asked for and nothing matches it, or (``repeat=False``) nothing fresh is left.
    """
    pool = [item for item in library.items if item.id != exclude]
    relevance: dict[str, float] = {}
    if topic:
        matched = matching_items(library, topic, pool, embed)
        if not matched:
            return None
        top = matched[0][0]
        pool = [item for score, item in matched if score >= top - 0.15]
        relevance = {item.id: score for score, item in matched}
    by_id = {item.id: item for item in pool}
    for item_id in due_ids(memory) + carried_ids(memory):
        if item_id in by_id:
            return by_id[item_id]
    progress = progress_of(memory)
    seen, topics_seen, salt = progress["seen"], set(progress["topics"]), progress["asked"]
    unseen = [item for item in pool if item.id not in seen]
    if unseen:
        return min(unseen, key=lambda i: (-round(relevance.get(i.id, 0.0), 1), i.topic in topics_seen,
                                          level_distance(i, audience), _spread(i.id, salt)))
    if not repeat:
        return None
    return min(pool, key=lambda i: seen.index(i.id) if i.id in seen else -1) if pool else None
