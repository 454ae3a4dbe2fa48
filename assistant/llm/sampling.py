"""Self-consistency with a language model: N sampled answers that share one prompt prefix, cast as ballots.

``choice_samples`` draws N answers to a one-field enum question ({"level": "<emergency|urgent|...>"}) so that
they cost about one call:
- a local GGUF evaluates the prompt plus the JSON prefix ``{"level": "`` once and draws N answers from the
  softmax of the options' first-token logits at the sampling temperature - the same distribution as N
  grammar-constrained completions, since the options start with different tokens;
- an OpenAI-compatible server is asked for ``n`` choices in one request (vLLM shares the prefix in its cache);
  servers that return fewer (llama.cpp's) get the rest as follow-up requests whose prompt the server's KV cache
  already holds, so each costs only its few answer tokens;
- any other chat model (tests' fakes, transformers) is simply called N times.
``urgency_voter`` and ``quiz_voter`` turn the samples into ``Voter`` ballots for assistant/voting: the voter draws
all N samples on its first ballot, keeps them for the others, and is built per question (nothing global).
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any, Sequence

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.artifacts import LEVELS
from assistant.llm import prompts
from assistant.voting import Voter

TEMPERATURE = 0.8
NOSTREAM = {"tags": ["nostream"]}  # LangGraph's tag: ballots are not tokens for the chat window


def enum_schema(field: str, options: Sequence[str]) -> dict[str, Any]:
    return {"type": "object", "properties": {field: {"type": "string", "enum": list(options)}}, "required": [field]}


def json_field(raw: str, name: str) -> str | None:
    """The field from a JSON answer; plain text (a model that ignored the format) is passed on for normalising."""
    match = re.search(r"\{.*\}", raw or "", re.S)
    if match:
        try:
            value = json.loads(match.group(0)).get(name)
            return str(value) if value is not None else None
        except (ValueError, AttributeError):
            pass
    return (raw or "").strip() or None


def structured_json(model: BaseChatModel, messages: list[BaseMessage], schema: dict[str, Any],
                    **options: Any) -> str:
    """One completion constrained to ``schema``: llama.cpp's JSON grammar (local or server), else the OpenAI
    ``json_schema`` response format; the raw text is returned for the caller to read."""
    local = hasattr(model, "locked")
    fmt = {"type": "json_object", "schema": schema}
    if not local and getattr(model, "openai_api_base", None) and "json=object" not in str(options.pop("spec", "")):
        try:
            return str(model.invoke(messages, config=NOSTREAM, response_format={
                "type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}, **options).content)
        except Exception as err:  # noqa: BLE001 - llama.cpp's server only knows json_object with a schema
            if "response_format" not in str(err) and "json_object" not in str(err):
                raise
    if local or getattr(model, "openai_api_base", None):
        return str(model.invoke(messages, config=NOSTREAM, response_format=fmt, **options).content)
    return str(model.invoke(messages, config=NOSTREAM, **options).content)


def _chatml(messages: list[BaseMessage]) -> str:
    role = {"system": "system", "human": "user", "ai": "assistant"}
    body = "".join(f"<|im_start|>{role.get(m.type, 'user')}\n{m.content}<|im_end|>\n" for m in messages)
    return body + "<|im_start|>assistant\n"


def _local_prompt(model: Any, llm: Any, messages: list[BaseMessage]) -> str | None:
    """The prompt llama-cpp-python builds for these messages (ChatML formats and templates only)."""
    chat_format = (model.model_kwargs or {}).get("chat_format") or ""
    template = (getattr(llm, "metadata", None) or {}).get("tokenizer.chat_template") or ""
    if chat_format.startswith("chatml") or (not chat_format and "<|im_start|>" in template):
        return _chatml(messages)
    return None


def _local_choice_samples(model: Any, messages: list[BaseMessage], field: str, options: list[str], n: int,
                          temperature: float, seed: int) -> list[str] | None:
    with model.locked() as llm:
        prompt = _local_prompt(model, llm, messages)
        if prompt is None:
            return None
        prefix = prompt + json.dumps({field: ""})[:-2]  # '{"level": "'
        base = llm.tokenize(prefix.encode("utf-8"), add_bos=True, special=True)
        firsts = []
        for option in options:
            full = llm.tokenize((prefix + option).encode("utf-8"), add_bos=True, special=True)
            if full[:len(base)] != base or len(full) == len(base):
                return None  # the option merges with the prefix: first tokens are not separable
            firsts.append(full[len(base)])
        if len(set(firsts)) != len(firsts):
            return None
        llm.reset()
        llm.eval(base)
        logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))  # noqa: SLF001
        chosen = logits[firsts].astype(np.float64)
    rng = np.random.default_rng(seed)
    if temperature <= 0:
        picks = [int(np.argmax(chosen))] * n
    else:
        scaled = np.exp((chosen - chosen.max()) / temperature)
        picks = rng.choice(len(options), size=n, p=scaled / scaled.sum()).tolist()
    return [json.dumps({field: options[i]}) for i in picks]


def choice_samples(model: BaseChatModel, messages: list[BaseMessage], field: str, options: Sequence[str], n: int,
                   *, temperature: float = TEMPERATURE, seed: int = 1234) -> list[str]:
    """N raw JSON answers ``{field: option}`` sharing one prompt evaluation where the backend allows it."""
    options = list(options)
    if hasattr(model, "locked"):
        fast = _local_choice_samples(model, messages, field, options, n, temperature, seed)
        if fast is not None:
            return fast
    schema = enum_schema(field, options)
    answers: list[str] = []
    if getattr(model, "openai_api_base", None):
        batch = model.model_copy(update={"streaming": False, "n": n, "temperature": temperature, "max_tokens": 16})
        result = batch.generate([messages], tags=NOSTREAM["tags"], response_format={"type": "json_object",
                                                                                      "schema": schema})
        answers = [g.text for g in result.generations[0]]
    while len(answers) < n:  # prefix already cached by the server (or no server): only the answer tokens are new
        answers.append(structured_json(model, messages, schema, temperature=temperature, max_tokens=16))
    return answers[:n]


def _cached_ballots(draw: Any, n: int, field: str, name: str) -> Voter:
    lock, drawn = threading.Lock(), []

    def rate(question: str, context: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001 - fixed per voter
        with lock:  # the first ballot draws all N samples; the others wait and read them
            if not drawn:
                drawn.extend(draw())
        index = int(context.get("sample", 0))
        if index >= len(drawn):
            return {"answer": None, "rationale": f"the model returned {len(drawn)} of {n} samples"}
        raw = drawn[index]
        return {"answer": json_field(raw, field), "rationale": f"model sample {index + 1}: {raw.strip()[:80]}"}

    return Voter(name, rate, samples=n, kind="llm")


def urgency_messages(text: str) -> list[BaseMessage]:
    return [SystemMessage(prompts.URGENCY_SYSTEM), HumanMessage(prompts.URGENCY_USER.format(text=text))]


def urgency_voter(model: BaseChatModel, text: str, n: int, temperature: float = TEMPERATURE) -> Voter:
    """N sampled urgency ballots on ``text`` (the red-flag veto still applies in the vote)."""
    return _cached_ballots(lambda: choice_samples(model, urgency_messages(text), "level", LEVELS, max(1, n),
                                                  temperature=temperature), max(1, n), "level", "llm_urgency")


def quiz_voter(model: BaseChatModel, question: str, options: list[dict[str, str]], n: int) -> Voter:
    """N sampled answers to a multiple-choice item, by letter."""
    letters = [o["letter"].upper() for o in options]
    listing = "\n".join(f"{o['letter']}. {o['text']}" for o in options)
    messages = [SystemMessage(prompts.QUIZ_SYSTEM),
                HumanMessage(prompts.QUIZ_USER.format(question=question, options=listing))]
    return _cached_ballots(lambda: choice_samples(model, messages, "answer", letters, max(1, n)), max(1, n),
                           "answer", "llm_quiz")
