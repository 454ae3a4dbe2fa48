"""Any OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server, a cloud API) over plain httpx.

No vendor SDK: one POST to ``{base_url}/chat/completions``, streamed as server-sent events so tokens reach the UI
as they arrive. Self-consistency asks for ``n`` choices in one request; servers that return fewer get the rest
as parallel requests.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from assistant.llm.backends import (Completion, LLMError, LLMTimeout, LLMUnavailable, Message, ModelSpec, TokenSink,
                                    ToolCall)
from assistant.settings import Settings


class OpenAICompatBackend:
    def __init__(self, spec: ModelSpec, settings: Settings) -> None:
        if not settings.llm_base_url:
            raise LLMUnavailable("openai:MODEL needs llm_base_url (e.g. http://127.0.0.1:8000/v1).")
        self.spec = f"openai:{spec.target}"
        self.model = spec.target
        self.supports_tools = spec.tools
        self.base_url = settings.llm_base_url.rstrip("/")
        self.timeout_s = settings.llm_timeout_s
        # The key is read once, here, from the variable the settings name (never logged, never stored elsewhere).
        key = os.environ.get(settings.llm_api_key_env, "")
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._format_style = "json_schema"  # OpenAI and vLLM; llama.cpp's Python server wants json_object+schema

    def _response_format(self, schema: dict[str, Any] | None) -> dict[str, Any] | None:
        if not schema:
            return None
        if self._format_style == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}
        return {"type": "json_object", "schema": schema}

    def _retry_format(self, err: LLMError, schema: dict[str, Any] | None) -> bool:
        """True (and the other format style chosen) when the server rejected our response_format style."""
        if schema and self._format_style == "json_schema" and "response_format" in str(err):
            self._format_style = "json_object"
            return True
        return False

    def _payload(self, messages: list[Message], **extra: Any) -> dict[str, Any]:
        payload = {"model": self.model, "messages": messages}
        payload.update({k: v for k, v in extra.items() if v is not None})
        return payload

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = httpx.post(f"{self.base_url}/chat/completions", json=payload, headers=self._headers,
                                  timeout=self.timeout_s)
        except httpx.TimeoutException as err:
            raise LLMTimeout(f"{self.base_url} did not answer within {self.timeout_s:g} s") from err
        except httpx.HTTPError as err:
            raise LLMError(f"cannot reach {self.base_url}: {type(err).__name__}") from err
        if response.status_code != 200:
            raise LLMError(f"{self.base_url} answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as err:
            raise LLMError(f"{self.base_url} answered with something that is not JSON") from err

    def chat(self, messages: list[Message], *, tools: list[dict[str, Any]] | None = None, temperature: float = 0.2,
             max_tokens: int = 512, json_schema: dict[str, Any] | None = None,
             on_token: TokenSink | None = None) -> Completion:
        try:
            return self._chat(messages, tools, temperature, max_tokens, json_schema, on_token)
        except LLMError as err:
            if not self._retry_format(err, json_schema):
                raise
            return self._chat(messages, tools, temperature, max_tokens, json_schema, on_token)

    def _chat(self, messages: list[Message], tools: list[dict[str, Any]] | None, temperature: float,
              max_tokens: int, json_schema: dict[str, Any] | None, on_token: TokenSink | None) -> Completion:
        fmt = self._response_format(json_schema)
        payload = self._payload(messages, temperature=temperature, max_tokens=max_tokens, stream=True,
                                tools=tools if (tools and self.supports_tools) else None, response_format=fmt)
        start = time.perf_counter()
        deadline = start + self.timeout_s
        text, first, chunks = [], None, 0
        calls: dict[int, dict[str, Any]] = {}
        try:
            with httpx.stream("POST", f"{self.base_url}/chat/completions", json=payload, headers=self._headers,
                              timeout=self.timeout_s) as response:
                if response.status_code != 200:
                    raise LLMError(f"{self.base_url} answered HTTP {response.status_code}: "
                                   f"{response.read().decode(errors='replace')[:200]}")
                for line in response.iter_lines():
                    if time.perf_counter() > deadline:
                        raise LLMTimeout(f"{self.base_url} took longer than {self.timeout_s:g} s")
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    delta = _delta(data)
                    piece = delta.get("content") or ""
                    if piece:
                        first = first if first is not None else time.perf_counter() - start
                        chunks += 1
                        text.append(piece)
                        if on_token:
                            on_token(piece)
                    for call in delta.get("tool_calls") or []:
                        slot = calls.setdefault(int(call.get("index", len(calls))), {"id": "", "name": "", "args": ""})
                        slot["id"] = call.get("id") or slot["id"]
                        function = call.get("function") or {}
                        slot["name"] += function.get("name") or ""
                        slot["args"] += function.get("arguments") or ""
        except httpx.TimeoutException as err:
            raise LLMTimeout(f"{self.base_url} did not answer within {self.timeout_s:g} s") from err
        except httpx.HTTPError as err:
            raise LLMError(f"cannot reach {self.base_url}: {type(err).__name__}") from err
        return Completion("".join(text), [_tool_call(i, slot) for i, slot in sorted(calls.items())], chunks, first,
                          time.perf_counter() - start)

    def sample(self, messages: list[Message], *, n: int, temperature: float = 0.8, max_tokens: int = 16,
               json_schema: dict[str, Any] | None = None) -> list[str]:
        payload = self._payload(messages, temperature=temperature, max_tokens=max_tokens, n=n,
                                response_format=self._response_format(json_schema))
        try:
            answers = _choices(self._post(payload))
        except LLMError as err:
            if not self._retry_format(err, json_schema):
                raise
            payload["response_format"] = self._response_format(json_schema)
            answers = _choices(self._post(payload))
        missing = n - len(answers)
        if missing > 0:  # a server without ``n`` support: the rest in parallel, one choice each
            single = {**payload, "n": None}
            single = {k: v for k, v in single.items() if v is not None}
            with ThreadPoolExecutor(max_workers=min(missing, 4)) as pool:
                for extra in pool.map(lambda _: _choices(self._post(single)), range(missing)):
                    answers.extend(extra[:1])
        return answers[:n]


def _delta(data: str) -> dict[str, Any]:
    try:
        event = json.loads(data)
    except ValueError as err:
        raise LLMError("the server streamed something that is not JSON") from err
    choices = event.get("choices") or []
    return (choices[0].get("delta") or {}) if choices else {}


def _choices(body: dict[str, Any]) -> list[str]:
    choices = body.get("choices")
    if not isinstance(choices, list):
        raise LLMError("the server's answer has no choices")
    return [str(((c or {}).get("message") or {}).get("content") or "") for c in choices]


def _tool_call(index: int, slot: dict[str, Any]) -> ToolCall:
    try:
        args = json.loads(slot["args"]) if slot["args"].strip() else {}
    except ValueError as err:
        raise LLMError(f"the model asked for tool {slot['name']!r} with arguments that are not JSON") from err
    if not isinstance(args, dict):
        raise LLMError(f"the model's arguments for {slot['name']!r} are not an object")
    return ToolCall(slot["id"] or f"call_{index}", slot["name"], args)
