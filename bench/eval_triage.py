"""Triage vignette benchmark: accuracy table plus per-turn latency (one-turn triage, warm caches).

Run: .venv/bin/python bench/eval_triage.py
"""

from __future__ import annotations

import statistics
import time

from rich.console import Console
from rich.table import Table

from assistant.settings import Settings
from assistant.triage.evaluate import evaluate, load_vignettes, print_report
from assistant.triage.one_turn import triage_text


def latency(settings: Settings, repeats: int = 1) -> dict[str, float]:
    texts = [v["text"] for v in load_vignettes()]
    triage_text(texts[0], settings, with_citations=False)  # warm the embedder and caches
    times = []
    for _ in range(repeats):
        for text in texts:
            start = time.perf_counter()
            triage_text(text, settings, with_citations=False)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "n": len(times)}


def main() -> None:
    settings = Settings()
    print_report(evaluate(settings))
    stats = latency(settings)
    table = Table(title="One-turn triage latency (no citations)")
    for column in ("turns", "median ms", "p95 ms"):
        table.add_column(column, justify="right")
    table.add_row(str(stats["n"]), f"{stats['median_ms']:.1f}", f"{stats['p95_ms']:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
