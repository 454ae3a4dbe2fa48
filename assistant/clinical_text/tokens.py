"""Tokens with character offsets, normalised so phrase matching ignores case, spacing and small typos.

Matching works on tokens rather than raw regexes so that offsets map back to the user's own text,
word boundaries come for free, and a misspelt key word ("sucidal", "unconcious") still matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Decimal numbers, words (with inner apostrophes) or single punctuation marks.
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)*|[?!.;:,()/%°<>=+]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_ALIASES = {
    "cannot": "cant",
    "couldnt": "couldnt",
    "w": "with",
    "pt": "patient",
    "yo": "year",
    "yrs": "years",
    "yr": "year",
    "mins": "minutes",
    "min": "minutes",
    "hrs": "hours",
    "hr": "hours",
    "mum": "mom",
    "mommy": "mom",
    "mother's": "mother",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})

# Everyday words that look like a typo of a clinical word but are not ("strike" is not "stroke").
_NEVER_CORRECT = frozenset(
    """strike strikes striking stoke cheat cheats chess stuff bread breed bleed bleep fainted faint
    brake broke broken choke choking smoke smoking spoke stroll stake stack state states stare
    there their these those where which while whole white write wrote would could should might
    about above after again other others people person thing things think thinks thought though
    through three today tomorrow yesterday weeks month months years hours minutes seconds
    really right rather still since start started until under using water words world worse worst
    better pretty maybe since dinner lunch breakfast coffee phone house kitchen garden school
    happy sorry thanks thank please hello friend friends family father mother brother sister
    fever fewer never lever liver river sever seven clever pills spill still skill chill
    horse hoarse worse nurse purse chart charts cheap chose chase chest""".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised token and where it sits in the original text."""

    norm: str
    start: int
    end: int
    attached_before: bool  # no whitespace between this token and the previous one


def clean_text(text: str) -> str:
    """Make hostile or odd input safe to scan: str only, NFKC, control characters blanked."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _CONTROL.sub(" ", text)


def tokenize(text: str) -> list[Token]:
    """Lower-cased tokens; apostrophes dropped ("can't" -> "cant"), hyphens split words."""
    lowered = text.lower()
    tokens: list[Token] = []
    prev_end = -1
    for match in _TOKEN_RE.finditer(lowered):
        raw = match.group(0)
        norm = raw.replace("'", "") if raw[0].isalpha() else raw
        norm = _ALIASES.get(norm, norm)
        tokens.append(Token(norm, match.start(), match.end(), match.start() == prev_end))
        prev_end = match.end()
    # Line breaks end sentences too (transcripts put one speaker turn per line).
    for newline in re.finditer(r"\n", text):
        tokens.append(Token("\n", newline.start(), newline.start() + 1, False))
    tokens.sort(key=lambda tok: tok.start)
    return tokens


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (transpositions count 1); returns limit+1 once exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class TypoCorrector:
    """Maps an unknown word to the one vocabulary word it is a likely misspelling of (or leaves it)."""

    def __init__(self, vocabulary: set[str], stems: set[str] | None = None):
        self._vocab = frozenset(vocabulary)
        self._stems = tuple(sorted(stems or ()))
        self._by_initial: dict[str, list[str]] = {}
        self._four: dict[str, str] = {}
        for word in vocabulary:
            if len(word) >= 5 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)
            elif len(word) == 4 and word.isalpha():
                self._four.setdefault("".join(sorted(word)), word)
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    def _correct(self, word: str) -> str:
        if len(word) == 4 and word.isalpha() and word not in self._vocab and word not in _NEVER_CORRECT:
            # Four-letter words: only swapped neighbours ("pian" -> "pain"), anything looser misfires.
            candidate = self._four.get("".join(sorted(word)))
            return candidate if candidate and osa_distance(word, candidate, 1) == 1 else word
        if len(word) < 5 or word in self._vocab or word in _NEVER_CORRECT or not word.isalpha():
            return word
        if word.startswith(self._stems):
            return word  # already matches a "stem*" phrase ("spreading" for "spread*")
        limit = 1 if len(word) < 10 else 2
        best, best_distance = word, limit + 1
        for candidate in self._by_initial.get(word[0], ()):
            distance = osa_distance(word, candidate, limit)
            if distance < best_distance or (distance == best_distance and candidate < best):
                best, best_distance = candidate, distance
        return best if best_distance <= limit else word
