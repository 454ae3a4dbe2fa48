"""Engine text in a reader's words, for the cards: no file paths, field names or ids, natural ages, and each
sentence said once on a card (``Once``)."""

from __future__ import annotations

import re
from typing import Any

from assistant.triage.wording import age_words

LEVEL_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine", "self_care": "Self-care"}

_PATH = re.compile(r"\s*\(\s*(?:knowledge|assistant|graphs|ui)/[^()]*\)|\s*\(\s*[\w./-]+\.ya?ml\s*\)"
                   r"|\b(?:knowledge|assistant|graphs|ui)/[\w./-]+|\b[\w./-]+\.ya?ml\b")
_INTERNAL = re.compile(r"\b(?:triage\s+)?rules?\s+on\s+the\s+intake\b", re.IGNORECASE)
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_ONE_UNIT = re.compile(r"\b1 (day|week|month|year)s\b")
_DECIMAL_YEARS = re.compile(r"\b(\d+\.\d+)[ -]years?\b")
_CUT_QUOTE = re.compile(r'"([^"]{50})"')  # the nearest-case rater quotes reference cases cut at 50 characters
_NORMAL = re.compile(r"[^a-z0-9]+")


def words_for(token: str) -> str:
    """A field or level name ("self_care", "bleeding_risk") as words."""
    return LEVEL_LABELS.get(token, "").lower() or token.replace("_", " ")


def plain(value: Any) -> str:
    """Engine text for a reader: no file paths or ids in snake_case, and natural ages."""
    text = str(value or "")
    text = _INTERNAL.sub("", _PATH.sub("", text))
    text = _SNAKE.sub(lambda m: words_for(m.group(0)), text)
    text = _DECIMAL_YEARS.sub(lambda m: age_words(float(m.group(1))) if float(m.group(1)) < 2 else m.group(0), text)
    text = _ONE_UNIT.sub(r"1 \1", text)
    text = _CUT_QUOTE.sub(lambda m: f'"{m.group(1).rstrip()}…"', text)
    text = re.sub(r"\(\s*\)|\s+(?=[,;.)])", "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def normal(text: Any) -> str:
    """The comparable form of a sentence: lower case, letters and digits only."""
    return _NORMAL.sub(" ", str(text or "").lower()).strip()


class Once:
    """Remembers what a card has already said, so a sentence repeated by the engine is shown once."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def new(self, text: Any) -> bool:
        """True (and remembered) when ``text`` is not already said, nor contained in or containing what was."""
        key = normal(text)
        if not key or any(key == old or (len(key) > 24 and (key in old or old in key)) for old in self.said):
            return False
        self.said.append(key)
        return True
