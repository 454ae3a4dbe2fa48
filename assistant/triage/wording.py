"""Plain-words text of an assessment: the rationale and the safety-netting list (wording data in YAML)."""

from __future__ import annotations

from typing import Any

from assistant.artifacts import level_rank
from assistant.triage.data_files import advice, concept_label
from assistant.triage.intake import Intake
from assistant.triage.rules import RuleLevel


def _story(intake: Intake) -> str:
    parts = [concept_label(c) for c in intake.complaints[:3]]
    text = " and ".join(parts) if parts else "no recognised complaint"
    if intake.duration_days is not None:
        days = intake.duration_days
        text += f" for about {days * 24:.0f} hours" if days < 1 else f" for about {days:g} days"
    if intake.age_years is not None:
        age = intake.age_years
        text += f", age {age * 12:.0f} months" if age < 2 else f", age {age:g}"
    if intake.pregnant:
        text += ", pregnant"
    if intake.associated:
        text += "; also " + ", ".join(concept_label(s) for s in intake.associated[:4])
    if intake.absent:
        text += "; no " + ", no ".join(concept_label(s) for s in intake.absent[:4])
    return text[0].upper() + text[1:] + "."


def rationale(intake: Intake, result: RuleLevel, flags: list[dict], vote: dict | None, level: str | None) -> str:
    """Why this level, in a few plain sentences."""
    if intake.complaint is None and not flags:
        return "No symptom was recognised yet, so no level can be given."
    sentences = [_story(intake)]
    if flags:
        labels = "; ".join(f"{f['label']} ({f['source']})" for f in flags[:3])
        sentences.append(f"Warning sign{'s' if len(flags) > 1 else ''} found: {labels}.")
    if result.fired:
        top = min(result.fired, key=lambda o: level_rank(o.rule["level"]))
        sentences.append(f"{top.rule['reason']} ({top.rule['source']})")
    elif result.base_level:
        sentences.append(f"No specific rule applied; {result.base_level.replace('_', ' ')} is the usual level for this complaint.")
    if vote:
        split = ", ".join(f"{k.replace('_', ' ')} {v:.0%}" for k, v in vote["distribution"].items() if v)
        sentences.append(f"The raters voted {split} (agreement {vote['agreement']:.0%}).")
        if vote.get("escalated_from"):
            sentences.append("They disagreed, so the more urgent level was taken.")
    return " ".join(sentences)


def safety_net(intake: Intake, level: str | None) -> list[str]:
    """What would make it more urgent (complaint-specific first), then self-care tips for home care."""
    data = advice()
    lines: list[str] = []
    for complaint in intake.complaints[:2]:
        entry = data["complaints"].get(complaint, {})
        lines += entry.get("more_urgent", [])
        if level == "self_care":
            lines += entry.get("care", [])
    lines += data["general"]["more_urgent"]
    seen: set[str] = set()
    return [line for line in lines if not (line in seen or seen.add(line))]
