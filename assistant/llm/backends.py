"""Backend registry: one spec string (``settings.model``) -> one chat backend.

Specs: ``none`` | ``openai:MODEL`` | ``llamacpp:PATH_OR_REPO/FILE`` | ``hf:PATH`` | ``scripted:FILE``. Options
follow a ``?`` like a URL query (``llamacpp:model.gguf?chat_format=gemma&n_ctx=2048``, ``openai:m?tools=off``).
Backends share one small interface so the agent, the composer and the sampler do not care which one runs.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol
from urllib.parse import parse_qsl

from assistant.settings import Settings

TokenSink = Callable[[str], None]
Message = dict[str, Any]  # OpenAI chat format: {"role", "content", "tool_calls"?, "tool_call_id"?}

BACKENDS: dict[str, str] = {  # spec prefix -> "module:factory"
    "openai": "assistant.llm.openai_compat:OpenAICompatBackend",
    "llamacpp": "assistant.llm.llamacpp:LlamaCppBackend",
    "hf": "assistant.llm.hf:TransformersBackend",
    "scripted": "assistant.llm.scripted:ScriptedBackend",
}
TOOL_CAPABLE_BY_DEFAULT = {"openai": True, "scripted": True, "llamacpp": False, "hf": False}


class LLMError(RuntimeError):
    """The backend failed: down, too slow, or it answered with something unusable."""


class LLMUnavailable(LLMError):
    """The backend cannot be used on this machine (package missing, model file missing, offline)."""


class LLMTimeout(LLMError):
    """The backend took longer than settings.llm_timeout_s."""


@dataclass
class ToolCall:
    id: str
    name: str
    args: dict[str, Any]


@dataclass
class Completion:
    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    tokens: int = 0  # generated tokens (approximate where the backend does not say)
    ttft_s: float | None = None  # time to first token
    elapsed_s: float = 0.0


class Backend(Protocol):
    spec: str
    supports_tools: bool

    def chat(self, messages: list[Message], *, tools: list[dict[str, Any]] | None = None, temperature: float = 0.2,
             max_tokens: int = 512, json_schema: dict[str, Any] | None = None,
             on_token: TokenSink | None = None) -> Completion: ...

    def sample(self, messages: list[Message], *, n: int, temperature: float = 0.8, max_tokens: int = 16,
               json_schema: dict[str, Any] | None = None) -> list[str]: ...


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # none | openai | llamacpp | hf | scripted
    target: str  # model name, path or repo/file
    options: dict[str, str]

    @property
    def tools(self) -> bool:
        flag = self.options.get("tools")
        if flag is None:
            return TOOL_CAPABLE_BY_DEFAULT.get(self.kind, False)
        return flag.lower() not in ("0", "off", "false", "no")


def parse_spec(spec: str | None) -> ModelSpec:
    """Read a model spec; unknown prefixes are a clear error, not a silent grounded-only run."""
    raw = (spec or "none").strip()
    if raw.lower() in ("", "none", "off"):
        return ModelSpec("none", "", {})
    kind, sep, rest = raw.partition(":")
    kind = kind.lower()
    if kind not in BACKENDS:
        raise ValueError(f"Unknown model backend {kind!r} in {raw!r}; use one of: none, {', '.join(BACKENDS)}.")
    target, _, query = rest.partition("?")
    if not target and kind != "scripted":
        raise ValueError(f"The model spec {raw!r} names no model: write {kind}:MODEL.")
    return ModelSpec(kind, target, dict(parse_qsl(query)))


def llm_enabled(settings: Settings) -> bool:
    return parse_spec(settings.model).kind != "none"


def tool_capable(settings: Settings) -> bool:
    """Whether the configured model should drive the tool-calling agent (decided from the spec, no loading)."""
    try:
        spec = parse_spec(settings.model)
    except ValueError:
        return False
    return spec.kind != "none" and spec.tools


_CACHE: dict[tuple[Any, ...], Backend] = {}
_LOCK = threading.Lock()


def get_backend(settings: Settings) -> Backend:
    """The backend for these settings, built once per (spec, URL, key env, timeout) and then reused."""
    spec = parse_spec(settings.model)
    if spec.kind == "none":
        raise LLMUnavailable("No language model is configured (model = none).")
    key = (settings.model, settings.llm_base_url, settings.llm_api_key_env, settings.llm_timeout_s)
    with _LOCK:
        if key not in _CACHE:
            module_name, _, factory = BACKENDS[spec.kind].partition(":")
            cls = getattr(importlib.import_module(module_name), factory)
            _CACHE[key] = cls(spec, settings)
        return _CACHE[key]


def forget_backends() -> None:
    """Drop cached backends (tests, or after the model file changed)."""
    with _LOCK:
        _CACHE.clear()
