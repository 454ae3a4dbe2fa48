"""Spot prompt-injection attempts so they can be recorded and shown - never obeyed.

Detection changes nothing in the screen: red flags and the level are computed exactly as if it were not there.
"""

from __future__ import annotations

from assistant.safety.rules import SafetyBook


def detect_injection(text: str, book: SafetyBook) -> list[str]:
    """Names of the injection patterns seen in ``text`` (empty when none)."""
    flat = " ".join(text.split())
    return [name for name, pattern in book.injection_patterns if pattern.search(flat)]
