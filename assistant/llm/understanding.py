"""Model-assisted understanding, merged under the deterministic floor.

When the model spec says ``understand=on`` the model also fills part of the same parse of each turn - the concepts
the message reports as present - through JSON-schema constrained output (llama.cpp's grammar, or the server's
``json_schema`` format); ``Knowledge.parse`` merges it. The merge can only add: a concept the lexicon parse did not
find joins the Findings as a "present" mention marked ``source="model"`` (so the safety screen may raise a flag on
it). Nothing the deterministic parse found is removed or re-asserted, denials from the model are ignored (a denial
can lower a level), and an answer that breaks the schema is dropped whole. The schema also asks for the urgency
the model would give, which keeps its reading of the concepts honest; the model's say on the level itself goes
through its sampled ballots in the triage vote (assistant/llm/sampling.py), where a red flag still vetoes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any, Iterable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.artifacts import LEVELS, most_urgent
from assistant.llm import prompts
from assistant.llm.sampling import structured_json
from assistant.understanding.findings import Findings, Mention

log = logging.getLogger(__name__)
MODEL_SOURCE = "model"


def parse_schema(concepts: Iterable[str]) -> dict[str, Any]:
    ids = sorted(set(concepts))
    return {"type": "object", "properties": {
        "present": {"type": "array", "items": {"type": "string", "enum": ids}, "maxItems": 8},
        "level": {"type": "string", "enum": [*LEVELS, "unknown"]}},
        "required": ["present", "level"]}


@dataclass(frozen=True)
class ModelParse:
    present: tuple[str, ...] = ()
    level: str | None = None


def read_answer(raw: str, concepts: set[str]) -> ModelParse | None:
    """The model's JSON, or None when it is not the promised shape (then nothing is merged)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("present"), list):
        return None
    present = tuple(dict.fromkeys(c for c in data["present"] if isinstance(c, str) and c in concepts))
    level = data.get("level") if data.get("level") in LEVELS else None
    return ModelParse(present, level)


def model_parse(model: BaseChatModel, text: str, concepts: dict[str, str]) -> ModelParse | None:
    """Ask the model for the structured parse of ``text`` (``concepts``: id -> plain label). Never raises."""
    listing = ", ".join(f"{cid} ({label})" for cid, label in sorted(concepts.items()))
    messages = [SystemMessage(prompts.UNDERSTAND_SYSTEM.format(concepts=listing)),
                HumanMessage(prompts.UNDERSTAND_USER.format(text=text))]
    try:
        raw = structured_json(model, messages, parse_schema(concepts), temperature=0.0, max_tokens=120)
    except Exception as err:  # noqa: BLE001 - the deterministic parse stands on its own
        log.warning("model parse failed: %s", err)
        return None
    return read_answer(raw, set(concepts))


def merge_under_floor(findings: Findings, parse: ModelParse | None) -> Findings:
    """Findings plus the model's extra present concepts; nothing found by the lexicon parse changes."""
    if parse is None:
        return findings
    known = {m.concept for m in findings.mentions}
    added = tuple(Mention(concept=c, surface=c.replace("_", " "), start=0, end=0, source=MODEL_SOURCE)
                  for c in parse.present if c not in known)
    return replace(findings, mentions=findings.mentions + added) if added else findings
