"""The quiz conversation: present an item, grade replies (hint after a first miss, explanation after the second),
give hints on request, keep to the learner's topic, and build the ``quiz`` artifact. The key and explanation stay
out of the artifact and the reply while the item is open.

Memory: ``quiz`` is the open item (id, attempts, asked_at, tried letters, ruled_out letters, hints; None when
closed) and ``quiz_topic`` the topic the learner asked for, kept until they ask for another ("quiz me on
sepsis"), for anything ("quiz me on anything"), or every item on it has been asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.tutor.bank import LETTERS, QuizItem
from assistant.tutor.grading import narrow, narrowing_hint, read_choice, socratic_hint
from assistant.tutor.library import Embed, TutorLibrary
from assistant.tutor.progress import record_asked, record_result, record_skipped, score_line, summary
from assistant.tutor.selection import nearest_topics, pick_item, topic_from_request

NO_QUIZ = ("There is no open quiz question to answer right now. Say \"quiz me\" or \"quiz me on <topic>\" "
           "(for example \"quiz me on asthma\") to get one.")
UNKNOWN_TOPIC = "I have no quiz questions on {topic!r}. Nearby topics I can quiz you on: {near}."
UNCLEAR = ("I couldn't match that to one of the options. Reply with a letter ({letters}) or the option's text; "
           "say \"hint\" for a clue, \"skip\" to see the answer or \"stop the quiz\" to stop.")
AMBIGUOUS = "That fits more than one option ({letters}). Which letter do you mean?"
GONE = "The open question ({id}) is no longer in the question bank, so I have closed it. Say \"quiz me\" for another."
FOOTER = "Reply with a letter or the option text. Say \"hint\" for a clue or \"stop the quiz\" to stop."
NEXT = "Say \"next question\" for another, or \"quiz me on <topic>\"."
NEXT_ON_TOPIC = ("Say \"next question\" for another on {topic}, \"quiz me on <topic>\" to change topic or "
                 "\"quiz me on anything\" for a mix.")
EXHAUSTED = "(That was every question I have on {topic}; here is one on another topic.)\n\n"
RESUME = "(Your quiz question {id} is still open - here it is again.)"
_ANY_TOPIC = re.compile(r"\b(?:anything|any topic|any subject|random(?:ly)?|mix(?:ed)?|all topics|everything|"
                        r"whatever|something else|different topic|another topic|other topics?|new topic|"
                        r"change (?:the )?topic)\b", re.IGNORECASE)


@dataclass
class QuizReply:
    text: str
    quiz: dict[str, Any] | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    tool_title: str | None = None


def citation_for(library: TutorLibrary, item: QuizItem, with_snippet: bool) -> dict[str, Any]:
    """The item's source; the snippet (the support phrase) is withheld while open because it can give the key away."""
    doc = library.docs.get(item.doc_id)
    if doc is None:
        return {"doc_id": item.doc_id, "title": item.doc_id, "section": item.section, "source": "", "year": "n.d."}
    return {"doc_id": doc.id, "title": doc.title, "section": item.section, "source": doc.organisation,
            "year": doc.year or "n.d.", "url": doc.url,
            "snippet": " ".join(item.support.replace("**", "").split()) if with_snippet else "", "score": 1.0}


def artifact(library: TutorLibrary, item: QuizItem, memory: dict[str, Any], *, graded: bool,
             result: str | None) -> dict[str, Any]:
    return {
        "id": item.id, "topic": item.topic, "question": item.question,
        "options": [{"letter": LETTERS[i], "text": text} for i, text in enumerate(item.options)],
        "answer": item.answer if graded else None, "explanation": item.explanation if graded else None,
        "citation": citation_for(library, item, with_snippet=graded), "status": "graded" if graded else "open",
        "result": result, "progress": summary(memory),
    }


def _source_line(citation: dict[str, Any]) -> str:
    return f"[1] {citation['title']} — {citation['section']} ({citation['source']}, {citation['year']})"


def _item_text(library: TutorLibrary, item: QuizItem, number: int, ruled_out: list[str] = ()) -> str:
    citation = citation_for(library, item, with_snippet=False)
    options = "\n".join(f"{LETTERS[i]}) {text}" + (" (ruled out)" if LETTERS[i] in ruled_out else "")
                        for i, text in enumerate(item.options))
    return (f"Question {number} - {item.topic} (from {citation['title']}, {citation['source']}, "
            f"{citation['year']}):\n\n{item.question}\n\n{options}\n\n{FOOTER}")


def present(library: TutorLibrary, memory: dict[str, Any], item: QuizItem, lead: str = "") -> QuizReply:
    number = record_asked(memory, item.id, item.topic)
    memory["quiz"] = {"id": item.id, "attempts": 0, "asked_at": number, "tried": [], "ruled_out": [], "hints": 0}
    return QuizReply(lead + _item_text(library, item, number),
                     artifact(library, item, memory, graded=False, result=None), tool_title=f"Quiz item {item.id}")


def open_item(library: TutorLibrary, memory: dict[str, Any]) -> QuizItem | None:
    state = memory.get("quiz")
    return library.item(state.get("id")) if isinstance(state, dict) else None


def reminder(library: TutorLibrary, memory: dict[str, Any]) -> str | None:
    """The open item shown again (after a question or aside), without counting it as asked twice."""
    item = open_item(library, memory)
    if item is None:
        return None
    state = memory["quiz"]
    return RESUME.format(id=item.id) + "\n\n" + _item_text(library, item, int(state.get("asked_at", 0)),
                                                           list(state.get("ruled_out") or []))


def set_aside(library: TutorLibrary, memory: dict[str, Any]) -> str:
    """Close an open item without grading it (it comes back later); returns a short note for the reply."""
    state, item = memory.get("quiz"), open_item(library, memory)
    memory["quiz"] = None
    if not isinstance(state, dict) or item is None:
        return ""
    record_skipped(memory, item.id, int(state.get("asked_at", 0)))
    return f"(The unanswered question on {item.topic} is set aside; it will come back later.)\n\n"


def request(library: TutorLibrary, memory: dict[str, Any], text: str, audience: str,
            embed: Embed | None = None) -> QuizReply:
    """A new item for "quiz me [on TOPIC]" or "next question"; an open one is set aside first, so nothing is lost.

    A request without a topic stays on the topic asked for earlier while it has items not yet asked.
    """
    current = (memory.get("quiz") or {}).get("id")
    asked = "" if _ANY_TOPIC.search(text or "") else topic_from_request(text)
    remembered = "" if _ANY_TOPIC.search(text or "") else str(memory.get("quiz_topic") or "")
    lead = ""
    if asked:
        item = pick_item(library, memory, asked, audience, exclude=current, embed=embed)
        if item is None:
            return _unknown_topic(library, memory, asked, embed)
        memory["quiz_topic"] = asked
    else:
        item = pick_item(library, memory, remembered, audience, exclude=current, embed=embed,
                         repeat=False) if remembered else None
        if item is None:
            lead = EXHAUSTED.format(topic=remembered) if remembered else ""
            memory["quiz_topic"] = None
            item = pick_item(library, memory, "", audience, exclude=current, embed=embed)
    if item is None:
        return QuizReply("The question bank is empty, so I cannot quiz you yet.")
    return present(library, memory, item, set_aside(library, memory) + lead)


def _unknown_topic(library: TutorLibrary, memory: dict[str, Any], topic: str, embed: Embed | None) -> QuizReply:
    near = "; ".join(nearest_topics(library, topic, embed))
    reply = QuizReply(UNKNOWN_TOPIC.format(topic=topic, near=near))
    still = open_item(library, memory)
    if still is not None:
        reply.text += f"\n\nYour open question ({still.id}) is still waiting for an answer."
        reply.quiz = artifact(library, still, memory, graded=False, result=None)
    return reply


def _depth(library: TutorLibrary, item: QuizItem, audience: str) -> str:
    """What the learner's level adds to an explanation: the guideline's own words for students and nurses, the
    primary source for physicians."""
    if audience == "physician":
        doc = library.docs.get(item.doc_id)
        if doc and (doc.source_title or doc.url):
            return (f"\n\nPrimary source: {doc.source_title or doc.title} ({doc.organisation}, {doc.year})"
                    + (f" {doc.url}" if doc.url else ""))
        return ""
    quote = " ".join(item.support.replace("**", "").split())
    return f"\n\nIn the guideline's words: \"{quote}\" [1]" if quote else ""


def _reveal(library: TutorLibrary, memory: dict[str, Any], item: QuizItem, verdict: str, result: str,
            first_try: bool, audience: str) -> QuizReply:
    state = memory.get("quiz") or {}
    record_result(memory, item.id, int(state.get("asked_at", 0)), first_try)
    memory["quiz"] = None
    citation = citation_for(library, item, with_snippet=True)
    topic = memory.get("quiz_topic")
    follow = NEXT_ON_TOPIC.format(topic=topic) if topic else NEXT
    text = (f"{verdict} The answer is {item.answer}) {item.answer_text}.\n\n{item.explanation} [1]"
            f"{_depth(library, item, audience)}\n\nSources\n{_source_line(citation)}\n\n{score_line(memory)} {follow}")
    return QuizReply(text, artifact(library, item, memory, graded=True, result=result), [citation],
                     tool_title=f"Quiz item {item.id}")


def _wrong_answer_hint(library: TutorLibrary, memory: dict[str, Any], item: QuizItem, chosen: str) -> QuizReply:
    state = memory["quiz"]
    state["attempts"] = int(state.get("attempts", 0)) + 1
    state["tried"] = list(dict.fromkeys(list(state.get("tried") or []) + [chosen]))
    citation = citation_for(library, item, with_snippet=False)
    text = socratic_hint(item, chosen, citation["title"], f"{citation['source']}, {citation['year']}")
    return QuizReply(text, artifact(library, item, memory, graded=False, result="hint"),
                     tool_title=f"Quiz item {item.id}")


def hint(library: TutorLibrary, memory: dict[str, Any]) -> QuizReply:
    """A hint on request: rule out some wrong options (never the key) and point at the cited section. It is not
    an answer, so it costs no attempt and the first answer after it still counts as the first try."""
    state = memory.get("quiz")
    item = open_item(library, memory)
    if not isinstance(state, dict) or item is None:
        return answer(library, memory, "")  # the same reply as any answer with nothing open
    out = list(dict.fromkeys(list(state.get("ruled_out") or []) + list(state.get("tried") or [])))
    newly = narrow(item, out)
    state["ruled_out"] = list(dict.fromkeys(list(state.get("ruled_out") or []) + newly))
    state["hints"] = int(state.get("hints", 0)) + 1
    citation = citation_for(library, item, with_snippet=False)
    text = narrowing_hint(item, out, newly, citation["title"], f"{citation['source']}, {citation['year']}")
    return QuizReply(text, artifact(library, item, memory, graded=False, result="hint"),
                     tool_title=f"Quiz item {item.id}")


def answer(library: TutorLibrary, memory: dict[str, Any], text: str, audience: str = "student") -> QuizReply:
    """Grade a reply to the open item (a request for a hint is given one, not graded)."""
    state = memory.get("quiz")
    if not isinstance(state, dict):
        memory["quiz"] = None
        return QuizReply(NO_QUIZ)
    item = open_item(library, memory)
    if item is None:
        memory["quiz"] = None
        return QuizReply(GONE.format(id=state.get("id")))
    attempts = int(state.get("attempts", 0))
    choice = read_choice(text, item)
    if choice.kind == "stop":
        note = set_aside(library, memory)
        return QuizReply(f"Quiz stopped. {score_line(memory)} {note.strip()}")
    if choice.kind == "reveal":
        return _reveal(library, memory, item, "No problem.", "incorrect", first_try=False, audience=audience)
    if choice.kind == "hint":
        return hint(library, memory)
    if choice.kind in ("unclear", "ambiguous"):
        letters = ", ".join(choice.candidates) if choice.kind == "ambiguous" else LETTERS[: len(item.options)]
        message = (AMBIGUOUS if choice.kind == "ambiguous" else UNCLEAR).format(letters=letters)
        return QuizReply(message, artifact(library, item, memory, graded=False, result=None))
    if choice.letter == item.answer:
        verdict = "Correct!" if attempts == 0 else "Correct this time."
        if state.get("hints"):
            verdict += " (With a hint - hints do not count against you.)"
        return _reveal(library, memory, item, verdict, "correct", first_try=attempts == 0, audience=audience)
    if attempts == 0:
        return _wrong_answer_hint(library, memory, item, choice.letter or "")
    return _reveal(library, memory, item, f"Not quite: {choice.letter}) is not right either.", "incorrect",
                   first_try=False, audience=audience)


def still_open(library: TutorLibrary, memory: dict[str, Any]) -> dict[str, Any] | None:
    """The open item's artifact (for replies to other intents while a quiz waits), or None."""
    item = open_item(library, memory)
    return artifact(library, item, memory, graded=False, result=None) if item is not None else None
