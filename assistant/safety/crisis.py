"""Crisis language (suicide, self-harm, an overdose already taken, harm to others) -> a fixed crisis reply.

The reply is a template from knowledge/safety/crisis.yaml plus the contacts of the user's country; it never contains
methods, amounts or doses. A denied crisis ("I'm not suicidal") does not trigger the reply.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.safety.rules import SafetyBook
from assistant.templates import CRISIS_REMINDER
from assistant.understanding.findings import Findings, Mention

_PILL_COUNT = re.compile(r"\b(?:took|taken|swallowed|had|downed|ate)\s+(?:about\s+|around\s+|like\s+|over\s+|maybe\s+)?(\d{1,4})\s+"
                         r"(?:\w+\s+){0,2}?(?:pills|tablets|tabs|capsules|caps)\b", re.IGNORECASE)
_PLAN = re.compile(r"\b(?:plan|planned|planning|going\s+to|gonna|tonight|today|right\s+now|ready|pills?|tablets?|rope|gun|"
                   r"bridge|jump|hang|goodbye|note|letter|means|method|attempt\w*|tried\s+to|took|taken|cut\s+(?:deep|badly)|"
                   r"can'?t\s+keep\s+myself\s+safe|will\s+do\s+it|decided)\b", re.IGNORECASE)
_NO_PLAN = re.compile(r"\b(?:no|not\s+got\s+a|don'?t\s+have\s+a|haven'?t\s+got\s+a|without\s+a)\s+plan\b|"
                      r"\bwouldn'?t\s+(?:do|act)\b|\bnot\s+going\s+to\s+(?:do|act)\b|\bwon'?t\s+act\b", re.IGNORECASE)
# An intent stated now ("I want to kill myself", "I'll end it all") is an emergency even without a method named;
# thoughts without intent ("nothing to live for") and self-harm without suicidal intent need a same-day response.
_ACTIVE = re.compile(r"\b(?:wants?|wanna|going|gonna|planning|plans?|intend\w*|ready|about)\s+to\s+(?:kill\s+my\s*self|end\s+(?:it|my\s+life|"
                     r"things|it\s+all)|die|take\s+my\s+(?:own\s+)?life)\b|\bi'?ll\s+(?:kill\s+my\s*self|end\s+it|end\s+my\s+life)\b|"
                     r"\bi\s+will\s+(?:kill\s+my\s*self|end\s+it|end\s+my\s+life)\b", re.IGNORECASE)
_INTENT = re.compile(r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i\s+am\s+going\s+to|gonna|i\s+might|i\s+want\s+to)\b", re.IGNORECASE)
PILL_COUNT_THRESHOLD = 10


@dataclass(frozen=True)
class Crisis:
    kind: str
    reply: str
    contacts: list[dict] = field(default_factory=list)
    evidence: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def crisis_reply(book: SafetyBook, kind: str, country: str | None) -> str:
    """The full crisis reply for ``kind`` with the country's contacts; no method or dose information."""
    if kind not in book.replies:
        raise ValueError(f"Unknown crisis kind {kind!r}; known kinds: {', '.join(sorted(book.replies))}")
    body = book.replies[kind].format(emergency=book.emergency_number(country))
    contacts = "\n".join(f"- {c['name']}: {c['number']}" + (f" ({c['how']})" if c.get("how") else "")
                         for c in book.contacts(country, kind))
    return f"{body}\n\n{contacts}\n\n{book.closing}".strip()


def crisis_reminder(book: SafetyBook, kind: str, country: str | None) -> str:
    """One short paragraph for the turns after a crisis statement that has not been taken back: the thread keeps its
    crisis on record, and every later reply keeps the way to help in view (no method or dose information)."""
    contacts = [c for c in book.contacts(country, kind) if c["number"] != book.emergency_number(country)]
    listed = " or ".join(f"{c['name']}: {c['number']}" for c in contacts[:2]) or "A crisis line"
    return CRISIS_REMINDER.format(emergency=book.emergency_number(country), contacts=listed)


def _fires(mention: Mention, text: str) -> bool:
    """A crisis phrase fires unless denied, past, a relative's history or purely a question about it.
    A conditional threat ("if this goes on I'll end it") still fires: the intent itself is the emergency."""
    if mention.assertion in ("present", "possible"):
        return mention.experiencer != "family"
    if mention.assertion == "hypothetical":
        sentence = text[max(0, mention.start - 80):mention.end + 20]
        return bool(_INTENT.search(sentence))
    return False


def detect_crisis(findings: Findings, book: SafetyBook, country: str | None) -> Crisis | None:
    """The crisis to answer in this message, or None."""
    fired: dict[str, str] = {}
    for mention in findings.crisis:
        if _fires(mention, findings.text):
            fired.setdefault(mention.concept, mention.surface)
    for match in _PILL_COUNT.finditer(findings.text):
        if int(match.group(1)) >= PILL_COUNT_THRESHOLD:
            fired.setdefault("overdose_taken", match.group(0))
    if "suicide_or_overdose" in findings.emergency_core and not fired:
        fired["suicide"] = ", ".join(findings.emergency_core)
    if not fired:
        return None
    kind = next(k for k in book.priority if k in fired)
    return Crisis(kind, crisis_reply(book, kind, country), book.contacts(country, kind), fired[kind])


def crisis_level(crisis: Crisis, text: str) -> str:
    """Emergency with a plan, a stated intent, means or an overdose taken; thoughts without intent and self-harm
    without suicidal intent need a same-day assessment (NICE NG225) - the crisis reply with its contacts is shown
    either way."""
    if crisis.kind in ("overdose_taken", "harm_to_others"):
        return "emergency"
    if _NO_PLAN.search(text) or crisis.kind == "self_harm" and not _ACTIVE.search(text):
        return "urgent"
    return "emergency" if _PLAN.search(text) or _ACTIVE.search(text) else "urgent"


def crisis_flag(crisis: Crisis, book: SafetyBook, text: str = "") -> dict:
    """The crisis as a red-flag record, so the triage card and the thread record show it."""
    info = book.crisis_flags.get(crisis.kind, {})
    return {"id": f"crisis_{crisis.kind}", "label": info.get("label", "Crisis language"), "level": crisis_level(crisis, text),
            "rule": info.get("rule", ""), "source": info.get("source", "crisis-language rules of this assistant"),
            "kind": "crisis", "evidence": crisis.evidence[:160]}
