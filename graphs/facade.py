"""``ClinicalAssistant``: the one object UIs, embedding apps and tests talk to.

It owns the compiled graph, its checkpointer and the assistant's built ``Knowledge``; checks raw input before it
reaches the graph (a rejected turn is not stored); and returns a ``Reply`` that carries the turn's artifacts as they
are - the same typed model the graph produced and the UI renders.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from assistant.artifacts import Artifacts
from assistant.input_check import InputRejected, clean_user_text
from assistant.knowledge import Knowledge
from assistant.modes import normalise_mode
from assistant.settings import AUDIENCES, Settings, load_settings
from assistant.understanding.speakers import speaker_turns
from graphs.context import Context
from graphs.graph import build_graph
from graphs.sessions import open_checkpointer
from graphs.threads import ThreadIndex

log = logging.getLogger(__name__)
ENGINE_NODES_WITH_TOOLS = frozenset({"tutor", "triage", "document", "drug_info", "answer"})


@dataclass
class Reply:
    """One assistant reply: its text and the turn's artifacts (the graph's own model, not a copy)."""

    text: str
    thread_id: str
    mode: str | None = None
    intent: str | None = None
    artifacts: Artifacts = field(default_factory=dict)  # type: ignore[assignment]
    tools: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    accepted: bool = True  # False when the input was rejected and nothing was stored

    triage = property(lambda self: self.artifacts.get("triage"))
    citations = property(lambda self: self.artifacts.get("citations"))
    drugs = property(lambda self: self.artifacts.get("drugs"))
    note = property(lambda self: self.artifacts.get("note"))
    quiz = property(lambda self: self.artifacts.get("quiz"))
    vote = property(lambda self: self.artifacts.get("vote"))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "thread_id": self.thread_id, "mode": self.mode, "intent": self.intent,
                **{key: self.artifacts.get(key) for key in ("triage", "citations", "drugs", "note", "quiz", "vote")},
                "tools": self.tools, "notices": self.notices, "accepted": self.accepted}


@dataclass
class StreamEvent:
    """``kind`` is "tool" (a tool record), "token" (model text as it streams, before the final check), "text" (a
    chunk of the checked reply) or "reply" (the final Reply)."""

    kind: str
    data: Any


class ClinicalAssistant:
    def __init__(self, settings: Settings | None = None, *, checkpointer=None, knowledge: Knowledge | None = None) -> None:
        self.settings = settings or load_settings()
        self.knowledge = knowledge or Knowledge(self.settings)
        self.notices: list[str] = []
        if checkpointer is None:
            checkpointer, self.notices = open_checkpointer(self.settings)
        self._checkpointer = checkpointer
        self.graph = build_graph().compile(checkpointer=checkpointer)
        self._context = Context(settings=self.settings, knowledge=self.knowledge)
        index_path = None if self.settings.sessions == "memory" else self.settings.data_dir / "threads.sqlite"
        self._threads = ThreadIndex(index_path)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    # -- public API ---------------------------------------------------------------------------------------------
    def send(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None) -> Reply:
        """Run one turn and return the reply; bad input gets a reply explaining why and is not stored."""
        reply = None
        for event in self.stream(thread_id, text, mode=mode, audience=audience, chunked=False):
            if event.kind == "reply":
                reply = event.data
        assert reply is not None
        return reply

    def stream(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None,
               *, chunked: bool = True) -> Iterator[StreamEvent]:
        """Run one turn, yielding tool records (and model tokens) as they happen, then the text, then the Reply."""
        try:
            inputs, input_notices = self._prepare(thread_id, text, mode, audience)
        except (InputRejected, ValueError) as err:
            yield StreamEvent("reply", Reply(text=str(err), thread_id=thread_id, accepted=False,
                                             mode=self._current(thread_id).get("mode")))
            return
        config = {"configurable": {"thread_id": thread_id}}
        values: dict[str, Any] = {}
        with self._lock_for(thread_id):
            try:
                for kind, update in self.graph.stream(inputs, config, context=self._context,
                                                      stream_mode=["updates", "custom", "values"], durability="exit"):
                    if kind == "values":
                        values = update
                    elif kind == "custom":
                        if isinstance(update, dict) and update.get("token"):
                            yield StreamEvent("token", update["token"])
                    else:
                        for node, node_update in (update or {}).items():
                            if node in ENGINE_NODES_WITH_TOOLS and isinstance(node_update, dict):
                                for tool in node_update.get("tools") or []:
                                    yield StreamEvent("tool", tool)
            except Exception as err:  # the thread must survive an internal failure
                log.exception("turn failed in thread %s", thread_id)
                yield StreamEvent("reply", Reply(
                    text=f"Something went wrong while handling that message ({type(err).__name__}). "
                    "Your conversation is intact; please try again.", thread_id=thread_id, accepted=False))
                return
            self._threads.touch(thread_id, first_text=inputs["messages"][0].content, mode=values.get("mode"))
        startup, self.notices = self.notices, []  # store notices are shown once, on the first reply
        reply = Reply(text=values.get("reply") or "", thread_id=thread_id, mode=values.get("mode"),
                      intent=values.get("intent"), artifacts=values.get("artifacts") or {},
                      tools=list(values.get("tools") or []),
                      notices=startup + input_notices + list(values.get("notices") or []))
        if chunked:
            words = reply.text.split(" ")
            for start in range(0, len(words), 6):
                yield StreamEvent("text", " ".join(words[start:start + 6]) + (" " if start + 6 < len(words) else ""))
        yield StreamEvent("reply", reply)

    def history(self, thread_id: str) -> list[dict[str, Any]]:
        """The thread's messages, oldest first, with each reply's artifacts."""
        rows = []
        for message in self._current(thread_id).get("messages") or []:
            row: dict[str, Any] = {"role": "user" if isinstance(message, HumanMessage) else "assistant",
                                   "text": message.content}
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
            "case": values.get("case") or {},
            "red_flags": list((values.get("red_flags") or {}).values()),
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

    # -- internals ----------------------------------------------------------------------------------------------
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
        long_ok = (mode or current) == "documentation" or len(speaker_turns(probe[:5000])) >= 2
        limit = self.settings.max_transcript_chars if long_ok else self.settings.max_input_chars
        cleaned = clean_user_text(text, limit=limit)
        inputs: dict[str, Any] = {"messages": [HumanMessage(cleaned.text)], "requested_mode": mode}
        if audience is not None:
            inputs["audience"] = audience
        return inputs, cleaned.notices
