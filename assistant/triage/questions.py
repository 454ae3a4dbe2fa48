"""Choose the next intake question: the missing item whose answer could change the level.

An item is worth asking only if some undecided rule that depends on it would move the level, or if it
is the warning-sign screen while the level is still below emergency. We stop when nothing can change
the level, or after MAX_QUESTIONS questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.artifacts import level_rank, most_urgent
from assistant.triage.data_files import complaint_info, concept_label, lexicon
from assistant.triage.intake import Intake
from assistant.triage.rules import RuleLevel

MAX_QUESTIONS = 4


@dataclass
class Question:
    item: str
    text: str
    why: str  # plain words: what the answer could change
    score: float

    def to_dict(self) -> dict:
        return {"item": self.item, "text": self.text, "why": self.why}


def question_text(item: str, complaint: str | None) -> str:
    """Question wording from the lexicon, with the complaint's own examples filled in."""
    info = complaint_info(complaint)
    template = info.get("questions", {}).get(item) or lexicon()["items"][item]
    if item == "red_flags":
        examples = info.get("red_flag_examples", "fainting, severe pain or trouble breathing")
    else:
        names = [concept_label(s) for s in info.get("associated", [])[:4]]
        examples = ", ".join(names) if names else "fever, vomiting or dizziness"
    return template.format(examples=examples)


def _would_change(result: RuleLevel, outcome_level: str, current: str | None, flag_level: str | None) -> bool:
    held = [o.rule["level"] for o in result.fired if not o.provisional]
    rule_level = most_urgent(*held, outcome_level) if held else outcome_level
    return most_urgent(rule_level, flag_level) != current


def next_questions(
    intake: Intake, result: RuleLevel, current: str | None, flag_level: str | None = None, limit: int = 2
) -> list[Question]:
    """Up to ``limit`` questions, most informative first; [] when the level can no longer change."""
    if intake.complaint is None:
        if len(intake.asked) >= MAX_QUESTIONS:
            return []
        return [Question("complaint", question_text("complaint", None), "we need the main problem to start", 10.0)]
    if current == "emergency" or len(intake.asked) >= MAX_QUESTIONS:
        return []
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for outcome in result.undecided:
        level = outcome.rule["level"]
        if outcome.provisional:  # fires on an assumption: confirming it could drop the level
            without = [o.rule["level"] for o in result.fired if o is not outcome and not o.provisional]
            fallback = most_urgent(*without) if without else result.base_level
            changes = most_urgent(fallback, flag_level) != current
        else:
            changes = _would_change(result, level, current, flag_level)
        if not changes:
            continue
        gain = 1.0 + abs(level_rank(level) - level_rank(current))
        for item in outcome.unknown_items:
            if intake.is_known(item) or item in intake.asked:
                continue
            if gain > scores.get(item, 0.0):
                scores[item], reasons[item] = gain, f"could change the level to {level.replace('_', ' ')}"
    info = complaint_info(intake.complaint)
    if not intake.red_flags_checked and "red_flags" not in intake.asked and info.get("red_flag_examples"):
        gain = 1.0 + level_rank(current) - level_rank("emergency")
        if gain > scores.get("red_flags", 0.0):
            scores["red_flags"], reasons["red_flags"] = gain + 0.5, "a warning sign would make this an emergency"
    order = list(info.get("items", []))
    ranked = sorted(scores, key=lambda item: (-scores[item], order.index(item) if item in order else len(order)))
    return [Question(item, question_text(item, intake.complaint), reasons[item], scores[item]) for item in ranked[:limit]]


def missing_items(intake: Intake) -> list[str]:
    """Intake items that matter for this complaint and have no answer yet (for the artifact)."""
    if intake.complaint is None:
        return ["complaint"]
    return [item for item in complaint_info(intake.complaint).get("items", []) if not intake.is_known(item)]
