"""Checks on raw user input before it reaches the graph.

Bad input gets a clear message and never touches the conversation: a rejected turn is not
stored, so the thread's history stays exactly as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BINARY_SHARE = 0.10  # more than this share of replacement/control characters reads as binary junk


class InputRejected(ValueError):
    """The turn cannot be used; ``str(err)`` is the message to show the user."""


@dataclass
class CleanInput:
    text: str
    notices: list[str] = field(default_factory=list)


def clean_user_text(raw: str | bytes | None, *, limit: int) -> CleanInput:
    """Normalise a user message or raise InputRejected with a message a person understands."""
    notices: list[str] = []
    if raw is None:
        raise InputRejected("Your message was empty. Type a question, symptoms or a transcript to begin.")
    if isinstance(raw, (bytes, bytearray)):
        text = bytes(raw).decode("utf-8", errors="replace")
        if "\ufffd" in text:
            notices.append("Some bytes in your message were not valid UTF-8 text and were replaced.")
    else:
        text = str(raw)
    if text.count("\ufffd") + len(_CONTROL.findall(text)) > max(8, _BINARY_SHARE * len(text)):
        raise InputRejected(
            "That looks like binary data rather than text. Paste plain text (for example a transcript) instead."
        )
    stripped = _CONTROL.sub("", text)
    if len(stripped) != len(text):
        notices.append("Control characters in your message were removed.")
    text = unicodedata.normalize("NFC", stripped.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise InputRejected("Your message was empty. Type a question, symptoms or a transcript to begin.")
    if len(text) > limit:
        raise InputRejected(
            f"Your message is {len(text):,} characters long; the limit here is {limit:,}. "
            "Shorten it or split it into parts (nothing was lost from this conversation)."
        )
    return CleanInput(text=text, notices=notices)


_ENGLISH_HINTS = frozenset(
    "the a an and or i my me you is are was have has had of in on to for with no not it this that what how "
    "when why pain fever chest since days day hours week she he her his". split()
)


def looks_non_english(text: str) -> bool:
    """True when the text is unlikely to be English (other script, or no common English words).

    The engines only understand English, so such input gets a notice instead of silent misreading.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 12:
        return False
    latin = sum(1 for ch in letters if ch.isascii())
    if latin / len(letters) < 0.6:
        return True
    words = re.findall(r"[a-zA-Z']+", text.lower())
    return len(words) >= 6 and not any(word in _ENGLISH_HINTS for word in words)


NON_ENGLISH_NOTICE = (
    "This assistant understands English only; parts of your message may not have been understood. "
    "Red-flag checks still ran, but please rephrase in English if you can."
)
