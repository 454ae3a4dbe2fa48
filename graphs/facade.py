"""``ClinicalAssistant``: the one object UIs, embedding apps and tests talk to.

It owns the compiled graph and its checkpointer, checks raw input before it reaches the graph
(a rejected turn is not stored), and turns the final state into a ``Reply`` with artifacts.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from assistant.input_check import InputRejected, clean_user_text
from assistant.routing import is_transcript, normalise_mode
from assistant.settings import AUDIENCES, Settings, load_settings
from graphs.engines import ENGINES
from graphs.graph import build_graph
from graphs.sessions import open_checkpointer
from graphs.threads import ThreadIndex

log = logging.getLogger(__name__)
_STREAM_CHUNK_WORDS = 6


@dataclass
class Reply:
    """One assistant reply: text plus the structured artifacts UIs render and tests assert on."""

    text: str
    thread_id: str
    mode: str | None = None
    intent: str | None = None
    triage: dict[str, Any] | None = None
    citations: list[dict[str, Any]] | None = None
    drugs: dict[str, Any] | None = None
    note: dict[str, Any] | None = None
    quiz: dict[str, Any] | None = None
    vote: dict[str, Any] | None = None
    tools: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    accepted: bool = True  # False when the input was rejected and nothing was stored

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StreamEvent:
    """``kind`` is "tool" (a tool call record), "token" (LLM text as it streams, before the final check),
    "text" (a chunk of the checked reply text) or "reply" (the final Reply)."""

    kind: str
    data: Any


class ClinicalAssistant:
    def __init__(self, settings: Settings | None = None, *, checkpointer=None) -> None:
        self.settings = settings or load_settings()
        self.notices: list[str] = []
        if checkpointer is None:
            checkpointer, self.notices = open_checkpointer(self.settings)
        self._checkpointer = checkpointer
        self.graph = build_graph().compile(checkpointer=checkpointer)
        index_path = None if self.settings.sessions == "memory" else self.settings.data_dir / "threads.sqlite"
        self._threads = ThreadIndex(index_path)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    # -- public API ---------------------------------------------------------------------------
    def send(self, thread_id: str, text: str | bytes | None, mode: str | None = None,
             audience: str | None = None) -> Reply:
        """Run one turn and return the reply; bad input gets a reply explaining why and is not stored."""
        reply = None
        for event in self.stream(thread_id, text, mode=mode, audience=audience, chunked=False):
            if event.kind == "reply":
                reply = event.data
        assert reply is not None
        return reply

    def stream(self, thread_id: str, text: str | bytes | None, mode: str | None = None,
               audience: str | None = None, *, chunked: bool = True) -> Iterator[StreamEvent]:
        """Run one turn, yielding tool-call records (and LLM tokens) as they happen, then the text, then the Reply."""
        try:
            inputs, input_notices = self._prepare(thread_id, text, mode, audience)
        except (InputRejected, ValueError) as err:
            yield StreamEvent("reply", Reply(text=str(err), thread_id=thread_id, accepted=False,
                                             mode=self._current(thread_id).get("mode")))
            return
        config = {"configurable": {"thread_id": thread_id}}
        with self._lock_for(thread_id):
            try:
                for kind, update in self.graph.stream(inputs, config, context=self.settings,
                                                      stream_mode=["updates", "custom"]):
                    if kind == "custom":  # LLM tokens as the model writes them (before the final check)
                        if isinstance(update, dict) and update.get("token"):
                            yield StreamEvent("token", update["token"])
                        continue
                    for node, node_update in (update or {}).items():
                        if (node in ENGINES or node == "agent") and isinstance(node_update, dict):
                            for tool in node_update.get("tools") or []:
                                yield StreamEvent("tool", tool)
            except Exception as err:  # the thread must survive an internal failure
                log.exception("turn failed in thread %s", thread_id)
                yield StreamEvent("reply", Reply(
                    text=f"Something went wrong while handling that message ({type(err).__name__}). "
                    "Your conversation is intact; please try again.",
                    thread_id=thread_id, accepted=False))
                return
            values = self.graph.get_state(config).values
            self._threads.touch(thread_id, first_text=inputs["messages"][0].content, mode=values.get("mode"))
        startup, self.notices = self.notices, []  # store notices are shown once, on the first reply
        reply = self._reply_from(thread_id, values, startup + input_notices)
        if chunked:
            words = reply.text.split(" ")
            for start in range(0, len(words), _STREAM_CHUNK_WORDS):
                yield StreamEvent("text", " ".join(words[start:start + _STREAM_CHUNK_WORDS])
                                  + (" " if start + _STREAM_CHUNK_WORDS < len(words) else ""))
        yield StreamEvent("reply", reply)

    def history(self, thread_id: str) -> list[dict[str, Any]]:
        """The thread's messages, oldest first, with each reply's artifacts."""
        rows = []
        for message in self._current(thread_id).get("messages") or []:
            row = {"role": "user" if isinstance(message, HumanMessage) else "assistant", "text": message.content}
            if isinstance(message, AIMessage):
                row.update({k: message.additional_kwargs.get(k) for k in ("artifacts", "tools", "notices", "mode")})
            rows.append(row)
        return rows

    def export(self, thread_id: str) -> str:
        """The whole conversation as JSON (for records, teaching review or bug reports)."""
        values = self._current(thread_id)
        return json.dumps({
            "thread_id": thread_id,
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "mode": values.get("mode"),
            "patient": values.get("patient") or {},
            "red_flags": values.get("thread_flags") or [],
            "messages": self.history(thread_id),
        }, indent=2, ensure_ascii=False, default=str)

    def threads(self, limit: int = 50) -> list[dict[str, Any]]:
        """Recent conversations, newest first: thread_id, title, mode, created, updated, turns."""
        return self._threads.list(limit)

    def close(self) -> None:
        self._threads.close()
        connection = getattr(self._checkpointer, "conn", None)
        if connection is not None:
            connection.close()

    def __enter__(self) -> "ClinicalAssistant":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------
    def _current(self, thread_id: str) -> dict[str, Any]:
        return self.graph.get_state({"configurable": {"thread_id": thread_id}}).values or {}

    def _lock_for(self, thread_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(thread_id, threading.Lock())

    def _prepare(self, thread_id: str, text: str | bytes | None, mode: str | None,
                 audience: str | None) -> tuple[dict[str, Any], list[str]]:
        if not thread_id or not str(thread_id).strip():
            raise InputRejected("A conversation id (thread_id) is required.")
        mode = normalise_mode(mode)
        if audience is not None and audience not in AUDIENCES:
            raise InputRejected(f"Unknown learner level {audience!r}. Choose one of: {', '.join(AUDIENCES)}.")
        current = self._current(thread_id).get("mode")
        probe = text if isinstance(text, str) else ""
        long_ok = (mode or current) == "documentation" or is_transcript(probe[:5000])
        limit = self.settings.max_transcript_chars if long_ok else self.settings.max_input_chars
        cleaned = clean_user_text(text, limit=limit)
        inputs: dict[str, Any] = {"messages": [HumanMessage(cleaned.text)], "requested_mode": mode}
        if audience is not None:
            inputs["audience"] = audience
        return inputs, cleaned.notices

    def _reply_from(self, thread_id: str, values: dict[str, Any], notices: list[str]) -> Reply:
        artifacts = values.get("artifacts") or {}
        return Reply(
            text=values.get("reply") or "",
            thread_id=thread_id,
            mode=values.get("mode"),
            intent=values.get("intent"),
            triage=artifacts.get("triage"),
            citations=artifacts.get("citations"),
            drugs=artifacts.get("drugs"),
            note=artifacts.get("note"),
            quiz=artifacts.get("quiz"),
            vote=artifacts.get("vote"),
            tools=values.get("tools") or [],
            notices=notices + (values.get("notices") or []),
        )
