"""Spot prompt-injection attempts in user text so they can be logged and shown — never obeyed.

Detection changes nothing in the screen: the red flags and level are computed from the same text
exactly as if the injection were not there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.clinical_text.tokens import clean_text
from assistant.safety.rulebook import RulebookError, injection_data


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for name, pattern in injection_data()["patterns"].items():
        try:
            compiled.append((name, re.compile(pattern, re.IGNORECASE)))
        except re.error as error:
            raise RulebookError(f"injection.yaml pattern {name}: {error}") from error
    return tuple(compiled)


def detect_injection(text: str) -> list[str]:
    """Names of the injection patterns seen in ``text`` (empty when none)."""
    flat = " ".join(clean_text(text).split())
    return [name for name, pattern in _compiled() if pattern.search(flat)]
