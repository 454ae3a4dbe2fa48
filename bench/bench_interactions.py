"""Benchmark: a 20-drug medication list checked end to end (all 190 pairs).

Prints load time (first call: loading the drug catalogue - names, monographs, FDA NDC classes, interaction
tables - plus the first check), warm check time over repeated runs, peak resident memory of the process (RSS;
tracemalloc would slow the run ~10x), and the severity counts. ``--json`` prints one JSON object instead of a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import resource
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.progress import track  # noqa: E402
from rich.table import Table  # noqa: E402

from assistant.drugs.interactions import check_interactions  # noqa: E402
from knowledge.drugs.catalogue import DrugCatalogue  # noqa: E402

DRUGS = ["warfarin", "Advil", "simvastatin", "clarithromycin", "Zoloft", "tramadol", "lisinopril", "spironolactone",
         "sildenafil", "nitroglycerin", "paracetamol", "metformin", "amoxicillin", "omeprazole", "amlodipine",
         "metoprolol", "levothyroxine", "furosemide", "aspirin", "salbutamol"]


def run(repeats: int, show_progress: bool) -> dict:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    catalogue = DrugCatalogue.load()
    first = check_interactions(catalogue, DRUGS)
    load_s = time.perf_counter() - start
    timings = []
    loop = track(range(repeats), description="Checking 190 pairs") if show_progress else range(repeats)
    for _ in loop:
        t0 = time.perf_counter()
        report = check_interactions(catalogue, DRUGS)
        timings.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux -> MB
    return {
        "drugs": len(DRUGS),
        "pairs": len({(f.a_input, f.b_input) for f in report.interactions}),
        "first_call_s": round(load_s, 3),
        "warm_median_ms": round(statistics.median(timings) * 1000, 2),
        "warm_max_ms": round(max(timings) * 1000, 2),
        "repeats": repeats,
        "peak_rss_mb": round(peak, 1),
        "rss_added_by_drug_data_mb": round(peak - rss_before, 1),
        "counts": first.counts,
        "unchecked": len(first.unchecked),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(max(1, args.repeats), show_progress=not args.json)
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title="Interaction check: 20 drugs, all pairs")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key.replace("_", " "), json.dumps(value) if isinstance(value, dict) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
