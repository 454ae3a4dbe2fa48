"""Documentation mode: one turn of the note engine (``respond(turn) -> TurnResult``).

Memory (JSON, checkpointed) holds the draft's facts, so later turns edit the same note. The note is always
rebuilt from the facts: sections, ICD-10-CM suggestions, the interaction check and both exports.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.input_check import looks_non_english
from assistant.notes.conversation import facts_from_conversation
from assistant.notes.edits import apply_edit, dictated_facts, is_new_note, merge_facts
from assistant.notes.export import ExportError, to_fhir, to_markdown
from assistant.notes.extract import extract_facts, has_content
from assistant.notes.icd10 import suggest_codes
from assistant.notes.soap import build_sections
from assistant.notes.transcript import parse_transcript
from assistant.turns import TurnInput, TurnResult

MAX_SCAN_CHARS = 100_000
ENGLISH_ONLY = ("The documentation engine reads English only, so no note content was taken from this message "
                "(nothing was invented). {draft}Please paste the consultation in English.")
NO_CONTENT = ("I could not find any clinical content in that {what} - no symptoms, findings, vital signs, medicines, "
              "allergies or plan - so no note was written. {draft}Paste a consultation with speaker labels "
              "(\"Doctor: ...\", \"Patient: ...\") or dictate the findings.")
NO_DRAFT = ("There is no note to edit yet. Paste a consultation transcript, dictate the findings, or say \"write a "
            "SOAP note\" after a triage conversation.")
NOTHING_TO_DOCUMENT = ("There is nothing to document yet: paste a consultation transcript (\"Doctor: ...\", "
                       "\"Patient: ...\") or describe the findings, then ask for the note.")
QUESTION = ("Documentation mode writes and edits notes. For a question, switch to education mode "
            "(\"switch to education\") and ask it there.")
HELP = ("Documentation mode: paste a consultation transcript, or say \"write a SOAP note\" after a triage "
        "conversation. Edit the draft by saying \"add penicillin allergy\", \"change the plan to ...\", "
        "\"remove ...\"; say \"new note\" to start over.")
_REQUEST_PREFIX = re.compile(r"^\s*(?:please\s+)?(?:write|draft|make|create|document|show|export)\b[^:\n]*?(?:note|this)\s*[:\-]?",
                             re.IGNORECASE)


def respond(turn: TurnInput) -> TurnResult:
    memory = dict(turn.memory or {})
    draft = memory.get("facts")
    text = (turn.text or "")[:MAX_SCAN_CHARS]
    draft_kept = "Your current draft is unchanged. " if draft else ""
    if turn.intent == "greeting":
        return TurnResult(text=HELP, memory=memory)
    if is_new_note(text):
        return TurnResult(text="Started a new note; the previous draft was discarded. " + HELP, memory={})
    if looks_non_english(text):
        return TurnResult(text=ENGLISH_ONLY.format(draft=draft_kept), memory=memory)
    if turn.intent == "question":
        return TurnResult(text=QUESTION, memory=memory)
    if turn.intent == "transcript" or (len(parse_transcript(text[:5000]).utterances) > 1
                                       and parse_transcript(text[:5000]).dialogue):
        facts = extract_facts(parse_transcript(text))
        if not has_content(facts):
            return TurnResult(text=NO_CONTENT.format(what="transcript", draft=draft_kept), memory=memory)
        lead = "Replaced the previous draft with a note from this transcript." if draft else "Note drafted from the transcript."
        return _note_reply(facts, memory, lead)
    if turn.intent == "note_edit":
        if not draft:
            return TurnResult(text=NO_DRAFT, memory=memory)
        outcome = apply_edit(draft, text)
        if not outcome.changed:
            return _note_reply(draft, memory, outcome.message, unchanged=True)
        return _note_reply(outcome.facts, memory, outcome.message)
    if turn.intent in ("note_request", "just_tell_me"):
        dictated = dictated_facts(_REQUEST_PREFIX.sub("", text))
        if draft:
            facts = merge_facts(draft, dictated) if has_content(dictated) else draft
            return _note_reply(facts, memory, "Here is the current note.")
        facts = facts_from_conversation(turn.history, turn.engines_memory.get("triage"), turn.patient)
        facts = merge_facts(facts, dictated)
        if not has_content(facts):
            return TurnResult(text=NOTHING_TO_DOCUMENT, memory=memory)
        return _note_reply(facts, memory, "Note drafted from this conversation.")
    facts = dictated_facts(text)  # symptom_report and anything else: dictated content for the draft
    if not has_content(facts):
        return TurnResult(text=NO_CONTENT.format(what="message", draft=draft_kept), memory=memory)
    merged = merge_facts(draft, facts) if draft else facts
    return _note_reply(merged, memory, "Added to the note." if draft else "Note started from your description.")


def _medicine_check(facts: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None, dict[str, Any] | None]:
    """(plan line, drugs artifact, tool record) for two or more medicines; loud when the check cannot run."""
    names = list(dict.fromkeys(m["name"] for m in facts.get("medications") or []))
    if len(names) < 2:
        return None, None, None
    title = "Checked interactions: " + " + ".join(names)
    try:
        from assistant.drugs.interactions import check_interactions

        report = check_interactions(names)
    except Exception as err:  # the drug engine failing must not lose the note; say so instead
        summary = f"interaction check could not run ({type(err).__name__})"
        unchecked = [{"name": n, "reason": "interaction checker unavailable", "suggestions": []} for n in names]
        tool = {"name": "check_interactions", "title": title, "status": "error", "summary": summary}
        return (f"Interactions NOT checked: {summary}. Check these medicines separately.",
                {"drugs": [], "interactions": [], "unchecked": unchecked, "doses": []}, tool)
    data = report.to_dict()
    found = [f for f in data["interactions"] if f["severity"] != "none"]
    parts = [f"{f['a']} + {f['b']}: {f['severity']} ({f['management'] or f['mechanism']}) [Source: {f['source']}]"
             for f in found]
    line = "Interaction check: " + ("; ".join(parts) if parts else "no interactions found in our data")
    if data["unchecked"]:
        line += "; not checked: " + ", ".join(f"{u['name']} ({u['reason']})" for u in data["unchecked"])
    tool = {"name": "check_interactions", "title": title, "status": "done", "summary": report.summary()}
    artifact = {"drugs": [], "interactions": data["interactions"], "unchecked": data["unchecked"], "doses": []}
    return line + ".", artifact, tool


def build_note(facts: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None, list[str]]:
    """(note artifact, tool records, drugs artifact or None, notices) for a set of facts."""
    tools: list[dict[str, Any]] = []
    notices: list[str] = []
    line, drugs, tool = _medicine_check(facts)
    if tool:
        tools.append(tool)
    codes = suggest_codes(facts)
    tools.append({"name": "icd10_suggest", "title": "Suggested ICD-10-CM codes", "status": "done",
                  "summary": ", ".join(c["code"] for c in codes) or "no codable diagnosis or symptom found"})
    sections, verify = build_sections(facts, codes, line)
    markdown = to_markdown(sections, verify)
    try:
        fhir = to_fhir(sections, codes, verify)
    except ExportError as err:
        fhir = {}
        notices.append(str(err))
    public = {k: facts.get(k) for k in ("symptoms_present", "symptoms_absent", "vitals", "medications", "allergies",
                                        "durations", "plan_items")}
    note = {"sections": sections, "codes": codes, "verify": verify, "markdown": markdown, "fhir": fhir,
            "facts": public}
    return note, tools, drugs, notices


def _note_reply(facts: dict[str, Any], memory: dict[str, Any], lead: str, unchanged: bool = False) -> TurnResult:
    note, tools, drugs, notices = build_note(facts)
    memory = {**memory, "facts": facts}
    artifacts: dict[str, Any] = {"note": note}
    if drugs:
        artifacts["drugs"] = drugs
    tail = ("\n\nEdit by saying \"add ...\", \"change the plan to ...\" or \"remove ...\"; the note is also "
            "available as Markdown and as a FHIR R4 Composition.")
    text = f"{lead}\n\n{note['markdown']}{tail}"
    if unchanged:
        text = f"{lead}\n\n{note['markdown']}"
    return TurnResult(text=text, artifacts=artifacts, memory=memory, tools=tools, notices=notices)
