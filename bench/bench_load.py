"""Load over loopback HTTP: 1 session, then N concurrent sessions, against a real `clinical-assistant serve`.

Each session sends a fixed mix of turns (a guideline question, a triage message, a drug question) and then reads
its own history, through one of the server's two HTTP APIs: ``rest`` (``POST /api/chat``: one request a turn, what
scripts and embedding apps use) or ``gradio`` (``/gradio_api/call/chat``: submit plus event stream through the same
Gradio queue the browser uses). Printed, in one run, for each API asked for: p50/p95 turn latency, throughput,
errors, cross-session leaks (a session seeing another's marker word), peak memory of the server's process tree, and
the queueing floor - the p95 no server could beat on this machine (N sessions x median single-session turn time /
cores). The clients run on the same cores as the server, as they would in the test suite.

Run: .venv/bin/python bench/bench_load.py [--sessions 50] [--turns 6] [--workers 0] [--api rest,gradio]
     [--sessions-store URL] [--chroma-url URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TURNS = (("education", "what is the first-line treatment for asthma in adults? ({marker})"),
         ("triage", "I have had a sore throat for two days, no fever ({marker})"),
         ("education", "can I take ibuprofen with warfarin? ({marker})"))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, workers: int, extra_env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [str(Path(sys.executable).with_name("clinical-assistant")), "serve", "--port", str(port),
               "--data-dir", str(data_dir), "--workers", str(workers)]
    environ = {**os.environ, "CLINICAL_ASSISTANT_CONCURRENCY_LIMIT": "64", **extra_env}
    subprocess.run([command[0], "setup", "--data-dir", str(data_dir)], check=True, env=environ,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environ, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((data_dir / "server.log").read_text()[-3000:])
        try:
            if httpx.get(url + "/config", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("server did not start")


def gradio_call(client: httpx.Client, url: str, api: str, data: list) -> list:
    """One call of a Gradio API endpoint over plain HTTP (submit, then read the event stream)."""
    event = client.post(f"{url}/gradio_api/call/{api}", json={"data": data}).json()["event_id"]
    with client.stream("GET", f"{url}/gradio_api/call/{api}/{event}") as response:
        kind = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(line)
                return json.loads(line.split(":", 1)[1])
    raise RuntimeError("no result")


class RestClient:
    """The JSON API: one POST a turn; the thread's history from GET /api/threads/<id>."""

    def __init__(self, client: httpx.Client, url: str, key: str) -> None:
        self.client, self.url, self.headers = client, url, {"X-Client-Key": key}

    def turn(self, text: str, mode: str, thread: str) -> tuple[str, bool]:
        response = self.client.post(f"{self.url}/api/chat", headers=self.headers,
                                    json={"message": text, "mode": mode, "thread_id": thread})
        response.raise_for_status()
        payload = response.json()
        return payload["reply"], payload["accepted"]

    def history(self, thread: str) -> str:
        response = self.client.get(f"{self.url}/api/threads/{thread}", headers=self.headers)
        response.raise_for_status()
        return response.text


class GradioClient:
    """The Gradio API over plain HTTP: submit, then read the event stream, as gradio_client does."""

    def __init__(self, client: httpx.Client, url: str, key: str) -> None:
        self.client, self.url, self.key = client, url, key

    def turn(self, text: str, mode: str, thread: str) -> tuple[str, bool]:
        result = gradio_call(self.client, self.url, "chat", [text, mode, thread, self.key])
        reply, payload = result[0] if len(result) == 1 else result
        return reply, json.loads(payload).get("accepted", False)

    def history(self, thread: str) -> str:
        return json.dumps(gradio_call(self.client, self.url, "history", [thread, self.key])[0])


APIS = {"rest": RestClient, "gradio": GradioClient}


def session(url: str, turns: int, api: str) -> dict:
    """One user: a private key and marker word, ``turns`` turns, then its own history."""
    marker, key = "zq" + uuid.uuid4().hex[:8], uuid.uuid4().hex + uuid.uuid4().hex
    thread = "load-" + uuid.uuid4().hex[:12]
    latencies, errors = [], 0
    seen: list[str] = []
    with httpx.Client(timeout=600) as client:
        user = APIS[api](client, url, key)
        for index in range(turns):
            mode, text = TURNS[index % len(TURNS)]
            start = time.perf_counter()
            try:
                reply, accepted = user.turn(text.format(marker=marker), mode, thread)
                latencies.append(time.perf_counter() - start)
                errors += not accepted
                seen.append(reply)
            except Exception:  # noqa: BLE001 - an error is a measured outcome here
                errors += 1
        try:
            seen.append(user.history(thread))
        except Exception:  # noqa: BLE001
            errors += 1
    return {"marker": marker, "latencies": latencies, "errors": errors, "seen": " ".join(seen)}


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            stack += [int(child) for child in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run(url: str, sessions: int, turns: int, pid: int, api: str) -> dict:
    peak = [tree_rss_mb(pid)]
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.5):
            peak.append(tree_rss_mb(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        results = list(pool.map(lambda _: session(url, turns, api), range(sessions)))
    elapsed = time.perf_counter() - start
    stop.set()
    latencies = sorted(x for r in results for x in r["latencies"])
    markers = [r["marker"] for r in results]
    leaks = sum(1 for r in results for m in markers if m != r["marker"] and m in r["seen"])
    return {
        "sessions": sessions, "turns": len(latencies), "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50_s": statistics.median(latencies) if latencies else None,
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "errors": sum(r["errors"] for r in results), "leaks": leaks, "peak_rss_mb": max(peak),
    }


def measure(url: str, pid: int, api: str, sessions: int, turns: int) -> dict:
    """Warm every path, then one session alone, then ``sessions`` at once; the ratios the issue asks for."""
    run(url, 2, 3, pid, api)
    single = run(url, 1, turns * 5, pid, api)
    many = run(url, sessions, turns, pid, api)
    cores = os.cpu_count() or 1
    floor = sessions * (single["p50_s"] or 0) / cores
    return {"api": api, "single": single, "concurrent": many,
            "throughput_ratio": many["throughput"] / single["throughput"] if single["throughput"] else None,
            "queueing_floor_s": floor, "p95_over_floor": (many["p95_s"] or 0) / floor if floor else None,
            "leaks": many["leaks"] + single["leaks"], "errors": many["errors"] + single["errors"]}


def print_table(result: dict, sessions: int, cores: int) -> None:
    single, many = result["single"], result["concurrent"]
    print(f"\n{result['api']} API{'':<14}{'1 session':>12}{f'{sessions} sessions':>14}")
    for key, label in (("turns", "turns"), ("p50_s", "p50 (s)"), ("p95_s", "p95 (s)"),
                       ("throughput", "turns/s"), ("errors", "errors"), ("leaks", "leaks"),
                       ("peak_rss_mb", "peak memory (MB)")):
        one, more = single[key], many[key]
        fmt = (lambda v: f"{v:.2f}") if isinstance(one, float) else str
        print(f"{label:<22}{fmt(one):>12}{fmt(more):>14}")
    ratio, over = result["throughput_ratio"], result["p95_over_floor"]
    print(f"throughput ratio {ratio if ratio is None else f'{ratio:.2f}'}x; p95 / queueing floor "
          f"({result['queueing_floor_s']:.2f} s on {cores} cores) = {over if over is None else f'{over:.2f}'}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=6, help="turns per session (one session alone sends 5x)")
    parser.add_argument("--workers", type=int, default=0, help="server worker processes (0 = one per core)")
    parser.add_argument("--api", default="rest,gradio", help="comma-separated: rest, gradio (the first is the "
                                                               "headline of --json)")
    parser.add_argument("--sessions-store", default=None, help="sqlite (default) or a postgresql:// URL")
    parser.add_argument("--chroma-url", default=None, help="a Chroma server for the guidelines")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    apis = [name.strip() for name in args.api.split(",") if name.strip()]
    unknown = [name for name in apis if name not in APIS]
    if unknown or not apis:
        parser.error(f"--api takes {', '.join(APIS)}; got {args.api!r}")
    env = {}
    if args.sessions_store:
        env["CLINICAL_ASSISTANT_SESSIONS"] = args.sessions_store
    if args.chroma_url:
        env["CLINICAL_ASSISTANT_CHROMA_URL"] = args.chroma_url
    with tempfile.TemporaryDirectory(prefix="ca-load-") as tmp:
        process, url = start_server(Path(tmp), args.workers, env)
        try:
            results = [measure(url, process.pid, api, args.sessions, args.turns) for api in apis]
        finally:
            process.terminate()
            process.wait(60)
    cores = os.cpu_count() or 1
    headline = results[0]
    report = {"cores": cores, "workers": args.workers or cores, **headline,
              "apis": {result["api"]: result for result in results}}
    if args.json:
        print(json.dumps(report))
    else:
        for result in results:
            print_table(result, args.sessions, cores)
    return report


if __name__ == "__main__":
    main()
