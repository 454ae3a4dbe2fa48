"""Turns served by several worker processes, so a busy web app uses every core.

Parsing, triage, retrieval and note building are CPU-bound Python; threads in one process take turns on one core.
``PooledAssistant`` keeps the web process to I/O: each worker process holds its own ``ClinicalAssistant`` (its own
Knowledge, built once at start-up) on the shared session store (SQLite in WAL mode, or PostgreSQL), takes the next
turn from one shared queue, and streams its events back. A conversation's turns never overlap - the web process
holds that thread's lock until its turn ends - so any free worker may take any turn. Reads (history, lists,
exports, deletion) need no Knowledge and run in the web process.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from assistant.privacy import failure_summary
from assistant.settings import Settings
from graphs.facade import LOCAL_OWNER, ClinicalAssistant, Reply, StreamEvent, final_reply

log = logging.getLogger(__name__)
_STOP = "stop"
WORKER_TIMEOUT_S = 600.0  # a turn that takes longer than this is reported as failed (the worker may be stuck)


def _serve(settings: Settings, requests: Any, results: Any) -> None:
    """A worker process: one assistant, warmed up, answering turns until told to stop. Its query embeddings use one
    thread: the workers together already fill the cores, and a second thread each only contends."""
    assistant = ClinicalAssistant(replace(settings, embedding_threads=1))
    try:
        assistant.knowledge.warm()
    except Exception as err:  # noqa: BLE001 - a part that cannot load is reported on the turns that need it
        log.error("worker warm-up incomplete: %s", failure_summary(err))
    # The knowledge just built lives as long as the process: keep it out of the collector's full passes, which
    # otherwise walk every one of its objects and stall a turn for hundreds of milliseconds.
    gc.freeze()
    results.put(("ready", None))
    while True:
        request = requests.get()
        if request == _STOP:
            break
        request_id, arguments = request
        try:
            for event in assistant.stream(**arguments):
                results.put((request_id, event))
        except Exception as err:  # noqa: BLE001 - stream never raises, but a worker must not die of it
            log.error("worker turn failed: %s", failure_summary(err))
            results.put((request_id, StreamEvent("reply", Reply(
                text="Something went wrong while handling that message. Please try again.",
                thread_id=arguments["thread_id"], accepted=False))))
        results.put((request_id, None))
    assistant.close()


class PooledAssistant:
    """The ``ClinicalAssistant`` interface with turns run by ``workers`` processes."""

    def __init__(self, settings: Settings, workers: int) -> None:
        if settings.sessions == "memory":
            raise ValueError("Worker processes need a shared session store: use sessions=sqlite or a postgresql:// URL.")
        self.settings = settings
        self.local = ClinicalAssistant(settings)  # reads only; its Knowledge is never built
        self.notices = self.local.notices
        context = multiprocessing.get_context("spawn")
        self._requests = context.Queue()
        self._results = context.Queue()
        self._processes = [context.Process(target=_serve, args=(settings, self._requests, self._results),
                                           daemon=True, name=f"clinical-assistant-worker-{i}") for i in range(workers)]
        for process in self._processes:
            process.start()
        self._waiting: dict[str, queue.Queue] = {}
        self._guard = threading.Lock()
        self._ready = threading.Semaphore(0)
        self._reader = threading.Thread(target=self._dispatch, name="worker-results", daemon=True)
        self._reader.start()

    def wait_until_ready(self, timeout: float | None = None) -> bool:
        """Block until every worker has built its knowledge (True) or the timeout passes (False)."""
        return all(self._ready.acquire(timeout=timeout) for _ in self._processes)

    def _dispatch(self) -> None:
        while True:
            try:
                request_id, event = self._results.get()
            except (EOFError, OSError):
                return
            if request_id == "ready":
                self._ready.release()
                continue
            with self._guard:
                waiting = self._waiting.get(request_id)
            if waiting is not None:
                waiting.put(event)

    # -- the ClinicalAssistant interface ---------------------------------------------------------------------
    def stream(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None,
               *, owner: str = LOCAL_OWNER, chunked: bool = True) -> Iterator[StreamEvent]:
        request_id = uuid.uuid4().hex
        events: queue.Queue = queue.Queue()
        with self._guard:
            self._waiting[request_id] = events
        try:
            with self.local._lock_for(thread_id):
                self._requests.put((request_id, {"thread_id": thread_id, "text": text, "mode": mode,
                                                 "audience": audience, "owner": owner, "chunked": chunked}))
                while True:
                    try:
                        event = events.get(timeout=WORKER_TIMEOUT_S)
                    except queue.Empty:
                        yield StreamEvent("reply", Reply(text="The assistant took too long to answer. Please try "
                                                         "again.", thread_id=thread_id, accepted=False))
                        return
                    if event is None:
                        return
                    yield event
        finally:
            with self._guard:
                self._waiting.pop(request_id, None)

    def send(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None,
             *, owner: str = LOCAL_OWNER) -> Reply:
        return final_reply(self.stream(thread_id, text, mode=mode, audience=audience, owner=owner, chunked=False))

    def history(self, thread_id: str, *, owner: str = LOCAL_OWNER) -> list[dict[str, Any]]:
        return self.local.history(thread_id, owner=owner)

    def export(self, thread_id: str, *, owner: str = LOCAL_OWNER, redact_kinds: tuple[str, ...] = ()) -> str:
        return self.local.export(thread_id, owner=owner, redact_kinds=redact_kinds)

    def threads(self, limit: int = 50, *, owner: str = LOCAL_OWNER) -> list[dict[str, Any]]:
        return self.local.threads(limit, owner=owner)

    def delete(self, thread_id: str, *, owner: str = LOCAL_OWNER) -> bool:
        return self.local.delete(thread_id, owner=owner)

    def close(self) -> None:
        for _ in self._processes:
            self._requests.put(_STOP)
        for process in self._processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        self.local.close()

    def __enter__(self) -> "PooledAssistant":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
