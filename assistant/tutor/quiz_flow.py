"""The quiz conversation: present an item, grade replies (hint after a first miss, explanation after the second),
and build the ``quiz`` artifact. The key and explanation stay out of the artifact and the reply while open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.tutor.bank import LETTERS, QuizItem, corpus_by_id
from assistant.tutor.grading import read_choice, socratic_hint
from assistant.tutor.progress import record_asked, record_result, record_skipped, score_line, summary
from assistant.tutor.selection import items_by_id, nearest_topics, pick_item, topic_from_request

NO_QUIZ = ("There is no open quiz question to answer right now. Say \"quiz me\" or \"quiz me on <topic>\" "
           "(for example \"quiz me on asthma\") to get one.")
UNKNOWN_TOPIC = "I have no quiz questions on {topic!r}. Nearby topics I can quiz you on: {near}."
UNCLEAR = ("I couldn't match that to one of the options. Reply with a letter ({letters}) or the option's text; "
           "say \"hint\" for a clue, \"skip\" to see the answer or \"stop the quiz\" to stop.")
AMBIGUOUS = "That fits more than one option ({letters}). Which letter do you mean?"
GONE = "The open question ({id}) is no longer in the question bank, so I have closed it. Say \"quiz me\" for another."
FOOTER = "Reply with a letter or the option text. Say \"hint\" for a clue or \"stop the quiz\" to stop."
NEXT = "Say \"next question\" for another, or \"quiz me on <topic>\"."


@dataclass
class QuizReply:
    text: str
    quiz: dict[str, Any] | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    tool_title: str | None = None


def citation_for(item: QuizItem, with_snippet: bool) -> dict[str, Any]:
    """The item's source; the snippet (the support phrase) is withheld while open because it can give the key away."""
    doc = corpus_by_id().get(item.doc_id)
    if doc is None:
        return {"doc_id": item.doc_id, "title": item.doc_id, "section": item.section, "source": "", "year": "n.d."}
    return {"doc_id": doc.id, "title": doc.title, "section": item.section, "source": doc.organisation,
            "year": doc.year or "n.d.", "url": doc.url,
            "snippet": " ".join(item.support.replace("**", "").split()) if with_snippet else "", "score": 1.0}


def artifact(item: QuizItem, memory: dict[str, Any], *, graded: bool, result: str | None) -> dict[str, Any]:
    return {
        "id": item.id, "topic": item.topic, "question": item.question,
        "options": [{"letter": LETTERS[i], "text": text} for i, text in enumerate(item.options)],
        "answer": item.answer if graded else None, "explanation": item.explanation if graded else None,
        "citation": citation_for(item, with_snippet=graded), "status": "graded" if graded else "open",
        "result": result, "progress": summary(memory),
    }


def _source_line(citation: dict[str, Any]) -> str:
    return f"[1] {citation['title']} — {citation['section']} ({citation['source']}, {citation['year']})"


def present(memory: dict[str, Any], item: QuizItem, lead: str = "") -> QuizReply:
    number = record_asked(memory, item.id, item.topic)
    memory["quiz"] = {"id": item.id, "attempts": 0, "asked_at": number}
    citation = citation_for(item, with_snippet=False)
    options = "\n".join(f"{LETTERS[i]}) {text}" for i, text in enumerate(item.options))
    text = (f"{lead}Question {number} - {item.topic} (from {citation['title']}, {citation['source']}, "
            f"{citation['year']}):\n\n{item.question}\n\n{options}\n\n{FOOTER}")
    return QuizReply(text, artifact(item, memory, graded=False, result=None), tool_title=f"Quiz item {item.id}")


def open_item(memory: dict[str, Any]) -> QuizItem | None:
    state = memory.get("quiz")
    return items_by_id().get(state.get("id")) if isinstance(state, dict) else None


def set_aside(memory: dict[str, Any]) -> str:
    """Close an open item without grading it (it comes back later); returns a short note for the reply."""
    state, item = memory.get("quiz"), open_item(memory)
    memory["quiz"] = None
    if not isinstance(state, dict) or item is None:
        return ""
    record_skipped(memory, item.id, int(state.get("asked_at", 0)))
    return f"(Question {item.id} is set aside; it will come back later.)\n\n"


def request(memory: dict[str, Any], text: str, audience: str) -> QuizReply:
    """A new item for "quiz me [on TOPIC]"; an open one is set aside first, so nothing is lost."""
    topic = topic_from_request(text)
    current = (memory.get("quiz") or {}).get("id")
    item = pick_item(memory, topic, audience, exclude=current)
    if item is None and topic:
        near = "; ".join(nearest_topics(topic))
        still = open_item(memory)
        reply = QuizReply(UNKNOWN_TOPIC.format(topic=topic, near=near))
        if still is not None:
            reply.text += f"\n\nYour open question ({still.id}) is still waiting for an answer."
            reply.quiz = artifact(still, memory, graded=False, result=None)
        return reply
    if item is None:
        return QuizReply("The question bank is empty, so I cannot quiz you yet.")
    lead = set_aside(memory)
    return present(memory, item, lead)


def _reveal(memory: dict[str, Any], item: QuizItem, verdict: str, result: str, first_try: bool) -> QuizReply:
    state = memory.get("quiz") or {}
    record_result(memory, item.id, int(state.get("asked_at", 0)), first_try)
    memory["quiz"] = None
    citation = citation_for(item, with_snippet=True)
    text = (f"{verdict} The answer is {item.answer}) {item.answer_text}.\n\n{item.explanation} [1]\n\n"
            f"Sources\n{_source_line(citation)}\n\n{score_line(memory)} {NEXT}")
    return QuizReply(text, artifact(item, memory, graded=True, result=result), [citation],
                     tool_title=f"Quiz item {item.id}")


def _hint(memory: dict[str, Any], item: QuizItem, chosen: str | None) -> QuizReply:
    memory["quiz"]["attempts"] = int(memory["quiz"].get("attempts", 0)) + 1
    citation = citation_for(item, with_snippet=False)
    source = f"{citation['source']}, {citation['year']}"
    text = socratic_hint(item, chosen, citation["title"], source)
    return QuizReply(text, artifact(item, memory, graded=False, result="hint"), tool_title=f"Quiz item {item.id}")


def answer(memory: dict[str, Any], text: str) -> QuizReply:
    """Grade a reply to the open item."""
    state = memory.get("quiz")
    if not isinstance(state, dict):
        memory["quiz"] = None
        return QuizReply(NO_QUIZ)
    item = open_item(memory)
    if item is None:
        memory["quiz"] = None
        return QuizReply(GONE.format(id=state.get("id")))
    attempts = int(state.get("attempts", 0))
    choice = read_choice(text, item)
    if choice.kind == "stop":
        note = set_aside(memory)
        return QuizReply(f"Quiz stopped. {score_line(memory)} {note.strip()}")
    if choice.kind == "reveal":
        return _reveal(memory, item, "No problem.", "incorrect", first_try=False)
    if choice.kind == "hint":
        if attempts == 0:
            return _hint(memory, item, None)
        return _reveal(memory, item, "Let's look at it together.", "incorrect", first_try=False)
    if choice.kind in ("unclear", "ambiguous"):
        letters = ", ".join(choice.candidates) if choice.kind == "ambiguous" else LETTERS[: len(item.options)]
        message = (AMBIGUOUS if choice.kind == "ambiguous" else UNCLEAR).format(letters=letters)
        return QuizReply(message, artifact(item, memory, graded=False, result=None))
    if choice.letter == item.answer:
        verdict = "Correct!" if attempts == 0 else "Correct this time."
        return _reveal(memory, item, verdict, "correct", first_try=attempts == 0)
    if attempts == 0:
        return _hint(memory, item, choice.letter)
    return _reveal(memory, item, f"Not quite: {choice.letter}) is not right either.", "incorrect", first_try=False)


def still_open(memory: dict[str, Any]) -> dict[str, Any] | None:
    """The open item's artifact (for replies to other intents while a quiz waits), or None."""
    item = open_item(memory)
    return artifact(item, memory, graded=False, result=None) if item is not None else None
