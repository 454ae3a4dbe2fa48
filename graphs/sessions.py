"""Checkpointers for conversation sessions: SQLite in the data directory by default."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver

from assistant.settings import Settings


class SessionStoreError(RuntimeError):
    """The session store cannot be opened; the message says where and what to do."""


def ensure_data_dir(settings: Settings) -> Path:
    """Create the data directory layout, or explain why it cannot be used."""
    root = settings.data_dir
    if root.exists() and not root.is_dir():
        raise SessionStoreError(f"The data directory {root} exists but is a file. Choose another --data-dir.")
    try:
        for folder in (root, settings.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SessionStoreError(f"Cannot create the data directory {root}: {err.strerror or err}.") from err
    return root


def _write_ahead(connection: sqlite3.Connection) -> None:
    """WAL with synchronous=NORMAL: a committed turn survives the process being killed (the OS holds the log) and
    the file never corrupts; only a power cut may lose the last commits. FULL would fsync on every commit, which
    doubled the cost of a warm turn (bench/bench_turns.py)."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


def _open_sqlite(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Open the session database; a corrupt file is moved aside (kept for inspection) and replaced."""
    connection = sqlite3.connect(path, check_same_thread=False)
    try:
        _write_ahead(connection)
        connection.execute("PRAGMA schema_version").fetchone()
        return connection, None
    except sqlite3.DatabaseError:
        connection.close()
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        path.rename(aside)
        connection = sqlite3.connect(path, check_same_thread=False)
        _write_ahead(connection)
        return connection, aside


def open_checkpointer(settings: Settings) -> tuple[BaseCheckpointSaver, list[str]]:
    """The configured checkpointer and any notices about how it was opened."""
    store = settings.sessions
    if store == "memory":
        return InMemorySaver(), []
    ensure_data_dir(settings)  # logs and caches live in the data folder for every store
    if settings.sessions_on_postgres:
        try:
            import psycopg
            from langgraph.checkpoint.postgres import PostgresSaver
            from psycopg.rows import dict_row
        except ImportError as err:
            raise SessionStoreError(
                "Postgres sessions need the postgres extra: pip install 'clinical-assistant[postgres]'."
            ) from err
        try:  # the connection PostgresSaver.from_conn_string would open - kept, not closed when its context ends
            connection = psycopg.connect(store, autocommit=True, prepare_threshold=0, row_factory=dict_row)
        except psycopg.OperationalError as err:
            raise SessionStoreError(f"Cannot reach the PostgreSQL session store: {str(err).strip()[:300]}") from err
        saver = PostgresSaver(connection)
        saver.setup()
        return saver, []
    if store != "sqlite":
        raise SessionStoreError(f"Unknown session store {store!r}: use sqlite, memory or a postgresql:// URL.")
    from langgraph.checkpoint.sqlite import SqliteSaver

    connection, moved_to = _open_sqlite(settings.sessions_path)
    notices = []
    if moved_to is not None:
        notices.append(f"The session database was unreadable and was moved to {moved_to}; a new one was started.")
    saver = SqliteSaver(connection)
    saver.setup()
    return saver, notices


def keep_latest(saver: BaseCheckpointSaver, thread_id: str) -> None:
    """Drop every checkpoint of a thread but its newest, so the store grows with the conversation rather than with
    its square (nothing here reads older checkpoints: there is no time travel in the product)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    if isinstance(saver, SqliteSaver):
        with saver.lock:  # the saver's own connection lock
            saver.conn.execute(
                "DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id NOT IN (SELECT MAX(checkpoint_id) "
                "FROM checkpoints WHERE thread_id = ? GROUP BY checkpoint_ns)", (thread_id, thread_id))
            saver.conn.execute(
                "DELETE FROM writes WHERE thread_id = ? AND checkpoint_id NOT IN (SELECT checkpoint_id FROM checkpoints"
                " WHERE thread_id = ?)", (thread_id, thread_id))
            saver.conn.commit()
        return
    if isinstance(saver, InMemorySaver):
        namespaces = saver.storage.get(thread_id, {})
        kept_versions: set[tuple[str, str, object]] = set()
        for namespace, checkpoints in namespaces.items():
            newest = max(checkpoints)
            for checkpoint_id in [c for c in checkpoints if c != newest]:
                del checkpoints[checkpoint_id]
                saver.writes.pop((thread_id, namespace, checkpoint_id), None)
            checkpoint = saver.serde.loads_typed(checkpoints[newest][0])
            kept_versions |= {(namespace, channel, version) for channel, version in checkpoint["channel_versions"].items()}
        for key in [k for k in saver.blobs if k[0] == thread_id and (k[1], k[2], k[3]) not in kept_versions]:
            del saver.blobs[key]
        return
    saver.prune([thread_id], strategy="keep_latest")  # PostgresSaver implements it
