"""Who owns which conversation, what it is called, and what was in flight when a turn was cut short.

Checkpointers store state, not a browsable list; this small SQLite table is that list, keyed by owner so a user
only ever sees their own threads. It also keeps two things the checkpoint cannot: the message of a turn that
started but never finished (a crash, a killed worker), shown afterwards as interrupted rather than silently
dropped or mixed into history; and per-owner learner records (the tutor's missed questions) that outlive a thread.
Several processes may share it (WAL mode, short transactions).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY, owner TEXT NOT NULL DEFAULT 'local', title TEXT,"
    " mode TEXT, created REAL, updated REAL, turns INTEGER)",
    "CREATE INDEX IF NOT EXISTS threads_by_owner ON threads (owner, updated)",
    "CREATE TABLE IF NOT EXISTS pending (thread_id TEXT PRIMARY KEY, owner TEXT, text TEXT, mode TEXT, started REAL,"
    " after_turn INTEGER)",
    "CREATE TABLE IF NOT EXISTS interrupted (thread_id TEXT, text TEXT, started REAL, after_turn INTEGER)",
    "CREATE TABLE IF NOT EXISTS learners (owner TEXT PRIMARY KEY, profile TEXT, updated REAL)",
)


class ThreadIndex:
    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False, timeout=30)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # see graphs/sessions.py: durable across a crash
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(threads)")}
        for statement in _SCHEMA:
            self._db.execute(statement)
        if columns and "owner" not in columns:  # a store from before threads had owners: keep them, locally owned
            self._db.execute("ALTER TABLE threads ADD COLUMN owner TEXT NOT NULL DEFAULT 'local'")
        self._db.commit()

    # -- ownership ---------------------------------------------------------------------------------------------
    def owner_of(self, thread_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT owner FROM threads WHERE thread_id = ? UNION ALL "
                                   "SELECT owner FROM pending WHERE thread_id = ? LIMIT 1",
                                   (thread_id, thread_id)).fetchone()
        return row[0] if row else None

    def list(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT thread_id, title, mode, created, updated, turns FROM threads WHERE owner = ?"
                " ORDER BY updated DESC LIMIT ?", (owner, limit)).fetchall()
        keys = ("thread_id", "title", "mode", "created", "updated", "turns")
        return [dict(zip(keys, row)) for row in rows]

    # -- a turn's life: begin (in flight) -> commit (whole) --------------------------------------------------
    def begin(self, thread_id: str, owner: str, text: str, mode: str | None) -> None:
        """Record the message now being answered; a marker left from a turn that never finished becomes an
        interrupted entry (shown in history, never part of the conversation the engines see)."""
        now = time.time()
        with self._lock:
            stale = self._db.execute("SELECT text, started, after_turn FROM pending WHERE thread_id = ?",
                                     (thread_id,)).fetchone()
            if stale:
                self._db.execute("INSERT INTO interrupted VALUES (?, ?, ?, ?)", (thread_id, *stale))
            turns = self._db.execute("SELECT turns FROM threads WHERE thread_id = ?", (thread_id,)).fetchone()
            self._db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?)",
                             (thread_id, owner, text, mode, now, turns[0] if turns else 0))
            self._db.commit()

    def commit(self, thread_id: str, owner: str, *, first_text: str, mode: str | None, turns: int) -> None:
        """The turn was stored whole (user message and reply): record the stored count of replies (not +1, so a
        crash between the two stores cannot make it drift) and clear the in-flight marker."""
        now = time.time()
        title = " ".join(first_text.split())[:60] or "(untitled)"
        with self._lock:
            self._db.execute(
                "INSERT INTO threads VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(thread_id) DO UPDATE SET"
                " mode = excluded.mode, updated = excluded.updated, turns = excluded.turns",
                (thread_id, owner, title, mode, now, now, turns))
            self._db.execute("DELETE FROM pending WHERE thread_id = ?", (thread_id,))
            self._db.commit()

    def abandon(self, thread_id: str) -> None:
        """The turn failed cleanly (nothing was stored): forget the marker."""
        with self._lock:
            self._db.execute("DELETE FROM pending WHERE thread_id = ?", (thread_id,))
            self._db.commit()

    def interrupted(self, thread_id: str) -> list[dict[str, Any]]:
        """Turns of this thread that started and never finished, oldest first, with where they belong."""
        with self._lock:
            rows = self._db.execute(
                "SELECT text, started, after_turn FROM interrupted WHERE thread_id = ? UNION ALL "
                "SELECT text, started, after_turn FROM pending WHERE thread_id = ? ORDER BY started",
                (thread_id, thread_id)).fetchall()
        return [{"text": text, "started": started, "after_turn": after} for text, started, after in rows]

    # -- deletion ------------------------------------------------------------------------------------------
    def delete(self, thread_id: str) -> None:
        with self._lock:
            for table in ("threads", "pending", "interrupted"):
                self._db.execute(f"DELETE FROM {table} WHERE thread_id = ?", (thread_id,))  # noqa: S608 - fixed names
            self._db.commit()

    def older_than(self, cutoff: float) -> list[str]:
        """Threads whose last activity is before ``cutoff`` (seconds since the epoch)."""
        with self._lock:
            rows = self._db.execute("SELECT thread_id FROM threads WHERE updated < ? UNION "
                                    "SELECT thread_id FROM pending WHERE started < ?", (cutoff, cutoff)).fetchall()
        return [row[0] for row in rows]

    # -- learners ------------------------------------------------------------------------------------------
    def learner(self, owner: str) -> dict[str, Any]:
        with self._lock:
            row = self._db.execute("SELECT profile FROM learners WHERE owner = ?", (owner,)).fetchone()
        return json.loads(row[0]) if row else {}

    def save_learner(self, owner: str, profile: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO learners VALUES (?, ?, ?)",
                             (owner, json.dumps(profile), time.time()))
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
