"""Claim backing: model text keeps only the clinical statements that evidence supports.

A sentence that carries a number, a dose or a recommendation must match a cited snippet, a tool result or the
grounded reply (its numbers all present there, and most of its content words). Dose statements are re-checked
with the drug engine (assistant.drugs.doses.check_dose). A sentence that would lower the urgency below the
level a red flag set is removed: the model has no vote against the red-flag layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from assistant.artifacts import level_rank

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*_(\[-])")
_NUMBER = re.compile(r"(?<![\[\w])\d+(?:[.,]\d+)?(?![\]\w])")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(mg|mcg|µg|ug|micrograms?|milligrams?|grams?|g)\b", re.I)
_FREQ = re.compile(r"(every\s*\d+\s*h\w*|q\s*\d+\s*h\b|\bq\.?i\.?d\b|\bt\.?i\.?d\b|\bb\.?i\.?d\b|\bonce daily\b|"
                   r"\bonce a day\b|\btwice (?:a day|daily)\b|\b\w+ times? (?:a|per) day\b|\bdaily\b)", re.I)
_ADVICE = re.compile(r"\b(should|must|recommend\w*|first[- ]line|take|give|start|stop|avoid|safe|unsafe|"
                     r"contraindicated|interact\w*|treat\w*|dose|dosing|maximum|increase|decrease|risk)\b", re.I)
_LOWER_LEVELS = {
    "self_care": re.compile(r"\b(self[- ]care|manage(?:d)? (?:it )?at home|home care|stay (?:at )?home|"
                            r"no need (?:to|for) (?:see|a doctor|worry)|nothing to worry)\b", re.I),
    "routine": re.compile(r"\b(routine appointment|routine|within (?:a few )?(?:days|weeks)|non[- ]urgent)\b", re.I),
    "urgent": re.compile(r"\b(same[- ]day|urgent care|within 24 hours)\b", re.I),
}
_STOP = set("this that with from have will your they them their there what when which about into been were "
            "also more most some such than then these those only very much many over under after before".split())
MIN_OVERLAP = 0.5


@dataclass
class ClaimReport:
    text: str
    removed: list[dict[str, str]] = field(default_factory=list)  # {sentence, reason}
    dose_checks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z\-]{3,}", text.lower()) if w not in _STOP}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".").rstrip("0").rstrip(".") if "." in n else n for n in _NUMBER.findall(text)}


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        out.extend(part for part in _SENTENCE.split(line) if part.strip())
    return out


def lowers_level(sentence: str, min_level: str | None) -> str | None:
    """The lower level this sentence suggests, if it suggests one below ``min_level``."""
    if not min_level:
        return None
    for level, pattern in _LOWER_LEVELS.items():
        if level_rank(level) > level_rank(min_level) and pattern.search(sentence):
            return level
    return None


def _dose_verdict(sentence: str, patient: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    """(reason to remove or None, the dose check) for a sentence that states a drug amount."""
    amount = _AMOUNT.search(sentence)
    if not amount:
        return None, None
    from assistant.drugs.doses import Patient, check_dose
    from knowledge.drugs.names import find_mentions

    mentions = [m for m in find_mentions(sentence, fuzzy=False) if m.resolution.found]
    if not mentions:
        return None, None
    freq = _FREQ.search(sentence)
    person = Patient(age_years=patient.get("age_years"), weight_kg=patient.get("weight_kg"), egfr=patient.get("egfr"))
    check = check_dose(mentions[0].text, float(amount.group(1)), amount.group(2), freq.group(0) if freq else None,
                       "oral", person).to_dict()
    if check["status"] == "above_maximum":
        return f"dose above the labelled maximum ({check.get('source') or 'drug engine'})", check
    if check["status"] == "cannot_check":
        return "dose the drug engine could not check", check
    return None, check


def _other_numbers_backed(sentence: str, evidence_text: str) -> bool:
    """A dose sentence the engine accepted: any figure besides the dose and its schedule needs a source."""
    rest = _FREQ.sub(" ", _AMOUNT.sub(" ", sentence))
    return _numbers(rest) <= _numbers(evidence_text)


def backed(sentence: str, evidence_text: str, evidence_words: list[set[str]]) -> bool:
    """Numbers all in the evidence, and most content words in one evidence passage (or the whole evidence)."""
    if not _numbers(sentence) <= _numbers(evidence_text):
        return False
    words = _words(sentence)
    if not words:
        return True
    best = max((len(words & passage) / len(words) for passage in evidence_words), default=0.0)
    return best >= MIN_OVERLAP


def check_claims(text: str, evidence: Iterable[str], *, min_level: str | None = None,
                 patient: dict[str, Any] | None = None) -> ClaimReport:
    """Remove unbacked clinical sentences, unsafe doses and level downgrades; say what was removed."""
    evidence = [e for e in evidence if e]
    evidence_text = "\n".join(evidence)
    passages = [_words(p) for e in evidence for p in sentences(e)] + [_words(evidence_text)]
    report = ClaimReport(text="")
    kept: list[str] = []
    for line in text.splitlines():
        parts = []
        for sentence in _SENTENCE.split(line):
            reason = None
            lower = lowers_level(sentence, min_level)
            if lower:
                reason = f"it suggested {lower.replace('_', ' ')} although a red flag set {min_level}"
            else:
                reason, dose = _dose_verdict(sentence, patient or {})
                if dose:
                    report.dose_checks.append(dose)
                if reason is None and dose is not None and not _other_numbers_backed(sentence, evidence_text):
                    reason = "its other figures are not in any cited source or tool result"
                elif reason is None and dose is None and (_numbers(sentence) or _ADVICE.search(sentence)):
                    if not backed(sentence, evidence_text, passages):
                        reason = "no cited source or tool result backs it"
            if reason:
                report.removed.append({"sentence": sentence.strip(), "reason": reason})
            else:
                parts.append(sentence)
        if parts or not line.strip():
            kept.append(" ".join(parts))
    report.text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return report


def removal_note(report: ClaimReport) -> str:
    """The visible mark left where statements were removed (empty when nothing was)."""
    if not report.removed:
        return ""
    reasons = "; ".join(dict.fromkeys(r["reason"] for r in report.removed))
    count = len(report.removed)
    return f"[{count} statement{'s' if count > 1 else ''} removed by the claim check: {reasons}.]"
