"""Benchmark: what a warm turn costs next to its floor, in every mode, and how the session store grows.

A turn's floor is the work it cannot avoid: the one parse and safety screen every turn runs first (in every mode),
then the engine's own work - an education question: one query embedding and one hybrid search; a triage message:
the assessment of the case; a pasted consultation: the note built from it; a drug question: the medicines found and their
interactions checked. The turn is the same
message through ``ClinicalAssistant.send`` - guard, route, engine, compose, check, the SQLite checkpoint and the
thread index - on a fresh thread each time, after one warm-up turn per mode. Printed: median ms of each and their
ratio (the aim is at most 3x), then the size of the session files after one 80-turn thread (the aim is under
5 MB: the store keeps the newest checkpoint, so it grows with the conversation, not with its square).

Run: .venv/bin/python bench/bench_turns.py [--repeats 10] [--thread-turns 80] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from assistant.drugs.interactions import check_interactions  # noqa: E402
from assistant.knowledge import Knowledge  # noqa: E402
from assistant.notes.build import read_note  # noqa: E402
from assistant.safety.screen import screen  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.triage.assess import assess  # noqa: E402
from assistant.triage.case import Case  # noqa: E402
from graphs import ClinicalAssistant  # noqa: E402

MESSAGES = {
    "education": ["what is the first-line treatment for asthma in adults?", "how is a copd flare managed?",
                  "when should a patient with a head injury get a CT scan?", "what is the target blood pressure "
                  "in diabetes?", "explain the signs of meningitis in children", "how do you diagnose heart "
                  "failure?"],
    "triage": ["I have had a sore throat for two days, no fever", "my 4 year old has a rash and a temperature of 38",
               "sharp pain in my lower right tummy since this morning", "I twisted my ankle and it is swollen",
               "I have been coughing for three weeks and lost weight", "headache behind my eyes for a day"],
    "documentation": [
        "Doctor: what brings you in? Patient: burning when I pee for two days. Doctor: any fever? Patient: no. "
        "Doctor: temperature 37.1, abdomen soft. Plan: nitrofurantoin 100 mg twice daily for 5 days.",
        "Clinician: how long has the cough lasted? Patient: about a week, with green phlegm. Clinician: any "
        "chest pain? Patient: none. Clinician: sats 97%, chest clear. Impression: acute bronchitis.",
        "Nurse: what happened? Patient: I cut my hand on a knife an hour ago. Nurse: are you up to date with "
        "tetanus? Patient: I think so. Nurse: 2 cm laceration, bleeding controlled. Plan: steri-strips.",
    ],
    "drugs": ["can I take ibuprofen with warfarin?", "does sertraline interact with tramadol?",
              "is it safe to combine simvastatin and clarithromycin?", "can I take amoxicillin with the pill?"],
}
MODE_OF = {"education": "education", "triage": "triage", "documentation": "documentation", "drugs": "education"}


def floors(knowledge: Knowledge) -> dict[str, Callable[[str], object]]:
    """Each mode's floor: the parse and safety screen every turn must run first, then the engine's own work."""
    def screened(text: str):
        findings = knowledge.parse(text)
        screen(findings, Case.of(findings), knowledge.triage_model, knowledge.safety, knowledge.lexicon.packs)
        return findings

    def education(text: str) -> object:
        screened(text)
        return knowledge.guidelines.search(text, 5)

    def documentation(text: str) -> object:
        screened(text)
        return read_note(text, knowledge)

    def triage(text: str) -> object:
        return assess(Case.of(screened(text)), knowledge.triage_model)

    def drugs(text: str) -> object:
        screened(text)
        return check_interactions(knowledge.drugs, [mention.name for mention in knowledge.find_drugs(text)])

    return {"education": education, "triage": triage, "documentation": documentation, "drugs": drugs}


def median_ms(function: Callable[[str], object], messages: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        for message in messages:
            started = time.perf_counter()
            function(message)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def turn_costs(assistant: ClinicalAssistant, repeats: int) -> list[dict]:
    floor_of = floors(assistant.knowledge)
    rows = []
    for name, messages in MESSAGES.items():
        mode = MODE_OF[name]
        counter = iter(range(10**6))
        assistant.send(f"warm-{name}", messages[0], mode=mode)
        floor_of[name](messages[0])
        turn = median_ms(lambda text: assistant.send(f"{name}-{next(counter)}", text, mode=mode), messages, repeats)
        floor = median_ms(floor_of[name], messages, repeats)
        rows.append({"mode": name, "turn_ms": round(turn, 1), "floor_ms": round(floor, 1),
                     "ratio": round(turn / floor, 2) if floor else None})
    return rows


def store_size(assistant: ClinicalAssistant, data_dir: Path, turns: int) -> dict:
    """One long thread through every mode; the session files' size after it (WAL folded in)."""
    cycle = [(MODE_OF[name], message) for name, messages in MESSAGES.items() for message in messages]
    for number in range(turns):
        mode, message = cycle[number % len(cycle)]
        assistant.send("long-thread", message, mode=mode)
    assistant.close()
    files = sorted(p for p in data_dir.glob("*.sqlite*"))
    return {"thread_turns": turns, "store_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
            "files": {p.name: p.stat().st_size for p in files}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--thread-turns", type=int, default=80)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    knowledge = Knowledge(load_settings())  # the user's built guideline index; sessions go to a scratch folder
    with tempfile.TemporaryDirectory() as scratch:
        settings = knowledge.settings.with_overrides(data_dir=Path(scratch), sessions="sqlite")
        with ClinicalAssistant(settings, knowledge=knowledge) as assistant:  # closed, so the store below is alone
            rows = turn_costs(assistant, args.repeats)
        store = store_size(ClinicalAssistant(settings, knowledge=knowledge), Path(scratch), args.thread_turns)
    report = {"modes": rows, "worst_ratio": max(r["ratio"] for r in rows), **store}
    if args.json:
        print(json.dumps(report))
        return
    table = Table(title="Warm turn against its floor (median ms, fresh thread per turn, SQLite store)",
                  title_justify="left")
    for column in ("mode", "turn ms", "floor ms", "turn / floor"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for row in rows:
        table.add_row(row["mode"], f"{row['turn_ms']:.1f}", f"{row['floor_ms']:.1f}", f"{row['ratio']:.2f}x")
    console = Console()
    console.print(table)
    console.print(f"Session store after one {store['thread_turns']}-turn thread: {store['store_mb']:.2f} MB "
                  f"({', '.join(f'{k} {v / 1e6:.2f} MB' for k, v in store['files'].items())})")


if __name__ == "__main__":
    main()
