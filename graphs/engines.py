"""Registry of the mode engines the graph's nodes call.

Engines are plain functions ``respond(TurnInput) -> TurnResult`` in assistant/. They are resolved
on first use, so importing the graph stays cheap and an engine that is not installed is reported
plainly in the reply instead of breaking every mode.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from assistant.turns import TurnInput, TurnResult


@dataclass(frozen=True)
class Engine:
    key: str  # memory key and node name
    label: str  # what users read when it is missing or fails
    target: str  # "module:function"


ENGINES: dict[str, Engine] = {
    engine.key: engine
    for engine in (
        Engine("triage", "triage engine", "assistant.triage.dialogue:respond"),
        Engine("tutor", "tutor engine", "assistant.tutor.dialogue:respond"),
        Engine("document", "documentation engine", "assistant.notes.dialogue:respond"),
        Engine("drug_info", "drug engine", "assistant.drugs.answer:respond"),
        Engine("answer", "guideline engine", "assistant.guidelines.answer:respond"),
    )
}


class EngineUnavailable(RuntimeError):
    """The engine's module is not part of this installation."""


@lru_cache(maxsize=None)
def resolve(key: str) -> Callable[[TurnInput], TurnResult]:
    engine = ENGINES[key]
    module_name, _, function = engine.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name and module_name.startswith(err.name):
            raise EngineUnavailable(engine.label) from err
        raise
    return getattr(module, function)
