"""Case practice: the learner takes a history from a simulated patient, then commits to a triage level and a
diagnosis and gets feedback against the case. Findings are released only when their topic is asked about,
and nothing that names the answer (not even the citation's title) is shown until feedback.
"""

from __future__ import annotations

from typing import Any

from assistant.artifacts import LEVEL_ADVICE
from assistant.tutor.cases import (
    Case, CaseTopics, citation_for, diagnosis_matches, diagnosis_text, is_commitment, level_in, pick_case,
    topics_asked, wants_end, wants_feedback, wants_hint,
)
from assistant.tutor.library import TutorLibrary

TOPIC_LABELS = {
    "gynae": "periods and pregnancy", "bladder_bowel_control": "bladder and bowel control",
    "exam": "examination findings", "neuro": "weakness, numbness or speech", "social": "smoking, alcohol and work",
    "history": "past medical history", "drinking": "eating and drinking", "urine": "passing urine",
    "consciousness": "fainting, dizziness or drowsiness", "skin": "skin, rash or swelling",
    "mobility": "walking and weight bearing", "relieving": "what makes it better or worse",
    "trigger": "what brought it on", "radiation": "whether the pain spreads",
}
START = ("Practice case: {title}.\n\nYou are taking the history. Ask the patient one question at a time (onset, "
         "what it feels like, other symptoms, medical history, medicines, examination findings ...). When you are "
         "ready, commit to a triage level (emergency, urgent, routine or self-care) and a working diagnosis, e.g. "
         "\"triage: urgent, diagnosis: ...\". Say \"hint\" if you are stuck or \"end case\" to stop.\n\n"
         "Patient: \"{opening}\"")
NO_CASE = "No practice case is running. Say \"give me a case\" (or \"practice case on chest pain\") to start one."
UNKNOWN_CASE_TOPIC = "I have no practice case about {topic!r}. The cases I have are: {titles}."
NOT_UNDERSTOOD = ("Patient: \"Sorry, I'm not sure what you mean.\"\n\n(Tip: ask about one thing at a time, for "
                  "example {examples}.)")


def label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " "))


def start_case(library: TutorLibrary, memory: dict[str, Any], topic: str) -> str:
    """Open a case (the topic's, or the next not yet done) and return the opening reply."""
    done = [entry.get("id") for entry in memory.get("cases_done") or []]
    case, titles = pick_case(library.cases, topic, done)
    if case is None:
        return UNKNOWN_CASE_TOPIC.format(topic=topic, titles="; ".join(titles))
    memory["case"] = {"id": case.id, "asked": [], "questions": 0, "level": None, "diagnosis": None}
    return START.format(title=case.title, opening=case.opening)


def _answer_question(state: dict[str, Any], case: Case, text: str, topic_words: CaseTopics) -> str:
    topics = topics_asked(text, case, topic_words)[:2]
    state["questions"] = state.get("questions", 0) + 1
    if not topics:
        unasked = [t for t in case.key_topics if t not in state["asked"]] or case.key_topics
        return NOT_UNDERSTOOD.format(examples=", ".join(label(t) for t in unasked[:3]))
    answers = []
    for topic in topics:
        if topic not in state["asked"]:
            state["asked"].append(topic)
        answers.append(case.findings.get(topic, case.negative))
    return "Patient: \"" + " ".join(dict.fromkeys(answers)) + "\"" if not answers[0].startswith("(") else \
        " ".join(dict.fromkeys(answers))


def _hint(state: dict[str, Any], case: Case) -> str:
    unasked = [t for t in case.key_topics if t not in state["asked"]]
    if not unasked:
        return "You have covered the key parts of this history. Commit to a triage level and a diagnosis when ready."
    return f"Hint: you have not asked about {label(unasked[0])} yet. What would you like to ask?"


def feedback(library: TutorLibrary, state: dict[str, Any],
             case: Case) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """Feedback text with a [1] citation, the citations, and the record kept in progress."""
    level, said = state.get("level"), state.get("diagnosis")
    level_ok = level == case.level or level in case.also_accept
    dx_ok = bool(said) and diagnosis_matches(said, case)
    lines = [f"Case feedback: {case.title}", ""]
    if level:
        verdict = "right" if level == case.level else ("defensible" if level_ok else "not right")
        lines.append(f"- Triage level: you chose {level.replace('_', '-')}; the case answer is "
                     f"{case.level.replace('_', '-')} ({verdict}). {LEVEL_ADVICE[case.level]}")
    else:
        lines.append(f"- Triage level: not given; the case answer is {case.level.replace('_', '-')}.")
    lines.append(f"- Diagnosis: you said \"{said or 'nothing'}\"; the case answer is {case.diagnosis} "
                 f"({'right' if dx_ok else 'not right'}).")
    missed = [label(t) for t in case.key_topics if t not in state.get("asked", [])]
    covered = len(case.key_topics) - len(missed)
    lines.append(f"- History: you covered {covered} of {len(case.key_topics)} key topics"
                 + (f"; not asked: {', '.join(missed)}." if missed else "."))
    lines += ["", "Teaching points [1]:"] + [f"- {point}" for point in case.teaching_points]
    citation = citation_for(case, library.docs)
    lines += ["", "Sources", f"[1] {citation['title']} — {citation['section']} ({citation['source']}, "
                             f"{citation['year']})", "", "Say \"give me a case\" for another, or \"quiz me\"."]
    record = {"id": case.id, "level_ok": level_ok, "diagnosis_ok": dx_ok, "asked": len(state.get("asked", []))}
    return "\n".join(lines), [citation], record


def _close(library: TutorLibrary, memory: dict[str, Any], state: dict[str, Any],
           case: Case) -> tuple[str, list[dict[str, Any]]]:
    text, citations, record = feedback(library, state, case)
    memory.setdefault("cases_done", []).append(record)
    memory["case"] = None
    return text, citations


def case_turn(library: TutorLibrary, memory: dict[str, Any], text: str) -> tuple[str, list[dict[str, Any]]]:
    """One learner turn in an open case: a history question, a hint, a commitment, or ending the case."""
    state = memory.get("case")
    case = library.case(state["id"]) if isinstance(state, dict) and state.get("id") else None
    if case is None:
        memory["case"] = None
        return NO_CASE, []
    if wants_end(text):
        memory["case"] = None
        return (f"Case ended. The answer was: {case.level.replace('_', '-')} level, {case.diagnosis}. "
                "Say \"give me a case\" to try another."), []
    if wants_hint(text):
        return _hint(state, case), []
    if wants_feedback(text):
        return _close(library, memory, state, case)
    awaiting_diagnosis = state.get("level") and not state.get("diagnosis") and "?" not in text \
        and not topics_asked(text, case, library.case_topics)
    if is_commitment(text) or awaiting_diagnosis:
        state["level"] = level_in(text) or state.get("level")
        said = diagnosis_text(text)
        if len(said) >= 2:
            state["diagnosis"] = said
        if state.get("level") and state.get("diagnosis"):
            return _close(library, memory, state, case)
        missing = "your working diagnosis" if state.get("level") else \
            "your triage level (emergency, urgent, routine or self-care)"
        return f"Noted. What is {missing}? (Or say \"feedback\" to finish now.)", []
    return _answer_question(state, case, text, library.case_topics), []
