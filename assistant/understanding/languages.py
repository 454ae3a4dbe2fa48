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
_DIGITS = {chr(0x660 + d): str(d) for d in range(10)} | {chr(0x6F0 + d): str(d) for d in range(10)}  # Arabic-Indic
_ARABIC_FOLD = str.maketrans(_DIGITS | {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ـ": "",
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
_AGE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d)?)\s*(?=\D)")
AGE_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.4}
FRAME_WINDOW = 40  # characters between a site word and a finding word in one clause
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
    # category -> (body-site words, finding words): both in one clause means the category ("chest ... heavy")
    frames: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    age_units: dict[str, tuple[str, ...]] = field(default_factory=dict)  # day / week / month words, for "6 weeks old"

    @classmethod
    def from_data(cls, data: dict) -> "LanguagePack":
        categories = {c: [str(p) for p in data.get("categories", {}).get(c, []) or []] for c in EMERGENCY_CATEGORIES}
        latin_phrases: dict[str, list[str]] = {c: [] for c in categories}
        substrings: dict[str, list[str]] = {c: [] for c in categories}
        mixes_english = data["language"] in ENGLISH_MIXING
        for category, phrases in categories.items():
            for phrase in phrases:
                if mixes_english and _english_only(phrase, data["language"]):
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
            frames={category: (tuple(fold_script(str(w)) for w in frame.get("site", []) or []),
                               tuple(fold_script(str(w)) for w in frame.get("finding", []) or []))
                    for category, frame in (data.get("frames") or {}).items() if category in EMERGENCY_CATEGORIES},
            age_units={unit: tuple(fold_script(str(w)) for w in words or [])
                       for unit, words in (data.get("age_units") or {}).items() if unit in AGE_UNIT_DAYS},
        )

    def asks(self, text: str) -> bool:
        """True when the message asks in general ("what are the signs of ...") rather than reports."""
        folded = fold_script(text)
        return any(_contains(folded, cue) for cue in self.question_cues)

    def emergencies(self, text: str) -> list[str]:
        """Emergency categories stated (not negated, not asked about, not in the past) in ``text``."""
        folded = fold_script(text)
        if self.asks(text):
            return []
        found: list[str] = []
        tokens = tokenize(folded)
        if self.matcher is not None:
            words = [t.norm for t in tokens]
            for hit in self.matcher.find(words):
                start, end = tokens[hit.first].start, tokens[hit.last].end
                gaps = " ".join(words[i] for i in hit.skipped)
                if (not self._negated(folded, start, end, gaps) and not self._past(folded, start, end)
                        and hit.concept not in found):
                    found.append(hit.concept)
        for category, phrases in self.substrings.items():
            if category in found:
                continue
            for phrase in phrases:
                span = _find_in_order(folded, phrase)
                if span is None:
                    continue
                at, end = span
                gaps = _gaps(folded[at:end], phrase)
                if not self._negated(folded, at, end, gaps) and not self._past(folded, at, end):
                    found.append(category)
                    break
        for category in self.frames:
            if category not in found and self._frame(folded, category):
                found.append(category)
        young = any(_contains(folded, w) for w in self.words["baby"]) or self._young_infant(folded)
        if "infant_fever" not in found and (self._pair(folded, "baby", "fever") or (
                young and (_HOT_NUMBER.search(folded) or self._said(folded, self.words["fever"])))):
            found.append("infant_fever")
        if "pregnancy_bleeding" not in found and self._pair(folded, "pregnancy", "bleeding"):
            found.append("pregnancy_bleeding")
        return found

    def _negated(self, folded: str, start: int, end: int, gaps: str) -> bool:
        """A negation just before the phrase, inside its gaps, right after it (before any comma), or - in languages
        that put it last - after it within the clause. The phrase's own words never count ("не могу дышать")."""
        before = folded[max(0, start - 24):start]
        clause_after = re.split(r"[,.;!?،，。]", folded[end:end + 24], maxsplit=1)[0]
        right_after = clause_after if self.negation_follows else clause_after[:8]
        for negation in self.negation:
            if not negation:
                continue
            if _ends_with(before, negation) or _contains(gaps, negation) or _starts_with(right_after, negation, loose=self.negation_follows):
                return True
        return False

    def _pair(self, folded: str, first: str, second: str) -> bool:
        """Both kinds of word present, the second not negated ("pregnant, no bleeding" is not a pair)."""
        if not any(_contains(folded, w) for w in self.words[first]):
            return False
        for word in self.words[second]:
            at = _find(folded, word)
            if at >= 0 and not self._negated(folded, at, at + len(word.rstrip("*")), ""):
                return True
        return False

    def _said(self, folded: str, words: tuple[str, ...]) -> bool:
        """One of ``words`` is in the message and not negated."""
        for word in words:
            at = _find(folded, word)
            if at >= 0 and not self._negated(folded, at, at + len(word.rstrip("*")), ""):
                return True
        return False

    def _frame(self, folded: str, category: str) -> bool:
        """A body-site word and a finding word in one clause, close together, the finding neither negated nor past
        ("tata ... sciska w mostku": squeezing + breastbone) - wordings no phrase list can enumerate."""
        sites, findings = self.frames[category]
        for clause_start, clause in _clauses(folded):
            site_at = [at for word in sites for at in _find_all(clause, word)]
            if not site_at:
                continue
            for word in findings:
                for at in _find_all(clause, word):
                    end = at + len(word.rstrip("*"))
                    if min(abs(at - s) for s in site_at) > FRAME_WINDOW:
                        continue
                    where = clause_start + at
                    if not self._negated(folded, where, clause_start + end, "") and not self._past(folded, where, clause_start + end):
                        return True
        return False

    def _young_infant(self, folded: str) -> bool:
        """An age under three months written as a number and a unit ("6 semanas", "3 週")."""
        for match in _AGE_NUMBER.finditer(folded):
            number, rest = float(match.group(1).replace(",", ".")), folded[match.end():match.end() + 14].lstrip()
            for unit, words in self.age_units.items():
                if any(_starts_with(rest, word, loose=False) for word in words):
                    if number * AGE_UNIT_DAYS[unit] < 92:
                        return True
        return False

    def _past(self, folded: str, start: int, end: int) -> bool:
        """A history cue near the phrase ("last year I had a heart attack") makes it the past, not an emergency."""
        window = folded[max(0, start - 30):end + 30]
        return any(_contains(window, cue) for cue in self.history_cues)


def _clauses(folded: str) -> list[tuple[int, str]]:
    """(start, text) of each clause: split at sentence punctuation in any script, and at commas."""
    out, position = [], 0
    for part in re.split(r"([.;!?,،؛。！？，\n]+)", folded):
        if part and not re.fullmatch(r"[.;!?,،؛。！？，\n]+", part):
            out.append((position, part))
        position += len(part)
    return out


def _find_all(text: str, word: str) -> list[int]:
    """Every place a cue word occurs (whole words in Latin script, substrings otherwise)."""
    core = word.rstrip("*")
    if not core:
        return []
    if _is_latin(core):
        tail = "" if word.endswith("*") else r"(?!\w)"
        return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(core) + tail, text)]
    return [m.start() for m in re.finditer(re.escape(core), text)]


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


def _english_only(phrase: str, language: str) -> bool:
    """True when a phrase is plain English ("chest pain" in a Taglish list) - no word of the language's own."""
    words = re.findall(r"[a-z]+", phrase.lower())
    native = _FUNCTION_WORDS.get(language, set())
    return (bool(words) and _is_latin(phrase) and not any(w in native for w in words)
            and all(zipf_frequency(w, "en") >= 3.0 for w in words))


def _gaps(span: str, phrase: str) -> str:
    """The text between a non-Latin phrase's parts (where a negation would change its meaning)."""
    rest, gaps = span, []
    for part in phrase.split():
        at = rest.find(part)
        if at > 0:
            gaps.append(rest[:at])
        rest = rest[at + len(part):] if at >= 0 else rest
    return " ".join(gaps)


def _ends_with(text: str, word: str) -> bool:
    """``word`` is the last word (or words) before a phrase, allowing one short word in between."""
    text = text.rstrip()
    if _is_latin(word):
        return re.search(r"(?<!\w)" + re.escape(word.rstrip("*")) + r"(?:\s+\w+)?\s*$", text) is not None
    tail = text[-(len(word) + 4):]
    return word in tail


def _starts_with(text: str, word: str, *, loose: bool) -> bool:
    text = text.lstrip()
    if loose:
        return _contains(text, word)
    if _is_latin(word):
        return re.match(re.escape(word.rstrip("*")) + r"(?!\w)", text) is not None
    return text.startswith(word)


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
