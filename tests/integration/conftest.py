"""A real ``clinical-assistant serve`` process for the browser, API and load tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import shared_cache_dir, shared_index_dir

READY_TIMEOUT_S = 120


@dataclass
class Server:
    url: str
    log: Path
    data_dir: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("clinical-assistant")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from ui.cli import main; main()"]


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    """Poll the app's config route until it answers, the process dies, or the deadline passes."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/config", timeout=2).status_code in (200, 401):  # 401: up, login needed
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server not ready after {READY_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")


def start_server(tmp: Path, *extra: str, env: dict[str, str] | None = None, command: list[str] | None = None):
    """Set up a data folder and start ``serve`` on a free port (``command``: another install's entry point)."""
    command = command or _command()
    port = free_port()
    data_dir = tmp / "data"
    log = tmp / "server.log"
    environ = {**os.environ, "CLINICAL_ASSISTANT_INDEX_DIR": str(shared_index_dir()),
               "CLINICAL_ASSISTANT_CACHE_DIR": str(shared_cache_dir()),
               "CLINICAL_ASSISTANT_CONCURRENCY_LIMIT": "8", "PYTHONUNBUFFERED": "1", **(env or {})}
    handle = log.open("w")
    # Build the guideline index first (cached across the run), so no test pays for it inside a turn.
    subprocess.run([*command, "setup", "--data-dir", str(data_dir)], stdout=handle, stderr=subprocess.STDOUT,
                   env=environ, cwd=Path(__file__).resolve().parents[2], timeout=900, check=True)
    process = subprocess.Popen([*command, "serve", "--port", str(port), "--data-dir", str(data_dir), *extra],
                               stdout=handle, stderr=subprocess.STDOUT, env=environ,
                               cwd=Path(__file__).resolve().parents[2])
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, url, log)
    except Exception:
        process.kill()
        process.wait(10)
        handle.close()
        raise
    return process, handle, Server(url=url, log=log, data_dir=data_dir)


def stop_server(process: subprocess.Popen, handle) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    handle.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """One server for the session: free port, private data dir, the shared guideline index."""
    process, handle, running = start_server(tmp_path_factory.mktemp("server"),
                                            env={"CLINICAL_ASSISTANT_ALLOWED_ORIGINS": "https://course.example.edu"})
    try:
        warm_up(running.url)
        yield running
    finally:
        stop_server(process, handle)


def warm_up(url: str) -> None:
    """One turn per mode, so lazy first-use loading (models, rule books) happens before any timed test."""
    from gradio_client import Client

    client = Client(url + "/", verbose=False, download_files=False)
    for mode, text in (("triage", "I have a headache"), ("education", "quiz me on asthma"),
                       ("documentation", "write a SOAP note")):
        client.predict(text, mode, f"warm-up-{mode}", api_name="/chat")
