"""Any OpenAI-compatible server (vLLM, Ollama, a llama.cpp server, a cloud API) through langchain-openai.

``ChatOpenAI`` sends the token limit as ``max_completion_tokens`` only; llama.cpp's Python server and other
servers that predate it read ``max_tokens`` and would otherwise generate to the end of the context. This subclass
sends both (OpenAI's own API is left as ChatOpenAI has it), and keeps a streamed tool call's name once (llama.cpp's
server repeats it in every chunk). Nothing else differs.
"""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI


class ChatOpenAICompatible(ChatOpenAI):
    def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if "max_completion_tokens" in payload and "api.openai.com" not in str(self.openai_api_base or ""):
            payload.setdefault("max_tokens", payload["max_completion_tokens"])
        return payload

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        """llama-cpp-python's server repeats a tool call's name in every streamed chunk; LangChain would join them
        into "lookup_druglookup_drug...". Keep each name once per call."""
        names: dict[int, str] = {}
        for chunk in super()._stream(*args, **kwargs):
            message = chunk.message
            if isinstance(message, AIMessageChunk) and message.tool_call_chunks:
                fixed = []
                for call in message.tool_call_chunks:
                    index = int(call.get("index") or 0)
                    if call.get("name") and names.get(index) == call["name"]:
                        call = {**call, "name": None, "id": None}
                    elif call.get("name"):
                        names[index] = call["name"]
                    fixed.append(call)
                extra = {k: v for k, v in message.additional_kwargs.items() if k != "tool_calls"}
                chunk = ChatGenerationChunk(
                    message=AIMessageChunk(content=message.content, tool_call_chunks=fixed, id=message.id,
                                           additional_kwargs=extra, response_metadata=message.response_metadata),
                    generation_info=chunk.generation_info)
            yield chunk
