"""Benchmark: the cost of N=5 self-consistency samples against one sample (aim: at most 1.6x).

The samples share one prompt evaluation (llama.cpp keeps the prompt in its KV cache; OpenAI-compatible servers
get ``n``; transformers batches), so N samples should cost one prompt plus N short constrained decodes.
``--model SPEC`` picks the backend (default: the PyPI Gemma through llama.cpp); ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

CASE = ("58-year-old man, crushing central chest pain for 40 minutes spreading to the left arm and jaw, sweating "
        "and nauseous, history of high blood pressure and type 2 diabetes, smoker, pain not eased by rest.")
TARGET_RATIO = 1.6


def time_samples(backend, messages, n: int, repeats: int, schema) -> float:
    """Median seconds for one fresh N-sample draw (the cache is cleared by a different prompt first)."""
    times = []
    for _ in range(repeats):
        backend.chat([{"role": "user", "content": "Unrelated warm-up text to push the prompt out."}], max_tokens=1)
        start = time.perf_counter()
        backend.sample(messages, n=n, temperature=0.8, max_tokens=12, json_schema=schema)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(spec: str, n: int, repeats: int) -> dict:
    from assistant.llm.backends import get_backend
    from assistant.llm.sampling import URGENCY_SCHEMA, urgency_messages
    from assistant.settings import Settings

    backend = get_backend(Settings(model=spec, llm_timeout_s=600))
    messages = urgency_messages("", {"text": CASE})
    backend.sample(messages, n=1, max_tokens=4, json_schema=URGENCY_SCHEMA)  # load once
    one = time_samples(backend, messages, 1, repeats, URGENCY_SCHEMA)
    many = time_samples(backend, messages, n, repeats, URGENCY_SCHEMA)
    answers = backend.sample(messages, n=n, temperature=0.8, max_tokens=12, json_schema=URGENCY_SCHEMA)
    return {"model": spec, "n": n, "one_sample_s": round(one, 3), "n_samples_s": round(many, 3),
            "ratio": round(many / one, 2), "target_ratio": TARGET_RATIO, "within_target": many / one <= TARGET_RATIO,
            "answers": answers}


def main() -> None:
    from assistant.llm.llamacpp import PYPI_GEMMA

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=f"llamacpp:{PYPI_GEMMA}")
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.model, args.n, args.repeats)
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"Self-consistency cost - {result['model']}")
    for key in ("n", "one_sample_s", "n_samples_s", "ratio", "target_ratio", "within_target"):
        table.add_row(key, str(result[key]))
    Console().print(table)
    Console().print(f"samples: {result['answers']}")


if __name__ == "__main__":
    main()
