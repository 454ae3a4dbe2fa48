"""Runtime context of the graph: the settings and the assistant's built knowledge.

Nodes receive it as ``runtime.context``; it is never stored in checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.knowledge import Knowledge
from assistant.settings import Settings


@dataclass(frozen=True, kw_only=True)
class Context:
    settings: Settings
    knowledge: Knowledge
