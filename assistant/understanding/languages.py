"""Other languages: which one a message is in, and the emergency core in it.

Full support is English only. For the languages patients most often write in (knowledge/language/emergency/),
the emergency and crisis core is recognised from phrase lists, so that a message in Spanish about crushing chest
pain raises the same red flag as in English and the reply says, in that language, how to get emergency help.
Language identification uses py3langid (bundled model, offline) restricted to the supported languages, the
message's script, and the phrase lists themselves (a romanised Hindi emergency is recognised by its phrases).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from wordfreq import zipf_frequency

from assistant.understanding.phrases import PhraseMatcher
from assistant.understanding.text import tokenize

ENGLISH_MIXING = frozenset({"tl", "hi", "ur"})  # languages whose phrase lists include English words on purpose
EMERGENCY_CATEGORIES = ("chest_pain", "cannot_breathe", "stroke_signs", "severe_bleeding", "unconscious_or_fitting",
                        "anaphylaxis", "suicide_or_overdose", "infant_fever", "pregnancy_bleeding")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ـ": "",
                              "ک": "ك", "ی": "ي", "ے": "ي", "ۃ": "ه", "ھ": "ه", "ہ": "ه", "ё": "е"})
_SCRIPTS = (("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")), ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
            ("hi", re.compile(r"[\u0900-\u097f]")), ("ru", re.compile(r"[\u0400-\u04ff]")), ("ko", re.compile(r"[\uac00-\ud7af]")),
            ("ja", re.compile(r"[\u3040-\u30ff]")), ("th", re.compile(r"[\u0e00-\u0e7f]")))
_URDU_LETTERS = re.compile(r"[ٹڈڑںےۓھہ]")
# Short function-word lists for romanised languages the statistical identifier does not know (our own lists).
_FUNCTION_WORDS = {
    "hi": {"hai", "hain", "mujhe", "mera", "meri", "mere", "mein", "nahi", "nahin", "kya", "aur", "bahut", "raha", "rahi",
           "tha", "thi", "ko", "ka", "ki", "ke", "bhi", "abhi", "kuch", "ho", "gaya", "gayi", "hua", "hui", "mai", "hum"},
    "tl": {"ang", "ng", "mga", "sa", "ako", "siya", "po", "hindi", "ay", "akin", "ba", "nya", "niya", "ko", "namin",
           "kami", "ito", "yung", "talaga", "lang", "naman"},
    "vi": {"toi", "bi", "khong", "cua", "va", "la", "duoc", "rat", "em", "anh", "chi", "con", "cho", "nay", "qua", "bac",
           "minh", "dang", "roi", "lam"},
}


_ARABIZI = {"2": "qq", "3": "aa", "5": "kh", "6": "tt", "7": "hh", "8": "gh", "9": "ss"}
_ARABIZI_DIGIT = re.compile(r"(?<=[a-z])[2356789]|[2356789](?=[a-z])")
_HOT_NUMBER = re.compile(r"(?<![\d.,])(?:3[89]|4[0-2])(?:[.,]\d)?(?![\d.,])")


def fold_script(text: str) -> str:
    """Lower case, accents and vowel marks removed, Arabic/Urdu letter variants folded, chat-Arabic digits inside
    words spelled as letters ("wag3ni" -> "wagaani") so phrases and messages fold the same way."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFKC", stripped).translate(_ARABIC_FOLD).replace("ł", "l").replace("đ", "d")
    return _ARABIZI_DIGIT.sub(lambda m: _ARABIZI[m.group(0)], folded)


@dataclass(frozen=True)
class LanguagePack:
    """One language's emergency phrases, cue words and replies."""

    code: str
    name: str
    native_name: str
    latin: bool
    matcher: PhraseMatcher | None  # Latin-script phrases (word matching)
    substrings: dict[str, tuple[str, ...]]  # non-Latin phrases (substring matching), by category
    negation: tuple[str, ...]
    question_cues: tuple[str, ...]
    words: dict[str, tuple[str, ...]]  # baby / fever / pregnancy / bleeding words
    reply: str
    reply_non_emergency: str
    negation_follows: bool = False  # SOV languages put "not" after the symptom ("dard nahin hai")
    history_cues: tuple[str, ...] = ()  # "last year", "years ago": a past illness that is over

    @classmethod
    def from_data(cls, data: dict) -> "LanguagePack":
        categories = {c: [str(p) for p in data.get("categories", {}).get(c, []) or []] for c in EMERGENCY_CATEGORIES}
        latin_phrases: dict[str, list[str]] = {c: [] for c in categories}
        substrings: dict[str, list[str]] = {c: [] for c in categories}
        mixes_english = data["language"] in ENGLISH_MIXING
        for category, phrases in categories.items():
            for phrase in phrases:
                if mixes_english and _english_only(phrase):
                    continue  # an English phrase inside a Taglish/Hinglish list: the English reader handles it
                if _is_latin(phrase):
                    latin_phrases[category].append(fold_script(phrase))
                else:
                    substrings[category].append(fold_script(phrase).replace("*", " ").strip())
        words = {key: tuple(fold_script(str(w)) for w in data.get(f"{key}_words", []) or [])
                 for key in ("baby", "fever", "pregnancy", "bleeding")}
        has_latin = any(latin_phrases.values())
        return cls(
            code=data["language"], name=data.get("name", data["language"]), native_name=data.get("native_name", ""),
            latin=has_latin and not any(substrings.values()),
            matcher=PhraseMatcher({c: _valid(p) for c, p in latin_phrases.items() if p}, correct_typos=False, max_gap=5) if has_latin else None,
            substrings={c: tuple(s for s in p if s) for c, p in substrings.items()},
            negation=tuple(fold_script(str(w)) for w in data.get("negation", []) or []),
            question_cues=tuple(fold_script(str(w)) for w in data.get("question_cues", []) or []),
            words=words,
            reply=" ".join(str(data.get("reply", "")).split()),
            reply_non_emergency=" ".join(str(data.get("reply_non_emergency", "")).split()),
            negation_follows=bool(data.get("negation_follows", False)),
            history_cues=tuple(fold_script(str(w)) for w in data.get("history_cues", []) or []),
        )

    def asks(self, text: str) -> bool:
        """True when the message asks in general ("what are the signs of ...") rather than reports."""
        folded = fold_script(text)
        return any(_contains(folded, cue) for cue in self.question_cues)

    def emergencies(self, text: str) -> list[str]:
        """Emergency categories stated (not negated, not asked about) in ``text``."""
        folded = fold_script(text)
        if self.asks(text):
            return []
        found: list[str] = []
        tokens = tokenize(folded)
        if self.matcher is not None:
            words = [t.norm for t in tokens]
            for hit in self.matcher.find(words):
                around = " ".join(words[max(0, hit.first - 3):hit.first] + [words[i] for i in hit.skipped])
                if self.negation_follows:
                    around += " " + " ".join(words[hit.last + 1:hit.last + 4])
                start, end = tokens[hit.first].start, tokens[hit.last].end
                if (not any(_contains(around, neg) for neg in self.negation) and not self._past(folded, start, end)
                        and hit.concept not in found):
                    found.append(hit.concept)
        for category, phrases in self.substrings.items():
            for phrase in phrases:
                span = _find_in_order(folded, phrase)
                if span is None:
                    continue
                at, end = span
                after = folded[end:end + 12] if self.negation_follows else ""
                inside = folded[at:end]
                if not any(neg and (neg in folded[max(0, at - 6):at] or neg in after or (" " in phrase and neg in inside))
                           for neg in self.negation) and not self._past(folded, at, end):
                    if category not in found:
                        found.append(category)
                    break
        if "infant_fever" not in found and (self._pair(folded, "baby", "fever") or (
                any(_contains(folded, w) for w in self.words["baby"]) and _HOT_NUMBER.search(folded))):
            found.append("infant_fever")
        if "pregnancy_bleeding" not in found and self._pair(folded, "pregnancy", "bleeding"):
            found.append("pregnancy_bleeding")
        return found

    def _pair(self, folded: str, first: str, second: str) -> bool:
        """Both kinds of word present, the second not negated ("pregnant, no bleeding" is not a pair)."""
        if not any(_contains(folded, w) for w in self.words[first]):
            return False
        for word in self.words[second]:
            at = _find(folded, word)
            if at >= 0 and not any(neg and neg in folded[max(0, at - 8):at] for neg in self.negation):
                return True
        return False

    def _past(self, folded: str, start: int, end: int) -> bool:
        """A history cue near the phrase ("last year I had a heart attack") makes it the past, not an emergency."""
        window = folded[max(0, start - 30):end + 30]
        return any(_contains(window, cue) for cue in self.history_cues)


def _find_in_order(folded: str, phrase: str, gap: int = 12) -> tuple[int, int] | None:
    """(start, end) of a phrase's parts in order, each within ``gap`` characters of the previous one."""
    parts = phrase.split()
    if not parts:
        return None
    start = folded.find(parts[0])
    while start >= 0:
        position, ok = start + len(parts[0]), True
        for part in parts[1:]:
            found = folded.find(part, position)
            if found < 0 or found - position > gap:
                ok = False
                break
            position = found + len(part)
        if ok:
            return start, position
        start = folded.find(parts[0], start + 1)
    return None


def _english_only(phrase: str) -> bool:
    """True when every word of a phrase is a common English word ("chest pain" in a Taglish list)."""
    words = re.findall(r"[a-z]+", phrase.lower())
    return bool(words) and _is_latin(phrase) and all(zipf_frequency(w, "en") >= 3.0 for w in words)


def _is_latin(phrase: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in phrase)


def _valid(phrases: list[str]) -> list[str]:
    return [p for p in phrases if p.replace("*", "").replace("|", "").strip() and not p.strip().startswith("*")
            and not p.strip().endswith(" *")]


def _contains(folded: str, word: str) -> bool:
    return _find(folded, word) >= 0


def _find(folded: str, word: str) -> int:
    """Where a cue word occurs (-1 when absent): whole words in Latin script ("goraczk*" = a word starting with
    "goraczk"), a substring otherwise."""
    if not word:
        return -1
    stem = word.endswith("*")
    core = word.rstrip("*")
    if _is_latin(core):
        tail = "" if stem else r"(?!\w)"
        match = re.search(r"(?<!\w)" + re.escape(core) + tail, folded)
        return match.start() if match else -1
    return folded.find(core)


@dataclass
class LanguageGuesser:
    """Offline language identification over the supported languages, helped by script and function words."""

    supported: tuple[str, ...]
    _identifier: LanguageIdentifier = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._identifier = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
        known = set(self._identifier.nb_classes)
        self._identifier.set_languages(sorted({code for code in (*self.supported, "en", "de", "it", "nl") if code in known}))

    def guess(self, text: str) -> tuple[str, bool]:
        """(language code, confident). Short or mixed English text counts as English."""
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return "en", False
        for code, pattern in _SCRIPTS:
            share = len(pattern.findall(text)) / len(letters)
            if share >= 0.3:
                if code == "arabic":
                    return ("ur" if _URDU_LETTERS.search(text) else "ar"), True
                return code, True
        words = re.findall(r"[^\W\d_]+", fold_script(text))
        for code, vocabulary in _FUNCTION_WORDS.items():
            hits = sum(w in vocabulary for w in words)
            if len(words) >= 3 and hits >= max(2, len(words) // 4):
                return code, True
        if len(words) < 4:
            return "en", False
        code, probability = self._identifier.classify(text)
        if code != "en" and probability >= 0.85:
            return code, True
        return "en", code == "en" and probability >= 0.6
