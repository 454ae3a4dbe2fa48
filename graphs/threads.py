"""An index of conversations (title, mode, last activity) so UIs can list and resume them.

Checkpointers store state, not a browsable list; this small table is that list.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path


class ThreadIndex:
    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY, title TEXT, mode TEXT,"
            " created REAL, updated REAL, turns INTEGER)"
        )
        self._db.commit()

    def touch(self, thread_id: str, *, first_text: str, mode: str | None) -> None:
        now = time.time()
        title = " ".join(first_text.split())[:60] or "(untitled)"
        with self._lock:
            self._db.execute(
                "INSERT INTO threads VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(thread_id) DO UPDATE SET"
                " mode = excluded.mode, updated = excluded.updated, turns = turns + 1",
                (thread_id, title, mode, now, now),
            )
            self._db.commit()

    def list(self, limit: int = 50) -> list[dict]:
        with self._lock:
            rows = self._db.execute(
                "SELECT thread_id, title, mode, created, updated, turns FROM threads ORDER BY updated DESC LIMIT ?",
                (limit,),
            ).fetchall()
        keys = ("thread_id", "title", "mode", "created", "updated", "turns")
        return [dict(zip(keys, row)) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
