"""Real services for the deployment tests: a PostgreSQL cluster (Debian's postgresql package) and a Chroma server
(chromadb's own ``chroma run``), each on a free loopback port in a throwaway folder, stopped afterwards."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.integration.conftest import free_port

READY_S = 120


@dataclass
class Service:
    url: str
    process: subprocess.Popen | None
    folder: Path
    stop_command: list[str] | None = None

    def stop(self) -> None:
        if self.stop_command:
            subprocess.run(self.stop_command, capture_output=True, timeout=60)
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server binary: on PATH, else Debian's /usr/lib/postgresql/<version>/bin (make test installs it)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: sudo apt-get install postgresql")
    return found


def start_postgres() -> Service:
    """initdb + pg_ctl start as the ``postgres`` user when running as root (the server refuses root)."""
    folder = Path(tempfile.mkdtemp(prefix="ca-postgres-"))
    data, socket_dir, port = folder / "data", folder / "run", free_port()
    socket_dir.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(socket_dir, "postgres")
        os.chmod(folder, 0o755)
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_user, _postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "--encoding=UTF8", "--no-instructions"], check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {socket_dir} -h 127.0.0.1 -c fsync=off"
    subprocess.run([*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                    "-w", "-t", str(READY_S), "start"], check=True, capture_output=True, timeout=READY_S + 10)
    stop = [*as_user, _postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
    return Service(f"postgresql://postgres@127.0.0.1:{port}/postgres", None, folder, stop)


def start_chroma() -> Service:
    folder = Path(tempfile.mkdtemp(prefix="ca-chroma-"))
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = (folder / "log").open("w")
    process = subprocess.Popen([str(chroma), "run", "--path", str(folder / "db"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited: {(folder / 'log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return Service(url, process, folder)
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    process.kill()
    raise RuntimeError("the Chroma server did not start")
