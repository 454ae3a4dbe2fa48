"""A note draft from one message's ``Findings`` (a pasted consultation or dictated findings) - never by reading the
text again for facts: concepts with their assertion and experiencer, vitals, medicines and allergies all come from
the parse; this module decides where each goes in the note and which line it quotes.

History (S) is what the patient or carer said and their answers to the clinician's questions; examination (O) is
the clinician's own words and measured vitals; assessment (A) the clinician's stated impression; plan (P) the
clinician's plan statements. A finding in a clinician's exam, impression or plan sentence is not history.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.notes.draft import NoteDraft
from assistant.notes.lines import SourceLine, line_at, line_with, source_lines
from assistant.notes.needs import NoteKnowledge
from assistant.notes.plan_items import plan_items
from assistant.notes.vocabulary import NoteVocabulary
from assistant.understanding.findings import Allergy, Demographics, DrugMention, Findings, Mention, Vital

_NO_ALLERGY_WORDS = frozenset({"nkda", "nka", "nkfa", "none", "nil", "no", "nothing"})
_ALLERGEN_JUNK = frozenset({"of", "the", "a", "an", "has", "have", "had", "is", "to", "add", "any", "some", "known",
                            "his", "her", "my", "their", "with", "also", "severe", "mild", "and", "record", "note",
                            "document", "allergy", "allergic", "allergies"})
_VITAL_FILLER = frozenset({"your", "is", "was", "and", "the", "today", "now", "on", "air", "room", "lying", "standing",
                           "sitting", "of", "at", "rest", "his", "her", "he", "she", "it", "are", "were", "reading",
                           "currently", "still", "there", "with", "a", "s", "blood", "pressure", "bp", "pulse",
                           "heart", "rate", "temperature", "temp", "sats", "saturations", "respiratory", "resp",
                           "percent", "per", "cent"})
_NEBULISED = re.compile(r"\bnebuli[sz]\w*|\bnebs?\b", re.IGNORECASE)
_ALLERGY_TO_MEDICINES = re.compile(r"allerg\w*\s+to\s+(?:any\s+)?(?:medicines?|medications?|drugs?|meds)",
                                   re.IGNORECASE)
VITAL_LABELS = {"temperature": "temperature", "heart_rate": "heart rate", "resp_rate": "respiratory rate",
                "spo2": "SpO2", "blood_pressure": "BP", "gcs": "GCS", "avpu": "AVPU", "glucose": "glucose",
                "pain_score": "pain score", "weight": "weight", "inr": "INR", "ketones": "ketones"}


def read_consultation(findings: Findings, knowledge: NoteKnowledge) -> tuple[NoteDraft, list[SourceLine]]:
    """(draft, the lines it quotes) for a pasted consultation or dictated findings."""
    vocabulary = knowledge.note_vocabulary
    lines = source_lines(findings, vocabulary)
    draft = NoteDraft(origin="transcript" if findings.turns else "dictation",
                      demographics=demographics_of(findings.demographics))
    answer_lines = _allergy_answer_lines(lines, vocabulary)
    allergens = _read_allergies(findings, lines, answer_lines, draft, knowledge)
    reaction_lines = answer_lines | {line.start for a in draft.allergies for line in lines
                                     if line.quote == a["source"] and not line.clinician}
    _read_medicines(findings.medicines, lines, answer_lines, allergens, draft, vocabulary)
    _read_mentions(findings.mentions, lines, reaction_lines, draft, knowledge)
    _attach_reactions(findings.mentions, lines, draft, knowledge.lexicon_labels)
    _read_vitals(findings.vitals, lines, draft)
    _fever_from_reading(findings.mentions, draft, knowledge.lexicon_labels)
    _read_statements(findings.vitals, lines, draft, vocabulary)
    if findings.duration_days and draft.concepts("reported") and not findings.turns:  # a plan has durations too
        draft.notes.append({"text": f"Duration: {duration_words(findings.duration_days).removeprefix('for ')}",
                            "source": "read from the consultation as a whole", "verify": True})
    return draft, lines


# -- who ----------------------------------------------------------------------------------------------------------
def demographics_of(demographics: Demographics) -> dict[str, Any]:
    keys = ("age_years", "sex", "pregnant", "gestation_weeks", "postpartum")
    return {k: getattr(demographics, k) for k in keys if getattr(demographics, k) is not None}


def duration_words(days: float) -> str:
    """"for 2 days", "for about 3 weeks" (exact when the parse gave whole units)."""
    def say(amount: float, unit: str) -> str:
        whole = abs(amount - round(amount)) < 0.05
        count = max(1, round(amount))
        return f"for {'' if whole else 'about '}{count} {unit}{'s' if count != 1 else ''}"

    if days < 1:
        return say(days * 24, "hour")
    if days < 14:
        return say(days, "day")
    if days < 61:
        return say(days / 7, "week")
    return say(days / 30.4, "month")


# -- allergies ----------------------------------------------------------------------------------------------------
def _allergy_answer_lines(lines: list[SourceLine], vocabulary: NoteVocabulary) -> set[int]:
    """Starts of the patient's or carer's lines that answer a question about allergies only ("Any allergies?")."""
    turns: set[int] = set()
    for line in lines:
        asked = _ALLERGY_TO_MEDICINES.sub("allergies", line.text)  # "allergies to medicines?" asks about allergies
        if line.kind == "question" and vocabulary.has("allergy_topic", asked) and not vocabulary.has(
                "medicine_topic", asked):
            turns.add(line.turn + 1)
    answers: set[int] = set()
    for line in lines:
        if line.turn in turns and not line.clinician:
            answers.add(line.start)
    return answers


def clean_allergen(substance: str, knowledge: NoteKnowledge) -> str | None:
    """The allergen itself ("of the penicillin" -> "penicillin", "has a peanut" -> "peanut"); None for words that
    are no allergen at all ("NKDA")."""
    found = knowledge.drugs.find_mentions(substance)
    if found:
        return found[0].generic
    words = re.findall(r"[a-z][a-z\-]*", substance.lower())
    while words and words[0] in _ALLERGEN_JUNK:
        words.pop(0)
    if not words or words[0] in _NO_ALLERGY_WORDS:
        return None
    return " ".join(words[:3])


def _read_allergies(findings: Findings, lines: list[SourceLine], answer_lines: set[int], draft: NoteDraft,
                    knowledge: NoteKnowledge) -> set[str]:
    """Allergies into the draft; returns the allergen names (a medicine named as an allergen is not a medicine)."""
    for drug in findings.medicines:
        line = line_at(lines, drug.start)
        if line is not None and line.start in answer_lines:
            draft.add_allergy({"substance": drug.name, "reaction": None, "source": line.quote})
    said_none = findings.no_known_allergies
    for allergy in sorted(findings.allergies, key=lambda a: _allergy_rank(a, lines)):
        substance = clean_allergen(allergy.substance, knowledge)
        if substance is None:
            said_none = said_none or allergy.substance.strip().lower() in _NO_ALLERGY_WORDS
            continue
        line = line_with(lines, allergy.surface) or line_with(lines, substance)
        known = next((a for a in draft.allergies if a["substance"] == substance), None)
        if known is not None:
            known["reaction"] = known.get("reaction") or allergy.reaction
            continue
        draft.add_allergy({"substance": substance, "reaction": allergy.reaction,
                           "source": line.quote if line else allergy.surface})
    if said_none and not draft.allergies:
        line = next((ln for ln in lines if ln.kind != "question"
                     and re.search(r"allerg|\bnkda\b|\bnka\b", ln.text, re.IGNORECASE)), None)
        draft.no_known_allergies = line.quote if line else "stated in the consultation"
    return {a["substance"] for a in draft.allergies}


def _allergy_rank(allergy: Allergy, lines: list[SourceLine]) -> int:
    """The patient's own words first, a clinician's mention ("because of the penicillin allergy") last."""
    line = line_with(lines, allergy.surface)
    return 1 if line is None or line.clinician else 0


def _attach_reactions(mentions: tuple[Mention, ...], lines: list[SourceLine], draft: NoteDraft,
                      labels: dict[str, str]) -> None:
    """An allergy said with its reaction in the same line ("Penicillin, it brings me out in hives") takes the
    reaction from the concept found there."""
    for allergy in draft.allergies:
        if allergy.get("reaction"):
            continue
        line = next((ln for ln in lines if ln.quote == allergy["source"] and not ln.clinician), None)
        if line is None:
            continue
        found = next((m for m in mentions if line.start <= m.start < line.end and m.assertion != "absent"), None)
        if found is not None:
            allergy["reaction"] = labels.get(found.concept, found.surface)


# -- medicines ----------------------------------------------------------------------------------------------------
def _read_medicines(medicines: tuple[DrugMention, ...], lines: list[SourceLine], answer_lines: set[int],
                    allergens: set[str], draft: NoteDraft, vocabulary: NoteVocabulary) -> None:
    taking: set[str] = set()
    for drug in sorted(medicines, key=lambda d: d.start):
        line = line_at(lines, drug.start)
        if (line is None or drug.name.lower() in vocabulary.not_medicines or drug.name in allergens
                or line.start in answer_lines or line.kind in ("question", "procedural", "discussion")):
            continue
        said = drug.surface if drug.surface.lower() != drug.name.lower() else None
        fact = {"name": drug.name, "said": said, "dose": drug.dose, "unit": drug.unit, "route": drug.route,
                "frequency": drug.frequency, "status": drug.status, "course": drug.course, "source": line.quote,
                "verify": not drug.known}
        if line.clinician and line.kind in ("plan", "impression", "exam"):
            if drug.name in taking and drug.status not in ("stopped", "changed"):
                continue  # "continue the ibuprofen": the plan line says it; the medicine list already has it
            status = drug.status if drug.status in ("stopped", "changed") else (
                "current" if drug.name in taking else "new")
            if status == "new" and fact["dose"] and not fact["frequency"] and not fact["course"] and (
                    drug.route in ("intravenous", "intramuscular") or _NEBULISED.search(line.text)):
                fact["frequency"] = "once only"  # "chlorphenamine 10 mg IV" ordered in the room: one dose
            draft.add_medicine({**fact, "status": status, "section": "plan"})
        else:
            taking.add(drug.name)
            draft.add_medicine({**fact, "section": "subjective"})


# -- findings -----------------------------------------------------------------------------------------------------
def _read_mentions(mentions: tuple[Mention, ...], lines: list[SourceLine], reaction_lines: set[int],
                   draft: NoteDraft, knowledge: NoteKnowledge) -> None:
    labels = knowledge.lexicon_labels
    concepts = knowledge.lexicon.concepts
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.assertion == "hypothetical" or mention.source == "vital":
            continue
        line = line_at(lines, mention.start)
        if line is None:
            continue
        label = labels.get(mention.concept, mention.concept.replace("_", " "))
        if mention.experiencer == "family":
            if line.kind == "history" and mention.assertion != "absent":  # what relatives have, not what they lack
                draft.family.append({"concept": mention.concept, "label": label, "assertion": mention.assertion,
                                     "source": line.quote})
            continue
        if line.kind == "question" and mention.source != "transcript":
            continue
        if line.clinician and line.kind != "history" and line.kind != "question":
            if line.kind != "impression" or mention.current:  # "it's not a stroke" names no diagnosis
                _note_concept(draft, line, mention.concept)
            continue
        if line.start in reaction_lines:
            continue  # the reaction of an allergy, not a complaint
        kind = concepts.get(mention.concept, {}).get("kind", "symptom")
        if mention.assertion == "absent":
            group = "denied"
        elif mention.assertion == "historical" or kind == "condition":
            group = "history"
        else:
            group = "reported"
        draft.add_finding({
            "concept": mention.concept, "label": label, "group": group, "assertion": mention.assertion,
            "source": line.quote, "speaker": line.role,
            "detail": ", ".join(x for x in (mention.laterality, mention.severity,
                                             f"{mention.onset} onset" if mention.onset else None) if x),
            "verify": mention.assertion == "possible" and mention.source == "transcript",
        })


def _fever_from_reading(mentions: tuple[Mention, ...], draft: NoteDraft, labels: dict[str, str]) -> None:
    """A temperature of 38 or more is a fever even when nobody said the word - unless the history already says
    something about fever (a denial stands beside the reading for the clinician to reconcile)."""
    if any(f["concept"] == "fever" for f in draft.findings):
        return
    from_reading = any(m.concept == "fever" and m.source == "vital" and m.current for m in mentions)
    reading = next((v for v in draft.vitals if v["kind"] == "temperature"), None)
    if not from_reading or reading is None:
        return
    draft.add_finding({"concept": "fever", "label": labels.get("fever", "fever"), "group": "reported",
                       "assertion": "present", "source": reading["source"], "speaker": "reading",
                       "detail": f"measured: {reading['text']}", "verify": False})


def _note_concept(draft: NoteDraft, line: SourceLine, concept: str) -> None:
    """Remember which concepts a clinician's exam or impression sentence named (for codes and FHIR)."""
    section = {"impression": draft.impression, "exam": draft.exam, "plan": draft.plan}.get(line.kind)
    if section is None:
        return
    for statement in section:
        if statement["source"] == line.quote:
            if concept not in statement.setdefault("concepts", []):
                statement["concepts"].append(concept)
            return
    section.append({"text": "", "source": line.quote, "concepts": [concept], "pending": True})


# -- examination, impression, plan -------------------------------------------------------------------------------
def _read_vitals(vitals: tuple[Vital, ...], lines: list[SourceLine], draft: NoteDraft) -> None:
    taken: dict[str, set[int]] = {}
    for vital in vitals:
        used = taken.setdefault(vital.surface.lower(), set())
        line = line_with(lines, vital.surface, taken=used)
        if line is not None:
            used.add(line.start)
        reported = line is not None and not line.clinician
        draft.add_vital({
            "kind": vital.kind, "value": vital.value, "unit": vital.unit, "diastolic": vital.diastolic,
            "written_value": vital.written_value, "written_unit": vital.written_unit, "on_oxygen": vital.on_oxygen,
            "text": vital_text(vital.kind, vital.value, vital.unit, vital.diastolic, vital.on_oxygen),
            "source": line.quote if line else vital.surface, "reported": reported,
        })


def vital_text(kind: str, value: Any, unit: str | None, diastolic: float | None, on_oxygen: bool | None) -> str:
    def number(x: Any) -> str:
        return f"{x:g}" if isinstance(x, float) else str(x)

    label = VITAL_LABELS.get(kind, kind.replace("_", " "))
    if kind == "blood_pressure" and diastolic is not None:
        return f"{label} {number(value)}/{number(diastolic)} mmHg"
    unit_text = {"C": " °C", "F": " °F", "/min": "/min", "%": "%", "": "", None: ""}.get(unit, f" {unit}")
    text = f"{label} {number(value)}{unit_text}"
    if kind == "spo2" and on_oxygen is not None:
        text += " on oxygen" if on_oxygen else " on air"
    return text


def _exam_words(sentence: str, vitals: tuple[Vital, ...]) -> str:
    """The clinician's exam words with the readings taken out (they are listed as vital signs). A word that only
    qualifies the reading before it keeps the reading's name: "Pulse 72, regular" -> "pulse regular"."""
    kept = []
    label_of = {v.surface.lower(): (re.sub(r"[\s:]*[\d.].*$", "", v.surface).strip()  # "Pulse 72" -> "Pulse"
                                    or VITAL_LABELS.get(v.kind, v.kind.replace("_", " "))) for v in vitals if v.surface}
    surfaces = sorted(label_of, key=len, reverse=True)
    reading = None  # the label of a clause that was only a reading
    for clause in re.split(r"[,;]", sentence):
        found = [s for s in surfaces if s in clause.lower()]
        if not found:
            words = clause.strip(" .;,")
            if re.search(r"[A-Za-z]", words):
                kept.append(f"{reading} {words}" if reading and len(words.split()) <= 3 else words)
            reading = None
            continue
        reading = label_of[found[0]]
        for part in re.split(r"\band\b", clause):
            rest = part.lower()
            for surface in surfaces:
                rest = rest.replace(surface, " ")
            if any(w not in _VITAL_FILLER for w in re.findall(r"[a-z0-9']+", rest)):
                kept.append(part.strip(" .;,"))
                reading = None
    return ", ".join(kept)


def _read_statements(vitals: tuple[Vital, ...], lines: list[SourceLine], draft: NoteDraft,
                     vocabulary: NoteVocabulary) -> None:
    pending = {kind: {s["source"]: s for s in getattr(draft, kind) if s.get("pending")}
               for kind in ("exam", "impression", "plan")}
    for kind in ("exam", "impression", "plan"):
        setattr(draft, kind, [s for s in getattr(draft, kind) if not s.get("pending")])
    for line in lines:
        if not line.clinician or line.kind not in ("exam", "impression", "plan"):
            continue
        text = vocabulary.without_fillers(line.text)
        header = vocabulary.header(text)  # "Plan: ..." said aloud: the section already says it
        text = text[header[1]:].strip() if header and text[header[1]:].strip() else text
        wording = vocabulary.wording
        if line.kind == "exam":
            text = wording.finding(_exam_words(text, vitals))
            if not text:
                continue
        concepts = pending[line.kind].get(line.quote, {}).get("concepts", [])
        if line.kind == "plan":
            items = plan_items(wording.plan(text), lambda said: vocabulary.has("safety_net", said))
            draft.plan.extend({"text": item, "source": line.quote, "concepts": concepts} for item in items)
            continue
        hedged = vocabulary.has("hedges", line.text)
        if line.kind == "impression":
            text, framed_as_hedge = wording.impression(text)
            hedged = hedged or framed_as_hedge
        text = text if text.endswith((".", "!", "?")) else text + "."
        statement: dict[str, Any] = {"text": text, "source": line.quote, "concepts": concepts}
        if line.kind == "impression":
            statement["hedged"] = hedged
            statement["diagnoses"] = vocabulary.diagnoses_in(line.text)
        getattr(draft, line.kind).append(statement)
