"""The grounded, cited answer to a clinical question, with no LLM: extract the most relevant sentences from the
top guideline passages, cite each one, and list the sources. When nothing relevant is found, say so plainly
and point to the nearest topics instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.embeddings import Embedder, EmbeddingModelMissing
from knowledge.retrieval.bm25 import tokenize
from knowledge.retrieval.dense import VectorStoreUnavailable
from knowledge.retrieval.hybrid import MAX_QUERY_CHARS, Hit
from knowledge.retrieval.library import GuidelineIndex
from knowledge.retrieval.sentences import in_context, list_after, passage_sentences

from assistant.guidelines.search import search_hits, take_notices
from assistant.turns import Turn, TurnResult
from assistant.understanding.findings import QuestionForm

NO_SOURCE = "I don't have a source for that in the guideline library."
NEAREST = "The nearest topics I do have are: {topics}."
EMPTY = "Please type a clinical question, for example: \"When should breast cancer screening start?\""
INTROS = {
    "student": "Here is what the guideline library says, in short:",
    "nurse": "Key points from the guidelines:",
    "physician": "From the cited guidelines:",
}
SENTENCES_FOR = {"student": 3, "nurse": 3, "physician": 4}
TOOL = "search_guidelines"
DOC_MARGIN = 0.08  # documents whose best passage is this much less similar than the top one are not quoted
DUPLICATE_OVERLAP = 0.8  # share of words two quoted sentences may have in common before one is dropped


@dataclass
class Extract:
    sentence: str
    hit: Hit
    score: float
    items: list[str] = field(default_factory=list)  # the list the sentence introduces, quoted whole


# What the question asks shapes which sentences answer it (the one parse's question form)
_LEAD_IN = re.compile(r"\b(?:following|these|any (?:one )?of|criteria|as follows)\b", re.I)
_RECOMMENDS = re.compile(r"\b(?:first[- ]line|preferred|recommended|drug of choice|treatment of choice|give|start)\b", re.I)
_SETTING_WORDS = {"outpatient": re.compile(r"\b(?:inpatients?|hospitali[sz]ed|admitted|icu|intensive care|intravenous|iv)\b", re.I),
                  "inpatient": re.compile(r"\b(?:outpatients?|ambulatory|at home)\b", re.I)}
SETTING_PENALTY = 0.15  # a sentence about the other setting (inpatient regimen for an outpatient question)
FIRST_LINE_BONUS = 0.08  # a sentence that states a recommendation, for a first-line question


def _fit(question: QuestionForm | None, sentence: str, section: str) -> float:
    """How well a sentence fits the kind and setting of the question asked (0 when the question says nothing)."""
    if question is None:
        return 0.0
    score = 0.0
    other = _SETTING_WORDS.get(question.setting or "")
    if other is not None and other.search(f"{section} {sentence}"):
        score -= SETTING_PENALTY
    if question.kind == "first_line" and _RECOMMENDS.search(f"{section} {sentence}"):
        score += FIRST_LINE_BONUS
    return score


def extract_sentences(query: str, hits: list[Hit], n: int, index: GuidelineIndex, query_vector: np.ndarray,
                      question: QuestionForm | None = None) -> list[Extract]:
    """The n sentences that best answer the query.

    Only documents nearly as relevant as the best one are used (a dose from a neighbouring guideline must not
    answer the question). Each sentence is scored with its document title and section as context, so that
    "Amoxicillin: 50 mg/kg" is judged as part of the guideline it comes from; those vectors were computed when the
    passage was indexed.
    """
    best_doc = max((h.similarity or 0.0 for h in hits), default=0.0)
    doc_best: dict[str, float] = {}
    for hit in hits:
        doc_best[hit.chunk.doc_id] = max(doc_best.get(hit.chunk.doc_id, 0.0), hit.similarity or 0.0)
    keep = [h for h in hits if doc_best[h.chunk.doc_id] >= best_doc - DOC_MARGIN]
    candidates = [(s, hit, rank) for rank, hit in enumerate(keep) for s in passage_sentences(hit.chunk.text)]
    if not candidates:
        return []
    contexts = [in_context(hit.chunk, s) for s, hit, _ in candidates]
    similarity = index.sentences.vectors(contexts) @ query_vector
    terms = set(tokenize(query))
    scored = []
    for (sentence, hit, rank), sim, context in zip(candidates, similarity, contexts):
        overlap = len(terms & set(tokenize(context))) / max(len(terms), 1)
        fit = _fit(question, sentence, hit.chunk.section)
        scored.append((float(sim) + 0.15 * overlap + 0.05 / (rank + 1) + fit, sentence, hit))
    scored.sort(key=lambda item: -item[0])
    chosen: list[tuple[Extract, set[str]]] = []
    for score, sentence, hit in scored:
        if len(chosen) == n:
            break
        words = set(tokenize(sentence))
        if any(len(words & other) / max(min(len(words), len(other)), 1) > DUPLICATE_OVERLAP for _, other in chosen):
            continue  # near-duplicate of a sentence already chosen
        wants_list = bool(_LEAD_IN.search(sentence)) or (question is not None and question.kind == "criteria")
        items = list_after(_section_text(index, hit), sentence) if wants_list else []
        chosen.append((Extract(sentence, hit, score, items), words | {w for item in items for w in tokenize(item)}))
    return [extract for extract, _ in chosen]


def _section_text(index: GuidelineIndex, hit: Hit) -> str:
    """The whole section a passage comes from (a list can run past the passage's end)."""
    doc = index.document(hit.chunk.doc_id)
    section = doc.section(hit.chunk.section) if doc is not None else None
    return section.text if section is not None else hit.chunk.text


def _source_line(number: int, citation: dict[str, Any]) -> str:
    return f"[{number}] {citation['title']} — {citation['section']} ({citation['source']}, {citation['year']})"


def _graded(hit: Hit, index: GuidelineIndex) -> list[str]:
    """Front-matter recommendations (with grade) filed under the cited section, for physicians."""
    doc = index.document(hit.chunk.doc_id)
    if doc is None:
        return []
    section = hit.chunk.section.lower()
    return [f"{r['text']} (grade: {r.get('grade', 'not stated')})" for r in doc.recommendations
            if str(r.get("section", "")).lower() == section]


def compose_answer(query: str, hits: list[Hit], audience: str, index: GuidelineIndex,
                   query_vector: np.ndarray, question: QuestionForm | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Answer text with [n] markers and a Sources list, plus the citations in marker order."""
    extracts = extract_sentences(query, [h for h in hits if h.relevant], SENTENCES_FOR.get(audience, 3), index,
                                 query_vector, question)
    numbers: dict[tuple[str, str], int] = {}
    citations: list[dict[str, Any]] = []
    lines = [INTROS.get(audience, INTROS["student"]), ""]
    for extract in extracts:
        key = (extract.hit.chunk.doc_id, extract.hit.chunk.section)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(extract.hit.to_citation())
        lines.append(f"- {extract.sentence} [{numbers[key]}]")
        lines += [f"  - {item}" for item in extract.items]
    if audience == "physician":
        by_section = {(e.hit.chunk.doc_id, e.hit.chunk.section): e.hit for e in extracts}
        graded = [(g, numbers[key]) for key, hit in by_section.items() for g in _graded(hit, index)][:3]
        if graded:
            lines += ["", "Graded recommendations:"] + [f"- {g} [{n}]" for g, n in graded]
    lines += ["", "Sources"] + [_source_line(i, c) for i, c in enumerate(citations, 1)]
    return "\n".join(lines), citations


def nearest_topics(hits: list[Hit], limit: int = 3) -> list[str]:
    titles: list[str] = []
    for hit in hits:
        label = f"{hit.chunk.metadata.get('title')} ({hit.chunk.metadata.get('organisation')})"
        if label not in titles:
            titles.append(label)
    return titles[:limit]


def respond(turn: Turn) -> TurnResult:
    """Answer a clinical question from the guideline library, citing every extracted sentence."""
    query = (turn.text or "").strip()
    if not query:
        return TurnResult(text=EMPTY)
    notices = []
    if len(query) > MAX_QUERY_CHARS:
        notices.append(f"Your message was long; I searched using its first {MAX_QUERY_CHARS:,} characters.")
    shown = query if len(query) <= 80 else query[:77] + "..."
    try:
        index = turn.knowledge.guidelines
        query_vector = index.embed_query(query[:MAX_QUERY_CHARS])  # the query is embedded once per turn
        hits = search_hits(index, query, k=5, query_vector=query_vector)
        notices += take_notices(index)
    except (VectorStoreUnavailable, EmbeddingModelMissing) as exc:
        return TurnResult(text=f"The guideline library is unavailable: {exc}", memory=turn.memory, notices=notices,
                          tools=[{"name": TOOL, "title": f"Searched guidelines: {shown}", "status": "error",
                                  "summary": str(exc)}])
    relevant = [h for h in hits if h.relevant]
    tool = {"name": TOOL, "title": f"Searched guidelines: {shown}", "status": "done",
            "summary": f"{len(hits)} passages" + ("" if relevant or not hits else ", none relevant")}
    if not relevant:
        topics = nearest_topics(hits)
        text = NO_SOURCE + (" " + NEAREST.format(topics="; ".join(topics)) if topics else "")
        return TurnResult(text=text, artifacts={"citations": []}, memory=turn.memory, tools=[tool], notices=notices)
    text, citations = compose_answer(query, hits, turn.audience, index, query_vector, turn.findings.question)
    return TurnResult(text=text, artifacts={"citations": citations}, memory=turn.memory, tools=[tool],
                      notices=notices)
