"""Conversational edits of the draft note: "add penicillin allergy", "change the plan to ...", "remove ...",
"add that BP was 140/90". The clinician's words are facts too: they are read with the same extractor, and the
edit is recorded as the evidence.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from assistant.clinical_text import find_concepts
from assistant.notes.extract import LIST_KEYS, empty_facts, extract_facts
from assistant.notes.lexicons import diagnosis_lexicon, label_of, symptom_lexicon
from assistant.notes.transcript import Transcript, Utterance

_NEW_NOTE = re.compile(r"^\s*(?:new note|start (?:a )?(?:new note|over|again)|clear (?:the )?note|discard (?:the )?note|"
                       r"reset (?:the )?note)\b", re.IGNORECASE)
_SECTION = r"(?P<section>plan|assessment|impression|diagnosis|subjective|objective|examination|exam|findings)"
_REPLACE_SECTION = re.compile(rf"^\s*(?:change|update|set|replace|make)\s+(?:the\s+)?{_SECTION}\s+(?:to|with|as)\s*:?\s*(?P<text>.+)$",
                              re.IGNORECASE | re.DOTALL)
_ADD_TO_SECTION = re.compile(rf"^\s*(?:add|append|include)\s+(?:to\s+(?:the\s+)?{_SECTION}\s*:?|(?:a\s+|an\s+)?{_SECTION.replace('section', 'section2')}\s*(?:item|of|:)?)\s*(?P<text>.+)$",
                             re.IGNORECASE | re.DOTALL)
_ADD_CODE = re.compile(r"^\s*(?:add|include)\s+(?:icd(?:-?10)?(?:-cm)?\s+)?code\s+(?P<code>[A-Z]\d{2}(?:\.?[0-9A-Z]{1,4})?)\b",
                       re.IGNORECASE)
_REMOVE = re.compile(r"^\s*(?:remove|delete|drop|take out|strike)\s+(?:the\s+)?(?P<what>.+?)(?:\s+from\s+the\s+note)?\s*[.!]?\s*$",
                     re.IGNORECASE | re.DOTALL)
_CHANGE_X_TO_Y = re.compile(r"^\s*(?:change|replace|switch)\s+(?:the\s+)?(?P<old>.+?)\s+(?:to|with|for)\s+(?P<new>.+)$",
                            re.IGNORECASE | re.DOTALL)
_ADD = re.compile(r"^\s*(?:add|also|update|set|record|note|document|change)\s+(?:that\s+|a\s+|an\s+)?(?P<text>.+)$",
                  re.IGNORECASE | re.DOTALL)
_VITAL_WORDS = {
    "sbp": r"bp|blood pressure", "dbp": r"bp|blood pressure", "temp_c": r"temp(?:erature)?", "heart_rate": r"pulse|heart rate|hr",
    "resp_rate": r"rr|resp(?:iratory)? rate", "spo2": r"sats|saturations?|spo2|oxygen saturation", "on_oxygen": r"oxygen",
}


@dataclass
class EditOutcome:
    facts: dict[str, Any]
    message: str
    changed: bool
    reset: bool = False


def is_new_note(text: str) -> bool:
    return bool(_NEW_NOTE.match(text))


def dictated_facts(text: str) -> dict[str, Any]:
    """Facts in text the clinician typed or dictated (no speaker labels: read as the clinician's own words)."""
    return extract_facts(Transcript(text, [Utterance("unknown", "", text, 0)]))


def merge_facts(base: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Newer facts win: a newly denied symptom leaves the present list and the reverse; readings are replaced."""
    merged = copy.deepcopy(base) if base else empty_facts()
    for key, value in empty_facts().items():
        merged.setdefault(key, copy.deepcopy(value))
    new_present = {s["id"] for s in new.get("symptoms_present") or []}
    new_absent = {s["id"] for s in new.get("symptoms_absent") or []}
    merged["symptoms_present"] = [s for s in merged["symptoms_present"] if s["id"] not in new_absent]
    merged["symptoms_absent"] = [s for s in merged["symptoms_absent"] if s["id"] not in new_present]
    field = {"medications": "name", "allergies": "substance", "diagnoses": "id", "symptoms_present": "id",
             "symptoms_absent": "id", "symptoms_resolved": "id"}
    for key in LIST_KEYS:
        have = {str(item.get(field.get(key, "text"), "")).lower(): n for n, item in enumerate(merged[key])}
        for item in new.get(key) or []:
            marker = str(item.get(field.get(key, "text"), "")).lower()
            if marker in have:
                merged[key][have[marker]] = item
            else:
                merged[key].append(item)
    for key in ("vitals", "vitals_evidence", "demographics", "demographics_evidence"):
        merged[key] = {**(merged.get(key) or {}), **(new.get(key) or {})}
    for key in ("allergies_none_known", "medications_none", "chief_complaint"):
        if new.get(key) and not merged.get(key):
            merged[key] = new[key]
    for key in ("severity", "onset"):
        if new.get(key):
            merged[key] = new[key]
    for key in ("manual_codes", "removed_codes", "verify_extra"):
        if new.get(key):
            merged[key] = list(merged.get(key) or []) + [v for v in new[key] if v not in (merged.get(key) or [])]
    if merged["allergies"]:
        merged["allergies_none_known"] = None
    if merged.get("chief_complaint") not in {s["id"] for s in merged["symptoms_present"]}:
        merged["chief_complaint"] = merged["symptoms_present"][0]["id"] if merged["symptoms_present"] else None
    return merged


def _section_key(word: str) -> str:
    word = word.lower()
    return {"impression": "assessment", "diagnosis": "assessment", "examination": "exam", "findings": "exam"}.get(word, word)


def _set_section(facts: dict[str, Any], section: str, text: str, evidence: str, replace: bool) -> str:
    text = text.strip().rstrip(".") + "."
    if section == "plan":
        facts["plan_items"] = ([] if replace else facts["plan_items"]) + [{"text": text, "evidence": evidence}]
        added = dictated_facts(text)
        facts["medications"] += [dict(m, status="new", evidence=evidence) for m in added["medications"]
                                 if m["name"] not in {x["name"] for x in facts["medications"]}]
        return "Plan replaced." if replace else "Added to the plan."
    if section == "assessment":
        found = [m for m in find_concepts(text, diagnosis_lexicon()) if not m.negated]
        if replace:
            facts["assessment_items"] = []
            facts["diagnoses"] = [d for d in facts["diagnoses"] if d["status"] == "history"]
            facts["manual_codes"] = []
        facts["assessment_items"].append({"text": text, "evidence": evidence})
        for m in found:
            status = "possible" if m.uncertain else "stated"
            facts["diagnoses"] = [d for d in facts["diagnoses"] if d["id"] != m.concept]
            facts["diagnoses"].append({"id": m.concept, "label": label_of(m.concept), "status": status, "evidence": evidence})
        if not found:
            from assistant.notes.icd10 import search_codes

            hits = search_codes(text, limit=1)
            if hits:
                facts.setdefault("manual_codes", []).append({"code": hits[0][0], "evidence": evidence})
        return "Assessment replaced." if replace else "Added to the assessment."
    if section in ("exam", "objective"):
        facts["exam_findings"] = ([] if replace else facts["exam_findings"]) + [{"text": text, "evidence": evidence}]
        facts.update(merge_facts(facts, {"vitals": dictated_facts(text)["vitals"],
                                         "vitals_evidence": {k: evidence for k in dictated_facts(text)["vitals"]}}))
        return "Examination findings updated."
    added = dictated_facts(text)
    facts.update(merge_facts(facts, added))
    return "Subjective history updated."


def _remove(facts: dict[str, Any], what: str) -> list[str]:
    removed: list[str] = []
    lowered = what.lower().strip().rstrip(".")
    concepts = {m.concept for m in find_concepts(what, symptom_lexicon())} | {
        m.concept for m in find_concepts(what, diagnosis_lexicon())}
    from assistant.notes.medicines import drug_names_in

    drugs = set(drug_names_in(what))
    for key in LIST_KEYS:
        kept = []
        for item in facts[key]:
            label = str(item.get("label") or item.get("name") or item.get("substance") or item.get("text") or "").lower()
            hit = (item.get("id") in concepts or item.get("name") in drugs or item.get("substance") in drugs
                   or (len(lowered) >= 3 and (lowered in label or (label and label in lowered)))
                   or (key in ("plan_items", "exam_findings", "assessment_items") and lowered in label))
            if key == "allergies" and "allerg" in lowered and re.sub(r"\s*allerg\w*", "", lowered).strip() in label:
                hit = True
            (removed.append(label) if hit else kept.append(item))
        facts[key] = kept
    for name, pattern in _VITAL_WORDS.items():
        if name in facts["vitals"] and re.search(rf"\b(?:{pattern})\b", lowered):
            facts["vitals"].pop(name)
            facts["vitals_evidence"].pop(name, None)
            removed.append(name)
    code = re.search(r"\b([A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?)\b", what.upper())
    if code:
        facts.setdefault("removed_codes", []).append(code.group(1))
        facts["manual_codes"] = [c for c in facts.get("manual_codes") or [] if c["code"] != code.group(1)]
        removed.append(code.group(1))
    if "allerg" in lowered and not facts["allergies"] and "no known" in lowered:
        facts["allergies_none_known"] = None
    return removed


def apply_edit(facts: dict[str, Any], text: str) -> EditOutcome:
    """Apply one conversational edit to a copy of the facts; the message says what changed (or that nothing did)."""
    facts = merge_facts(facts, {})
    evidence = f"clinician edit: {text.strip()}"
    if is_new_note(text):
        return EditOutcome(empty_facts(), "Started a new note.", True, reset=True)
    match = _REPLACE_SECTION.match(text)
    if match:
        message = _set_section(facts, _section_key(match.group("section")), match.group("text"), evidence, replace=True)
        return EditOutcome(facts, message, True)
    match = _ADD_CODE.match(text)
    if match:
        from assistant.notes.icd10 import describe

        code = match.group("code").upper()
        code = code if "." in code or len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        if describe(code) is None:
            return EditOutcome(facts, f"{code} is not an ICD-10-CM code, so it was not added.", False)
        facts.setdefault("manual_codes", []).append({"code": code, "evidence": evidence})
        facts["removed_codes"] = [c for c in facts.get("removed_codes") or [] if c != code]
        return EditOutcome(facts, f"Added code {code} ({describe(code)}) as a suggestion.", True)
    match = _ADD_TO_SECTION.match(text)
    if match:
        section = match.group("section") or match.group("section2")
        message = _set_section(facts, _section_key(section), match.group("text"), evidence, replace=False)
        return EditOutcome(facts, message, True)
    match = _REMOVE.match(text)
    if match:
        removed = _remove(facts, match.group("what"))
        if not removed:
            return EditOutcome(facts, f"I could not find \"{match.group('what').strip()}\" in the note; nothing was removed.",
                               False)
        return EditOutcome(facts, "Removed: " + ", ".join(dict.fromkeys(removed)) + ".", True)
    return _add_or_change(facts, text, evidence)


def _add_or_change(facts: dict[str, Any], text: str, evidence: str) -> EditOutcome:
    match = _CHANGE_X_TO_Y.match(text)
    body = text
    removed: list[str] = []
    if match and not dictated_facts(match.group("old"))["vitals"] and not re.match(
            r"^\s*(?:bp|blood pressure|temp|temperature|pulse|heart rate|sats|rr)\b", match.group("old"), re.I):
        removed = _remove(facts, match.group("old"))
        body = match.group("new")
    else:
        add = _ADD.match(text)
        body = add.group("text") if add else text
    added = dictated_facts(body)
    for items in (added["symptoms_present"], added["symptoms_absent"], added["medications"], added["allergies"],
                  added["diagnoses"], added["plan_items"], added["exam_findings"], added["assessment_items"]):
        for item in items:
            item["evidence"] = evidence
    added["vitals_evidence"] = {k: evidence for k in added["vitals"]}
    if added["allergies_none_known"]:
        added["allergies_none_known"] = evidence
    if not any(added.get(k) for k in LIST_KEYS) and not added["vitals"] and not added["allergies_none_known"]:
        return EditOutcome(facts, "I could not tell what to change from that. Try \"add penicillin allergy\", "
                                  "\"change the plan to ...\", \"remove ...\" or \"add that BP was 140/90\".", bool(removed))
    merged = merge_facts(facts, added)
    what = _describe_added(added)
    prefix = f"Replaced {', '.join(removed)} with " if removed else "Added "
    return EditOutcome(merged, prefix + what + ".", True)


def _describe_added(added: dict[str, Any]) -> str:
    parts = [s["label"] for s in added["symptoms_present"]]
    parts += [f"denies {s['label']}" for s in added["symptoms_absent"]]
    parts += [m["name"] for m in added["medications"]]
    parts += [f"{a['substance']} allergy" for a in added["allergies"]]
    parts += [d["label"] for d in added["diagnoses"]]
    parts += [f"{k} {v}" for k, v in added["vitals"].items()]
    parts += [p["text"] for p in added["plan_items"] + added["exam_findings"]]
    if added["allergies_none_known"]:
        parts.append("no known drug allergies")
    return ", ".join(parts) or "the change"
