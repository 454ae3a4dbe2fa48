"""Text made safe to read, and tokens with offsets into it.

Everything a user types passes ``clean_text`` once at the door (NFKC, lone surrogates and control characters
replaced), so later steps never meet bytes, surrogates or zero-width tricks. Matching works on tokens rather than
regexes so offsets map back to the user's own words and word boundaries come for free.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LATIN = "a-zA-Z\u00c0-\u024f"
# Decimal numbers; words of Latin letters (inner apostrophes kept) or of another script, split where the script
# changes ("好像stroke了" is three tokens); single punctuation marks.
_TOKEN_RE = re.compile(rf"\d+(?:\.\d+)?|[{_LATIN}]+(?:'[{_LATIN}]+)*|[^\W\d_{_LATIN}]+|[?!.;:,()/%°<>=+&~\n]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\ufeff]")
SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})
# Word variants folded before matching: one spelling per word, so lexicons list each phrase once.
ALIASES = {
    "cannot": "cant", "can't": "cant", "w": "with", "pt": "patient", "pts": "patients", "yo": "year", "yrs": "years",
    "yr": "year", "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hours", "mum": "mom", "mommy": "mom",
    "mummy": "mom", "mam": "mom", "ma": "mom", "tummy": "tummy", "diarrhea": "diarrhoea", "diarhea": "diarrhoea",
    "diarrohea": "diarrhoea", "diahrrea": "diarrhoea", "vomitting": "vomiting", "hemoptysis": "haemoptysis",
    "hematemesis": "haematemesis", "hematuria": "haematuria", "edema": "oedema", "dyspnea": "dyspnoea",
    "anemia": "anaemia", "anesthesia": "anaesthesia", "feces": "faeces", "color": "colour", "tumor": "tumour",
    "labor": "labour", "pediatric": "paediatric", "esophagus": "oesophagus", "ischemic": "ischaemic",
    "hemorrhage": "haemorrhage", "celsius": "celsius", "ur": "your", "u": "you", "r": "are", "pls": "please",
    "plz": "please", "bc": "because", "cuz": "because", "coz": "because", "cos": "because", "abt": "about",
    "dont": "dont", "didnt": "didnt", "doesnt": "doesnt", "isnt": "isnt", "wasnt": "wasnt", "havent": "havent",
    "hasnt": "hasnt", "wont": "wont", "couldnt": "couldnt", "ive": "ive", "im": "im",
}


def clean_text(text: object) -> str:
    """Any input as safe text: str only, NFKC, lone surrogates replaced, control and bidi characters blanked."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def fold(text: str) -> str:
    """Lower case without accents ("Está" -> "esta"); scripts without accents pass through unchanged."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ł", "l").replace("đ", "d")


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised token and where it sits in the cleaned text."""

    norm: str
    start: int
    end: int
    attached_before: bool  # no whitespace between this token and the previous one
    raw: str = ""  # the token as written (case kept), for case-sensitive abbreviations


def tokenize(text: str, marks: list[tuple[int, int, str]] | None = None) -> list[Token]:
    """Folded, lower-cased tokens; apostrophes dropped ("can't" -> "cant"); line breaks are tokens.

    ``marks`` are pre-found spans (start, end, norm) - clinical abbreviations - that become single tokens.
    """
    spans = sorted(marks or ())
    tokens: list[Token] = []
    prev_end = -1
    position = 0
    for start, end, norm in spans + [(len(text), len(text), "")]:
        for match in _TOKEN_RE.finditer(text, position, start):
            raw = match.group(0)
            low = fold(raw)
            token_norm = low.replace("'", "") if raw[0].isalpha() else low
            token_norm = ALIASES.get(token_norm, token_norm)
            tokens.append(Token(token_norm, match.start(), match.end(), match.start() == prev_end, raw))
            prev_end = match.end()
        if norm:
            tokens.append(Token(norm, start, end, start == prev_end, text[start:end]))
            prev_end = end
        position = max(position, end)
    return tokens


def sentence_ids(tokens: list[Token]) -> list[int]:
    """Sentence number of each token (a sentence ends at . ! ? ; or a line break)."""
    ids, current = [], 0
    for token in tokens:
        ids.append(current)
        if token.norm in SENTENCE_END and not _decimal_point(tokens, token):
            current += 1
    return ids


def _decimal_point(tokens: list[Token], token: Token) -> bool:
    return False  # numbers keep their decimal point inside the token (see _TOKEN_RE)


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
