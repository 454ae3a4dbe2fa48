"""A scripted chat model for dialogue and unit tests: tool calls, then text, read from a YAML list.

Each script item is one model call: a string (the reply text), ``{text: ...}``, ``{tool: NAME, args: {...}}``,
``{tool_calls: [{name, args}, ...]}`` or ``{error: MESSAGE}`` (the backend fails, as a down server would). It
subclasses LangChain's GenericFakeChatModel (``bind_tools`` returns self) and records every conversation it was
shown, so tests can check what the model was asked. ``ChatModelBackend`` adapts any LangChain chat model.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Iterator

import yaml
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.llm.backends import Completion, LLMError, LLMUnavailable, Message, ModelSpec, TokenSink, ToolCall
from assistant.settings import Settings


class ScriptExhausted(LLMError):
    """The script has no more steps (the dialogue asked the model more often than it was scripted for)."""


def script_message(step: Any, index: int) -> AIMessage:
    """One script item -> the AIMessage the fake model returns (``error`` items raise instead)."""
    if isinstance(step, str):
        return AIMessage(content=step)
    if not isinstance(step, dict):
        raise ValueError(f"script step {index} must be a string or a mapping, got {type(step).__name__}")
    if "error" in step:
        raise LLMError(f"scripted failure: {step['error']}")
    calls = step.get("tool_calls") or ([{"name": step["tool"], "args": step.get("args") or {}}] if "tool" in step
                                       else [])
    tool_calls = [{"name": c["name"], "args": dict(c.get("args") or {}), "id": f"call_{index}_{n}", "type": "tool_call"}
                  for n, c in enumerate(calls)]
    return AIMessage(content=str(step.get("text") or ""), tool_calls=tool_calls)


class ScriptedChatModel(GenericFakeChatModel):
    """Returns the scripted steps in order; remembers the messages of every call in ``seen``."""

    messages: Iterator[Any] = Field(default_factory=lambda: iter(()))
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    calls: int = 0

    def bind_tools(self, tools: Any, **kwargs: Any) -> "ScriptedChatModel":  # noqa: ARG002 - tools are scripted
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        self.calls += 1
        try:
            step = next(self.messages)
        except StopIteration:
            raise ScriptExhausted(f"the model script ran out after {self.calls - 1} calls") from None
        from langchain_core.outputs import ChatGeneration

        return ChatResult(generations=[ChatGeneration(message=script_message(step, self.calls))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        message = self._generate(messages, stop=stop, run_manager=run_manager).generations[0].message
        pieces = [p for p in re.split(r"(\s+)", str(message.content)) if p] or [""]
        for number, piece in enumerate(pieces):
            chunks = [{"name": c["name"], "args": _json(c["args"]), "id": c["id"], "index": i}
                      for i, c in enumerate(message.tool_calls)] if number == 0 else []
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, tool_call_chunks=chunks))


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


def to_langchain(messages: list[Message]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for m in messages:
        role, content = m.get("role"), m.get("content") or ""
        if role == "system":
            out.append(SystemMessage(content))
        elif role == "user":
            out.append(HumanMessage(content))
        elif role == "tool":
            out.append(ToolMessage(content, tool_call_id=m.get("tool_call_id", "")))
        else:
            calls = [{"name": c["function"]["name"], "args": _args(c["function"].get("arguments")), "id": c["id"],
                      "type": "tool_call"} for c in m.get("tool_calls") or []]
            out.append(AIMessage(content=content, tool_calls=calls))
    return out


def _args(raw: Any) -> dict[str, Any]:
    import json

    return raw if isinstance(raw, dict) else json.loads(raw or "{}")


class ChatModelBackend:
    """Any LangChain chat model behind the backend interface (tool calls through ``bind_tools``)."""

    supports_tools = True

    def __init__(self, model: Any, spec: str = "langchain") -> None:
        self.model = model
        self.spec = spec

    def chat(self, messages: list[Message], *, tools: list[dict[str, Any]] | None = None, temperature: float = 0.2,
             max_tokens: int = 512, json_schema: dict[str, Any] | None = None,
             on_token: TokenSink | None = None) -> Completion:
        runnable = self.model.bind_tools(tools) if tools else self.model
        start = time.perf_counter()
        merged: AIMessageChunk | None = None
        first = None
        count = 0
        for chunk in runnable.stream(to_langchain(messages)):
            merged = chunk if merged is None else merged + chunk
            if isinstance(chunk.content, str) and chunk.content:
                first = first if first is not None else time.perf_counter() - start
                count += 1
                if on_token:
                    on_token(chunk.content)
        if merged is None:
            raise LLMError("the model returned nothing")
        calls = [ToolCall(c.get("id") or f"call_{i}", c["name"], dict(c.get("args") or {}))
                 for i, c in enumerate(merged.tool_calls)]
        return Completion(str(merged.content), calls, count, first, time.perf_counter() - start)

    def sample(self, messages: list[Message], *, n: int, temperature: float = 0.8, max_tokens: int = 16,
               json_schema: dict[str, Any] | None = None) -> list[str]:
        lc = to_langchain(messages)
        return [str(self.model.invoke(lc).content) for _ in range(n)]


def load_script(path: str | Path) -> list[Any]:
    path = Path(path)
    if not path.is_file():
        raise LLMUnavailable(f"model script not found: {path}")
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(steps, list):
        raise ValueError(f"{path}: a model script is a YAML list of steps")
    return steps


class ScriptedBackend(ChatModelBackend):
    """``scripted:FILE``: the fake model playing the steps in FILE."""

    def __init__(self, spec: ModelSpec, settings: Settings) -> None:  # noqa: ARG002 - same factory signature
        steps = load_script(spec.target) if spec.target else []
        super().__init__(ScriptedChatModel(messages=iter(steps)), f"scripted:{spec.target}")
