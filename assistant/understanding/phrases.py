"""Compile a phrase lexicon once and find its phrases in token streams.

Phrase syntax (tiny on purpose, so lexicons stay readable data):
  plain words      "chest pain"          matched word by word, plural -s/-es tolerated
  stem*            "radiat* to arm"      any word starting with the stem
  *                "pain * left arm"     up to three arbitrary words (never across punctuation)
  a|b              "left|right arm"      either word at this position
  #                "took # tablets"      any number
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from assistant.understanding.text import Token, osa_distance, tokenize
from knowledge.models import wordpiece_vocabulary

MAX_GAP = 3
MAX_SPAN = 40  # longest phrase, in tokens, that containment checks look back over

# Everyday words that look like a typo of a clinical word but are not ("strike" is not "stroke").
NEVER_CORRECT = frozenset(
    """strike strikes striking stoke cheat cheats chess stuff bread breed bleed bleep fainted faint
    brake broke broken choke choking smoke smoking spoke stroll stake stack state states stare
    there their these those where which while whole white write wrote would could should might
    about above after again other others people person thing things think thinks thought though
    through three today tomorrow yesterday weeks month months years hours minutes seconds
    really right rather still since start started until under using water words world worse worst
    better pretty maybe since dinner lunch breakfast coffee phone house kitchen garden school
    happy sorry thanks thank please hello friend friends family father mother brother sister
    fever fewer never lever liver river sever seven clever pills spill still skill chill
    horse hoarse worse nurse purse chart charts cheap chose chase chest heart heard hears
    faint feint paint point joint pain rain gain main plain sweat swear sweet sweep
    sleep sleepy sheep steep stiff staff stuff blood flood bloody cough rough tough dough
    throat threat thread three breath breathe bread breast beast feast least""".split()
)


@dataclass(frozen=True, slots=True)
class _Element:
    kind: str  # "word" | "stem" | "gap"
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Phrase:
    concept: str
    text: str
    elements: tuple[_Element, ...]


@dataclass(frozen=True, slots=True)
class PhraseHit:
    concept: str
    phrase: str
    first: int  # token index
    last: int  # token index, inclusive
    skipped: tuple[int, ...] = ()  # token indexes swallowed by "*" gaps (a negation there negates the hit)


def parse_phrase(concept: str, phrase: str) -> Phrase:
    elements: list[_Element] = []
    for part in str(phrase).lower().replace("-", " ").split():
        if part == "*":
            elements.append(_Element("gap"))
        elif part == "#":
            elements.append(_Element("number"))
        elif part.endswith("*") and len(part) > 1:
            stem = [tok.norm for tok in tokenize(part[:-1])]
            elements.extend(_Element("word", (word,)) for word in stem[:-1])
            elements.append(_Element("stem", (stem[-1],)))
        elif "|" not in part:
            elements.extend(_Element("word", (tok.norm,)) for tok in tokenize(part))
        else:
            options = []
            for option in (o for o in part.split("|") if o):
                words = [tok.norm for tok in tokenize(option.rstrip("*"))]
                if len(words) != 1:
                    raise ValueError(f"Bad phrase for {concept!r}: each a|b option must be one word: {phrase!r}")
                options.append(words[0] + ("*" if option.endswith("*") else ""))
            elements.append(_Element("word", tuple(options)))
    if not elements or elements[0].kind == "gap" or elements[-1].kind == "gap":
        raise ValueError(f"Bad phrase for {concept!r}: {phrase!r}")
    return Phrase(concept, str(phrase), tuple(elements))


def _word_matches(token: str, options: tuple[str, ...]) -> bool:
    for option in options:
        if option.endswith("*"):
            if token.isalpha() and token.startswith(option[:-1]):
                return True
            continue
        if token == option:
            return True
        if option.isalpha() and len(option) > 2 and (token == option + "s" or token == option + "es"):
            return True
    return False


def load_english_words() -> frozenset[str]:
    """Common English words (whole-word entries of the embedding tokenizer's WordPiece vocabulary, 5+ letters):
    a word in it is spelled right and is never "corrected" into a lexicon word ("buses" is not "bruses", "sprayed"
    is not "spraned"). Empty when the file cannot be read: every unknown word is then a typo candidate.
    Read once per Lexicon (see ``Lexicon.build``), which hands it to its ``TypoCorrector``."""
    try:
        lines = wordpiece_vocabulary()
    except (OSError, ValueError, KeyError):
        return frozenset()
    return frozenset(w for w in lines if len(w) >= 5 and w.isalpha() and w.isascii() and w.islower())


OPPOSITE_PREFIXES = (("hypo", "hyper"), ("hyper", "hypo"), ("brady", "tachy"), ("tachy", "brady"))


def _opposite_prefixes(word: str, candidate: str) -> bool:
    """Two words that differ in a prefix of opposite meaning (hypo-/hyper-, brady-/tachy-)."""
    return any(word.startswith(a) and candidate.startswith(b) for a, b in OPPOSITE_PREFIXES)


class TypoCorrector:
    """Maps an unknown word to the one vocabulary word it is a likely misspelling of (or leaves it); a common
    English word (``common_words``, see ``load_english_words``) is taken as meant."""

    def __init__(self, vocabulary: set[str], stems: set[str] | None = None, common_words: frozenset[str] = frozenset()):
        self._vocab = frozenset(vocabulary)
        self._common = common_words
        self._stems = tuple(sorted(stems or ()))
        self._by_initial: dict[str, list[str]] = {}
        self._four: dict[str, str] = {}
        for word in vocabulary:
            if len(word) >= 5 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)
            elif len(word) == 4 and word.isalpha():
                self._four.setdefault("".join(sorted(word)), word)
        self.correct = lru_cache(maxsize=20_000)(self._correct)  # per-instance memo of a pure function

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "correct"}  # the memo is rebuilt, not stored

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    def _correct(self, word: str) -> str:
        if len(word) == 4 and word.isalpha() and word not in self._vocab and word not in NEVER_CORRECT:
            # Four-letter words: only swapped neighbours ("pian" -> "pain"), anything looser misfires.
            candidate = self._four.get("".join(sorted(word)))
            return candidate if candidate and osa_distance(word, candidate, 1) == 1 else word
        if len(word) < 5 or word in self._vocab or word in NEVER_CORRECT or not word.isascii() or not word.isalpha():
            return word
        if word in self._common:
            return word
        if word.startswith(self._stems):
            return word  # already matches a "stem*" phrase ("spreading" for "spread*")
        limit = 1 if len(word) < 10 else 2
        best, best_distance = word, limit + 1
        for candidate in self._by_initial.get(word[0], ()):
            if _opposite_prefixes(word, candidate):
                continue  # "hypothermia" is not a typo of "hyperthermia": one letter, the opposite meaning
            distance = osa_distance(word, candidate, limit)
            if distance < best_distance or (distance == best_distance and candidate < best):
                best, best_distance = candidate, distance
        return best if best_distance <= limit else word


class PhraseMatcher:
    """All phrases of a lexicon, indexed by their first word for speed."""

    def __init__(self, lexicon: dict[str, list[str]], extra_vocabulary: set[str] | None = None,
                 *, correct_typos: bool = True, max_gap: int = MAX_GAP, common_words: frozenset[str] = frozenset()):
        self.max_gap = max_gap
        self.phrases = [parse_phrase(concept, text) for concept, texts in lexicon.items() for text in texts]
        self._by_first: dict[str, list[Phrase]] = {}
        self._stem_first: dict[str, list[Phrase]] = {}  # keyed by the stem's first two letters
        self._numbers: list[Phrase] = []  # phrases that start with a number
        vocabulary = set(extra_vocabulary or ())
        for phrase in self.phrases:
            head = phrase.elements[0]
            if head.kind == "word":
                for option in head.values:
                    self._by_first.setdefault(option, []).append(phrase)
            elif head.kind == "number":
                self._numbers.append(phrase)
            else:
                self._stem_first.setdefault(head.values[0][:2], []).append(phrase)
            for element in phrase.elements:
                if element.kind == "word":
                    vocabulary.update(element.values)
        stems = {e.values[0] for p in self.phrases for e in p.elements if e.kind == "stem" and len(e.values[0]) >= 3}
        self.corrector = TypoCorrector(vocabulary, stems, common_words) if correct_typos else None

    def normalise(self, tokens: list[Token]) -> list[str]:
        """Token words after typo correction (punctuation untouched)."""
        if self.corrector is None:
            return [tok.norm for tok in tokens]
        return [self.corrector.correct(tok.norm) if tok.norm.isalpha() else tok.norm for tok in tokens]

    def find(self, words: list[str]) -> list[PhraseHit]:
        """Longest hits per concept (a hit inside a longer hit of the same concept is dropped), in text order."""
        hits: list[PhraseHit] = []
        for index, word in enumerate(words):
            candidates = list(self._by_first.get(word, ()))
            if word.endswith("s"):
                candidates += self._by_first.get(word[:-1], ())
                if word.endswith("es"):
                    candidates += self._by_first.get(word[:-2], ())
            candidates += self._stem_first.get(word[:2], ())
            if word[:1].isdigit():
                candidates += self._numbers
            for phrase in candidates:
                found = _match_from(phrase.elements, words, index, self.max_gap)
                if found is not None:
                    hits.append(PhraseHit(phrase.concept, phrase.text, index, found[0], found[1]))
        return merge_overlapping(drop_contained(hits, same_concept_only=True))


def _match_from(elements: tuple[_Element, ...], words: list[str], index: int,
                max_gap: int = MAX_GAP) -> tuple[int, tuple[int, ...]] | None:
    """(index of the last matched word, skipped indexes) or None; gaps are matched lazily, then widened."""
    if not elements:
        return index - 1, ()
    element, rest = elements[0], elements[1:]
    if element.kind == "gap":
        for skip in range(0, max_gap + 1):
            if skip and (index + skip - 1 >= len(words) or not words[index + skip - 1].isalnum()):
                return None
            found = _match_from(rest, words, index + skip, max_gap)
            if found is not None:
                return found[0], tuple(range(index, index + skip)) + found[1]
        return None
    if index >= len(words):
        return None
    word = words[index]
    if element.kind == "stem":
        ok = word.isalpha() and word.startswith(element.values[0])
    elif element.kind == "number":
        ok = word.replace(".", "", 1).isdigit()
    else:
        ok = _word_matches(word, element.values)
    return _match_from(rest, words, index + 1, max_gap) if ok else None


def merge_overlapping(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Overlapping hits of one concept are one mention of it: "crushing chest" and "chest pain" read in "crushing
    chest pain" become a hit over all three words, so the person's whole phrase is quoted back."""
    merged: list[PhraseHit] = []
    for hit in sorted(hits, key=lambda h: (h.first, -(h.last - h.first))):
        other = next((m for m in reversed(merged) if m.concept == hit.concept and hit.first <= m.last), None)
        if other is None:
            merged.append(hit)
            continue
        covered = ({i for i in range(other.first, other.last + 1) if i not in other.skipped}
                   | {i for i in range(hit.first, hit.last + 1) if i not in hit.skipped})
        last = max(other.last, hit.last)
        longer = other if other.last - other.first >= hit.last - hit.first else hit
        merged[merged.index(other)] = PhraseHit(hit.concept, longer.phrase, other.first, last,
                                                tuple(i for i in range(other.first, last + 1) if i not in covered))
    return merged


def drop_contained(hits: list[PhraseHit], same_concept_only: bool) -> list[PhraseHit]:
    """Drop hits inside a longer hit (of the same concept, or of any concept); near-linear, since
    a hit can only be inside one that starts at most MAX_SPAN tokens before it."""
    ordered = sorted(hits, key=lambda hit: (-(hit.last - hit.first), hit.first))
    by_start: dict[int, list[PhraseHit]] = {}
    kept: list[PhraseHit] = []
    for hit in ordered:
        inside = False
        for start in range(max(0, hit.first - MAX_SPAN), hit.first + 1):
            for other in by_start.get(start, ()):
                if hit.last <= other.last and (
                    other.concept == hit.concept
                    if same_concept_only
                    else (other.last - other.first > hit.last - hit.first or other.concept == hit.concept)
                ):
                    inside = True
                    break
            if inside:
                break
        if not inside:
            kept.append(hit)
            by_start.setdefault(hit.first, []).append(hit)
    return sorted(kept, key=lambda hit: (hit.first, -(hit.last - hit.first)))
