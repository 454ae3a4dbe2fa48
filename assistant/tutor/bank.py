"""The quiz bank: load every ``knowledge/quiz/bank_*.yaml`` file and check each item against its cited section.

An item is only worth asking if the guideline section it cites really supports its answer key, so the same
checks serve the unit test, the ``bank_check`` report and the tutor (which never asks a broken item).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from knowledge.corpus import GuidelineDoc
from knowledge.yaml_text import parse_yaml

QUIZ_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "quiz"
LETTERS = "ABCDE"
LEVELS = ("student", "nurse", "physician")
REQUIRED = ("id", "doc_id", "section", "topic", "question", "options", "answer", "explanation", "support")
KEY_TERM_SHARE = 0.5  # share of the key's defining terms that must appear in the cited section
_STOP = frozenset(
    "a an the of to in on for and or with by at as is are be been it its this that these those from than then "
    "into per not no any all each every only also more most less who whom which what when where how should would "
    "can may must do does because he she they his her their them you your we our".split()
)
# Units and scenario details say nothing about whether the key is right, so they are not defining terms.
_UNITS = frozenset("ml min m mg kg g l dl mmol mcg µg h hr hrs 1.73 m2 mm hg mmhg".split())
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_AGE = re.compile(r"\b\d+-(?:year|month|week|day)-old\b")


@dataclass
class QuizItem:
    """One multiple-choice question with its key, explanation and the cited section that supports it."""

    id: str
    doc_id: str
    section: str
    topic: str
    question: str
    options: list[str]
    answer: str  # letter
    explanation: str
    support: str  # phrase found in the cited section
    level: str = "student"
    origin: str = "bank"  # bank | generated
    source_file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def answer_text(self) -> str:
        index = LETTERS.find(self.answer)
        return self.options[index] if 0 <= index < len(self.options) else ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class BankError(ValueError):
    """A bank file that cannot be read at all (not YAML, not a list)."""


def _normalise(text: str) -> str:
    text = text.lower().replace("**", "").replace("`", "")
    for dash in "\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return " ".join(text.split())


def stem(word: str) -> str:
    """A crude stem, enough to match "pausing" with "pause" and "criteria" with nothing it should not."""
    for suffix in ("ing", "ed", "ly", "es", "s", "e"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    words = _WORD.findall(_AGE.sub(" ", _normalise(text)))
    return [stem(w) for w in words if w not in _STOP and w not in _UNITS]


def defining_terms(answer: str, question: str = "") -> list[str]:
    """Content words of the key that are not scenario details copied from the question stem."""
    asked = set(content_stems(question))
    terms = [t for t in content_stems(answer) if t not in asked]
    return terms or content_stems(answer)


def key_supported(answer: str, question: str, section_text: str) -> bool:
    """True when the key's text, or enough of its defining terms, appear in the cited section."""
    section = _normalise(section_text)
    if _normalise(answer) in section:
        return True
    terms = defining_terms(answer, question)
    present = set(content_stems(section_text))
    return bool(terms) and sum(t in present for t in terms) / len(terms) >= KEY_TERM_SHARE


def support_in_section(support: str, section_text: str) -> bool:
    """The support phrase appears verbatim in the section (whitespace and line wrapping ignored)."""
    return bool(support.strip()) and " ".join(support.split()) in " ".join(section_text.split())


def docs_by_id(docs: Iterable[GuidelineDoc]) -> dict[str, GuidelineDoc]:
    """The corpus keyed by document id, the way every check looks a citation up."""
    return {doc.id: doc for doc in docs}


def item_from_dict(raw: dict[str, Any], source_file: str = "") -> QuizItem:
    known = {k: raw.get(k) for k in REQUIRED}
    options = [str(o) for o in raw.get("options") or []]
    return QuizItem(
        id=str(known["id"] or ""), doc_id=str(known["doc_id"] or ""), section=str(known["section"] or ""),
        topic=str(known["topic"] or ""), question=" ".join(str(known["question"] or "").split()),
        options=options, answer=str(known["answer"] or "").strip().upper(),
        explanation=" ".join(str(known["explanation"] or "").split()), support=str(known["support"] or ""),
        level=str(raw.get("level") or "student"), source_file=source_file,
        extra={k: v for k, v in raw.items() if k not in REQUIRED and k != "level"},
    )


def bank_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or QUIZ_DIR).glob("bank_*.yaml"))


def load_bank_file(path: Path) -> list[QuizItem]:
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BankError(f"{path.name}: not valid YAML: {exc}") from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BankError(f"{path.name}: a bank file must be a YAML list of items")
    return [item_from_dict(r if isinstance(r, dict) else {}, path.name) for r in raw]


def item_problems(item: QuizItem, docs: Mapping[str, GuidelineDoc]) -> list[str]:
    """Everything wrong with one item (empty list = the item is sound); ``docs`` is the corpus by id."""
    problems = [f"missing {name}" for name in ("id", "doc_id", "section", "question", "explanation", "support")
                if not getattr(item, name)]
    if not 4 <= len(item.options) <= 5:
        problems.append(f"needs 4-5 options, has {len(item.options)}")
    if len({_normalise(o) for o in item.options}) != len(item.options) or not all(o.strip() for o in item.options):
        problems.append("options are empty or repeated")
    if item.answer not in LETTERS[: len(item.options)] or len(item.answer) != 1:
        problems.append(f"answer {item.answer!r} is not one of the option letters")
    if item.level not in LEVELS:
        problems.append(f"level {item.level!r} is not one of {', '.join(LEVELS)}")
    doc = docs.get(item.doc_id)
    section = doc.section(item.section) if doc else None
    if doc is None:
        problems.append(f"doc_id {item.doc_id!r} is not in the corpus")
    elif section is None:
        problems.append(f"section {item.section!r} is not in {item.doc_id}")
    else:
        if not support_in_section(item.support, section.text):
            problems.append("support phrase is not in the cited section")
        if item.answer_text and not key_supported(item.answer_text, item.question, section.text):
            problems.append(f"the key's answer {item.answer_text!r} is not supported by the cited section")
    return problems


def duplicate_problems(items: list[QuizItem]) -> list[str]:
    """Repeated ids, and the same question asked twice (ignoring case, spacing and punctuation)."""
    problems: list[str] = []
    ids: dict[str, str] = {}
    questions: dict[str, str] = {}
    for item in items:
        where = f"{item.source_file}:{item.id}"
        if item.id in ids:
            problems.append(f"duplicate id {item.id} ({ids[item.id]} and {where})")
        ids.setdefault(item.id, where)
        key = " ".join(_WORD.findall(_normalise(item.question)))
        if key in questions:
            problems.append(f"duplicate question in {questions[key]} and {where}")
        questions.setdefault(key, where)
    return problems


def load_bank(docs: Mapping[str, GuidelineDoc], folder: Path | None = None) -> tuple[QuizItem, ...]:
    """All sound items of all bank files (broken ones are left out; ``bank_check`` reports them)."""
    items: list[QuizItem] = []
    seen: set[str] = set()
    for path in bank_files(folder):
        for item in load_bank_file(path):
            if item.id not in seen and not item_problems(item, docs):
                items.append(item)
                seen.add(item.id)
    return tuple(items)
