"""N samples of a one-field enum answer from a single llama.cpp prompt evaluation.

With a JSON grammar such as {"level": "<emergency|urgent|routine|self_care>"}, a completion is fixed once its
first answer token is chosen, provided the options start with different tokens. So the prompt plus the JSON
prefix is evaluated once, the options' first-token logits are read, and N answers are drawn from
softmax(logits / temperature): the same distribution as N grammar-constrained completions at that temperature,
for the cost of one. When the options share a first token, or the chat format is unknown, callers fall back to
ordinary completions.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np


def enum_field(schema: dict[str, Any] | None) -> tuple[str, list[str]] | None:
    """(field, options) when the schema is an object with one required string-enum field."""
    if not schema or schema.get("type") != "object":
        return None
    required = schema.get("required") or []
    props = schema.get("properties") or {}
    if len(required) != 1 or len(props) != 1 or required[0] not in props:
        return None
    options = props[required[0]].get("enum")
    if not options or not all(isinstance(o, str) and o for o in options):
        return None
    return required[0], list(options)


def chat_prompt(llm: Any, chat_format: str | None, messages: list[dict[str, Any]]) -> str | None:
    """The prompt text llama-cpp-python would build for these messages, for the formats we know."""
    from llama_cpp import llama_chat_format as formats

    named = {"gemma": formats.format_gemma, "chatml": formats.format_chatml, "llama-2": formats.format_llama2,
             "mistral-instruct": formats.format_mistral_instruct}
    if chat_format:
        formatter = named.get(chat_format)
        return formatter(messages=messages).prompt if formatter else None
    template = (getattr(llm, "metadata", None) or {}).get("tokenizer.chat_template")
    if not template:
        return None
    vocab = llm._model  # noqa: SLF001 - token texts for the template's bos/eos
    formatter = formats.Jinja2ChatFormatter(template=template, eos_token=vocab.token_get_text(vocab.token_eos()),
                                            bos_token=vocab.token_get_text(vocab.token_bos()))
    return formatter(messages=messages).prompt


def choice_samples(llm: Any, chat_format: str | None, messages: list[dict[str, Any]],
                   choice: tuple[str, list[str]], n: int, temperature: float, seed: int) -> list[str] | None:
    """N JSON answers drawn from one prompt evaluation, or None when this shortcut does not apply."""
    field, options = choice
    try:
        prompt = chat_prompt(llm, chat_format, messages)
    except Exception:  # noqa: BLE001 - an unusual template: use the ordinary path
        return None
    if prompt is None:
        return None
    prefix = prompt + json.dumps({field: ""})[:-2]  # '{"level": "'
    prefix_tokens = llm.tokenize(prefix.encode("utf-8"), add_bos=True, special=True)
    firsts = []
    for option in options:
        full = llm.tokenize((prefix + option).encode("utf-8"), add_bos=True, special=True)
        if full[:len(prefix_tokens)] != prefix_tokens or len(full) == len(prefix_tokens):
            return None  # the option merges with the prefix: first tokens are not cleanly separable
        firsts.append(full[len(prefix_tokens)])
    if len(set(firsts)) != len(firsts):
        return None
    llm.reset()
    llm.eval(prefix_tokens)
    logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))  # noqa: SLF001
    chosen = logits[firsts].astype(np.float64)
    rng = np.random.default_rng(seed)
    if temperature <= 0:
        picks = [int(np.argmax(chosen))] * n
    else:
        scaled = (chosen - chosen.max()) / temperature
        probs = np.exp(scaled) / np.exp(scaled).sum()
        picks = rng.choice(len(options), size=n, p=probs).tolist()
    return [json.dumps({field: options[i]}) for i in picks]
