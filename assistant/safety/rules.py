"""Safety data, loaded once: crisis phrases and replies, contacts by country, prompt-injection patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class RulebookError(ValueError):
    """Safety data that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class SafetyBook:
    crisis_phrases: dict[str, list[str]]  # kind -> phrases (fed to the lexicon as crisis:<kind>)
    priority: tuple[str, ...]
    crisis_flags: dict[str, dict[str, str]]  # kind -> {label, rule, source}
    replies: dict[str, str]
    closing: str
    countries: dict[str, dict[str, Any]]
    aliases: dict[str, str]
    injection_notice: str
    injection_patterns: tuple[tuple[str, re.Pattern[str]], ...] = field(default=())

    @classmethod
    def from_data(cls, crisis: dict, contacts: dict, injection: dict) -> "SafetyBook":
        patterns = []
        for name, pattern in (injection.get("patterns") or {}).items():
            try:
                patterns.append((name, re.compile(pattern, re.IGNORECASE)))
            except re.error as error:
                raise RulebookError(f"injection.yaml pattern {name}: {error}") from error
        return cls(
            crisis_phrases={kind: [str(p) for p in phrases] for kind, phrases in crisis["kinds"].items()},
            priority=tuple(crisis.get("priority") or crisis["kinds"]),
            crisis_flags={kind: {k: " ".join(str(v).split()) for k, v in info.items()}
                          for kind, info in crisis["red_flags"].items()},
            replies={kind: str(text).strip() for kind, text in crisis["replies"].items()},
            closing=str(crisis.get("closing", "")).strip(),
            countries=contacts["countries"], aliases={str(k): str(v) for k, v in (contacts.get("aliases") or {}).items()},
            injection_notice=" ".join(str(injection.get("notice", "")).split()),
            injection_patterns=tuple(patterns),
        )

    def country(self, code: str | None) -> str:
        key = (code or "").strip().upper()
        key = self.aliases.get(key, key)
        return key if key in self.countries else "generic"

    def emergency_number(self, code: str | None) -> str:
        return str(self.countries[self.country(code)]["emergency"])

    def contacts(self, code: str | None, kind: str | None = None) -> list[dict[str, Any]]:
        """Emergency and crisis contacts for a country (generic fallback), those relevant to ``kind``."""
        entries = self.countries[self.country(code)]["contacts"]
        relevant = [dict(c) for c in entries if not c.get("kinds") or kind is None or kind in c["kinds"]]
        return [{k: v for k, v in c.items() if k != "kinds"} for c in relevant]
