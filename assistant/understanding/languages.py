"""Other languages: which one a message is in, and the emergency core in it.

Full support is English only. For the languages patients most often write in (knowledge/language/emergency/),
the emergency and crisis core is recognised from phrase lists, so that a message in Spanish about crushing chest
pain raises the same red flag as in English and the reply says, in that language, how to get emergency help.
Language identification uses py3langid (bundled model, offline) restricted to the supported languages, the
message's script, and the phrase lists themselves (a romanised Hindi emergency is recognised by its phrases).
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

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
    "vi": {"toi", "bi", "khong", "cua", "duoc", "rat", "nay", "bac", "minh", "dang", "roi", "lam", "nhung", "dau",
           "nguc", "tho", "chay", "mau", "ngat", "benh", "vien", "giup", "sot", "nhieu", "qua"},
}


_ARABIZI = {"2": "qq", "3": "aa", "5": "kh", "6": "tt", "7": "hh", "8": "gh", "9": "ss"}
_ARABIZI_DIGIT = re.compile(r"(?<=[a-z])[2356789]|[2356789](?=[a-z])")
_AGE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d)?)\s*(?=\D)")
AGE_UNIT_DAYS = {"day": 1, "week": 7, "month": 30.4}
AGE_WINDOW = 30  # characters after a number in which its unit word is looked for
DURATION_SIDES = ("before", "after")  # duration cues stand before the number or right after the unit
_CJK_NUMERALS = frozenset("零〇一二两兩三四五六七八九十百千万萬半")
_CLAUSE_BREAK = re.compile(r"[.;!?,،؛。！？，\n]")
FRAME_WINDOW = 40  # characters between a site word and a finding word in one clause
_HOT_NUMBER = re.compile(r"(?<![\d.,])(?:3[89]|4[0-2])(?:[.,]\d)?(?![\d.,])")


def fold_script(text: str) -> str:
    """Lower case, accents and vowel marks removed, Arabic/Urdu letter variants folded, chat-Arabic digits inside
    words spelled as letters ("wag3ni" -> "wagaani") so phrases and messages fold the same way."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFKC", stripped).translate(_ARABIC_FOLD).replace("ł", "l").replace("đ", "d")
    return _ARABIZI_DIGIT.sub(lambda m: _ARABIZI[m.group(0)], folded)


class Frame(NamedTuple):
    """Body-site words and finding words that, in one clause, mean a category; ``needs``: one of these words must
    also be in the message (empty: none needed)."""

    site: tuple[str, ...]
    finding: tuple[str, ...]
    needs: tuple[str, ...] = ()


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
    # category -> its frames: body-site words and finding words in one clause mean the category ("chest ... heavy");
    # a frame with ``needs`` words also wants one of them in the message ("throat ... swollen" + "allergy")
    frames: dict[str, tuple[Frame, ...]] = field(default_factory=dict)
    # day / week / month words after a number, bare ("semanas", "周") or age-specific ("semanas de vida", "周大");
    # "*" at the end = a stem ("tygodni*")
    age_units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "before" the number / "after" the unit: a duration, not an age ("hace 2 semanas", "2 tygodnie temu", "两周了")
    duration_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    number_words: tuple[tuple[str, float], ...] = ()  # ("dos", 2.0), ("两", 2.0), ("ڈیڑھ", 1.5): longest first
    # fixed expressions holding a negation word that negate nothing ("de la nada", "no se me quita", "nie do
    # wytrzymania"): blanked before the negation check
    not_negation: tuple[str, ...] = ()

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
            frames={category: _frames(frames) for category, frames in (data.get("frames") or {}).items()
                    if category in EMERGENCY_CATEGORIES},
            age_units={unit: tuple(fold_script(str(w)) for w in words or [])
                       for unit, words in (data.get("age_units") or {}).items() if unit in AGE_UNIT_DAYS},
            duration_cues={side: tuple(fold_script(str(w)) for w in words or [])
                           for side, words in (data.get("duration_cues") or {}).items() if side in DURATION_SIDES},
            number_words=_number_words(data.get("number_words") or {}),
            not_negation=tuple(fold_script(str(w)) for w in data.get("not_negation", []) or []),
        )

    def asks(self, text: str) -> bool:
        """True when the message asks in general ("what are the signs of ...") rather than reports. A cue may hold
        "*" gaps ("ano * sintomas": up to three words between in Latin script, twelve characters otherwise)."""
        folded = fold_script(text)
        return any(_pattern(cue).search(folded) for cue in self.question_cues)

    def emergencies(self, text: str) -> list[str]:
        """Emergency categories stated (not negated, not asked about, not in the past) in ``text``."""
        folded = fold_script(text)
        if self.asks(text):
            return []
        masked = self._unnegated(folded)  # negation is looked for here; phrases and cue words in ``folded``
        found: list[str] = []
        tokens = tokenize(folded)
        if self.matcher is not None:
            words = [t.norm for t in tokens]
            for hit in self.matcher.find(words):
                start, end = tokens[hit.first].start, tokens[hit.last].end
                gaps = " ".join(masked[tokens[i].start:tokens[i].end] for i in hit.skipped)
                if (not self._negated(masked, start, end, gaps) and not self._past(folded, start, end)
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
                gaps = _gaps(masked[at:end], phrase)
                parts = _part_spans(folded, at, phrase)
                if not self._negated(masked, at, end, gaps, parts) and not self._past(folded, at, end):
                    found.append(category)
                    break
        for category in self.frames:
            if category not in found and self._frame(folded, masked, category):
                found.append(category)
        young = any(_contains(folded, w) for w in self.words["baby"]) or self._young_infant(folded)
        if "infant_fever" not in found and (self._pair(folded, masked, "baby", "fever") or (
                young and (_HOT_NUMBER.search(folded) or self._said(folded, masked, self.words["fever"])))):
            found.append("infant_fever")
        if "pregnancy_bleeding" not in found and self._pair(folded, masked, "pregnancy", "bleeding"):
            found.append("pregnancy_bleeding")
        return found

    def _unnegated(self, folded: str) -> str:
        """``folded`` with the pack's not-negation expressions blanked (same length, so offsets still hold): "de la
        nada", "ni s togo ni s sego" or "no se me quita" hold a negation word but say nothing is absent."""
        for expression in self.not_negation:
            folded = _pattern(expression).sub(lambda m: " " * len(m.group(0)), folded)
        return folded

    def _negated(self, masked: str, start: int, end: int, gaps: str,
                 parts: tuple[tuple[int, int], ...] = ()) -> bool:
        """A negation just before the phrase, inside its gaps, right after it (before any comma), or - in languages
        that put it last - after it within the clause. The phrase's own words never count ("не могу дышать"), and
        neither do not-negation expressions (``masked`` has them blanked). In scripts without word spaces a negation
        may also run into the phrase or one of its ``parts`` ("宝宝 ... 不发烧" for "宝宝 发烧")."""
        before = masked[max(0, start - 24):start]
        clause_after = re.split(r"[,.;!?،，。]", masked[end:end + 24], maxsplit=1)[0]
        right_after = clause_after if self.negation_follows else clause_after[:8]
        for negation in self.negation:
            if not negation:
                continue
            if _ends_with(before, negation) or _contains(gaps, negation) or _starts_with(right_after, negation, loose=self.negation_follows):
                return True
            if _is_cjk(negation) and _runs_into(masked, start, end, negation, parts or ((start, end),)):
                return True
        return False

    def _pair(self, folded: str, masked: str, first: str, second: str) -> bool:
        """Both kinds of word present, the second not negated ("pregnant, no bleeding" is not a pair)."""
        if not any(_contains(folded, w) for w in self.words[first]):
            return False
        return self._said(folded, masked, self.words[second])

    def _said(self, folded: str, masked: str, words: tuple[str, ...]) -> bool:
        """One of ``words`` is in the message, in at least one place not negated."""
        for word in words:
            for at in _find_all(folded, word):
                if not self._negated(masked, at, _word_end(folded, at, word), ""):
                    return True
        return False

    def _frame(self, folded: str, masked: str, category: str) -> bool:
        """A body-site word and a finding word in one clause, close together, the finding neither negated nor past
        ("tata ... sciska w mostku": squeezing + breastbone) - wordings no phrase list can enumerate. A frame with
        ``needs`` words holds only when one of them is in the message too, not negated ("allergy")."""
        return any(self._one_frame(folded, masked, frame) for frame in self.frames[category])

    def _one_frame(self, folded: str, masked: str, frame: Frame) -> bool:
        sites, findings, needs = frame
        if needs and not self._said(folded, masked, needs):
            return False
        # each word is searched once over the whole message (not once per clause: a pasted transcript has
        # thousands of clauses), then a site and a finding count only when they share a clause
        starts = [start for start, _ in _clauses(folded)]
        site_at = [at for word in sites for at in _find_all(folded, word)]
        if not site_at:
            return False
        for word in findings:
            for at in _find_all(folded, word):
                end = _word_end(folded, at, word)
                clause = bisect_right(starts, at) - 1
                near = [s for s in site_at if abs(at - s) <= FRAME_WINDOW and bisect_right(starts, s) - 1 == clause]
                if near and not self._negated(masked, at, end, "") and not self._past(folded, at, end):
                    return True
        return False

    def _young_infant(self, folded: str) -> bool:
        """An age under three months written as a number (digits or a number word) and a unit word within
        AGE_WINDOW characters after it ("6 semanas", "dos meses", "两个月大", "do mahine ki"), unless it is a
        duration - a duration cue before the number or right after the bare unit ("desde hace 2 semanas",
        "2 tygodnie temu", "咳嗽两周了"; "6周大了" stays an age, as "大" follows the bare "周") - or the weeks of a
        pregnancy ("embarazada de 8 semanas")."""
        for start, end, number in self._numbers(folded):
            rest = folded[end:end + AGE_WINDOW]
            gap = len(rest) - len(rest.lstrip())
            matched = [(length, unit) for unit, words in self.age_units.items() for word in words
                       if (length := _prefix_length(rest[gap:], word))]
            if not matched:
                continue
            unit = max(matched)[1]
            if not 0 < number * AGE_UNIT_DAYS[unit] < 92:
                continue
            if not self._duration(folded, start, end + gap + min(matched)[0]):
                return True
        return False

    def _numbers(self, folded: str) -> list[tuple[int, int, float]]:
        """(start, end, value) of each number: digits ("6", "1,5") and the pack's number words ("dos", "两", "دو"),
        whole words (Chinese numerals: not inside a longer numeral, "十一" is not "一")."""
        found = [(m.start(1), m.end(1), float(m.group(1).replace(",", "."))) for m in _AGE_NUMBER.finditer(folded)]
        taken = [(s, e) for s, e, _ in found]
        for word, value in self.number_words:
            for match in _pattern(word).finditer(folded):
                s, e = match.span()
                if any(s < te and ts < e for ts, te in taken) or not _standalone(folded, s, e, word):
                    continue
                taken.append((s, e))
                found.append((s, e, value))
        return found

    def _duration(self, folded: str, start: int, unit_end: int) -> bool:
        """The number and unit at ``start``..``unit_end`` say how long, not how old: a "before" cue ends just
        before the number (one word may come between: "hace unas 2 semanas"), an "after" cue starts right after
        the unit ("2 tygodnie temu"), within the clause; or a pregnancy word is close by ("8 semanas de embarazo")."""
        before = _CLAUSE_BREAK.split(folded[max(0, start - 30):start])[-1]
        after = _CLAUSE_BREAK.split(folded[unit_end:unit_end + 24])[0].lstrip()
        if any(_ends_with_cue(before, cue) for cue in self.duration_cues.get("before", ())):
            return True
        if any(_pattern(cue, anchored=True).match(after) for cue in self.duration_cues.get("after", ())):
            return True
        near = folded[max(0, start - 25):unit_end + 25]
        return any(_contains(near, word) for word in self.words["pregnancy"])

    def _past(self, folded: str, start: int, end: int) -> bool:
        """A history cue near the phrase ("last year I had a heart attack") makes it the past, not an emergency."""
        window = folded[max(0, start - 30):end + 30]
        return any(_contains(window, cue) for cue in self.history_cues)


def _frames(data: dict | list) -> tuple[Frame, ...]:
    """One frame (``{site, finding, needs}``) or a list of them, folded."""
    def words(frame: dict, key: str) -> tuple[str, ...]:
        return tuple(fold_script(str(w)) for w in frame.get(key, []) or [])
    return tuple(Frame(words(f, "site"), words(f, "finding"), words(f, "needs"))
                 for f in ([data] if isinstance(data, dict) else data or []))


def _number_words(data: dict) -> tuple[tuple[str, float], ...]:
    """The pack's number words, folded, longest first (so "diecisiete" is read before "siete")."""
    words = []
    for word, value in data.items():
        if not isinstance(word, str) or isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"number_words: {word!r}: {value!r} (quote words YAML reads as true/false)")
        words.append((fold_script(word), float(value)))
    return tuple(sorted(words, key=lambda item: -len(item[0])))


@lru_cache(maxsize=4096)
def _pattern(cue: str, anchored: bool = False) -> re.Pattern[str]:
    """A cue word or expression as a regex. Words are split at spaces (in the text: spaces or commas between them,
    none needed outside Latin script), "a|b" is either word, "stem*" a word starting with the stem, a lone "*" up to
    three words (Latin) or twelve characters (other scripts). Latin-script cues match whole words; others match
    inside words, as elsewhere."""
    latin = _is_latin(cue)
    body, after_gap = "", True
    for part in cue.split():
        if part == "*":
            body += (r"[\s,]+(?:\S+\s+){0,3}?" if latin else r".{0,12}?") if body else ""
            after_gap = True
            continue
        options = [re.escape(o.rstrip("*")) + (r"\w*" if o.endswith("*") and o.rstrip("*") else "")
                   for o in part.split("|") if o.rstrip("*")]
        if not options:
            continue
        if not after_gap:
            body += r"[\s,]+" if latin else r"[\s,]*"
        body += "(?:" + "|".join(options) + ")"
        after_gap = False
    if latin:
        body = ("" if anchored else r"(?<!\w)") + body + r"(?!\w)"
    return re.compile(body)


def _prefix_length(text: str, word: str) -> int:
    """How many characters of ``text`` a unit word covers from its start (0 when it does not start there): a
    Latin-script word must end at a word boundary and a stem ("semana*") covers the rest of the word; in other
    spaced scripts a word covers the rest of the word it starts ("недел" -> "недели"); Chinese stops where it ends."""
    match = _pattern(word, anchored=True).match(text)
    if match is None:
        return 0
    end = match.end()
    if not _is_latin(word) and not _is_cjk(word):
        while end < len(text) and _is_letter(text[end]):
            end += 1
    return end


def _ends_with_cue(text: str, cue: str) -> bool:
    """``cue`` ends ``text``, allowing one word after it (Latin and other spaced scripts) or two characters
    (Chinese, written without spaces)."""
    text = text.rstrip()
    if _is_cjk(cue):
        return cue.rstrip("*") in text[-(len(cue) + 2):]
    if _is_latin(cue):
        return _compiled(_pattern(cue).pattern + r"(?:\s+\w+)?\s*$").search(text) is not None
    # a word of its own, or after the Arabic conjunction و / ف ("ومن")
    start = r"(?<![^\W\d_])(?:[وف](?=\S))?"
    return _compiled(start + _pattern(cue).pattern + r"(?:\s+\S+)?\s*$").search(text) is not None


def _standalone(text: str, start: int, end: int, word: str) -> bool:
    """A number word stands alone: Chinese numerals not inside a longer numeral; words of other non-Latin
    scripts not inside a longer word ("دو" is not the start of "دوائی"). Latin words are whole words already."""
    if _is_latin(word):
        return True
    if _is_cjk(word):
        return not ((start > 0 and text[start - 1] in _CJK_NUMERALS) or (end < len(text) and text[end] in _CJK_NUMERALS))
    return not (start > 0 and _is_letter(text[start - 1])) and not (end < len(text) and _is_letter(text[end]))


def _runs_into(text: str, start: int, end: int, word: str, parts: tuple[tuple[int, int], ...]) -> bool:
    """``word`` occurs in ``text`` overlapping ``start``..``end`` without lying inside one of the phrase's own
    ``parts`` (a negation in the phrase's own words does not count)."""
    low = max(0, start - len(word))
    for at in _find_all(text[low:end], word):
        at += low
        if at + len(word) > start and not any(s <= at and at + len(word) <= e for s, e in parts):
            return True
    return False


def _part_spans(text: str, start: int, phrase: str) -> tuple[tuple[int, int], ...]:
    """Where each part of a non-Latin phrase found at ``start`` lies (the same walk as ``_find_in_order``)."""
    spans, position = [], start
    for part in phrase.split():
        at = text.find(part, position)
        if at < 0:
            break
        spans.append((at, at + len(part)))
        position = at + len(part)
    return tuple(spans)


def _word_end(text: str, at: int, word: str) -> int:
    """Where the cue word found at ``at`` ends: past the rest of its word in spaced non-Latin scripts, where cue
    words are stems ("температур" in "температуры нет"), so a negation right after the word is seen."""
    end = at + len(word.rstrip("*"))
    if not _is_latin(word) and not _is_cjk(word):
        while end < len(text) and _is_letter(text[end]):
            end += 1
    return end


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _is_cjk(word: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\u3040" <= ch <= "\u30ff" for ch in word)


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
        pattern = r"(?<!\w)" + re.escape(core) + ("" if word.endswith("*") else r"(?!\w)")
    else:
        pattern = re.escape(core)
    return [m.start() for m in _compiled(pattern).finditer(text)]


@lru_cache(maxsize=16384)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled once: the packs hold thousands of cue words, more than the ``re`` module's own cache keeps."""
    return re.compile(pattern)


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
        return _compiled(r"(?<!\w)" + re.escape(word.rstrip("*")) + r"(?:\s+\w+)?\s*$").search(text) is not None
    tail = text[-(len(word) + 4):]
    return word in tail


def _starts_with(text: str, word: str, *, loose: bool) -> bool:
    text = text.lstrip()
    if loose:
        return _contains(text, word)
    if _is_latin(word):
        return _compiled(re.escape(word.rstrip("*")) + r"(?!\w)").match(text) is not None
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
        match = _compiled(r"(?<!\w)" + re.escape(core) + ("" if stem else r"(?!\w)")).search(folded)
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

    def __getstate__(self) -> dict[str, object]:
        """The identifier narrowed to our languages, without its full-model copy (only ``set_languages`` reads
        it): reading this back takes a fifth of the time of decoding the package's compressed model file."""
        identifier = self._identifier
        return {"supported": self.supported,
                "identifier": {slot: getattr(identifier, slot) for slot in identifier.__slots__
                               if slot != "_full_model" and hasattr(identifier, slot)}}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.supported = state["supported"]  # type: ignore[assignment]
        identifier = LanguageIdentifier.__new__(LanguageIdentifier)
        for slot, value in state["identifier"].items():  # type: ignore[attr-defined]
            setattr(identifier, slot, value)
        self._identifier = identifier

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
        code, probability = self._identifier.classify(text) if len(words) >= 4 else ("en", 0.0)
        if code not in ("en", "vi", "tl", "hi", "ur") and probability >= 0.95:
            return code, True  # a clearly Spanish or French sentence is not Vietnamese for sharing "la" and "con"
        for function_code, vocabulary in _FUNCTION_WORDS.items():
            hits = sum(w in vocabulary for w in words)
            if len(words) >= 3 and hits >= max(2, len(words) // 4):
                return function_code, True
        if len(words) < 4:
            return "en", False
        if code != "en" and probability >= 0.85:
            return code, True
        return "en", code == "en" and probability >= 0.6


def identifier_files() -> list[Path]:
    """The language identifier's model and code: a compiled lexicon is rebuilt when either changes."""
    return [MODEL_DIR / MODEL_FILE, Path(inspect.getfile(LanguageIdentifier))]
