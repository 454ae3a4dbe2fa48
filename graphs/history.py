"""Recent conversation history, trimmed to a token budget (tiktoken, offline)."""

from __future__ import annotations

from langchain_core.messages import AnyMessage, HumanMessage

from knowledge.tokens import count_tokens


def recent_history(messages: list[AnyMessage], budget: int) -> list[tuple[str, str]]:
    """(role, text) pairs, oldest first, newest kept first when the budget runs out.

    The current user message (the last one) is excluded: engines receive it as ``TurnInput.text``.
    """
    picked: list[tuple[str, str]] = []
    used = 0
    for message in reversed(messages[:-1]):
        text = message.content if isinstance(message.content, str) else str(message.content)
        cost = count_tokens(text) + 4
        if used + cost > budget:
            break
        picked.append(("user" if isinstance(message, HumanMessage) else "assistant", text))
        used += cost
    picked.reverse()
    return picked
