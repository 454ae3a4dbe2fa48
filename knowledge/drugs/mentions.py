"""Drug mentions in free text: the longest accepted name at each word, else a misspelling of a trusted name.

Stricter than resolving a typed name: what may count as a mention is the MentionPolicy's call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.drugs.mention_policy import MentionPolicy
from knowledge.drugs.names import Resolution

MAX_TEXT_CHARS = 20_000
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'\-/.]*[a-z0-9]|[a-z0-9]")


@dataclass(frozen=True)
class Mention:
    """A drug named in free text: the words used, where they are, and what they resolve to."""

    surface: str
    start: int
    end: int
    resolution: Resolution

    @property
    def generic(self) -> str:
        """The generic (or "a + b" for a combination) the words name."""
        return self.resolution.generic or self.surface


def _tokens(text: str) -> list[tuple[str, int]]:
    lowered = text.lower().replace("\u2019", "'")
    return [(m.group(0).rstrip(".'"), m.start()) for m in _TOKEN.finditer(lowered)]


def phrase_of(words: str) -> str:
    """The words as the mention scan reads them: lower case, punctuation between words dropped."""
    return " ".join(token for token, _ in _tokens(words))


def find_mentions(policy: MentionPolicy, text: str, *, fuzzy: bool = True,
                  max_chars: int = MAX_TEXT_CHARS) -> list[Mention]:
    """Drug mentions in free text, longest match first, in order of appearance."""
    if not isinstance(text, str) or not text.strip():
        return []
    index = policy.names
    tokens = _tokens(text[:max_chars])
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        width = next((w for w in range(min(index.max_words, len(tokens) - i), 0, -1)
                      if (w > 1 or len(tokens[i][0]) >= 3)
                      and policy.accepts(" ".join(t for t, _ in tokens[i:i + w]))), 0)
        if width:
            phrase = " ".join(t for t, _ in tokens[i:i + width])
            start, end = tokens[i][1], tokens[i + width - 1][1] + len(tokens[i + width - 1][0])
            mentions.append(Mention(surface=text[start:end], start=start, end=end,
                                    resolution=index.resolution(text[start:end], phrase)))
            i += width
            continue
        token, start = tokens[i]
        typo = policy.typo_target(token) if fuzzy else None
        if typo:
            surface = text[start:start + len(token)]
            mentions.append(Mention(surface=surface, start=start, end=start + len(token),
                                    resolution=index.resolution(surface, typo[0], "fuzzy", typo[1])))
        i += 1
    return mentions
