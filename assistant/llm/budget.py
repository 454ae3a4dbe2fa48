"""The latency budget of one turn: a model that is slow to its first token, or slow overall, is left behind.

``stream_within`` runs the model's stream in a worker thread (with the caller's context, so LangGraph's
``stream_mode="messages"`` still sees every token) and waits at most ``first_token_s`` for the first chunk and
until the turn's deadline for the rest. When time runs out the worker is told to stop at its next chunk and the
caller gets ``TooSlow``; the turn then shows the grounded reply, which was streamed while the model was thinking.
"""

from __future__ import annotations

import contextvars
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, message_chunk_to_message


class TooSlow(TimeoutError):
    """The model missed the turn's latency budget."""


@dataclass(frozen=True)
class Budget:
    first_token_s: float  # wait for the first token of each model call
    deadline: float  # time.monotonic() by which the whole language layer must be done

    @classmethod
    def start(cls, first_token_s: float, turn_s: float) -> "Budget":
        return cls(first_token_s, time.monotonic() + turn_s)

    def left(self) -> float:
        return self.deadline - time.monotonic()


def stream_within(runnable: Any, messages: list[BaseMessage], budget: Budget) -> AIMessage:
    """The model's whole message, streamed within the budget (tool calls included), or ``TooSlow``."""
    chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            stream = runnable.stream(messages)
            for chunk in stream:
                chunks.put(("chunk", chunk))
                if stop.is_set():
                    stream.close()
                    return
            chunks.put(("end", None))
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            chunks.put(("error", err))

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(work,), daemon=True, name="model-stream").start()
    merged: AIMessageChunk | None = None
    wait = min(budget.first_token_s, max(budget.left(), 0.0))
    while True:
        try:
            kind, item = chunks.get(timeout=max(wait, 0.01))
        except queue.Empty:
            stop.set()
            if merged is None:
                raise TooSlow(f"gave no first token within {budget.first_token_s:g} s") from None
            raise TooSlow("did not finish within the turn's time budget") from None
        if kind == "error":
            raise item
        if kind == "end":
            break
        merged = item if merged is None else merged + item
        wait = budget.left()
    if merged is None:
        return AIMessage(content="")
    message = message_chunk_to_message(merged)
    return message if isinstance(message, AIMessage) else AIMessage(content=str(message.content))
