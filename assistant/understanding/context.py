"""Assertion and experiencer of each concept hit: our own ConText/NegEx-style algorithm.

After Chapman et al. 2001 (NegEx) and Harkema et al. 2009 (ConText): trigger phrases open a scope forwards or
backwards within a sentence; a terminator or a pseudo-trigger closes it. Why not a model: this runs on every turn,
must be explainable, and must behave the same every time. Trigger lists are data (knowledge/language/context.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.understanding.phrases import PhraseHit, PhraseMatcher, drop_contained

CATEGORIES = ("negated", "uncertain", "historical", "resolved", "family", "hypothetical", "educational")
# Denial verbs run through a whole comma list of findings even without a closing "or" ("denies CP, SOB, palps").
LIST_DENIALS = frozenset({"denies", "denied", "deny", "denies any", "negative for", "neg for", "nil", "no h/o", "free of"})
_HIDDEN = "\u2063"  # stands in for words inside a concept phrase while looking for triggers
GAP_NEGATIONS = frozenset({"no", "not", "never", "without", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent",
                           "nil", "havent", "hasnt", "cant"})


@dataclass(frozen=True)
class ContextRules:
    """Compiled trigger lexicon."""

    matcher: PhraseMatcher
    forward_window: dict[str, int]
    backward_window: dict[str, int]
    terminator_exempt: dict[str, tuple[str, ...]]

    @classmethod
    def from_data(cls, data: dict) -> "ContextRules":
        triggers = {**data["triggers"], "report": data.get("report_markers", [])}
        return cls(
            matcher=PhraseMatcher(triggers, correct_typos=False),
            forward_window=dict(data["forward_window"]),
            backward_window=dict(data["backward_window"]),
            terminator_exempt={k: tuple(v) for k, v in (data.get("terminator_exempt") or {}).items()},
        )

    def trigger_words(self) -> set[str]:
        return {e.values[0] for p in self.matcher.phrases for e in p.elements if e.kind == "word"}


def find_triggers(rules: ContextRules, words: list[str], concept_hits: list[PhraseHit]) -> list[PhraseHit]:
    """Triggers outside concept phrases, longest first, with pseudo-triggers removed (they only block).

    Words inside a concept phrase are hidden while looking, so a trigger that would overlap one is found in its
    shorter form ("not been sick": "not", before the phrase "been sick")."""
    occupied = {i for hit in concept_hits for i in range(hit.first, hit.last + 1) if i not in hit.skipped}
    hidden = [_HIDDEN if i in occupied else word for i, word in enumerate(words)]
    whole = [h for h in rules.matcher.find(words) if h.concept == "report" or h.concept.startswith("pseudo")]
    free = [h for h in rules.matcher.find(hidden) if h.concept != "report" and not h.concept.startswith("pseudo")] + whole
    kept = drop_contained(free, same_concept_only=False)
    pseudo = [h for h in kept if h.concept.startswith("pseudo")]
    return [h for h in kept if not h.concept.startswith("pseudo")
            and not any(p.first <= h.last and h.first <= p.last and not (h.first <= p.first and p.last <= h.last)
                        for p in pseudo)]


def modifiers(rules: ContextRules, hit: PhraseHit, triggers: list[PhraseHit], words: list[str],
              sentence_of: list[int], reports: set[int], starts: frozenset[int] = frozenset(),
              through_lists: bool = True) -> set[str]:
    """ConText categories that apply to one concept hit.

    A comma ends a backward scope; a forward scope crosses a comma only into a list of findings ("no fever, cough
    or rash"), not into a new statement ("no wheeze, off his food, feverish"). A phrase that itself says something
    is normal ("breathing fine", "eating well") is never an item of a denied list (``through_lists=False``): in
    "no phlegm, no fever, breathing fine" the breathing is fine, not denied."""
    flags: set[str] = set()
    sentence = sentence_of[hit.first]
    terminators = [t for t in triggers if t.concept.startswith("terminate") and sentence_of[t.first] == sentence]
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
            window = rules.forward_window.get(category, 6)
        elif direction == "backward" and trigger.first > hit.last:
            between = range(hit.last + 1, trigger.first)
            window = rules.backward_window.get(category, 5)
        else:
            continue
        if sum(words[i].isalnum() for i in between) > window:
            continue
        commas = [i for i in between if words[i] == ","]
        denial_list = category == "negated" and trigger.phrase in LIST_DENIALS
        if category == "hypothetical" and _opens_condition(trigger, words, sentence_of):
            flags.add(category)  # "If you get numbness, can't pass urine, or he is drowsy, go to A&E": all conditional
            continue
        if commas and not (
                _status_after_comma(category, direction, trigger, commas, words, sentence_of) if direction == "backward"
                else through_lists and all(_list_item(i, words, starts) for i in commas)
                and (denial_list or _closed_list(commas[0], hit.last, words, sentence_of))):
            continue
        exempt = rules.terminator_exempt.get(category, ())
        if any(between.start <= t.first < between.stop and t.phrase not in exempt for t in terminators):
            continue
        flags.add(category)
    if any(words[i] in GAP_NEGATIONS for i in hit.skipped):
        flags.add("negated")  # "face is not drooping" matched by "face * droop*"
    if "educational" in flags:
        flags.add("hypothetical")
    return flags


_LEADS = frozenset({"and", "but", "so", "ok", "okay", "also", "then", "now", "just", "or"})
_INSTRUCTIONS = frozenset({"go", "call", "ring", "phone", "dial", "come", "bring", "seek", "contact", "return", "attend",
                           "get", "let", "please", "see", "tell", "book", "take"})
_OBLIGED = frozenset({"need", "needs", "should", "must", "ought"})


def _opens_condition(trigger: PhraseHit, words: list[str], sentence_of: list[int]) -> bool:
    """Safety-netting advice: an "if" that opens its sentence and ends in an instruction ("If you get numbness,
    can't pass urine, or both legs go weak, go to A&E") - the condition runs across the commas of its list. A report
    such as "If I walk up the stairs, I get chest pain" ends in a finding, not an instruction, and keeps its comma."""
    sentence = sentence_of[trigger.first]
    if trigger.phrase.split()[0] != "if":
        return False
    index = trigger.first - 1
    while index >= 0 and sentence_of[index] == sentence and (words[index] in _LEADS or not words[index].isalnum()):
        index -= 1
    if index >= 0 and words[index + 1:index + 2] == [":"] and (index == 0 or sentence_of[index - 1] != sentence):
        index -= 1  # "Doctor: If ...": past the speaker's label
    if index >= 0 and sentence_of[index] == sentence:
        return False
    last = max(i for i in range(trigger.first, len(words)) if sentence_of[i] == sentence)
    commas = [i for i in range(trigger.last + 1, last + 1) if words[i] == ","]
    if not commas:
        return False
    after = [w for w in words[commas[-1] + 1:last + 1] if w.isalnum()]
    while after and after[0] in _LEADS:
        after = after[1:]
    after = after[:3]
    return bool(after) and (after[0] in _INSTRUCTIONS or (after[0] in ("you", "we", "they", "he", "she")
                                                            and any(w in _OBLIGED for w in after[1:])))


def _status_after_comma(category: str, direction: str, trigger: PhraseHit, commas: list[int], words: list[str],
                        sentence_of: list[int]) -> bool:
    """A clause that is only a status word looks back across its comma: "had chest pain this morning, fine now".

    Only for "resolved", only one comma, and the trigger must be the whole clause: in "chest pain, headache gone
    now" the words between keep the headache's settling away from the chest pain."""
    if category != "resolved" or direction != "backward" or len(commas) != 1 or commas[0] != trigger.first - 1:
        return False
    after = trigger.last + 1
    return after >= len(words) or sentence_of[after] != sentence_of[trigger.last] or not words[after].isalnum()


_LIST_WORDS = frozenset({"or", "and", "nor", "any", "no", "a", "an"})


def _list_item(comma: int, words: list[str], starts: frozenset[int]) -> bool:
    """True when the words after a comma start another finding in a list (allowing "or", "and", "any")."""
    index = comma + 1
    while index < len(words) and words[index] in _LIST_WORDS:
        index += 1
    return index in starts


def _closed_list(comma: int, last: int, words: list[str], sentence_of: list[int]) -> bool:
    """A list the negation runs through ends with a conjunction ("no fever, cough or rash"); without one the comma
    starts a new statement ("no wheeze, off his food, feverish")."""
    sentence = sentence_of[comma]
    end = min(len(words), last + 7)
    return any(words[i] in ("or", "nor", "and") and sentence_of[i] == sentence for i in range(comma + 1, end))


def assertion_of(flags: set[str]) -> tuple[str, bool]:
    """(assertion, resolved) from ConText flags; negation wins, then hypothetical, history, uncertainty."""
    if "negated" in flags and "uncertain" not in flags:
        return "absent", False
    if "hypothetical" in flags:
        return "hypothetical", False
    if "historical" in flags:
        return "historical", False
    if "uncertain" in flags:
        return "possible", False
    return "present", "resolved" in flags
