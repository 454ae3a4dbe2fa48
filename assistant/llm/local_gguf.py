"""A local GGUF file as a LangChain chat model: langchain-community's ``ChatLlamaCpp`` with a lock.

A llama.cpp context runs one generation at a time, and the web app serves several turns at once, so every use of
the loaded model (chat, streaming, the sampler's direct logits) holds the model's own lock. Nothing else is added:
chat templates, JSON grammars and tool-call formats are llama-cpp-python's.
"""

from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr

from assistant.llm.errors import LLMUnavailable

with warnings.catch_warnings():  # langchain-community announces its sunset on import; ChatLlamaCpp still works
    warnings.filterwarnings("ignore", message=".*langchain-community.*", category=DeprecationWarning)
    from langchain_community.chat_models.llamacpp import ChatLlamaCpp

DEFAULT_N_CTX = 4096


class LockedChatLlamaCpp(ChatLlamaCpp):
    """``ChatLlamaCpp`` whose calls take turns on the one llama.cpp context."""

    _lock: threading.RLock = PrivateAttr(default_factory=threading.RLock)

    @contextmanager
    def locked(self) -> Iterator[Any]:
        """The underlying ``llama_cpp.Llama``, held for the caller alone."""
        with self._lock:
            yield self.client

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        with self._lock:
            return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

    def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            yield from super()._stream(messages, stop=stop, run_manager=run_manager, **kwargs)

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Runnable[Any, Any]:
        """Tools in OpenAI form; ``tool_choice`` None means "auto" (the model decides, as llama.cpp's
        chatml-function-calling format allows) and a tool name is sent in the dict form llama.cpp expects."""
        formatted = [convert_to_openai_tool(t) for t in tools]
        if tool_choice in (None, "auto", "any", True) and not (tool_choice is True and len(formatted) == 1):
            choice: Any = "auto"
        elif tool_choice is True or isinstance(tool_choice, str):
            name = formatted[0]["function"]["name"] if tool_choice is True else tool_choice
            choice = {"type": "function", "function": {"name": name}}
        else:
            choice = tool_choice
        return self.bind(tools=formatted, tool_choice=choice, **kwargs)

    @property
    def chat_template(self) -> str | None:
        """The chat template stored in the GGUF file, if any."""
        return (getattr(self.client, "metadata", None) or {}).get("tokenizer.chat_template")


def load_gguf(path: Path, options: dict[str, str], *, threads: int) -> LockedChatLlamaCpp:
    """Load a GGUF file (``options``: n_ctx, threads, seed, chat_format, max_tokens)."""
    if not path.is_file():
        raise LLMUnavailable(f"model file not found: {path}")
    chat_format = options.get("chat_format")
    try:
        return LockedChatLlamaCpp(
            model_path=str(path), n_ctx=int(options.get("n_ctx", DEFAULT_N_CTX)), n_batch=512,
            n_threads=int(options.get("threads", threads)), seed=int(options.get("seed", 1234)),
            temperature=0.2, max_tokens=int(options.get("max_tokens", 400)), repeat_penalty=1.1, verbose=False,
            model_kwargs={"chat_format": chat_format} if chat_format else {})
    except ImportError as err:
        raise LLMUnavailable("llama-cpp-python is not installed (install the 'llama' extra)") from err
    except ValueError as err:  # ChatLlamaCpp wraps load failures in ValueError
        raise LLMUnavailable(f"could not load {path.name}: {err}") from err
