"""The safety screen: first on every turn, in every mode, and nothing downstream can lower it.

It reads the turn's one parse (``Findings``) and the case it belongs to, and returns the red flags that fire now
(the general discriminators and every presentation's emergency and urgent discriminators), crisis language, prompt
injection, and - for a message in another language - the other-language emergency core and a reply in that
language saying that full support is English only and how to get emergency help.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assistant.artifacts import most_urgent
from assistant.safety.crisis import Crisis, crisis_flag, detect_crisis
from assistant.safety.injection import detect_injection
from assistant.safety.rules import SafetyBook
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.conditions import MEASURES, measurements, references
from assistant.triage.model import DecisionModel
from assistant.understanding.findings import Findings
from assistant.understanding.languages import LanguagePack
from assistant.understanding.lexicon import CRISIS_CONCEPTS

CORE_LABELS = {
    "chest_pain": "Chest pain (said in another language)",
    "cannot_breathe": "Cannot breathe (said in another language)",
    "stroke_signs": "Signs of a stroke (said in another language)",
    "severe_bleeding": "Severe bleeding (said in another language)",
    "unconscious_or_fitting": "Unconscious or having a seizure (said in another language)",
    "anaphylaxis": "Severe allergic reaction (said in another language)",
    "suicide_or_overdose": "Suicidal intent or overdose (said in another language)",
    "infant_fever": "Fever in a young baby (said in another language)",
    "pregnancy_bleeding": "Bleeding in pregnancy (said in another language)",
}
CORE_SOURCE = "Emergency phrases of this assistant in other languages; NHS 111 / 911 emergency dispositions"
ENGLISH_ONLY = ("Full support is in English only. If this is an emergency, call your local emergency number now "
                "(for example 911 in the US, 999 in the UK, 112 in the EU).")


@dataclass
class SafetyScreen:
    red_flags: list[dict] = field(default_factory=list)  # flags that fire for this case now
    crisis: Crisis | None = None
    injection: list[str] = field(default_factory=list)
    level: str | None = None
    language_reply: str | None = None  # for another language: what to say first, in that language
    notices: list[str] = field(default_factory=list)

    @property
    def escalated(self) -> bool:
        return bool(self.red_flags or self.crisis)

    def to_dict(self) -> dict:
        return asdict(self)


# In a message in another language only part is understood, so English clinical words in it that name an emergency
# core finding count as that emergency on their own ("meu pai ta com chest pain").
CORE_CONCEPTS = {
    "chest_pain": "chest_pain", "heart_attack": "chest_pain", "respiratory_distress": "cannot_breathe",
    "cyanosis": "cannot_breathe", "stroke": "stroke_signs", "facial_droop": "stroke_signs",
    "speech_difficulty": "stroke_signs", "limb_weakness": "stroke_signs", "vomiting_blood": "severe_bleeding",
    "seizure": "unconscious_or_fitting", "unresponsive": "unconscious_or_fitting", "anaphylaxis": "anaphylaxis",
    "throat_tightness": "anaphylaxis", "facial_swelling": "anaphylaxis", "suicidal_thoughts": "suicide_or_overdose",
    "overdose": "suicide_or_overdose", "self_harm": "suicide_or_overdose",
}


def core_categories(findings: Findings, packs: dict[str, LanguagePack]) -> list[str]:
    categories = list(findings.emergency_core)
    pack = packs.get(findings.language)
    asking = pack is not None and pack.asks(findings.text)
    if findings.language not in ("en", "und") and not asking:
        for mention in findings.mentions:
            category = CORE_CONCEPTS.get(mention.concept)
            if category and mention.current and category not in categories:
                categories.append(category)
    return categories


def core_flags(findings: Findings, packs: dict[str, LanguagePack]) -> list[dict]:
    """Other-language emergency categories as red flags (English words in the message are read as usual)."""
    return [{"id": f"core_{category}", "label": CORE_LABELS.get(category, category), "level": "emergency",
             "rule": CORE_LABELS.get(category, category), "source": CORE_SOURCE, "kind": "language",
             "evidence": findings.text[:160]} for category in core_categories(findings, packs)]


def language_reply(findings: Findings, packs: dict[str, LanguagePack], flags: list[dict]) -> str | None:
    """In another language: the English-only notice in that language, emergency help first when flags fired."""
    if findings.language in ("en", "und") or not findings.language_confident:
        return None
    pack = packs.get(findings.language)
    emergency = any(f["level"] == "emergency" for f in flags)
    if pack is None:
        return ENGLISH_ONLY
    reply = pack.reply if emergency else pack.reply_non_emergency
    return f"{reply}\n\n{ENGLISH_ONLY}" if reply else ENGLISH_ONLY


EARLIER = "earlier in the conversation: "


def earlier_crisis_flags(case: Case, book: SafetyBook) -> list[dict]:
    """A crisis stated on an earlier turn and not taken back stays on the case at the level it was stated with
    (an intent stated then is still an emergency when the next message asks about a dose); the crisis reply itself
    is only for the turn that states it."""
    flags = []
    for kind, words in case.crisis_words.items():
        if CRISIS_CONCEPTS.get(kind, kind) not in case.present:
            continue  # taken back since ("I'm safe now")
        flag = crisis_flag(Crisis(kind, "", [], words), book, words)
        flags.append({**flag, "evidence": (EARLIER + words)[:160]})
    return flags


def _from_earlier(flag: dict, case: Case, model: DecisionModel) -> dict | None:
    """A flag raised by findings of earlier turns says so, so a reply never quotes them as this message's words. A
    flag about a finding that has settled is raised on the turn it settles and then stays on the thread's record
    only (the screen of a later "thanks" is quiet)."""
    rule = model.rule(flag["id"], flag.get("presentation")) if flag.get("kind") in ("general", "presentation") else None
    if rule is None:
        return flag
    names = references(rule.when) | {name if name in MEASURES else f"vital:{name}" for name in measurements(rule.when)}
    if not names or case.said_now(names):
        return flag
    if any(name.startswith("settled:") for name in names):
        return None
    return {**flag, "evidence": (EARLIER + str(flag.get("evidence") or ""))[:160]}


EMPTY_NOTICE = "The message was empty, so there was nothing to check for warning signs."


def screen(findings: Findings, case: Case, model: DecisionModel, book: SafetyBook, packs: dict[str, LanguagePack],
           *, country: str | None = "US") -> SafetyScreen:
    """Screen one turn; ``case`` is what is known so far with this turn folded in."""
    crisis = detect_crisis(findings, book, country)
    stated = [crisis_flag(crisis, book, findings.text)] if crisis else earlier_crisis_flags(case, book)
    flags = [flag for flag in (_from_earlier(f, case, model) for f in
                               assess(case, model, extra_flags=stated + core_flags(findings, packs)).red_flags) if flag]
    injection = detect_injection(findings.text, book)
    notices = [book.injection_notice] if injection and book.injection_notice else []
    if not findings.text.strip():
        notices.append(EMPTY_NOTICE)
    return SafetyScreen(red_flags=flags, crisis=crisis, injection=injection,
                        level=most_urgent(*(f["level"] for f in flags)),
                        language_reply=language_reply(findings, packs, flags), notices=notices)
