"""Facts of a consultation, each with the words it came from: symptoms present and denied, vitals, medicines,
allergies, durations, diagnoses, exam findings, assessment statements and plan items.

Negation and uncertainty come from assistant.clinical_text.find_concepts; a clinician's yes/no question and
the answer that follows are read together ("Any fever?" - "No." denies fever). Nothing is inferred here.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.clinical_text import find_concepts
from assistant.notes import medicines
from assistant.notes.lexicons import cue_pattern, diagnosis_lexicon, label_of, symptom_lexicon
from assistant.notes.readings import demographics_in, durations_in, vitals_in
from assistant.notes.transcript import Sentence, Transcript

LIST_KEYS = ("symptoms_present", "symptoms_absent", "symptoms_resolved", "medications", "allergies", "durations",
             "plan_items", "assessment_items", "diagnoses", "exam_findings")
_HEADER = re.compile(
    r"^\s*(?:[A-Za-z]{1,12}\s*:\s*)?(?P<h>plan|impression|assessment|diagnosis|dx|a/p|o/e|exam(?:ination)?|"
    r"obs(?:ervations)?|findings|vitals|history|hpi|pc|complaint|subjective|objective)\s*[:\-]",
    re.IGNORECASE,
)
_HEADER_KIND = {"plan": "plan", "a/p": "plan", "impression": "assessment", "assessment": "assessment",
                "diagnosis": "assessment", "dx": "assessment", "o/e": "exam", "exam": "exam", "examination": "exam",
                "obs": "exam", "observations": "exam", "findings": "exam", "vitals": "exam", "objective": "exam"}
_ALLERGY_Q = re.compile(r"\ballerg", re.IGNORECASE)
_ALLERGY_TO = re.compile(r"\ballerg\w*\s+to\s+(?:any\s+)?(?:medicines?|medications?|drugs?)\b", re.IGNORECASE)
_PRESUPPOSING = re.compile(r"^\W*(?:how long|when did|when was|where is|where's|tell me about|how bad|how often|"
                           r"how many times|describe)\b", re.IGNORECASE)
_TIME_WORDS = re.compile(r"\b(ago|since|yesterday|last night|this morning|started|began|for (?:the )?(?:last|past))\b", re.I)
_MEDS_Q = re.compile(r"\b(medicines?|medications?|meds|tablets|pills|prescriptions?|inhalers?)\b", re.IGNORECASE)
_RULE_OUT = re.compile(r"\b(rule out|to exclude|exclude|r/o)\b", re.IGNORECASE)
_IMPRESSION = re.compile(
    r"\b(?:i think (?:this|it|that|you)(?:'s| is| are|'re| have| has)|my impression|impression is|diagnosis is|"
    r"it sounds like|it looks like|this looks like|this sounds like|(?:this|it) is (?:most )?likely|most likely|"
    r"consistent with|in keeping with|suggestive of)\b",
    re.IGNORECASE,
)
_HISTORY_VERB = re.compile(r"\b(denies|denied|reports?|reported|complains? of|c/o|describes|says|states)\b", re.I)
_FILLER = re.compile(r"^(?:(?:so|ok(?:ay)?|right|alright|and|well|now|good)\b[,\s]*)+", re.IGNORECASE)


def _only_vitals(text: str, vitals: dict) -> bool:
    """A bare reading ("BP 140/90, pulse 88") is shown with the vitals, not again as a finding."""
    if not vitals:
        return False
    rest = re.sub(r"\b(bp|temp(?:erature)?|pulse|sats|heart rate|hr|rr|resp(?:iratory)? rate|blood pressure|oxygen|"
                  r"saturations?|spo2|on air|room air|is|was|of|and)\b|[\d/.:%,°\s-]|\b[cf]\b", "", text, flags=re.I)
    return len(rest) < 4


def empty_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {key: [] for key in LIST_KEYS}
    facts.update({"vitals": {}, "vitals_evidence": {}, "demographics": {}, "demographics_evidence": {},
                  "allergies_none_known": None, "medications_none": None, "chief_complaint": None})
    return facts


def _answer_polarity(sentence: str) -> bool | None:
    text = re.sub(r"^\W*(?:(?:well|um+|uh+|oh|erm|hmm|honestly)\b[,\s]*)*", "", sentence.lower())
    for name, value in (("negative_answers", False), ("positive_answers", True)):
        match = cue_pattern(name).match(text)
        if match:
            return value
    return None


def _header(sentence: Sentence, source: str) -> str | None:
    line_start = source.rfind("\n", 0, sentence.start) + 1
    match = _HEADER.match(source[line_start:sentence.end])
    return _HEADER_KIND.get(match.group("h").lower()) if match else None


def _kinds(sentence: Sentence, header: str | None, diagnoses: list) -> set[str]:
    """Which of plan / assessment / exam / procedural a clinician (or dictated) sentence is; empty = statement."""
    text = sentence.text
    if header in ("plan", "assessment", "exam"):
        return {header}
    if cue_pattern("procedural").match(_FILLER.sub("", text)):
        return {"procedural"}
    kinds: set[str] = set()
    vitals = vitals_in(text)
    if (cue_pattern("plan").search(text) or cue_pattern("plan_imperative").match(_FILLER.sub("", text))) and not (vitals and not re.search(r"\b(start|prescrib|refer)", text, re.I)):
        kinds.add("plan")
    if (diagnoses and cue_pattern("assessment").search(text)) or _IMPRESSION.search(text):
        kinds.add("assessment")
    if not kinds and (vitals or cue_pattern("exam").search(text)) and not _HISTORY_VERB.search(text):
        kinds.add("exam")
    return kinds


class _Reader:
    """Walks the sentences once, keeping the last clinician question to read the answer against."""

    def __init__(self, transcript: Transcript):
        self.transcript = transcript
        self.facts = empty_facts()
        self.symptoms: dict[str, dict] = {}  # id -> {polarity, explicit, entry}

    def run(self) -> dict[str, Any]:
        sentences = self.transcript.sentences()
        questions: dict[int, list[Sentence]] = {}
        for s in sentences:
            if s.role == "clinician" and s.question:
                questions.setdefault(s.turn, []).append(s)
        seen_turns: set[int] = set()
        for s in sentences:
            first_of_turn = s.turn not in seen_turns
            seen_turns.add(s.turn)
            if s.question:
                continue
            asked = questions.get(s.turn - 1) if first_of_turn and s.role != "clinician" else None
            asked_text = " ".join(q.text for q in asked or [])
            allergy_answer = bool(_ALLERGY_Q.search(asked_text)) and not _MEDS_Q.search(_ALLERGY_TO.sub("", asked_text))
            self._sentence(s, allergy_answer=allergy_answer)
            if asked:
                self._answer(asked, s)
        self._finish()
        return self.facts

    # --- yes/no questions -------------------------------------------------------------------------------
    def _answer(self, asked: list[Sentence], answer: Sentence) -> None:
        polarity = _answer_polarity(answer.text)
        question_text = " ".join(q.text for q in asked)
        evidence = f"{question_text} - {answer.text}"
        named_in_answer = {m.concept for m in find_concepts(answer.text, symptom_lexicon())}
        if _ALLERGY_Q.search(question_text):
            if polarity is False and not medicines.drug_names_in(answer.text):
                self.facts["allergies_none_known"] = evidence
            elif not _MEDS_Q.search(_ALLERGY_TO.sub("", question_text)):
                for name in medicines.drug_names_in(answer.text):
                    self.facts["medications"] = [m for m in self.facts["medications"]
                                                 if not (m["name"] == name and m["evidence"] == answer.text)]
                    self._add("allergies", {"substance": name, "surface": name, "evidence": evidence, "reaction": None},
                              key="substance")
        if _MEDS_Q.search(_ALLERGY_TO.sub("", question_text)) and polarity is False and not medicines.drug_names_in(answer.text):
            self.facts["medications_none"] = evidence
        if polarity is None and any(_PRESUPPOSING.match(q.text) for q in asked):
            polarity = True  # "How long have you been wheezy?" takes the wheeze as given
        if polarity is None:
            return
        if polarity:
            for name in medicines.drug_names_in(question_text):
                self._add("medications", {"name": name, "surface": name, "status": "current", "evidence": evidence},
                          key="name")
        asked_concepts = {m.concept for m in find_concepts(question_text, symptom_lexicon())}
        if named_in_answer & asked_concepts:
            return  # "Fever or shivers?" - "No fever." answers only what it names
        for mention in find_concepts(question_text, symptom_lexicon()):
            if mention.family or mention.concept in named_in_answer:
                continue
            self._symptom(mention.concept, polarity, evidence, explicit=False)

    # --- statements ----------------------------------------------------------------------------------------
    def _sentence(self, s: Sentence, *, allergy_answer: bool = False) -> None:
        text = s.text
        dx_mentions = find_concepts(text, diagnosis_lexicon())
        clinician = s.role in ("clinician", "unknown")
        kinds = _kinds(s, _header(s, self.transcript.source), dx_mentions) if clinician else set()
        if "procedural" in kinds:
            return
        if not (s.role == "clinician" and "plan" in kinds):
            self._demographics(text)
        vitals = vitals_in(text)
        for name, value in vitals.items():
            self.facts["vitals"][name] = value
            self.facts["vitals_evidence"][name] = text if clinician else f"{text} (reported by {s.role})"
        meds, allergies = medicines.read_sentence(text, plan="plan" in kinds)
        if allergy_answer:
            meds = []  # "Any allergies?" - "Penicillin." names an allergy, not a medicine
        if medicines.allergy_none_known(text):
            self.facts["allergies_none_known"] = text
        for med in meds:
            self._add("medications", med, key="name", replace=med["status"] == "stopped")
        for allergy in allergies:
            self._add("allergies", allergy, key="substance", replace=True)
        self._diagnoses(dx_mentions, s, kinds)
        short = _FILLER.sub("", text).strip() or text
        if "plan" in kinds:
            self._add("plan_items", {"text": short, "evidence": text}, key="text")
        if "assessment" in kinds:
            self._add("assessment_items", {"text": short, "evidence": text}, key="text")
        if "exam" in kinds and not _only_vitals(text, vitals):
            self._add("exam_findings", {"text": short, "evidence": text}, key="text")
        if allergies or allergy_answer or (kinds and not (kinds == {"exam"} and _TIME_WORDS.search(text))):
            return  # plan, impression and exam wording is not the patient's history; a reaction is the allergy
        durations = durations_in(text)
        for duration in durations:
            self._add("durations", {**duration, "evidence": text}, key="text")
        for mention in find_concepts(text, symptom_lexicon()):
            if mention.family or mention.hypothetical or mention.historical:
                continue
            if mention.resolved:
                self._add("symptoms_resolved", {"id": mention.concept, "label": label_of(mention.concept),
                                                "evidence": text}, key="id")
                continue
            entry = self._symptom(mention.concept, not mention.negated, text, explicit=True,
                                  uncertain=mention.uncertain and not mention.negated)
            if entry is not None and durations and not mention.negated and "duration" not in entry:
                entry["duration"] = durations[0]["text"]
            if not mention.negated and s.role in ("patient", "carer", "unknown") and not self.facts["chief_complaint"]:
                self.facts["chief_complaint"] = mention.concept

    def _diagnoses(self, mentions: list, s: Sentence, kinds: set[str]) -> None:
        for mention in mentions:
            if mention.family or mention.hypothetical:
                continue
            if _RULE_OUT.search(s.text) and mention.negated:
                status = "possible"
            elif mention.negated:
                status = "ruled_out" if s.role in ("clinician", "unknown") else None
            elif mention.historical or s.role in ("patient", "carer") or ("assessment" not in kinds and not mention.uncertain):
                status = "history"
            else:
                status = "possible" if mention.uncertain else "stated"
            if status:
                self._add("diagnoses", {"id": mention.concept, "label": label_of(mention.concept), "status": status,
                                        "evidence": s.text}, key="id", replace=status in ("stated", "possible"))

    def _demographics(self, text: str) -> None:
        for key, value in demographics_in(text).items():
            if key not in self.facts["demographics"]:
                self.facts["demographics"][key] = value
                self.facts["demographics_evidence"][key] = text

    # --- bookkeeping ---------------------------------------------------------------------------------------
    def _add(self, list_key: str, item: dict, *, key: str = "text", replace: bool = False) -> None:
        _add_item(self.facts, list_key, item, key, replace)

    def _symptom(self, concept: str, present: bool, evidence: str, *, explicit: bool,
                 uncertain: bool = False) -> dict | None:
        current = self.symptoms.get(concept)
        if current and current["explicit"] and not explicit:
            return current["entry"] if current["present"] else None
        entry = {"id": concept, "label": label_of(concept), "evidence": evidence}
        if present:
            entry["uncertain"] = uncertain
            if current and current["present"] and "duration" in current["entry"]:
                entry["duration"] = current["entry"]["duration"]
        if current and current["present"] == present and current["explicit"]:
            return current["entry"] if present else None  # first clear statement stays the evidence
        self.symptoms[concept] = {"present": present, "explicit": explicit, "entry": entry}
        return entry if present else None

    def _finish(self) -> None:
        for concept, state in self.symptoms.items():
            key = "symptoms_present" if state["present"] else "symptoms_absent"
            self.facts[key].append(state["entry"])
        present = {e["id"] for e in self.facts["symptoms_present"]}
        self.facts["symptoms_resolved"] = [e for e in self.facts["symptoms_resolved"] if e["id"] not in present]
        if self.facts["allergies"]:
            self.facts["allergies_none_known"] = None
        if self.facts["chief_complaint"] not in present:
            self.facts["chief_complaint"] = self.facts["symptoms_present"][0]["id"] if present else None


def _add_item(facts: dict, list_key: str, item: dict, field: str, replace: bool = False) -> None:
    items = facts[list_key]
    for index, existing in enumerate(items):
        if str(existing.get(field, "")).lower() == str(item.get(field, "")).lower():
            if replace:
                items[index] = item
            return
    items.append(item)


def extract_facts(transcript: Transcript) -> dict[str, Any]:
    """Every fact the transcript states, with evidence; an empty transcript gives empty facts."""
    return _Reader(transcript).run()


def has_content(facts: dict[str, Any]) -> bool:
    """Whether anything clinical was recognised at all."""
    return any(facts.get(key) for key in LIST_KEYS) or bool(facts.get("vitals")) or bool(
        facts.get("allergies_none_known")) or bool(facts.get("demographics"))
