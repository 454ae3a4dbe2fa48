"""ICD-10-CM code suggestions for a note: the diagnoses named in the clinician's impression first, else the
reported symptoms, then known conditions and codes the clinician added.

Codes come from knowledge/notes (diagnoses.yaml for impressions, concept_codes.yaml for concepts) and are checked
against the ICD-10-CM index; the description shown is always the index's own. Every code is a suggestion - coding
depends on documentation this engine cannot see.
"""

from __future__ import annotations

from typing import Any

from assistant.notes.draft import NoteDraft
from assistant.notes.vocabulary import NoteVocabulary
from knowledge.notes.icd10 import SOURCE, Icd10Index

MAX_CODES = 6


def _code(icd: Icd10Index, code: str, evidence: str, basis: str, *, note: str | None = None,
          about: str | None = None, status: str = "provisional") -> dict[str, Any] | None:
    description = icd.describe(code)
    if description is None:
        return None
    item = {"code": icd.normalise(code), "description": description, "suggestion": True, "evidence": evidence,
            "basis": basis, "source": SOURCE, "about": about, "status": status}
    if note:
        item["verify_note"] = note
    return item


def suggest_codes(draft: NoteDraft, vocabulary: NoteVocabulary, icd: Icd10Index) -> list[dict[str, Any]]:
    """[{code, description, suggestion: True, evidence, basis, source, about, status}] - suggestions only.

    ``about`` names what the code was suggested for (a diagnosis id or a concept id); ``status`` is how the
    clinician stated it (confirmed when said plainly, provisional when hedged) - the code itself stays a
    suggestion either way.
    """
    codes: list[dict[str, Any]] = []
    for impression in draft.impression:
        status = "provisional" if impression.get("hedged") else "confirmed"
        basis = "diagnosis stated" if status == "confirmed" else "possible diagnosis (hedged)"
        named = list(impression.get("diagnoses") or [])
        for diagnosis in named:
            entry = vocabulary.diagnoses.get(diagnosis) or {}
            item = _code(icd, str(entry.get("icd10", "")), impression["source"], basis,
                         note=entry.get("verify_note"), about=diagnosis, status=status)
            if item:
                codes.append(item)
        if not named:
            for concept in impression.get("concepts") or []:
                entry = vocabulary.concept_codes.get(concept) or {}
                item = _code(icd, str(entry.get("icd10", "")), impression["source"], basis,
                             note=entry.get("verify_note"), about=concept, status=status)
                if item:
                    codes.append(item)
    if not codes:  # no diagnosis stated: the reported symptoms are what can be coded
        for fact in draft.findings:
            if fact["group"] == "reported":
                entry = vocabulary.concept_codes.get(fact["concept"]) or {}
                item = _code(icd, str(entry.get("icd10", "")), fact["source"], "symptom (no diagnosis stated)",
                             note=entry.get("verify_note"), about=fact["concept"], status="confirmed")
                if item:
                    codes.append(item)
    for fact in draft.findings:
        if fact["group"] == "history":
            entry = vocabulary.concept_codes.get(fact["concept"]) or {}
            code = entry.get("history_icd10") if fact.get("assertion") == "historical" else None
            item = _code(icd, str(code or entry.get("icd10", "")), fact["source"], "known condition or past history",
                         note=entry.get("verify_note"), about=fact["concept"], status="confirmed")
            if item:
                codes.append(item)
    for added in draft.codes_added:
        item = _code(icd, added["code"], added.get("source", ""), "added by the clinician", about=added.get("about"),
                     status="confirmed")
        if item:
            codes.append(item)
    removed = {icd.normalise(c) for c in draft.codes_removed}
    unique: dict[str, dict[str, Any]] = {}
    for item in codes:
        if item["code"] not in removed:
            unique.setdefault(item["code"], item)
    manual = [c for c in unique.values() if c["basis"] == "added by the clinician"]
    automatic = [c for c in unique.values() if c["basis"] != "added by the clinician"]
    return automatic[:MAX_CODES] + manual
