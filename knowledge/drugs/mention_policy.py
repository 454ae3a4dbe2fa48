"""Which names may stand as drug mentions in FREE TEXT (DrugCatalogue.find_mentions). DrugBank and the FDA NDC
brand list contain everyday English ("Dragon" ibuprofen, "Target" tolnaftate, "Regular") and clinical vocabulary
that a fuzzy match turns into drugs ("mucous", "anaphylaxis"); in a chat message these must not count, or a clinical
question is routed to the drug engine. Explicit lookups (DrugCatalogue.resolve) stay permissive and do not use this.

Commonness is wordfreq's Zipf scale (7 = "the", 3 = once per million words, 0 = unknown). The thresholds were
chosen by measuring the name tables: everyday words sit at 3 and above; drug names and misspellings of them
are mostly below 2 (ibuprofen 2.9, warfarin 2.6, "asprin" 1.7, "sertralin" 0); uncurated NDC brands between
1 and 3 are mostly plain words or plants ("Toffee", "Mugwort", "Pinworm").
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from knowledge.drugs.names import NameIndex

EVERYDAY_ZIPF = 3.0  # a DrugBank generic or well-known variant this common is an English word first
OBSCURE_ZIPF = 2.0  # obscure DrugBank variants ("Corwin", "Tetris", "Luminal") must be rarer still
OBSCURE_MIN_CHARS = 5
BRAND_ZIPF = 1.0  # uncurated NDC brands must be unknown to wordfreq ("Pinworm", "Seborrheic" are not)
TYPO_ZIPF = 2.0  # a token read as a misspelling must not be a word itself ("mucous" 2.8, "troponin" 2.1)
TYPO_MIN_CHARS = 6
TYPO_CURATED = 85.0  # rapidfuzz ratio for a misspelling of a trusted name (monograph, alias, interaction table)
TYPO_OTHER = 95.0  # ... of a long uncurated DrugBank name; at 90-94 the project's guideline texts gave only
# plurals and clinical words ("tryptase" -> tryptases, "fibrinolysis" -> fibrinolysin, "multisystem" -> multistem)
TYPO_OTHER_MIN_CHARS = 8

ZIPF_MEMO_SIZE = 65_536  # distinct words remembered per policy (free text repeats the same words)


def english_zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in English; 0.0 when wordfreq does not know it."""
    return float(zipf_frequency(word, "en"))


def is_class_heading(components: tuple[str, ...]) -> bool:
    """MeSH class entries ("anti-bacterial agents") are not drugs."""
    return any(c.endswith((" agents", " drugs", " inhibitors")) for c in components)


class MentionPolicy:
    """The free-text rules over one name index; remembers word frequencies it has looked up."""

    def __init__(self, names: NameIndex) -> None:
        self.names = names
        self.zipf = lru_cache(maxsize=ZIPF_MEMO_SIZE)(english_zipf)

    def __getstate__(self) -> dict[str, object]:
        return {"names": self.names}  # the frequency memo is rebuilt, not stored

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["names"])  # type: ignore[misc, arg-type]

    def every_word_at_least(self, phrase: str, threshold: float) -> bool:
        """True when each alphabetic word of the phrase is at least this common (the phrase is plain English)."""
        words = [w for w in phrase.replace("-", " ").replace("/", " ").split() if any(c.isalpha() for c in w)]
        return bool(words) and all(self.zipf(w) >= threshold for w in words)

    def accepts(self, phrase: str) -> bool:
        """May this exact name stand as a drug mention in free text? Names our own data uses (monographs,
        aliases, interaction tables) always; other dictionary and NDC names only when not everyday English."""
        index = self.names
        if phrase in index.trusted:
            return True
        comps, kind = index.exact.get(phrase, ((), ""))
        if not kind or phrase in index.not_drugs or phrase in index.stopwords or is_class_heading(comps):
            return False
        if kind == "brand":  # NDC brand names include "Care", "Target", "Runny Nose and Cough"
            return " " not in phrase and len(phrase) >= 5 and not self.every_word_at_least(phrase, BRAND_ZIPF)
        if phrase in index.well_known:
            return not self.every_word_at_least(phrase, EVERYDAY_ZIPF)
        # obscure variants: short ones are acronyms that clash with clinical shorthand ("DAPT")
        return len(phrase) >= OBSCURE_MIN_CHARS and not self.every_word_at_least(phrase, OBSCURE_ZIPF)

    def typo_target(self, token: str) -> tuple[str, float] | None:
        """(name, score) that a free-text token misspells, when the token is no word itself and is close to a
        trusted name; None otherwise. Exact names are judged by accepts(), never rescued here."""
        index = self.names
        if (len(token) < TYPO_MIN_CHARS or not token.isalpha() or token in index.exact or token in index.stopwords
                or token in index.not_drugs or self.zipf(token) >= TYPO_ZIPF):
            return None
        pool = index.by_letter.get(token[0], [])
        for key, score, _ in process.extract(token, pool, scorer=fuzz.ratio, limit=3, score_cutoff=TYPO_CURATED):
            if key in index.trusted or (
                    score >= TYPO_OTHER and len(key) >= TYPO_OTHER_MIN_CHARS and self.accepts(key)):
                return key, round(score, 1)
        return None
