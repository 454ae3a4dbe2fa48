"""Quiz items generated from structured facts: the graded recommendations in each guideline's front-matter.

"What grade does the USPSTF give to ...?" needs no LLM: the key is the front-matter grade, the distractors are
the other grades of the same published scale (knowledge/tutor/grade_scales.yaml), and the item cites the section
the recommendation is filed under. An item is only generated when that section itself states the grade, so the
bank checks hold for generated items exactly as for written ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from assistant.tutor.bank import QuizItem, content_stems, item_problems
from knowledge.corpus import GuidelineDoc
from knowledge.yaml_text import parse_yaml

SCALES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "tutor" / "grade_scales.yaml"
_INSUFFICIENT = re.compile(r"^\s*evidence is insufficient", re.IGNORECASE)  # the wording gives the grade away
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z/]{1,15})\)")


GradeScales = dict[str, dict[str, Any]]


def load_grade_scales(path: Path = SCALES_FILE) -> GradeScales:
    """The published grading scales, by name (uspstf, acc_aha ...)."""
    return parse_yaml(path.read_text(encoding="utf-8"))


def _short_organisation(doc: GuidelineDoc) -> str:
    found = _ABBREVIATION.findall(doc.organisation)
    return "/".join(dict.fromkeys(found)) or doc.organisation


def _scale_for(doc: GuidelineDoc, scales: GradeScales) -> tuple[str, dict[str, Any]] | None:
    for name, scale in scales.items():
        if re.search(scale["match_organisation"], doc.organisation):
            return name, scale
    return None


def _grade_pattern(scale: dict[str, Any], grade: str) -> re.Pattern[str]:
    if grade == "I" and "section_pattern_I" in scale:
        return re.compile(scale["section_pattern_I"], re.IGNORECASE)
    spelled = (scale.get("roman") or {}).get(grade, re.escape(grade))
    return re.compile(scale["section_pattern"].replace("{grade}", spelled), re.IGNORECASE)


def _support_line(section_text: str, pattern: re.Pattern[str], recommendation: str) -> str | None:
    """The section line that states the grade and shares most words with the recommendation (verbatim)."""
    wanted = set(content_stems(recommendation))
    best, best_overlap = None, 0
    for line in section_text.splitlines():
        if not pattern.search(line):
            continue
        overlap = len(wanted & set(content_stems(line)))
        if overlap > best_overlap:
            best, best_overlap = line.strip().lstrip("-*+ ").strip(), overlap
    return best


def items_for_doc(doc: GuidelineDoc, scales: GradeScales) -> list[QuizItem]:
    """Grade items for one guideline (possibly none: ungraded recommendations or an unknown scale)."""
    found = _scale_for(doc, scales)
    if found is None:
        return []
    name, scale = found
    codes = [option["grade"] for option in scale["options"]]
    items = []
    for number, rec in enumerate(doc.recommendations, 1):
        raw_grade = str(rec.get("grade", "")).strip()
        grade = scale["aliases"].get(raw_grade, raw_grade)
        section = doc.section(str(rec.get("section", "")))
        if grade not in codes or section is None or _INSUFFICIENT.match(rec["text"]):
            continue
        support = _support_line(section.text, _grade_pattern(scale, grade), rec["text"])
        if not support:
            continue
        option = scale["options"][codes.index(grade)]
        question = scale["question"].format(year=doc.year or "n.d.", text=rec["text"].rstrip("."),
                                            organisation_short=_short_organisation(doc))
        items.append(QuizItem(
            id=f"g-{name}-{doc.id}-{number}", doc_id=doc.id, section=section.heading,
            topic=doc.title, question=question, options=[o["label"] for o in scale["options"]],
            answer="ABCDE"[codes.index(grade)],
            explanation=(f"{_short_organisation(doc)} ({doc.year or 'n.d.'}) gives this recommendation "
                         f"{option['label']} ({option['meaning']}; section \"{section.heading}\"; scale: "
                         f"{scale['source']})."),
            support=support, level="physician" if name == "acc_aha" else "student", origin="generated",
            source_file="generated",
        ))
    return items


def generated_items(docs: Mapping[str, GuidelineDoc], scales: GradeScales) -> tuple[QuizItem, ...]:
    """Every sound generated item over the corpus (items failing the bank checks are dropped)."""
    return tuple(item for doc in docs.values() for item in items_for_doc(doc, scales)
                 if not item_problems(item, docs))
