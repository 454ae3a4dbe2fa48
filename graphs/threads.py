"""Who owns which conversation, what it is called, and what was in flight when a turn was cut short.

Checkpointers store state, not a browsable list; this small table set is that list, keyed by owner so a user
only ever sees their own threads. It also keeps two things the checkpoint cannot: the message of a turn that
started but never finished (a crash, a killed worker), shown afterwards as interrupted rather than silently
dropped or mixed into history; and per-owner learner records (the tutor's missed questions) that outlive a thread.
It lives where the sessions do: SQLite in the data folder (several processes share it: WAL mode, short
transactions), or the sessions' PostgreSQL, so hosts sharing one database share one list. The SQL is written once,
with ``{table}`` names and ``?`` placeholders; each engine's class only connects and runs it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from graphs.sessions import SessionStoreError

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {threads} (thread_id TEXT PRIMARY KEY, owner TEXT NOT NULL DEFAULT 'local',"
    " title TEXT, mode TEXT, created {real}, updated {real}, turns INTEGER)",
    "CREATE INDEX IF NOT EXISTS {threads}_by_owner ON {threads} (owner, updated)",
    "CREATE TABLE IF NOT EXISTS {pending} (thread_id TEXT PRIMARY KEY, owner TEXT, text TEXT, mode TEXT,"
    " started {real}, after_turn INTEGER)",
    "CREATE TABLE IF NOT EXISTS {interrupted} (thread_id TEXT, text TEXT, started {real}, after_turn INTEGER)",
    "CREATE TABLE IF NOT EXISTS {learners} (owner TEXT PRIMARY KEY, profile TEXT, updated {real})",
)
_SQLITE_NAMES = {"threads": "threads", "pending": "pending", "interrupted": "interrupted", "learners": "learners",
                 "real": "REAL"}
# Prefixed: the database also holds LangGraph's checkpoint tables (and maybe other applications').
_POSTGRES_NAMES = {"threads": "ca_threads", "pending": "ca_pending", "interrupted": "ca_interrupted",
                   "learners": "ca_learners", "real": "DOUBLE PRECISION"}
_POSTGRES_SCHEMA_LOCK = 0x63615F74  # any fixed key: workers starting together must not race to create the tables

Run = Callable[..., Any]  # run(sql, params) -> a cursor


class _ThreadTables:
    """The index's queries, engine-neutral; a subclass supplies ``_transaction``: one transaction, under the lock,
    yielding a ``run(sql, params)`` that fills in its engine's table names and placeholders."""

    _transaction: Callable[[], AbstractContextManager[Run]]

    # -- ownership ---------------------------------------------------------------------------------------------
    def owner_of(self, thread_id: str) -> str | None:
        with self._transaction() as run:
            row = run("SELECT owner FROM {threads} WHERE thread_id = ? UNION ALL "
                      "SELECT owner FROM {pending} WHERE thread_id = ? LIMIT 1", (thread_id, thread_id)).fetchone()
        return row[0] if row else None

    def list(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        with self._transaction() as run:
            rows = run("SELECT thread_id, title, mode, created, updated, turns FROM {threads} WHERE owner = ?"
                       " ORDER BY updated DESC LIMIT ?", (owner, limit)).fetchall()
        keys = ("thread_id", "title", "mode", "created", "updated", "turns")
        return [dict(zip(keys, row)) for row in rows]

    # -- a turn's life: begin (in flight) -> commit (whole) --------------------------------------------------
    def begin(self, thread_id: str, owner: str, text: str, mode: str | None) -> None:
        """Record the message now being answered; a marker left from a turn that never finished becomes an
        interrupted entry (shown in history, never part of the conversation the engines see)."""
        now = time.time()
        with self._transaction() as run:
            stale = run("SELECT text, started, after_turn FROM {pending} WHERE thread_id = ?", (thread_id,)).fetchone()
            if stale:
                run("INSERT INTO {interrupted} VALUES (?, ?, ?, ?)", (thread_id, *stale))
            turns = run("SELECT turns FROM {threads} WHERE thread_id = ?", (thread_id,)).fetchone()
            run("INSERT INTO {pending} VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(thread_id) DO UPDATE SET"
                " owner = excluded.owner, text = excluded.text, mode = excluded.mode, started = excluded.started,"
                " after_turn = excluded.after_turn", (thread_id, owner, text, mode, now, turns[0] if turns else 0))

    def commit(self, thread_id: str, owner: str, *, first_text: str, mode: str | None, turns: int) -> None:
        """The turn was stored whole (user message and reply): record the stored count of replies (not +1, so a
        crash between the two stores cannot make it drift) and clear the in-flight marker."""
        now = time.time()
        title = " ".join(first_text.split())[:60] or "(untitled)"
        with self._transaction() as run:
            run("INSERT INTO {threads} VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(thread_id) DO UPDATE SET"
                " mode = excluded.mode, updated = excluded.updated, turns = excluded.turns",
                (thread_id, owner, title, mode, now, now, turns))
            run("DELETE FROM {pending} WHERE thread_id = ?", (thread_id,))

    def abandon(self, thread_id: str) -> None:
        """The turn failed cleanly (nothing was stored): forget the marker."""
        with self._transaction() as run:
            run("DELETE FROM {pending} WHERE thread_id = ?", (thread_id,))

    def interrupted(self, thread_id: str) -> list[dict[str, Any]]:
        """Turns of this thread that started and never finished, oldest first, with where they belong."""
        with self._transaction() as run:
            rows = run("SELECT text, started, after_turn FROM {interrupted} WHERE thread_id = ? UNION ALL "
                       "SELECT text, started, after_turn FROM {pending} WHERE thread_id = ? ORDER BY started",
                       (thread_id, thread_id)).fetchall()
        return [{"text": text, "started": started, "after_turn": after} for text, started, after in rows]

    # -- deletion ------------------------------------------------------------------------------------------
    def delete(self, thread_id: str) -> None:
        with self._transaction() as run:
            run("DELETE FROM {threads} WHERE thread_id = ?", (thread_id,))
            run("DELETE FROM {pending} WHERE thread_id = ?", (thread_id,))
            run("DELETE FROM {interrupted} WHERE thread_id = ?", (thread_id,))

    def older_than(self, cutoff: float) -> list[str]:
        """Threads whose last activity is before ``cutoff`` (seconds since the epoch)."""
        with self._transaction() as run:
            rows = run("SELECT thread_id FROM {threads} WHERE updated < ? UNION "
                       "SELECT thread_id FROM {pending} WHERE started < ?", (cutoff, cutoff)).fetchall()
        return [row[0] for row in rows]

    # -- learners ------------------------------------------------------------------------------------------
    def learner(self, owner: str) -> dict[str, Any]:
        with self._transaction() as run:
            row = run("SELECT profile FROM {learners} WHERE owner = ?", (owner,)).fetchone()
        return json.loads(row[0]) if row else {}

    def save_learner(self, owner: str, profile: dict[str, Any]) -> None:
        with self._transaction() as run:
            run("INSERT INTO {learners} VALUES (?, ?, ?) ON CONFLICT(owner) DO UPDATE SET"
                " profile = excluded.profile, updated = excluded.updated", (owner, json.dumps(profile), time.time()))


class ThreadIndex(_ThreadTables):
    """The index in a SQLite file of the data folder (or in memory, for a memory session store)."""

    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:" if path is None else path, check_same_thread=False, timeout=30)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # see graphs/sessions.py: durable across a crash
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(threads)")}
        with self._transaction() as run:
            for statement in _SCHEMA:
                run(statement)
            if columns and "owner" not in columns:  # a store from before threads had owners: keep them, locally owned
                run("ALTER TABLE {threads} ADD COLUMN owner TEXT NOT NULL DEFAULT 'local'")

    @contextmanager
    def _transaction(self) -> Iterator[Run]:
        with self._lock:
            try:
                yield lambda sql, params=(): self._db.execute(sql.format(**_SQLITE_NAMES), params)
            except BaseException:
                self._db.rollback()
                raise
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresThreadIndex(_ThreadTables):
    """The index in the sessions' PostgreSQL: every host and worker process using that database sees one list.
    One connection per index, each call one explicit transaction under the lock; a connection lost (a database
    restart) is opened afresh on the next call."""

    def __init__(self, url: str) -> None:
        self._lock = threading.Lock()
        self._url = url
        self._connection = self._connect()
        with self._transaction() as run:
            run("SELECT pg_advisory_xact_lock(?)", (_POSTGRES_SCHEMA_LOCK,))
            for statement in _SCHEMA:
                run(statement)

    def _connect(self) -> Any:
        try:
            import psycopg
        except ImportError as err:
            raise SessionStoreError(
                "Postgres sessions need the postgres extra: pip install 'clinical-assistant[postgres]'."
            ) from err
        try:
            return psycopg.connect(self._url, autocommit=False, connect_timeout=30)
        except psycopg.OperationalError as err:
            raise SessionStoreError(f"Cannot reach the PostgreSQL thread index: {str(err).strip()[:300]}") from err

    @contextmanager
    def _transaction(self) -> Iterator[Run]:
        with self._lock:
            if self._connection.broken or self._connection.closed:
                self._connection = self._connect()
            with self._connection.transaction():
                yield lambda sql, params=(): self._connection.execute(
                    sql.format(**_POSTGRES_NAMES).replace("?", "%s"), params)

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def open_thread_index(settings: Settings) -> ThreadIndex | PostgresThreadIndex:
    """The index beside the sessions it lists: a PostgreSQL session store holds it too, so every host sharing that
    database lists the same threads; otherwise a SQLite file in the data folder (in memory for memory sessions)."""
    if settings.sessions_on_postgres:
        return PostgresThreadIndex(settings.sessions)
    return ThreadIndex(None if settings.sessions == "memory" else settings.data_dir / "threads.sqlite")
