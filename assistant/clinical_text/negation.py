"""Find concepts in free text and tell whether each mention is affirmed, negated, uncertain, past,
about a relative, or hypothetical — our own ConText/NegEx-style algorithm (Chapman 2001, Harkema 2009).

Why not a model: this runs on every turn, must be explainable and must behave the same every time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

from assistant.clinical_text.context_triggers import (
    BACKWARD_WINDOW,
    FORWARD_WINDOW,
    REPORT_MARKERS,
    TERMINATOR_EXEMPT,
    TRIGGERS,
)
from assistant.clinical_text.phrase_matcher import PhraseHit, PhraseMatcher, drop_contained
from assistant.clinical_text.tokens import SENTENCE_END, clean_text, tokenize

_FLAGS = ("negated", "uncertain", "historical", "family", "hypothetical", "resolved", "educational")
_GAP_NEGATIONS = frozenset({"no", "not", "never", "without", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent"})


@dataclass(frozen=True)
class ConceptMention:
    """One lexicon phrase found in the text, with its ConText modifiers."""

    concept: str
    surface: str  # the user's own words for it
    start: int
    end: int
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    family: bool = False
    hypothetical: bool = False
    resolved: bool = False  # "... went away", "fine now": happened recently, no longer present
    educational: bool = False  # a teaching/question phrasing ("what are the signs of"); also hypothetical

    @property
    def affirmed(self) -> bool:
        """Present now, in the person being talked about (uncertain still counts: safety first)."""
        return not (self.negated or self.historical or self.family or self.hypothetical or self.resolved)

    def to_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _trigger_matcher() -> PhraseMatcher:
    return PhraseMatcher({**TRIGGERS, **REPORT_MARKERS})


@lru_cache(maxsize=64)
def _concept_matcher(frozen_lexicon: tuple[tuple[str, tuple[str, ...]], ...]) -> PhraseMatcher:
    from assistant.clinical_text.tokens import tokenize as _tok

    trigger_words = {tok.norm for texts in TRIGGERS.values() for text in texts for tok in _tok(text)}
    return PhraseMatcher({concept: list(texts) for concept, texts in frozen_lexicon}, trigger_words)


def _freeze(lexicon: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((concept, tuple(phrases)) for concept, phrases in lexicon.items()))


def find_concepts(text: str, lexicon: dict[str, list[str]]) -> list[ConceptMention]:
    """Every lexicon concept mentioned in ``text``, in order, with negation and context flags."""
    text = clean_text(text)
    if not text.strip() or not lexicon:
        return []
    tokens = tokenize(text)
    concepts = _concept_matcher(_freeze(lexicon))
    words = concepts.normalise(tokens)
    concept_hits = _unmasked(concepts.find(words))
    if not concept_hits:
        return []
    triggers = _triggers(_trigger_matcher().find(words), concept_hits)
    sentence_of = _sentence_ids(words)
    reports = {sentence_of[t.first] for t in triggers if t.concept == "report"}
    by_sentence: dict[int, list[PhraseHit]] = {}
    for trigger in triggers:
        by_sentence.setdefault(sentence_of[trigger.first], []).append(trigger)
    mentions = []
    for hit in concept_hits:
        flags = _modifiers(hit, by_sentence.get(sentence_of[hit.first], []), words, sentence_of, reports)
        if hit.first > 0 and words[hit.first - 1] == "?" and tokens[hit.first].attached_before:
            flags.add("uncertain")  # clinical shorthand "?stroke"
        if any(words[i] in _GAP_NEGATIONS for i in hit.skipped):
            flags.add("negated")  # "face is not drooping" matched by "face * droop*"
        if "educational" in flags:
            flags.add("hypothetical")
        start, end = tokens[hit.first].start, tokens[hit.last].end
        mentions.append(
            ConceptMention(
                concept=hit.concept,
                surface=text[start:end],
                start=start,
                end=end,
                **{name: name in flags for name in _FLAGS},
            )
        )
    return mentions


def _unmasked(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Concepts named "_..." are masks: they hide hits inside them ("blood pressure" is not chest "pressure")."""
    masks = [hit for hit in hits if hit.concept.startswith("_")]
    return [
        hit for hit in hits
        if not hit.concept.startswith("_") and not any(m.first <= hit.first and hit.last <= m.last for m in masks)
    ]


def _triggers(hits: list[PhraseHit], concept_hits: list[PhraseHit]) -> list[PhraseHit]:
    """Drop triggers inside a concept phrase, inside a longer trigger, or blocked by a pseudo-trigger."""
    occupied = {i for hit in concept_hits for i in range(hit.first, hit.last + 1) if i not in hit.skipped}
    free = [h for h in hits if h.concept == "report" or not any(i in occupied for i in range(h.first, h.last + 1))]
    kept = drop_contained(free, same_concept_only=False)
    return [h for h in kept if not h.concept.startswith("pseudo")]


def _sentence_ids(words: list[str]) -> list[int]:
    ids, current = [], 0
    for word in words:
        ids.append(current)
        if word in SENTENCE_END:
            current += 1
    return ids


def _modifiers(
    hit: PhraseHit, triggers: list[PhraseHit], words: list[str], sentence_of: list[int], reports: set[int]
) -> set[str]:
    flags: set[str] = set()
    sentence = sentence_of[hit.first]
    terminators = [t for t in triggers if t.concept.startswith("terminate")]
    for trigger in triggers:
        if ":" not in trigger.concept or sentence_of[trigger.first] != sentence:
            continue
        category, direction = trigger.concept.split(":")
        if category in ("terminate", "pseudo"):
            continue
        if category == "educational" and sentence in reports:
            continue
        if direction == "forward" and trigger.last < hit.first:
            between = range(trigger.last + 1, hit.first)
            window = FORWARD_WINDOW[category]
        elif direction == "backward" and trigger.first > hit.last:
            between = range(hit.last + 1, trigger.first)
            window = BACKWARD_WINDOW[category]
        else:
            continue
        if sum(words[i].isalnum() for i in between) > window:
            continue
        exempt = TERMINATOR_EXEMPT.get(category, ())
        if any(between.start <= t.first < between.stop and t.phrase not in exempt for t in terminators):
            continue
        flags.add(category)
    return flags
