"""Benchmark: what a one-shot CLI call costs next to ``clinical-assistant --help``, and the web app's cold start.

Each command is a fresh process, run ``--repeats`` times in turn with the others after one untimed run (which
compiles the tables into the data folder's cache, as ``setup`` does); the median wall time is printed with its ratio to ``--help`` (the aim is at
most 2x). The web app is timed from ``serve`` to the first reply of its /chat API (a cold process, warm caches).

Run: .venv/bin/python bench/bench_startup.py [--repeats 5] [--data-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

SCRIPT = Path(sys.executable).with_name("clinical-assistant")
ONE_SHOTS = {
    "--help": ["--help"],
    "drugs lookup": ["drugs", "lookup", "ibuprofen", "--json"],
    "drugs interactions (3 drugs)": ["drugs", "interactions", "warfarin", "ibuprofen", "sertraline", "--json"],
    "triage": ["triage", "chest pain spreading to my left arm and sweating", "--json"],
}
READY_TIMEOUT_S = 300


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(SCRIPT), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def web_first_reply(env: dict[str, str], data_dir: Path) -> float:
    """Seconds from starting ``serve`` to the first /chat reply (polling until the app answers)."""
    from gradio_client import Client  # the dev extra; only this measurement needs it

    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen([str(SCRIPT), "serve", "--port", str(port), "--data-dir", str(data_dir)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not _answers(f"http://127.0.0.1:{port}/config"):
            if server.poll() is not None or time.perf_counter() - start > READY_TIMEOUT_S:
                raise RuntimeError(f"serve did not start (exit code {server.poll()})")
            time.sleep(0.1)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        client.predict("I have a headache", "triage", "bench-first-reply", api_name="/chat")
        return time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="data folder to use (default: a new temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = {**os.environ, "CLINICAL_ASSISTANT_DATA_DIR": str(data_dir)}
    subprocess.run([str(SCRIPT), "setup", "--data-dir", str(data_dir)], env=env, stdout=subprocess.DEVNULL, check=True)
    for command in ONE_SHOTS.values():
        timed(command, env)  # compiles what this command reads, once
    runs: dict[str, list[float]] = {name: [] for name in ONE_SHOTS}
    for _ in range(args.repeats):  # round-robin, so a busy moment on the machine weighs on every command alike
        for name, command in ONE_SHOTS.items():
            runs[name].append(timed(command, env))
    seconds = {name: statistics.median(times) for name, times in runs.items()}
    help_s = seconds["--help"]
    rows = [{"command": name, "seconds": round(s, 3), "over_help": round(s / help_s, 2)} for name, s in seconds.items()]
    web_s = web_first_reply(env, data_dir)
    report = {"repeats": args.repeats, "one_shot": rows, "web_first_reply_s": round(web_s, 2),
              "max_over_help": max(r["over_help"] for r in rows), "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(report))
        return
    table = Table(title=f"One-shot CLI calls, median of {args.repeats} (aim: at most 2x --help)")
    for column in ("command", "seconds", "x --help"):
        table.add_column(column, justify="left" if column == "command" else "right")
    for row in rows:
        table.add_row(row["command"], f"{row['seconds']:.2f}", f"{row['over_help']:.2f}")
    console = Console()
    console.print(table)
    console.print(f"web app, start to first reply: {web_s:.1f} s (cold process, compiled caches)")


if __name__ == "__main__":
    main()
