"""Practice cases (knowledge/tutor/cases.yaml) as data, plus the matching a simulated patient needs: which
history topic a learner's question is about, and what triage level and diagnosis a learner has committed to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from rapidfuzz import fuzz

from assistant.artifacts import LEVELS
from knowledge.corpus import GuidelineDoc
from knowledge.yaml_text import parse_yaml

CASES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "tutor" / "cases.yaml"
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "emergency": ("emergency", "call 911", "call 999", "call 112", "ambulance", "a&e", "resus", "ed now"),
    "urgent": ("urgent", "same day", "same-day", "today", "within 24", "out of hours", "out-of-hours"),
    "routine": ("routine", "non-urgent", "book an appointment", "gp appointment", "within days", "within weeks"),
    "self_care": ("self care", "self-care", "self_care", "home care", "manage at home", "at home", "self manage",
                  "self-manage", "pharmacist"),
}
_COMMIT = re.compile(
    r"\b(triage|level|diagnos\w*|impression|i think (?:it'?s|this is|she|he|they|you)|it'?s (?:probably|likely)|"
    r"most likely|probably|my answer|commit|differential|working diagnosis|i'?d (?:say|triage|send))\b",
    re.IGNORECASE,
)
_END = re.compile(r"\b(end|stop|quit|exit|cancel|abandon|finish)\b.{0,15}\b(case|practice|simulation)\b|"
                  r"^\s*(end|stop|quit|give up)\s*[.!]?\s*$", re.IGNORECASE)
_FEEDBACK = re.compile(r"^\s*(feedback|done|finished|that'?s all|score me|mark me|how did i do)\b", re.IGNORECASE)
_HINT = re.compile(r"\b(hint|what (?:should|else) (?:i|do i) ask|stuck|help me)\b", re.IGNORECASE)


class CaseFileError(ValueError):
    """The cases file is malformed (named case and field in the message)."""


@dataclass
class Case:
    id: str
    title: str
    opening: str
    findings: dict[str, str]
    negative: str
    key_topics: list[str]
    level: str
    diagnosis: str
    diagnosis_terms: list[str]
    teaching_points: list[str]
    citation: dict[str, str]
    also_accept: list[str] = field(default_factory=list)


CaseTopics = dict[str, list[str]]  # history topic -> the keywords that recognise a question about it


def load_cases(docs: Mapping[str, GuidelineDoc], path: Path = CASES_FILE) -> tuple[CaseTopics, tuple[Case, ...]]:
    """(topic keywords, cases); raises CaseFileError when a case is inconsistent with the topics or ``docs``."""
    raw = parse_yaml(path.read_text(encoding="utf-8")) or {}
    topics = {name: [str(k).lower() for k in words] for name, words in (raw.get("topics") or {}).items()}
    cases = []
    for entry in raw.get("cases") or []:
        try:
            case = Case(**entry)
        except TypeError as exc:
            raise CaseFileError(f"case {entry.get('id', '?')}: {exc}") from exc
        problems = case_problems(case, topics, docs)
        if problems:
            raise CaseFileError(f"case {case.id}: " + "; ".join(problems))
        cases.append(case)
    return topics, tuple(cases)


def case_problems(case: Case, topics: CaseTopics, docs: Mapping[str, GuidelineDoc]) -> list[str]:
    problems = [f"unknown topic {t!r}" for t in list(case.findings) + case.key_topics if t not in topics]
    problems += [f"key topic {t!r} has no finding" for t in case.key_topics if t not in case.findings]
    problems += [f"level {lvl!r} is not one of {LEVELS}" for lvl in [case.level, *case.also_accept]
                 if lvl not in LEVELS]
    doc = docs.get(case.citation.get("doc_id", ""))
    if doc is None or doc.section(case.citation.get("section", "")) is None:
        problems.append(f"citation {case.citation} is not a section of the corpus")
    if not case.diagnosis_terms or not case.teaching_points:
        problems.append("needs diagnosis_terms and teaching_points")
    return problems


def _keyword_hit(keyword: str, text: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(keyword)}", text) is not None


def topics_asked(question: str, case: Case, topics: CaseTopics) -> list[str]:
    """History topics a learner's question is about, best first; the case's own findings win ties."""
    text = " " + question.lower() + " "
    scored = []
    for name, words in topics.items():
        hits = [w for w in words if _keyword_hit(w, text)]
        if hits:
            scored.append((len(hits) + max(len(w) for w in hits) / 100 + (0.5 if name in case.findings else 0), name))
    return [name for _, name in sorted(scored, reverse=True)]


def level_in(text: str) -> str | None:
    lowered = text.lower()
    for level in LEVELS:  # most urgent first: "emergency, not self care" reads as emergency
        if any(_keyword_hit(w, lowered) for w in LEVEL_WORDS[level]):
            return level
    return None


def diagnosis_matches(text: str, case: Case) -> bool:
    lowered = text.lower()
    for term in case.diagnosis_terms:
        term = term.lower()
        if re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", lowered):
            return True
        if len(term) >= 6 and fuzz.partial_ratio(term, lowered) >= 90:
            return True
    return False


def diagnosis_text(text: str) -> str:
    """The diagnosis part of a commitment ("triage emergency, diagnosis ACS" -> "ACS")."""
    match = re.search(r"(?:diagnos\w*|impression|i think (?:it'?s|it is|this is|that)|probably|likely|it'?s)\s*(?:is|:|-)?\s*"
                      r"(.+)$", text, re.IGNORECASE)
    candidate = match.group(1) if match else text
    for words in LEVEL_WORDS.values():
        for word in words:
            candidate = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", " ", candidate, flags=re.IGNORECASE)
    candidate = re.sub(r"\b(triage|level|and|the|a|an|with|is|it|it'?s|my|answer|this|that)\b", " ", candidate, flags=re.I)
    return " ".join(candidate.strip(" .,;:!-").split())


def is_commitment(text: str) -> bool:
    return bool(_COMMIT.search(text)) or (level_in(text) is not None and "?" not in text)


def wants_end(text: str) -> bool:
    return bool(_END.search(text))


def wants_feedback(text: str) -> bool:
    return bool(_FEEDBACK.search(text))


def wants_hint(text: str) -> bool:
    return bool(_HINT.search(text))


def pick_case(cases: Sequence[Case], topic: str, done: list[str]) -> tuple[Case | None, list[str]]:
    """A case for the requested topic (or the first not yet done); (None, titles) when no case fits the topic."""
    if topic:
        scored = sorted(((max(fuzz.token_set_ratio(topic.lower(), f"{c.title} {c.diagnosis} {' '.join(c.diagnosis_terms)}".lower()),
                              fuzz.partial_ratio(topic.lower(), c.title.lower())), c) for c in cases),
                        key=lambda pair: -pair[0])
        fitting = [c for score, c in scored if score >= 80]
        if not fitting:
            return None, [c.title for c in cases]
        cases = tuple(fitting)
    fresh = [c for c in cases if c.id not in done]
    return (fresh or list(cases))[0], []


def citation_for(case: Case, docs: Mapping[str, GuidelineDoc]) -> dict[str, Any]:
    doc = docs[case.citation["doc_id"]]
    section = doc.section(case.citation["section"])
    return {"doc_id": doc.id, "title": doc.title, "section": section.heading, "source": doc.organisation,
            "year": doc.year or "n.d.", "url": doc.url, "snippet": " ".join(section.text.split())[:320], "score": 1.0}
