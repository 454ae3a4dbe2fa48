"""Checks on raw user input before it reaches the graph.

Bad input gets a clear message and never touches the conversation: a rejected turn is not stored, so the
thread's history stays exactly as it was. Accepted input is normalised once at the door (NFKC, lone surrogates
replaced, control and bidi characters removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.understanding.text import clean_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BINARY_SHARE = 0.10  # more than this share of replacement/control characters reads as binary junk
EMPTY = "Your message was empty. Type a question, symptoms or a transcript to begin."


class InputRejected(ValueError):
    """The turn cannot be used; ``str(err)`` is the message to show the user."""


@dataclass
class CleanInput:
    text: str
    notices: list[str] = field(default_factory=list)


def clean_user_text(raw: object, *, limit: int) -> CleanInput:
    """Normalise a user message or raise InputRejected with a message a person understands."""
    notices: list[str] = []
    if raw is None:
        raise InputRejected(EMPTY)
    if isinstance(raw, (bytes, bytearray)):
        raw = bytes(raw).decode("utf-8", errors="replace")
        if "\ufffd" in raw:
            notices.append("Some bytes in your message were not valid UTF-8 text and were replaced.")
    elif not isinstance(raw, str):
        raw = str(raw)
    text = raw.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if text != raw:
        notices.append("Some characters in your message could not be read and were replaced.")
    if text.count("\ufffd") + len(_CONTROL.findall(text)) > max(8, _BINARY_SHARE * len(text)):
        raise InputRejected("That looks like binary data rather than text. Paste plain text (for example a transcript) instead.")
    if _CONTROL.search(text):
        notices.append("Control characters in your message were removed.")
    text = clean_text(_CONTROL.sub("", text)).strip()
    if not text:
        raise InputRejected(EMPTY)
    if len(text) > limit:
        raise InputRejected(f"Your message is {len(text):,} characters long; the limit here is {limit:,}. "
                            "Shorten it or split it into parts (nothing was lost from this conversation).")
    return CleanInput(text=text, notices=notices)
