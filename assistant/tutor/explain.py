"""Audience-adapted explanations in education mode, built on the cited guideline answer.

The cited extractive answer (assistant.guidelines.answer) already sizes itself to the learner; the tutor adds
what each audience needs next: students a way to test themselves, nurses the escalation points of the same
guideline, physicians the primary source. With no relevant passage the answer says "I don't have a source".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from knowledge.ingest.chunking import split_sentences

from assistant.guidelines.answer import respond as cited_answer
from assistant.tutor.library import TutorLibrary
from assistant.turns import Turn, TurnResult

ESCALATION_SECTION = "Red flags and when to escalate"
TRIAGE_NUDGE = ("This sounds like it may be about someone's symptoms right now. In education mode I explain what "
                "the guidelines say; for a personal urgency assessment say \"switch to triage\".")
_MARKDOWN = re.compile(r"\*\*|__|`")


def _quiz_topic(library: TutorLibrary, doc_id: str) -> str | None:
    topics = [item.topic for item in library.bank if item.doc_id == doc_id]
    return max(set(topics), key=topics.count) if topics else None


def _escalation_points(library: TutorLibrary, doc_id: str, limit: int = 2) -> list[str]:
    doc = library.docs.get(doc_id)
    section = doc.section(ESCALATION_SECTION) if doc else None
    if section is None:
        return []
    points = []
    for line in section.text.splitlines():
        line = _MARKDOWN.sub("", line).strip()
        if line.startswith(("- ", "* ")):
            sentence = split_sentences(line[2:].strip())[0] if line[2:].strip() else ""
            if len(sentence) >= 20:
                points.append(sentence.rstrip(";,") if sentence.endswith((".", ")")) else sentence.rstrip(";,") + ".")
        if len(points) == limit:
            break
    return points


def _escalation_citation(library: TutorLibrary, doc_id: str) -> dict[str, Any]:
    doc = library.docs[doc_id]
    section = doc.section(ESCALATION_SECTION)
    return {"doc_id": doc.id, "title": doc.title, "section": section.heading, "source": doc.organisation,
            "year": doc.year or "n.d.", "url": doc.url, "snippet": " ".join(section.text.split())[:320],
            "score": 1.0}


def _split_sources(text: str) -> tuple[list[str], list[str]]:
    """(answer lines, "Sources" block lines) of a cited answer."""
    lines = text.split("\n")
    if "Sources" not in lines:
        return lines, []
    at = lines.index("Sources")
    body = lines[:at]
    while body and not body[-1].strip():
        body.pop()
    return body, lines[at:]


def adapt(result: TurnResult, audience: str, library: TutorLibrary, offer_quiz: bool = True) -> TurnResult:
    """Add the audience's follow-up to a cited answer (only when the answer found sources); ``offer_quiz`` is
    False while a quiz item is open (the item itself follows)."""
    citations = list(result.artifacts.get("citations") or [])
    if not citations:
        return result
    top = citations[0]["doc_id"]
    body, sources = _split_sources(result.text)
    extra: list[str] = []
    if audience == "nurse":
        points = _escalation_points(library, top)
        key = (top, ESCALATION_SECTION)
        if points:
            if key not in {(c["doc_id"], c["section"]) for c in citations}:
                citations.append(_escalation_citation(library, top))
                c = citations[-1]
                sources.append(f"[{len(citations)}] {c['title']} — {c['section']} ({c['source']}, {c['year']})")
            number = [(c["doc_id"], c["section"]) for c in citations].index(key) + 1
            body += ["", "When to escalate:"] + [f"- {p} [{number}]" for p in points]
    elif audience == "physician":
        doc = library.docs.get(top)
        if doc and (doc.source_title or doc.url):
            extra += ["", f"Primary source: {doc.source_title or doc.title} ({doc.organisation}, {doc.year})"
                      + (f" {doc.url}" if doc.url else "")]
    topic = _quiz_topic(library, top) if offer_quiz else None
    if topic:
        extra += ["", f"Test yourself: say \"quiz me on {topic}\"" + (" or \"give me a case\"."
                                                                        if audience == "student" else ".")]
    text = "\n".join(body + ([""] + sources if sources else []) + extra)
    artifacts = {**result.artifacts, "citations": citations}
    return TurnResult(text=text, artifacts=artifacts, memory=result.memory, tools=result.tools,
                      notices=result.notices)


def explain(turn: Turn, audience: str, symptom: bool = False, offer_quiz: bool = True) -> TurnResult:
    """A cited explanation adapted to the learner's level; symptom reports also get a pointer to triage mode."""
    result = adapt(cited_answer(replace(turn, audience=audience)), audience, turn.knowledge.tutor, offer_quiz)
    if symptom:
        result.text = f"{TRIAGE_NUDGE}\n\n{result.text}"
    return result
