"""Rephrase a grounded reply with the LLM: it may add wording, never drop a red flag, a citation or a fact.

The grounded reply is the safety net: any failure (backend down, too slow, junk, a dropped number, marker or
level word, an unbacked new claim) returns the grounded text unchanged with a visible notice.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.artifacts import LEVELS
from assistant.llm import prompts
from assistant.llm.backends import Backend, LLMError, TokenSink
from assistant.llm.claims import _numbers, check_claims

log = logging.getLogger(__name__)
_MARKERS = re.compile(r"\[\d{1,2}\]")
_LEVEL_WORDS = {level: re.compile(rf"\b{level.replace('_', '[ _-]')}\b", re.I) for level in LEVELS}
FALLBACK = "The language model ({spec}) {why}; showing the grounded reply."
SKIP_ARTIFACTS = ("note", "quiz")  # structured content (SOAP notes, quiz items) is shown as the engine wrote it


@dataclass
class Composed:
    text: str
    used_llm: bool
    notices: list[str] = field(default_factory=list)


def should_rephrase(reply: str, artifacts: dict[str, Any]) -> bool:
    return bool(reply.strip()) and not any(key in artifacts for key in SKIP_ARTIFACTS)


def dropped_facts(grounded: str, candidate: str) -> list[str]:
    """What the candidate lost from the grounded reply: numbers, citation markers, urgency level words."""
    lost = [f"number {n}" for n in sorted(_numbers(grounded) - _numbers(candidate))]
    lost += [f"citation {m}" for m in sorted(set(_MARKERS.findall(grounded)) - set(_MARKERS.findall(candidate)))]
    lost += [f"level {lvl}" for lvl, pat in _LEVEL_WORDS.items() if pat.search(grounded) and not pat.search(candidate)]
    return lost


def rephrase(grounded: str, backend: Backend, *, audience: str = "student", evidence: list[str] | None = None,
             min_level: str | None = None, patient: dict[str, Any] | None = None,
             on_token: TokenSink | None = None, max_tokens: int = 600) -> Composed:
    """The LLM's wording of ``grounded`` if it keeps every fact, else ``grounded`` with a notice."""
    spec = getattr(backend, "spec", "LLM")
    messages = [{"role": "system", "content": prompts.COMPOSE_SYSTEM.format(audience=audience)},
                {"role": "user", "content": prompts.COMPOSE_USER.format(grounded=grounded)}]
    try:
        completion = backend.chat(messages, temperature=0.2, max_tokens=max_tokens, on_token=on_token)
    except LLMError as err:
        return Composed(grounded, False, [FALLBACK.format(spec=spec, why=f"failed ({err})")])
    except Exception as err:  # noqa: BLE001 - a backend bug must not lose the turn
        log.exception("compose backend failed")
        return Composed(grounded, False, [FALLBACK.format(spec=spec, why=f"failed ({type(err).__name__})")])
    text = completion.text.strip()
    if len(text) < 20 or len(text) < 0.3 * len(grounded.strip()):
        return Composed(grounded, False, [FALLBACK.format(spec=spec, why="returned an unusable answer")])
    lost = dropped_facts(grounded, text)
    if lost:
        return Composed(grounded, False, [FALLBACK.format(spec=spec, why="dropped " + ", ".join(lost[:3]))])
    report = check_claims(text, [grounded, *(evidence or [])], min_level=min_level, patient=patient)
    if report.changed or dropped_facts(grounded, report.text):
        why = "added statements no source backs"
        return Composed(grounded, False, [FALLBACK.format(spec=spec, why=why)])
    return Composed(report.text, True)
