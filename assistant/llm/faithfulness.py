"""Faithfulness, not word overlap: every model sentence must state the facts of one source sentence in the same
roles, or it is dropped with a visible note.

A model sentence is kept when one evidence sentence (a cited passage, the grounded reply, a tool result) carries:
- every drug, dose with its unit, frequency and figure of the model sentence (these may come from the sentence
  just before or after it in the same passage, as "Dose: ..." follows the drug it belongs to);
- the same route, population, setting and line of treatment (first-line vs refractory, IM vs IV, adult vs child)
  in that very sentence - a neighbour may lend them only when the sentence itself names none;
- the same "do" vs "do not", and no stronger or weaker recommendation ("consider" is not "should");
- most of its content words.
A sentence that cites ``[n]`` is checked against passage n only; a supported sentence without a marker gets the
marker of the passage that supports it. Dose statements are re-checked with the drug engine, and no sentence may
suggest a lower urgency than the red flags set. Sentences with no clinical content (connectors) pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from assistant.artifacts import level_rank
from assistant.llm.roles import BINDINGS, DrugFinder, Roles, bound, doses_in, frequencies_in, numbers_in, roles_of

DoseCheck = Callable[[str, float, str, str | None], dict[str, Any]]  # (drug, amount, unit, frequency) -> check
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*_(\[-])|(?<=[.!?]) (?=\[\d)")
_MARKER = re.compile(r"\[(\d{1,2})\]")
_ECHO = re.compile(r"&lt;|&gt;|</?(?:rules|role|audience|mode|question|grounded_\w+|task|tool_results|result)\b|"
                   r"\b(?:the (?:user|reply|grounded reply) is already shown|at most \d+ short sentences)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_ADVICE = re.compile(r"\b(should|must|recommend\w*|first[- ]line|take|give|start|stop|avoid|safe|unsafe|"
                     r"contraindicated|interact\w*|treat\w*|dose|dosing|maximum|increase|decrease|risk|cure\w*)\b", re.I)
_LOWER_LEVELS = {
    "self_care": re.compile(r"\b(self[- ]care|manage(?:d)? (?:it )?at home|home care|stay (?:at )?home|rest at home|"
                            r"no need (?:to|for) (?:see|a doctor|worry)|nothing to worry)\b", re.I),
    "routine": re.compile(r"\b(routine appointment|routine|within (?:a few )?(?:days|weeks)|non[- ]urgent)\b", re.I),
    "urgent": re.compile(r"\b(same[- ]day|urgent care|within 24 hours)\b", re.I),
}
_STOP = set("this that with from have will your they them their there what when which about into been were also more "
            "most some such than then these those only very much many over under after before here following "
            "guideline guidelines source sources cited says said according information answer question summary "
            "point points brief short below above reply just like does should would could being other each".split())
MIN_OVERLAP = 0.5
QUALIFIERS = ("routes", "populations", "settings", "lines")
_ROLE_WORDS = {"routes": "route", "populations": "population", "settings": "setting", "lines": "line of treatment"}


@dataclass(frozen=True)
class Passage:
    """One body of evidence: a cited passage (``marker`` = its [n]), the grounded reply or a tool result."""

    text: str
    label: str
    marker: int | None = None


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)  # kept text, line by line (markers added where supported)
    kept: list[dict[str, Any]] = field(default_factory=list)  # {sentence, support}
    removed: list[dict[str, str]] = field(default_factory=list)  # {sentence, reason}
    dose_checks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines)).strip()

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def unwrap(text: str) -> list[str]:
    """Lines with hard-wrapped continuations joined (a bullet or heading starts a new line)."""
    lines: list[str] = []
    for line in text.splitlines():
        if lines and lines[-1].strip() and line.strip() and not re.match(r"\s*(?:[-*+•#|]|\d+[.)]\s)", line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return lines


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in unwrap(text):
        out.extend(part.strip() for part in _SPLIT.split(line) if part.strip())
    return out


def _stem(word: str) -> str:
    for suffix in ("ally", "ly", "ing", "ed", "es", "s"):
        if len(word) > 5 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z][a-z\-]{3,}", text.lower()) if w not in _STOP}


def lowers_level(sentence: str, min_level: str | None) -> str | None:
    """The lower level this sentence suggests, if it suggests one below ``min_level``."""
    if not min_level:
        return None
    for level, pattern in _LOWER_LEVELS.items():
        if level_rank(level) > level_rank(min_level) and pattern.search(sentence):
            return level
    return None


_LIMIT = re.compile(r"\b(?:max\w*|limit|at most|up to|no more than|not exceed\w*|per day|a day|daily|total)\b",
                    re.I)
_SUBSET = re.compile(r"\b(?:include|includes|including|such as|among|one of|options? (?:are|include))\b", re.I)
_ASIDE = re.compile(r"\([^()]*\)")
_CLAUSE = re.compile(r"\s*(?:;|,\s+(?:and|but|or|while)\b|,|\bbut\b|\bwhereas\b)\s*")


@dataclass
class _Unit:
    sentence: str
    context: str  # the sentence itself with its neighbours
    passage: Passage
    roles: Roles
    around: Roles
    nearby_drugs: frozenset[Any]  # medicines named up to two sentences away (the subject of a short paragraph)
    clauses: list[tuple[set[str], Roles]]  # (words, roles) of each clause: "do" and "do not" live in clauses


def _clause_of(unit: _Unit, claim_words: set[str]) -> Roles:
    """The clause of the unit's sentence that says what the claim says (most shared words)."""
    if len(unit.clauses) < 2:
        return unit.roles
    return max(unit.clauses, key=lambda c: len(claim_words & c[0]))[1]


def _units(passages: Iterable[Passage], drugs: DrugFinder) -> list[_Unit]:
    units = []
    for passage in passages:
        parts = sentences(passage.text)
        for i, part in enumerate(parts):
            context = " ".join(parts[max(0, i - 1): i + 2])
            clauses = [(words(c), roles_of(c, drugs)) for c in _CLAUSE.split(part) if c.strip()]
            nearby = roles_of(" ".join(parts[max(0, i - 2): i + 3]), drugs).drugs
            units.append(_Unit(part, context, passage, roles_of(part, drugs), roles_of(context, drugs), nearby,
                               clauses))
    return units


def _pretty(values: Iterable[Any]) -> str:
    shown = []
    for v in sorted(values, key=str):
        if isinstance(v, tuple):
            shown.append(f"{v[0]:g} {v[1]}" if not str(v[1]).startswith("ratio") else "1:" + v[1][7:])
        else:
            shown.append(str(v).replace("_", " "))
    return ", ".join(shown) or "nothing"


def mismatch(claim: Roles, claim_words: set[str], unit: _Unit) -> tuple[int, str] | None:
    """Why ``unit`` does not support the claim (with how many checks it passed first), or None when it does.

    The unit's own sentence must carry the claim (most of its words, its "do"/"do not", its strength); figures,
    drugs and doses may come from the neighbours, and qualifiers too when the sentence itself has none.
    """
    around, own = unit.around, unit.roles
    if claim_words:
        overlap = len(claim_words & words(own.wording)) / len(claim_words)
        if overlap < MIN_OVERLAP:
            return 0, "most of its words are not in the source"
    if not claim.drugs <= around.drugs | unit.nearby_drugs:
        return 1, f"it names {_pretty(claim.drugs - around.drugs)}, which the source does not say it about"
    if not claim.doses <= around.doses:
        return 2, f"it states {_pretty(claim.doses - around.doses)} where the source says {_pretty(around.doses)}"
    if not claim.frequencies <= around.frequencies:
        return 3, (f"it says {_pretty(claim.frequencies - around.frequencies)} where the source says "
                   f"{_pretty(around.frequencies)}")
    for depth, role in enumerate(QUALIFIERS, 4):
        said, here = getattr(claim, role), getattr(own, role)
        source = here if here else getattr(around, role)
        if not said <= source:
            where = f"the source says {_pretty(source)}" if source else "the source does not say so"
            return depth, f"its {_ROLE_WORDS[role]} is {_pretty(said - source)} where {where}"
    listed = claim.lines & own.lines  # "first-line classes: A and B" where the source lists A, B, C and D
    if (listed and len(claim.drugs) >= 2 and claim.drugs < own.drugs
            and not _SUBSET.search(_ASIDE.sub(" ", claim.wording))):
        return 4, f"it leaves {_pretty(own.drugs - claim.drugs)} out of the source's list"
    for anchor_role, role in BINDINGS:  # one sentence, two doses for two populations: keep each with its own
        if len(getattr(around, role)) < 2:
            continue
        for anchor in getattr(claim, anchor_role) & getattr(around, anchor_role):
            said, source = bound(claim, anchor_role, anchor, role), bound(around, anchor_role, anchor, role)
            if said and source and not said & source:
                return 8, (f"it ties {_pretty([anchor])} to {_pretty(said)} where the source ties it to "
                           f"{_pretty(source)}")
    if not claim.numbers <= around.numbers:
        return 9, f"its figure {_pretty(claim.numbers - around.numbers)} is not in the source"
    clause = _clause_of(unit, claim_words)
    if claim.negated != clause.negated:
        return 10, "it turns a \"do not\" into a \"do\"" if clause.negated else "it turns a \"do\" into a \"do not\""
    source_strength = clause.strength or ("strong" if own.lines & {"first_line"} else None)
    if claim.strength and source_strength and claim.strength != source_strength:
        return 11, f"it makes a {source_strength} recommendation {claim.strength}"
    return None


class FaithfulnessCheck:
    """Checks model text against evidence passages (built once per reply)."""

    def __init__(self, passages: list[Passage], *, drugs: DrugFinder, dose_check: DoseCheck | None = None,
                 min_level: str | None = None) -> None:
        self.passages = [p for p in passages if p.text.strip()]
        self.drugs = drugs
        self.dose_check = dose_check
        self.min_level = min_level
        self.units = _units(self.passages, drugs)
        self.markers = {p.marker for p in self.passages if p.marker}

    def check(self, text: str) -> Report:
        report = Report()
        for line in text.splitlines():
            kept = []
            for sentence in _SPLIT.split(line):
                if not sentence.strip():
                    continue
                verdict = self.sentence(sentence.strip(), report)
                if verdict is None:
                    continue
                kept.append(verdict)
            if kept or not line.strip():
                report.lines.append(" ".join(kept))
        return report

    def sentence(self, sentence: str, report: Report) -> str | None:
        """The sentence to keep (a marker added when a cited passage supports it), or None with the reason noted."""
        plain = _BULLET.sub("", sentence)
        if _ECHO.search(plain):
            return self._drop(report, sentence, "it repeats the instructions, not the sources")
        if plain.rstrip().endswith("?"):
            return self._drop(report, sentence, "it is a question, not an answer")
        lower = lowers_level(plain, self.min_level)
        if lower:
            return self._drop(report, sentence, f"it suggested a lower urgency than the red flags set "
                                                 f"({self.min_level.replace('_', ' ')})")
        claim = roles_of(plain, self.drugs)
        claim_words = words(_MARKER.sub(" ", claim.wording))
        if not claim.clinical and not _ADVICE.search(plain) and len(claim_words) < 3:
            report.kept.append({"sentence": sentence, "support": "connector"})
            return sentence
        cited = {int(n) for n in _MARKER.findall(plain)}
        if cited - self.markers:
            return self._drop(report, sentence, f"it cites [{min(cited - self.markers)}], which is not a source here")
        reason = self._engine_verdict(claim, plain, report)
        if reason == "backed":
            report.kept.append({"sentence": sentence, "support": "drug engine"})
            return sentence
        if reason:
            return self._drop(report, sentence, reason)
        units = [u for u in self.units if not cited or u.passage.marker in cited or
                 (u.passage.marker is None and cited & {int(n) for n in _MARKER.findall(u.sentence)})]
        best_reason, best_score = "no cited source or tool result backs it", (-1, -1)
        for unit in units:
            why = mismatch(claim, claim_words, unit)
            if why is None:
                report.kept.append({"sentence": sentence, "support": unit.passage.label})
                return self._with_marker(sentence, cited, unit)
            score = (why[0], len(claim_words & words(unit.context)))
            if score > best_score:
                best_reason, best_score = why[1], score
        return self._drop(report, sentence, best_reason)

    def _with_marker(self, sentence: str, cited: set[int], unit: _Unit) -> str:
        marker = unit.passage.marker or next((int(n) for n in _MARKER.findall(unit.sentence)), None)
        if cited or marker is None:
            return sentence
        return f"{sentence} [{marker}]"

    def _engine_verdict(self, claim: Roles, sentence: str, report: Report) -> str | None:
        """For a sentence that states a dose of a known drug: "backed" when the engine accepts it and it says nothing
        else, a reason when the engine rejects it, None when the passages must decide."""
        if self.dose_check is None or not claim.drugs or not claim.doses:
            return None
        amounts = [d for d in doses_in(sentence) if d[1] in ("mg", "mcg/kg", "mg/kg")]
        if not amounts:
            return None
        frequency = next(iter(frequencies_in(sentence)), None)
        amount, unit = max(amounts)
        check = self.dose_check(sorted(claim.drugs)[0], amount, unit, frequency)
        report.dose_checks.append(check)
        status = check.get("status")
        if status == "above_maximum":
            return f"dose above the labelled maximum ({check.get('source') or 'drug engine'})"
        if frequency is None or _LIMIT.search(sentence):  # a maximum or daily total needs the label, not one dose
            return None
        simple = (claim.routes <= {"oral"} and claim.populations <= {"adult"} and not claim.settings
                  and not claim.lines and not claim.negated)
        figures = numbers_in(sentence) - {f"{a:g}" for a, _ in doses_in(sentence)} - {
            n for f in frequencies_in(sentence) for n in re.findall(r"\d+", f)}
        if status == "within_range" and simple and not figures:
            return "backed"
        return None

    @staticmethod
    def _drop(report: Report, sentence: str, reason: str) -> None:
        report.removed.append({"sentence": sentence, "reason": reason})
        return None


def removal_note(report: Report) -> str:
    """The visible mark left where statements were removed (empty when nothing was)."""
    if not report.removed:
        return ""
    reasons = "; ".join(dict.fromkeys(r["reason"] for r in report.removed))
    count = len(report.removed)
    return f"[{count} statement{'s' if count > 1 else ''} removed by the claim check: {reasons}.]"
