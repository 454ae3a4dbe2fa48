"""Benchmark: LLM decode speed next to this machine's memory-bandwidth bound, and time to first token.

Decoding one token reads every weight once, so tokens/s cannot beat (memory bandwidth / model bytes). The
bandwidth is measured in the same run with a numpy copy (read + write of a buffer far larger than the caches).
Default model: the PyPI Gemma 3 270M GGUF through llama.cpp (a speed test model, not a clinical one).
``--model SPEC`` benchmarks another backend; ``--json`` prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

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


def model_bytes(backend) -> int | None:
    path = getattr(backend, "model_path", None)
    return Path(path).stat().st_size if path else None


def run(spec: str, runs: int, max_tokens: int) -> dict:
    from assistant.llm.backends import get_backend
    from assistant.settings import Settings

    backend = get_backend(Settings(model=spec, llm_timeout_s=600))
    started = time.perf_counter()
    backend.chat([{"role": "user", "content": "Hi"}], max_tokens=1)  # load once, outside the timings
    load_s = time.perf_counter() - started
    ttfts, speeds = [], []
    for _ in range(runs):
        out = backend.chat([{"role": "user", "content": PROMPT}], temperature=0.0, max_tokens=max_tokens)
        ttfts.append(out.ttft_s or 0.0)
        decode = out.elapsed_s - (out.ttft_s or 0.0)
        if out.tokens > 1 and decode > 0:
            speeds.append((out.tokens - 1) / decode)
    bandwidth = memory_bandwidth_gb_s()
    size = model_bytes(backend)
    bound = bandwidth * 1e9 / size if size else None
    tokens_per_s = statistics.median(speeds) if speeds else None
    return {"model": spec, "load_s": round(load_s, 2), "ttft_s": round(statistics.median(ttfts), 4),
            "tokens_per_s": round(tokens_per_s, 1) if tokens_per_s else None,
            "bandwidth_gb_s": round(bandwidth, 2), "model_mb": round(size / 1e6, 1) if size else None,
            "bound_tokens_per_s": round(bound, 1) if bound else None,
            "share_of_bound": round(tokens_per_s / bound, 3) if bound and tokens_per_s else None}


def main() -> None:
    from assistant.llm.llamacpp import PYPI_GEMMA

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=f"llamacpp:{PYPI_GEMMA}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.model, args.runs, args.max_tokens)
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"LLM decode speed - {result['model']}")
    for key in ("load_s", "ttft_s", "tokens_per_s", "bandwidth_gb_s", "model_mb", "bound_tokens_per_s",
                "share_of_bound"):
        table.add_row(key, str(result[key]))
    Console().print(table)


if __name__ == "__main__":
    main()
