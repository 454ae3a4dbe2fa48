"""Documentation mode: fact-extraction quality on the written transcripts plus note build timing.

Prints the recall / precision / negation table (same numbers as ``python -m assistant.notes.evaluate``), then
the time to build a full note (facts, ICD-10-CM suggestions, interaction check, Markdown and FHIR export) for the
first transcript cold and warm, and for a 100 kB transcript (the largest the graph accepts).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.notes.dialogue import build_note  # noqa: E402
from assistant.notes.evaluate import evaluate, load_transcripts, print_table  # noqa: E402
from assistant.notes.extract import extract_facts  # noqa: E402
from assistant.notes.transcript import parse_transcript  # noqa: E402


def _timed(text: str) -> float:
    start = time.perf_counter()
    build_note(extract_facts(parse_transcript(text)))
    return time.perf_counter() - start


def main() -> None:
    cases = load_transcripts()
    first = cases[0]["transcript"]
    cold = _timed(first)
    warm = min(_timed(first) for _ in range(3))
    print_table(evaluate(cases))
    held_out = [case for case in cases if case.get("split") == "held_out"]
    if held_out:
        print("\nHeld-out subset:")
        print_table(evaluate(held_out))
    big = "\n".join(case["transcript"] for case in cases)
    big = (big * (100_000 // len(big) + 1))[:100_000]
    print()
    print(f"{'note build':<28}{'seconds':>9}")
    print(f"{'first transcript, cold':<28}{cold:>9.2f}")
    print(f"{'first transcript, warm':<28}{warm:>9.2f}")
    print(f"{'100 kB transcript':<28}{_timed(big):>9.2f}")


if __name__ == "__main__":
    main()
