"""Compile a concept lexicon once and find its phrases in token streams.

Phrase syntax (kept tiny on purpose, so the lexicons stay readable data):
  plain words      "chest pain"          matched word by word, plural -s/-es tolerated
  stem*            "radiat* to arm"      any word starting with the stem
  *                "pain * left arm"     up to three arbitrary words (never across punctuation)
  a|b              "left|right arm"      either word at this position
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.clinical_text.tokens import Token, TypoCorrector, tokenize

MAX_GAP = 3
MAX_SPAN = 40  # longest phrase, in tokens, that containment checks look back over


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


def _parse(concept: str, phrase: str) -> Phrase:
    elements: list[_Element] = []
    for part in phrase.lower().replace("-", " ").split():
        if part == "*":
            elements.append(_Element("gap"))
        elif part.endswith("*"):
            elements.append(_Element("stem", (part[:-1].replace("'", ""),)))
        elif "|" not in part:
            elements.extend(_Element("word", (tok.norm,)) for tok in tokenize(part))
        else:
            options = [[tok.norm for tok in tokenize(option)] for option in part.split("|")]
            if any(len(option) != 1 for option in options):
                raise ValueError(f"Bad phrase for {concept!r}: each a|b option must be one word: {phrase!r}")
            elements.append(_Element("word", tuple(option[0] for option in options)))
    if not elements or elements[0].kind == "gap" or elements[-1].kind == "gap":
        raise ValueError(f"Bad phrase for {concept!r}: {phrase!r}")
    return Phrase(concept, phrase, tuple(elements))


def _word_matches(token: str, options: tuple[str, ...]) -> bool:
    for option in options:
        if token == option:
            return True
        if option.isalpha() and len(option) > 2 and (token == option + "s" or token == option + "es"):
            return True
    return False


class PhraseMatcher:
    """All phrases of a lexicon, indexed by their first word for speed."""

    def __init__(self, lexicon: dict[str, list[str]], extra_vocabulary: set[str] | None = None):
        self.phrases = [_parse(concept, text) for concept, texts in lexicon.items() for text in texts]
        self._by_first: dict[str, list[Phrase]] = {}
        self._stem_first: dict[str, list[Phrase]] = {}  # keyed by the stem's first two letters
        vocabulary = set(extra_vocabulary or ())
        for phrase in self.phrases:
            head = phrase.elements[0]
            if head.kind == "word":
                for option in head.values:
                    self._by_first.setdefault(option, []).append(phrase)
            else:
                self._stem_first.setdefault(head.values[0][:2], []).append(phrase)
            for element in phrase.elements:
                if element.kind == "word":
                    vocabulary.update(element.values)
        stems = {e.values[0] for p in self.phrases for e in p.elements if e.kind == "stem" and len(e.values[0]) >= 3}
        self.corrector = TypoCorrector(vocabulary, stems)

    def normalise(self, tokens: list[Token]) -> list[str]:
        """Token words after typo correction (punctuation untouched)."""
        return [self.corrector.correct(tok.norm) if tok.norm.isalpha() else tok.norm for tok in tokens]

    def find(self, words: list[str]) -> list[PhraseHit]:
        """Longest non-overlapping-per-concept hits, in text order."""
        hits: list[PhraseHit] = []
        for index, word in enumerate(words):
            candidates = list(self._by_first.get(word, ()))
            if word.endswith("s"):
                candidates += self._by_first.get(word[:-1], ())
                if word.endswith("es"):
                    candidates += self._by_first.get(word[:-2], ())
            candidates += self._stem_first.get(word[:2], ())
            for phrase in candidates:
                found = _match_from(phrase.elements, words, index)
                if found is not None:
                    hits.append(PhraseHit(phrase.concept, phrase.text, index, found[0], found[1]))
        return _keep_longest(hits)


def _match_from(elements: tuple[_Element, ...], words: list[str], index: int) -> tuple[int, tuple[int, ...]] | None:
    """(index of the last matched word, skipped indexes) or None; gaps are matched lazily, then widened."""
    if not elements:
        return index - 1, ()
    element, rest = elements[0], elements[1:]
    if element.kind == "gap":
        for skip in range(0, MAX_GAP + 1):
            if skip and (index + skip - 1 >= len(words) or not words[index + skip - 1].isalnum()):
                return None
            found = _match_from(rest, words, index + skip)
            if found is not None:
                return found[0], tuple(range(index, index + skip)) + found[1]
        return None
    if index >= len(words):
        return None
    word = words[index]
    if element.kind == "stem":
        ok = word.isalpha() and word.startswith(element.values[0])
    else:
        ok = _word_matches(word, element.values)
    return _match_from(rest, words, index + 1) if ok else None


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


def _keep_longest(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Drop a hit contained in a longer hit of the same concept (one mention per span)."""
    return drop_contained(hits, same_concept_only=True)
