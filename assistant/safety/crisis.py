"""Crisis language (suicide, self-harm, an overdose already taken, harm to others) -> a fixed crisis reply.

The reply is a template from ``knowledge/safety/crisis.yaml`` plus the contacts of the user's country:
it never contains methods, amounts or doses. A denied crisis ("I'm not suicidal") does not trigger the
reply but is kept as a non-firing mention so engines can still offer the contacts gently.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from assistant.clinical_text.negation import ConceptMention
from assistant.safety.rulebook import contacts_data, crisis_data

KINDS = ("suicide", "self_harm", "overdose_taken", "harm_to_others")
_PILL_COUNT = re.compile(
    r"\b(?:took|taken|swallowed|had|downed|ate)\s+(?:about\s+|around\s+|like\s+|over\s+|maybe\s+)?(\d{1,4})\s+"
    r"(?:\w+\s+){0,2}?(?:pills|tablets|tabs|capsules|caps)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Crisis:
    kind: str
    reply: str
    contacts: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def crisis_lexicon() -> dict[str, list[str]]:
    """Crisis phrases as a concept lexicon with ``crisis:<kind>`` keys (merged into the screen's lexicon)."""
    return {f"crisis:{kind}": list(phrases) for kind, phrases in crisis_data()["kinds"].items()}


def _country(country: str | None) -> str:
    code = (country or "").strip().upper()
    aliases = contacts_data().get("aliases") or {}
    code = aliases.get(code, code)
    return code if code in contacts_data()["countries"] else "generic"


def contacts_for(country: str | None, kind: str | None = None) -> list[dict]:
    """Emergency and crisis contacts for a country (generic fallback), the ones relevant to ``kind`` first."""
    entries = contacts_data()["countries"][_country(country)]["contacts"]
    relevant = [dict(c) for c in entries if not c.get("kinds") or kind in c["kinds"] or kind is None]
    return [{k: v for k, v in c.items() if k != "kinds"} for c in relevant]


def _format_contact(contact: dict) -> str:
    how = f" ({contact['how']})" if contact.get("how") else ""
    return f"- {contact['name']}: {contact['number']}{how}"


def crisis_reply(kind: str, country: str | None = "US") -> str:
    """The full crisis reply for ``kind`` with the country's contacts; no method or dose information."""
    replies = crisis_data()["replies"]
    if kind not in replies:
        raise ValueError(f"Unknown crisis kind {kind!r}; expected one of {', '.join(KINDS)}")
    country_info = contacts_data()["countries"][_country(country)]
    contacts = "\n".join(_format_contact(c) for c in contacts_for(country, kind))
    body = replies[kind].strip().format(emergency=country_info["emergency"])
    return f"{body}\n\n{contacts}\n\n{crisis_data()['closing'].strip()}"


@lru_cache(maxsize=1)
def _priority() -> tuple[str, ...]:
    return tuple(crisis_data().get("priority") or KINDS)


def _fires(mention: ConceptMention) -> bool:
    """Crisis phrases fire unless denied, past, about a relative's history, settled or purely educational.

    A conditional threat ("if this goes on I'll kill myself") still fires: unlike a symptom, the
    intent itself is the emergency.
    """
    if mention.negated or mention.historical or mention.family or mention.resolved:
        return False
    return not getattr(mention, "educational", False)


def detect_crisis(text: str, mentions: list[ConceptMention], country: str | None = "US") -> tuple[Crisis | None, list[dict]]:
    """(the crisis to answer, or None; every crisis mention with its status, firing or not)."""
    found: list[dict] = []
    fired: dict[str, str] = {}
    for mention in mentions:
        if not mention.concept.startswith("crisis:"):
            continue
        kind = mention.concept.split(":", 1)[1]
        status = "active" if _fires(mention) else _status(mention)
        found.append({"kind": kind, "surface": mention.surface, "status": status})
        if status == "active":
            fired.setdefault(kind, mention.surface)
    threshold = int(crisis_data().get("pill_count_threshold", 10))
    for match in _PILL_COUNT.finditer(text):
        if int(match.group(1)) >= threshold:
            found.append({"kind": "overdose_taken", "surface": match.group(0), "status": "active"})
            fired.setdefault("overdose_taken", match.group(0))
    if not fired:
        return None, found
    kind = next(k for k in _priority() if k in fired)
    return Crisis(kind, crisis_reply(kind, country), contacts_for(country, kind)), found


def _status(mention: ConceptMention) -> str:
    for name in ("negated", "historical", "family", "resolved"):
        if getattr(mention, name):
            return name
    return "educational"
