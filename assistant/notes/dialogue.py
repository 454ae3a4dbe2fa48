"""Documentation mode: one turn of the note engine (``respond(turn) -> TurnResult``).

Memory (JSON, checkpointed) holds the draft and a short undo history, so later turns edit the same note and
"undo" reverts the last change. The note is always rebuilt from the draft: sections, codes, flags, the interaction
check and both exports.
"""

from __future__ import annotations

from typing import Any

from assistant.notes.build import build_note
from assistant.notes.draft import NoteDraft
from assistant.notes.edits import apply_edit, is_new_note, is_undo
from assistant.notes.flags import conversation_flags, transcript_flags
from assistant.notes.from_conversation import read_conversation
from assistant.notes.from_findings import read_consultation
from assistant.turns import Turn, TurnResult

UNDO_DEPTH = 5
ENGLISH_ONLY = ("The documentation engine reads English only, so no note content was taken from this message "
                "(nothing was invented). {draft}Please paste the consultation in English.")
NO_CONTENT = ("I could not find any clinical content in that {what} - no symptoms, findings, vital signs, medicines, "
              "allergies or plan - so no note was written. {draft}Paste a consultation with speaker labels "
              "(\"Doctor: ...\", \"Patient: ...\") or dictate the findings.")
NO_DRAFT = ("There is no note to edit yet. Paste a consultation transcript, dictate the findings, or say \"write a "
            "SOAP note\" after a triage conversation.")
NOTHING_TO_UNDO = "There is no earlier version of the note to go back to."
NOTHING_TO_DOCUMENT = ("There is nothing to document yet: paste a consultation transcript (\"Doctor: ...\", "
                       "\"Patient: ...\") or describe the findings, then ask for the note.")
QUESTION = ("Documentation mode writes and edits notes. For a question, switch to education mode "
            "(\"switch to education\") and ask it there.")
HELP = ("Documentation mode: paste a consultation transcript, or say \"write a SOAP note\" after a triage "
        "conversation. Edit the draft by saying \"add penicillin allergy - hives\", \"change the plan to ...\", "
        "\"remove ...\" or \"undo\"; say \"new note\" to start over.")
TAIL = ("\n\nEdit by saying \"add ...\", \"change the plan to ...\", \"remove ...\" or \"undo\"; the note is also "
        "available as Markdown and as a FHIR R4 document.")


def respond(turn: Turn) -> TurnResult:
    memory = dict(turn.memory or {})
    draft = NoteDraft.from_dict(memory["draft"]) if memory.get("draft") else None
    findings, knowledge = turn.findings, turn.knowledge
    text = findings.text
    kept = "Your current draft is unchanged. " if draft else ""
    if turn.intent == "greeting":
        return TurnResult(text=HELP, memory=memory)
    if is_new_note(text):
        return TurnResult(text="Started a new note; the previous draft was discarded. " + HELP, memory={})
    if findings.language_confident and findings.language not in ("en", "und"):
        return TurnResult(text=ENGLISH_ONLY.format(draft=kept), memory=memory)
    if turn.intent == "question":
        return TurnResult(text=QUESTION, memory=memory)
    if turn.intent == "transcript" or findings.is_transcript:
        new, lines = read_consultation(findings, knowledge)
        if new.empty:
            return TurnResult(text=NO_CONTENT.format(what="transcript", draft=kept), memory=memory)
        new.flags = transcript_flags(turn.red_flags, findings, lines)
        lead = ("Replaced the previous draft with a note from this transcript." if draft
                else "Note drafted from the transcript.")
        return _reply(turn, new, memory, lead, previous=draft)
    if turn.intent == "note_edit":
        if is_undo(text):
            return _undo(turn, memory)
        if draft is None:
            return TurnResult(text=NO_DRAFT, memory=memory)
        outcome = apply_edit(draft, findings, knowledge)
        if outcome.reset:
            return TurnResult(text="Started a new note; the previous draft was discarded. " + HELP, memory={})
        if not outcome.changed:
            return _reply(turn, draft, memory, outcome.message, unchanged=True)
        return _reply(turn, outcome.draft, memory, outcome.message, previous=draft)
    dictated, _ = read_consultation(findings, knowledge)
    if turn.intent in ("note_request", "just_tell_me"):
        if draft is not None:
            if dictated.empty:
                return _reply(turn, draft, memory, "Here is the current note.", unchanged=True)
            return _reply(turn, draft.merge(dictated), memory, "Added to the note.", previous=draft)
        conversation = read_conversation(turn.case, turn.history, knowledge)
        conversation.flags = conversation_flags(turn.red_flags)
        merged = conversation.merge(dictated)
        if merged.empty:
            return TurnResult(text=NOTHING_TO_DOCUMENT, memory=memory)
        return _reply(turn, merged, memory, "Note drafted from this conversation.", previous=draft)
    if dictated.empty:  # symptom_report and anything else: dictated content for the draft
        return TurnResult(text=NO_CONTENT.format(what="message", draft=kept), memory=memory)
    merged = draft.merge(dictated) if draft else dictated
    return _reply(turn, merged, memory, "Added to the note." if draft else "Note started from your description.",
                  previous=draft)


def _undo(turn: Turn, memory: dict[str, Any]) -> TurnResult:
    history = list(memory.get("undo") or [])
    if not history:
        return TurnResult(text=NOTHING_TO_UNDO, memory=memory)
    previous = history.pop()
    if not previous:
        return TurnResult(text="Undone: there was no note before that change, so the draft is now empty.",
                          memory={"undo": history} if history else {})
    memory = {**memory, "undo": history}
    return _reply(turn, NoteDraft.from_dict(previous), memory, "Undone: the note is back to its previous version.",
                  unchanged=True)


def _reply(turn: Turn, draft: NoteDraft, memory: dict[str, Any], lead: str, *, previous: NoteDraft | None = None,
           unchanged: bool = False) -> TurnResult:
    built = build_note(draft, turn.knowledge)
    memory = {**memory, "draft": draft.to_dict()}
    if not unchanged:
        history = list(memory.get("undo") or []) + [previous.to_dict() if previous else {}]
        memory["undo"] = history[-UNDO_DEPTH:]
    artifacts: dict[str, Any] = {"note": built.note}
    if built.drugs:
        artifacts["drugs"] = built.drugs
    text = f"{lead}\n\n{built.note['markdown']}" + ("" if unchanged else TAIL)
    return TurnResult(text=text, artifacts=artifacts, memory=memory, tools=built.tools,  # type: ignore[arg-type]
                      notices=built.notices)
