"""Recent conversation history, trimmed to a token budget."""

from __future__ import annotations

from typing import Callable

from langchain_core.messages import AnyMessage, HumanMessage

Count = Callable[[str], int]


def recent_history(messages: list[AnyMessage], budget: int, count: Count) -> list[tuple[str, str]]:
    """(role, text) pairs, oldest first, newest kept first when the budget runs out; the current user message
    (the last one) is excluded - engines read it through the turn's Findings."""
    picked: list[tuple[str, str]] = []
    used = 0
    for message in reversed(messages[:-1]):
        text = message.content if isinstance(message.content, str) else str(message.content)
        cost = count(text) + 4
        if used + cost > budget:
            break
        picked.append(("user" if isinstance(message, HumanMessage) else "assistant", text))
        used += cost
    picked.reverse()
    return picked
