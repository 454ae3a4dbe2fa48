"""A transformers causal LM as a LangChain chat model (``hf:PATH``; optional extra ``hf``).

A thin wrapper: the tokenizer's own chat template builds the prompt (a plain "system / user / Answer:" frame for
base models without one), ``generate`` streams through ``TextIteratorStreamer``, and ``n`` samples come from one
batched ``generate(num_return_sequences=n)`` that encodes the prompt once. No tool calling: ``hf:`` models
rephrase, they do not drive the agent.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from assistant.llm.errors import LLMUnavailable

PLAIN_FRAME = "{system}\n\n{user}\n\nAnswer:"


class ChatTransformers(BaseChatModel):
    model_path: str
    max_new_tokens: int = 256
    temperature: float = 0.2
    timeout_s: float = 60.0
    n: int = 1
    _loaded: tuple[Any, Any] = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def load(cls, path: str, *, timeout_s: float = 60.0) -> "ChatTransformers":
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer  # torch + transformers: the 'hf' extra
        except ImportError as err:
            raise LLMUnavailable("transformers and torch are not installed (install the 'hf' extra)") from err
        if not Path(path).expanduser().exists():
            raise LLMUnavailable(f"transformers model folder not found: {path}")
        try:
            tokenizer = AutoTokenizer.from_pretrained(path)
            model = AutoModelForCausalLM.from_pretrained(path)
        except (OSError, ValueError) as err:
            raise LLMUnavailable(f"could not load the transformers model {path!r}: {err}") from err
        model.eval()
        chat = cls(model_path=str(path), timeout_s=timeout_s)
        chat._loaded = (tokenizer, model)
        return chat

    @property
    def _llm_type(self) -> str:
        return "transformers"

    def _prompt(self, messages: list[BaseMessage]) -> str:
        tokenizer = self._loaded[0]
        turns = [{"role": {"human": "user", "ai": "assistant"}.get(m.type, m.type), "content": str(m.content)}
                 for m in messages]
        if getattr(tokenizer, "chat_template", None):
            return tokenizer.apply_chat_template(turns, tokenize=False, add_generation_prompt=True)
        system = "\n".join(t["content"] for t in turns if t["role"] == "system")
        user = "\n".join(t["content"] for t in turns if t["role"] != "system")
        return PLAIN_FRAME.format(system=system, user=user)

    def _run(self, messages: list[BaseMessage], n: int, temperature: float, max_new: int,
             streamer: Any = None) -> list[str]:
        import torch  # loaded with the model
        from transformers import MaxTimeCriteria, StoppingCriteriaList

        tokenizer, model = self._loaded
        inputs = tokenizer(self._prompt(messages), return_tensors="pt")
        inputs.pop("token_type_ids", None)
        sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        with torch.inference_mode():
            output = model.generate(**inputs, max_new_tokens=max_new, num_return_sequences=n, pad_token_id=pad,
                                    stopping_criteria=StoppingCriteriaList([MaxTimeCriteria(self.timeout_s)]),
                                    streamer=streamer, **sampling)
        return tokenizer.batch_decode(output[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        n = int(kwargs.get("n") or self.n)
        with self._lock:
            texts = self._run(messages, n, float(kwargs.get("temperature", self.temperature if n == 1 else 0.8)),
                              int(kwargs.get("max_tokens") or self.max_new_tokens))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=t)) for t in texts])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        from transformers import TextIteratorStreamer

        with self._lock:
            streamer = TextIteratorStreamer(self._loaded[0], skip_prompt=True, skip_special_tokens=True)
            failure: list[BaseException] = []

            def work() -> None:
                try:
                    self._run(messages, 1, float(kwargs.get("temperature", self.temperature)),
                              int(kwargs.get("max_tokens") or self.max_new_tokens), streamer)
                except BaseException as err:  # noqa: BLE001 - re-raised in the caller's thread
                    failure.append(err)
                    streamer.end()

            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            for piece in streamer:
                if piece:
                    yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
            worker.join()
        if failure:
            raise failure[0]
