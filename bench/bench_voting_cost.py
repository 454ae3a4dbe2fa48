"""Benchmark: the cost of N=5 self-consistency samples against one sample (aim: at most 1.6x).

The samples share one prompt evaluation: a local GGUF evaluates the prompt and the JSON prefix once and draws the
N answers from the options' first-token distribution (assistant/llm/sampling.py); an OpenAI-compatible server
gets ``n`` (llama.cpp's server ignores it, so the rest are follow-ups whose prompt its KV cache already holds).
Cost is shown both in seconds and in prompt tokens evaluated (local GGUF), which does not depend on machine load.
``--model SPEC`` picks the model (default SmolLM2 in-process); ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langchain_core.messages import HumanMessage  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from assistant.artifacts import LEVELS  # noqa: E402
from assistant.llm.models import build_chat_model, parse_spec  # noqa: E402
from assistant.llm.sampling import choice_samples, urgency_messages  # noqa: E402
from assistant.settings import Settings  # noqa: E402

CASE = ("58-year-old man, crushing central chest pain for 40 minutes spreading to the left arm and jaw, sweating "
        "and nauseous, history of high blood pressure and type 2 diabetes, smoker, pain not eased by rest.")
TARGET_RATIO = 1.6


class EvalCounter:
    """Counts the tokens a local llama.cpp model evaluates (prompt and decode alike)."""

    def __init__(self, model) -> None:
        self.tokens = 0
        llm = getattr(model, "client", None)
        if llm is not None and hasattr(llm, "eval"):
            real = llm.eval

            def counted(tokens):
                self.tokens += len(tokens)
                return real(tokens)

            llm.eval = counted


def draw(model, counter: EvalCounter, n: int, repeats: int) -> tuple[float, int, list[str]]:
    """Median seconds and evaluated tokens of one fresh N-sample draw (the prompt cache is cleared first)."""
    times, tokens, answers = [], [], []
    for _ in range(repeats):
        model.invoke([HumanMessage("Unrelated warm-up text to push the prompt out.")], max_tokens=1)
        before = counter.tokens
        start = time.perf_counter()
        answers = choice_samples(model, urgency_messages(CASE), "level", LEVELS, n)
        times.append(time.perf_counter() - start)
        tokens.append(counter.tokens - before)
    return statistics.median(times), int(statistics.median(tokens)), answers


def run(spec: str, base_url: str | None, n: int, repeats: int) -> dict:
    model = build_chat_model(Settings(model=f"{spec}{'&' if '?' in spec else '?'}first_token_s=600",
                                      llm_base_url=base_url, llm_timeout_s=600))
    counter = EvalCounter(model)
    choice_samples(model, urgency_messages(CASE), "level", LEVELS, 1)  # load once
    one_s, one_tokens, _ = draw(model, counter, 1, repeats)
    many_s, many_tokens, answers = draw(model, counter, n, repeats)
    ratio = many_s / one_s
    return {"model": parse_spec(spec).label, "n": n, "one_sample_s": round(one_s, 3), "n_samples_s": round(many_s, 3),
            "ratio_time": round(ratio, 2), "one_sample_tokens": one_tokens or None,
            "n_samples_tokens": many_tokens or None,
            "ratio_tokens": round(many_tokens / one_tokens, 2) if one_tokens else None,
            "target_ratio": TARGET_RATIO, "within_target": ratio <= TARGET_RATIO,
            "answers": [json.loads(a).get("level") if a.strip().startswith("{") else a for a in answers],
            "load_average_1m": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--base-url", default=None)
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.model, args.base_url, args.n, args.repeats)
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"Self-consistency cost - {result['model']}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
