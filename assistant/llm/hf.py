"""A transformers causal LM (optional extra ``hf``: transformers + torch==2.13.0 CPU).

``hf:PATH`` loads a saved model folder (or a hub id on machines with internet). Chat models use their chat
template; base models get a plain completion frame. Self-consistency samples come from one batched
``generate(num_return_sequences=N)``: the prompt is encoded once and the N continuations decode together.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from assistant.llm import prompts
from assistant.llm.backends import Completion, LLMError, LLMTimeout, LLMUnavailable, Message, ModelSpec, TokenSink
from assistant.settings import Settings


class TransformersBackend:
    def __init__(self, spec: ModelSpec, settings: Settings) -> None:
        self.spec = f"hf:{spec.target}"
        self.target = spec.target
        self.supports_tools = spec.tools
        self.timeout_s = settings.llm_timeout_s
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            try:
                import torch  # noqa: F401
                from transformers import AutoModelForCausalLM, AutoTokenizer
            except ImportError as err:
                raise LLMUnavailable("transformers and torch are not installed (install the 'hf' extra)") from err
            try:
                tokenizer = AutoTokenizer.from_pretrained(self.target)
                model = AutoModelForCausalLM.from_pretrained(self.target)
            except (OSError, ValueError) as err:
                raise LLMUnavailable(f"could not load the transformers model {self.target!r}: {err}") from err
            model.eval()
            self._loaded = (tokenizer, model)
        return self._loaded

    def _prompt(self, tokenizer: Any, messages: list[Message]) -> str:
        if getattr(tokenizer, "chat_template", None):
            return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        system = "\n".join(m.get("content") or "" for m in messages if m["role"] == "system")
        user = "\n".join(m.get("content") or "" for m in messages if m["role"] != "system")
        return prompts.PLAIN_FRAME.format(system=system, user=user)

    def _generate(self, messages: list[Message], *, n: int, temperature: float, max_tokens: int,
                  streamer: Any = None) -> tuple[list[str], int]:
        import torch
        from transformers import MaxTimeCriteria, StoppingCriteriaList

        tokenizer, model = self._load()
        inputs = tokenizer(self._prompt(tokenizer, messages), return_tensors="pt")
        inputs.pop("token_type_ids", None)
        sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        start = time.perf_counter()
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_tokens, num_return_sequences=n, pad_token_id=pad,
                                    stopping_criteria=StoppingCriteriaList([MaxTimeCriteria(self.timeout_s)]),
                                    streamer=streamer, **sampling)
        if time.perf_counter() - start > self.timeout_s:
            raise LLMTimeout(f"the transformers model took longer than {self.timeout_s:g} s")
        new = output[:, inputs["input_ids"].shape[1]:]
        return tokenizer.batch_decode(new, skip_special_tokens=True), int(new.shape[1])

    def chat(self, messages: list[Message], *, tools: list[dict[str, Any]] | None = None, temperature: float = 0.2,
             max_tokens: int = 512, json_schema: dict[str, Any] | None = None,
             on_token: TokenSink | None = None) -> Completion:
        from transformers import TextIteratorStreamer

        with self._lock:
            tokenizer, _ = self._load()
            streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
            result: dict[str, Any] = {}

            def work() -> None:
                try:
                    result["texts"], result["tokens"] = self._generate(messages, n=1, temperature=temperature,
                                                                       max_tokens=max_tokens, streamer=streamer)
                except Exception as err:  # noqa: BLE001 - re-raised in the caller's thread
                    result["error"] = err
                    streamer.end()

            start = time.perf_counter()
            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            first, pieces = None, []
            for piece in streamer:
                if piece:
                    first = first if first is not None else time.perf_counter() - start
                    pieces.append(piece)
                    if on_token:
                        on_token(piece)
            worker.join()
        if "error" in result:
            error = result["error"]
            raise error if isinstance(error, LLMError) else LLMError(f"transformers failed: {error}")
        return Completion(result["texts"][0], [], result["tokens"], first, time.perf_counter() - start)

    def sample(self, messages: list[Message], *, n: int, temperature: float = 0.8, max_tokens: int = 16,
               json_schema: dict[str, Any] | None = None) -> list[str]:
        with self._lock:
            try:
                texts, _ = self._generate(messages, n=n, temperature=max(temperature, 1e-3), max_tokens=max_tokens)
            except LLMError:
                raise
            except Exception as err:  # noqa: BLE001
                raise LLMError(f"transformers failed: {err}") from err
        return texts
