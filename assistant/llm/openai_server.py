"""Any OpenAI-compatible server (vLLM, Ollama, a llama.cpp server, a cloud API) through langchain-openai.

``ChatOpenAI`` sends the token limit as ``max_completion_tokens`` only; llama.cpp's Python server and other
servers that predate it read ``max_tokens`` and would otherwise generate to the end of the context. This subclass
sends both (OpenAI's own API is left as ChatOpenAI has it). Nothing else differs.
"""

from __future__ import annotations

from typing import Any

from langchain_openai import ChatOpenAI


class ChatOpenAICompatible(ChatOpenAI):
    def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if "max_completion_tokens" in payload and "api.openai.com" not in str(self.openai_api_base or ""):
            payload.setdefault("max_tokens", payload["max_completion_tokens"])
        return payload
