"""Edits of the draft by chat: "add penicillin allergy - hives", "change the plan to ...", "remove the cough",
"add that BP was 140/90", "add code J02.0", "start over". The clinician's words are read by the one parse of the
message (``turn.findings``); this module only reads the command and takes the facts inside its span. Every fact an
edit adds names the edit as its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.notes.draft import EDIT, NoteDraft
from assistant.notes.from_findings import clean_allergen, vital_text
from assistant.notes.needs import NoteKnowledge
from assistant.understanding.findings import Findings

_I = re.IGNORECASE | re.DOTALL
_NEW_NOTE = re.compile(r"^\s*(?:new note|start (?:a )?(?:new note|over|again)|clear (?:the )?note|"
                       r"discard (?:the )?note|reset (?:the )?note)\b", re.IGNORECASE)
_UNDO = re.compile(r"^\s*(?:undo|revert|go back|undo (?:that|the last (?:edit|change))|take that back)\s*[.!]?\s*$",
                   re.IGNORECASE)
_SECTION = r"(?:plan|assessment|impression|diagnosis|subjective|history|objective|examination|exam|findings)"
_REPLACE_SECTION = re.compile(rf"^\s*(?:change|update|set|replace|make)\s+(?:the\s+)?(?P<section>{_SECTION})\s+"
                              rf"(?:to|with|as)\s*:?\s*(?P<text>.+)$", _I)
_ADD_TO_SECTION = re.compile(rf"^\s*(?:add|append|include)\s+(?:to\s+(?:the\s+)?(?P<section>{_SECTION})\s*:?|"
                             rf"(?:a\s+|an\s+)?(?P<section2>{_SECTION})\s*(?:item|of|:))\s*(?P<text>.+)$", _I)
_ADD_X_TO_SECTION = re.compile(rf"^\s*(?:add|append|include)\s+(?P<text>.+?)\s+to\s+(?:the\s+)?(?P<section>{_SECTION})"
                               rf"\s*[.!]?\s*$", _I)
_ADD_CODE = re.compile(r"^\s*(?:add|include)\s+(?:icd(?:-?10)?(?:-cm)?\s+)?code\s+"
                       r"(?P<code>[A-Z]\d{2}(?:\.?[0-9A-Z]{1,4})?)\b", re.IGNORECASE)
_REMOVE = re.compile(r"^\s*(?:remove|delete|drop|take out|strike)\s+(?:the\s+)?(?P<what>.+?)(?:\s+from\s+the\s+note)?"
                     r"\s*[.!]?\s*$", _I)
_CHANGE_X_TO_Y = re.compile(r"^\s*(?:change|replace|switch)\s+(?:the\s+)?(?P<old>.+?)\s+(?:to|with|for)\s+"
                            r"(?P<new>.+)$", _I)
_ADD = re.compile(r"^\s*(?:add|also|update|set|record|note|document|change)\s+(?:that\s+|a\s+|an\s+)?(?P<text>.+)$", _I)
_CODE = re.compile(r"\b([A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?)\b")
_VITAL_WORDS = {"blood_pressure": r"bp|blood pressure", "temperature": r"temp(?:erature)?",
                "heart_rate": r"pulse|heart rate|hr", "resp_rate": r"rr|resp(?:iratory)? rate",
                "spo2": r"sats|saturations?|spo2|oxygen saturation", "gcs": r"gcs", "glucose": r"glucose|sugar|bm"}
SECTION_OF = {"impression": "assessment", "diagnosis": "assessment", "examination": "exam", "findings": "exam",
              "objective": "exam", "history": "subjective"}
HELP = ("I could not tell what to change from that. Try \"add penicillin allergy - hives\", \"change the plan to "
        "...\", \"remove ...\", \"add that BP was 140/90\" or \"undo\".")


@dataclass
class EditOutcome:
    draft: NoteDraft
    message: str
    changed: bool
    reset: bool = False
    removed: list[str] = field(default_factory=list)


def is_new_note(text: str) -> bool:
    return bool(_NEW_NOTE.match(text))


def is_undo(text: str) -> bool:
    return bool(_UNDO.match(text))


def facts_in(findings: Findings, start: int, end: int, knowledge: NoteKnowledge, source: str, *,
             plan: bool = False) -> NoteDraft:
    """The facts the parse found between two offsets of the message, as a draft whose source is the edit."""
    text = findings.text
    labels, concepts = knowledge.lexicon_labels, knowledge.lexicon.concepts
    part = NoteDraft(origin="dictation")

    def inside(surface: str) -> bool:
        at = text.lower().find(surface.lower()) if surface else -1
        return at != -1 and at < end and at + len(surface) > start

    for allergy in findings.allergies:
        if not inside(allergy.surface):
            continue
        substance = clean_allergen(allergy.substance, knowledge)
        if substance:
            part.add_allergy({"substance": substance, "reaction": allergy.reaction, "source": source})
    if findings.no_known_allergies and not part.allergies:
        part.no_known_allergies = source
    allergens = {a["substance"] for a in part.allergies}
    for drug in findings.medicines:
        if not start <= drug.start < end or drug.name in allergens:
            continue
        in_plan = plan or drug.status == "new"
        part.add_medicine({"name": drug.name, "dose": drug.dose, "unit": drug.unit, "route": drug.route,
                           "frequency": drug.frequency, "status": "new" if in_plan else drug.status,
                           "course": drug.course, "source": source, "section": "plan" if in_plan else "subjective",
                           "verify": not drug.known})
    for vital in findings.vitals:
        if inside(vital.surface):
            part.add_vital({"kind": vital.kind, "value": vital.value, "unit": vital.unit, "diastolic": vital.diastolic,
                            "written_value": vital.written_value, "written_unit": vital.written_unit,
                            "on_oxygen": vital.on_oxygen,
                            "text": vital_text(vital.kind, vital.value, vital.unit, vital.diastolic, vital.on_oxygen),
                            "source": source, "reported": False})
    if part.allergies:
        return part  # the words beside an allergy are its reaction, not findings
    for mention in findings.mentions:
        if not start <= mention.start < end or mention.assertion == "hypothetical" or mention.source == "vital":
            continue
        label = labels.get(mention.concept, mention.concept.replace("_", " "))
        if mention.experiencer == "family":
            part.family.append({"concept": mention.concept, "label": label, "assertion": mention.assertion,
                                "source": source})
            continue
        kind = concepts.get(mention.concept, {}).get("kind", "symptom")
        group = ("denied" if mention.assertion == "absent" else
                 "history" if mention.assertion == "historical" or kind == "condition" else "reported")
        part.add_finding({"concept": mention.concept, "label": label, "group": group, "assertion": mention.assertion,
                          "source": source, "speaker": "clinician", "detail": "", "verify": False})
    return part


def _statement(text: str, source: str) -> dict[str, Any]:
    return {"text": text.strip().rstrip(".").strip() + ".", "source": source, "concepts": []}  # as typed


def _set_section(draft: NoteDraft, section: str, findings: Findings, start: int, end: int, source: str,
                 knowledge: NoteKnowledge, *, replace: bool) -> tuple[NoteDraft, str]:
    """(the draft with the section replaced or added to, what changed)."""
    said = findings.text[start:end]
    part = facts_in(findings, start, end, knowledge, source, plan=section == "plan")
    if section == "plan":
        taking = {m["name"] for m in draft.medicines if m.get("section") != "plan" and m.get("status") != "stopped"}
        if replace:
            draft.plan = []
            draft.medicines = [m for m in draft.medicines if m.get("section") != "plan"]
        draft.plan.append(_statement(said, source))
        for medicine in part.medicines:
            draft.add_medicine({**medicine, "section": "plan",
                                "status": "current" if medicine["name"] in taking else medicine["status"]})
        return draft, "Plan replaced." if replace else "Added to the plan."
    if section == "assessment":
        vocabulary = knowledge.note_vocabulary
        statement = {**_statement(said, source), "hedged": vocabulary.has("hedges", said),
                     "diagnoses": vocabulary.diagnoses_in(said),
                     "concepts": [f["concept"] for f in part.findings]}
        if replace:
            draft.impression, draft.codes_added = [], []
        draft.impression.append(statement)
        if not statement["diagnoses"]:  # a diagnosis our list does not name: the code whose words match
            found = knowledge.icd10.search(said, limit=1)
            if found:
                statement["concepts"] = []
                draft.codes_added.append({"code": found[0][0], "source": source, "about": None})
        return draft, "Assessment replaced." if replace else "Added to the assessment."
    if section == "exam":
        if replace:
            draft.exam, draft.vitals = [], []
        draft.exam.append(_statement(said, source))
        kinds = {v["kind"] for v in part.vitals}
        draft.vitals = [v for v in draft.vitals if v["kind"] not in kinds] + part.vitals
        return draft, "Examination findings updated."
    return draft.merge(part), "History updated."


def _remove(draft: NoteDraft, findings: Findings, start: int, end: int, knowledge: NoteKnowledge) -> list[str]:
    what = findings.text[start:end].strip().rstrip(".").lower()
    removed: list[str] = []
    concepts = {m.concept for m in findings.mentions if start <= m.start < end}
    drugs = {d.name for d in findings.medicines if start <= d.start < end}
    substance = clean_allergen(re.sub(r"\s*allerg\w*", "", what), knowledge) if "allerg" in what else None

    def hit(label: str) -> bool:
        label = label.lower()
        return len(what) >= 3 and bool(label) and (what in label or label in what)

    kept = []
    for fact in draft.findings:
        (removed.append(fact["label"]) if fact["concept"] in concepts or hit(fact["label"]) else kept.append(fact))
    draft.findings = kept
    before = len(draft.family)
    draft.family = [f for f in draft.family if f["concept"] not in concepts]
    removed += ["family history"] * (before != len(draft.family))
    kept = []
    for medicine in draft.medicines:
        gone = medicine["name"] in drugs or hit(medicine["name"])
        (removed.append(medicine["name"]) if gone else kept.append(medicine))
    draft.medicines = kept
    kept = []
    for allergy in draft.allergies:
        gone = allergy["substance"] in drugs or allergy["substance"] == substance or hit(allergy["substance"])
        (removed.append(f"{allergy['substance']} allergy") if gone else kept.append(allergy))
    draft.allergies = kept
    if "allerg" in what and draft.no_known_allergies and ("no known" in what or "nkda" in what):
        draft.no_known_allergies = None
        removed.append("no known drug allergies")
    for kind, words in _VITAL_WORDS.items():
        if re.search(rf"\b(?:{words})\b", what):
            gone = [v for v in draft.vitals if v["kind"] == kind]
            draft.vitals = [v for v in draft.vitals if v["kind"] != kind]
            removed += [v["text"] for v in gone]
    if not removed and len(what) >= 3:  # nothing named: a phrase of an exam, impression or plan statement
        for key in ("exam", "impression", "plan", "notes"):
            items = getattr(draft, key)
            setattr(draft, key, [s for s in items if what not in s["text"].lower()])
            removed += [s["text"] for s in items if what in s["text"].lower()]
    code = _CODE.search(findings.text[start:end].upper())
    if code:
        draft.codes_removed.append(code.group(1))
        draft.codes_added = [c for c in draft.codes_added if c["code"] != code.group(1)]
        removed.append(code.group(1))
    return list(dict.fromkeys(removed))


def _describe(part: NoteDraft) -> str:
    parts = [("denies " if f["group"] == "denied" else "") + f["label"] for f in part.findings]
    parts += [m["name"] for m in part.medicines]
    parts += [f"{a['substance']} allergy" + (f" ({a['reaction']})" if a.get("reaction") else "")
              for a in part.allergies]
    parts += [v["text"] for v in part.vitals]
    parts += ["no known drug allergies"] if part.no_known_allergies else []
    return ", ".join(parts) or "the change"


def apply_edit(draft: NoteDraft, findings: Findings, knowledge: NoteKnowledge) -> EditOutcome:
    """One edit applied to a copy of the draft; the message says what changed (or that nothing did)."""
    text = findings.text
    draft = draft.copy()
    source = f"{EDIT}: {text.strip()}"
    if is_new_note(text):
        return EditOutcome(NoteDraft(), "Started a new note.", True, reset=True)
    match = _REPLACE_SECTION.match(text)
    if match:
        section = SECTION_OF.get(match.group("section").lower(), match.group("section").lower())
        draft, message = _set_section(draft, section, findings, match.start("text"), match.end("text"), source,
                                      knowledge, replace=True)
        return EditOutcome(draft, message, True)
    match = _ADD_CODE.match(text)
    if match:
        code = knowledge.icd10.normalise(match.group("code"))
        description = knowledge.icd10.describe(code)
        if description is None:
            return EditOutcome(draft, f"{code} is not an ICD-10-CM code, so it was not added.", False)
        draft.codes_added.append({"code": code, "source": source, "about": None})
        draft.codes_removed = [c for c in draft.codes_removed if c != code]
        return EditOutcome(draft, f"Added code {code} ({description}) as a suggestion.", True)
    match = _ADD_TO_SECTION.match(text) or _ADD_X_TO_SECTION.match(text)
    if match:
        word = (match.groupdict().get("section") or match.groupdict().get("section2") or "").lower()
        draft, message = _set_section(draft, SECTION_OF.get(word, word), findings, match.start("text"),
                                      match.end("text"), source, knowledge, replace=False)
        return EditOutcome(draft, message, True)
    match = _REMOVE.match(text)
    if match:
        removed = _remove(draft, findings, match.start("what"), match.end("what"), knowledge)
        if not removed:
            return EditOutcome(draft, f"I could not find \"{match.group('what').strip()}\" in the note; nothing was "
                                      "removed.", False)
        return EditOutcome(draft, "Removed: " + ", ".join(removed) + ".", True, removed=removed)
    return _add_or_change(draft, findings, source, knowledge)


def _add_or_change(draft: NoteDraft, findings: Findings, source: str, knowledge: NoteKnowledge) -> EditOutcome:
    text = findings.text
    removed: list[str] = []
    match = _CHANGE_X_TO_Y.match(text)
    if match:
        start, end = match.start("new"), match.end("new")
        trial = draft.copy()
        removed = _remove(trial, findings, match.start("old"), match.end("old"), knowledge)
        if removed:
            draft = trial
    else:
        add = _ADD.match(text)
        start, end = (add.start("text"), add.end("text")) if add else (0, len(text))
    part = facts_in(findings, start, end, knowledge, source)
    if part.empty:
        return EditOutcome(draft, HELP, bool(removed), removed=removed)
    merged = draft.merge(part)
    if part.vitals:
        kinds = {v["kind"] for v in part.vitals}
        merged.vitals = [v for v in draft.vitals if v["kind"] not in kinds] + part.vitals
    what = _describe(part)
    prefix = f"Replaced {', '.join(removed)} with " if removed else "Added "
    return EditOutcome(merged, prefix + what + ".", True, removed=removed)
