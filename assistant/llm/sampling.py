"""Self-consistency over an LLM: N sampled completions at temperature > 0, voted with the grounded raters.

The N samples are drawn in one backend call (``n`` on OpenAI-compatible servers, one prompt evaluation shared by
every sample on llama.cpp, one batched generate on transformers) and handed out one per ballot, so the voting
graph's fan-out stays as it is. Voters register with ``kind="llm"``; the red-flag veto still applies.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from typing import Any, Callable

from assistant.artifacts import LEVELS
from assistant.llm import prompts
from assistant.llm.backends import Backend, Message
from assistant.settings import Settings

URGENCY_VOTER = "llm_urgency"
QUIZ_VOTER = "llm_quiz"
TEMPERATURE = 0.8
URGENCY_SCHEMA = {"type": "object", "properties": {"level": {"type": "string", "enum": list(LEVELS)}},
                  "required": ["level"]}
QUIZ_SCHEMA = {"type": "object", "properties": {"answer": {"type": "string", "enum": list("ABCDE")}},
               "required": ["answer"]}


def json_field(raw: str, name: str) -> str | None:
    """The field from a JSON answer; plain text (a model that ignored the format) is passed on for normalising."""
    match = re.search(r"\{.*\}", raw or "", re.S)
    if match:
        try:
            value = json.loads(match.group(0)).get(name)
            return str(value) if value is not None else None
        except (ValueError, AttributeError):
            pass
    return (raw or "").strip() or None


class SampledVoter:
    """A voter whose N ballots come from one batched sampling call, cached per question."""

    def __init__(self, backend: Backend, build: Callable[[str, dict[str, Any]], list[Message]], field: str,
                 schema: dict[str, Any], n: int, temperature: float = TEMPERATURE, max_tokens: int = 16) -> None:
        self.backend, self.build, self.field, self.schema = backend, build, field, schema
        self.n, self.temperature, self.max_tokens = n, temperature, max_tokens
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self._lock = threading.Lock()

    def samples_for(self, question: str, context: dict[str, Any]) -> list[str]:
        messages = self.build(question, context)
        key = json.dumps(messages, sort_keys=True, default=str)
        with self._lock:  # the first ballot draws all N samples; the others wait and read them
            if key not in self._cache:
                self._cache[key] = self.backend.sample(messages, n=self.n, temperature=self.temperature,
                                                       max_tokens=self.max_tokens, json_schema=self.schema)
                while len(self._cache) > 32:
                    self._cache.popitem(last=False)
            return self._cache[key]

    def __call__(self, question: str, context: dict[str, Any]) -> dict[str, Any]:
        samples = self.samples_for(question, context)
        index = int(context.get("sample", 0))
        if index >= len(samples):
            return {"answer": None, "rationale": f"the backend returned {len(samples)} of {self.n} samples"}
        raw = samples[index]
        spec = getattr(self.backend, "spec", "LLM")
        return {"answer": json_field(raw, self.field), "rationale": f"{spec} sample {index + 1}: {raw.strip()[:80]}"}


def urgency_messages(question: str, context: dict[str, Any]) -> list[Message]:  # noqa: ARG001
    text = context.get("text") or " ".join(getattr(context.get("intake"), "texts", []) or [])
    return [{"role": "system", "content": prompts.URGENCY_SYSTEM},
            {"role": "user", "content": prompts.URGENCY_USER.format(text=text)}]


def quiz_messages(question: str, context: dict[str, Any]) -> list[Message]:
    options = "\n".join(f"{o['letter']}. {o['text']}" for o in context.get("options") or [])
    return [{"role": "system", "content": prompts.QUIZ_SYSTEM},
            {"role": "user", "content": prompts.QUIZ_USER.format(question=context.get("question", question),
                                                                 options=options)}]


def register_llm_voters(settings: Settings, backend: Backend | None = None, n: int | None = None) -> list[str]:
    """Register the LLM urgency and quiz voters (N = settings.votes samples each); returns their names."""
    from assistant.llm.backends import get_backend
    from assistant.voting import register_voter

    backend = backend or get_backend(settings)
    n = max(1, n or settings.votes)
    register_voter(URGENCY_VOTER, SampledVoter(backend, urgency_messages, "level", URGENCY_SCHEMA, n),
                   samples=n, kind="llm")
    register_voter(QUIZ_VOTER, SampledVoter(backend, quiz_messages, "answer", QUIZ_SCHEMA, n), samples=n, kind="llm")
    return [URGENCY_VOTER, QUIZ_VOTER]


def unregister_llm_voters() -> None:
    from assistant.voting import unregister_voter

    for name in (URGENCY_VOTER, QUIZ_VOTER):
        unregister_voter(name)


def quiz_vote(question: str, options: list[dict[str, str]]) -> dict[str, Any]:
    """Vote over a multiple-choice item's letters with the registered LLM quiz voter."""
    from assistant.voting import vote

    letters = [o["letter"].upper() for o in options]
    return vote(question, {"question": question, "options": options}, voters=[QUIZ_VOTER], labels=letters)
