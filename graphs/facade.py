"""``ClinicalAssistant``: the one object UIs, embedding apps and tests talk to.

It owns the compiled graph, its checkpointer and the assistant's built ``Knowledge``; checks raw input before it
reaches the graph (a rejected turn is not stored); and returns a ``Reply`` that carries the turn's artifacts as they
are - the same typed model the graph produced and the UI renders.

Every conversation belongs to an owner ("local" for a Python caller; the web app passes the signed-in user or the
browser's own id; the tutor embed a signed learner id): listing, reading, exporting, continuing and deleting a
thread all check it, and another owner's thread id behaves as if it did not exist. A turn is stored whole - the
user's message together with its reply - or, if the process dies mid-turn, shown afterwards as interrupted; never
half.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage

from assistant.artifacts import Artifacts
from assistant.input_check import InputRejected, clean_user_text
from assistant.knowledge import Knowledge
from assistant.llm.agent import COMPOSE_TAG
from assistant.modes import normalise_mode
from assistant.privacy import KINDS as REDACTABLE, failure_summary, redact
from assistant.settings import AUDIENCES, Settings, load_settings
from assistant.tutor.progress import missed_items
from assistant.understanding.speakers import speaker_turns
from graphs.context import Context
from graphs.graph import build_graph
from graphs.sessions import keep_latest, open_checkpointer
from graphs.threads import open_thread_index

log = logging.getLogger(__name__)
LOCAL_OWNER = "local"
NOT_FOUND = "No conversation with that id."
INTERRUPTED = "This reply was interrupted before it finished - please ask again."
PRUNE_EVERY_S = 3600.0
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


def final_reply(events: Iterable[StreamEvent]) -> Reply:
    """The reply a turn's event stream ends with (every stream ends with one, even for rejected input)."""
    reply = None
    for event in events:
        if event.kind == "reply":
            reply = event.data
    if reply is None:
        raise RuntimeError("The turn ended without a reply event.")
    return reply


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
        # Custom events (the agent's live tool calls, the grounded text shown while the model writes) and model
        # tokens exist only with a model; each extra stream mode costs every turn (custom: about 2 ms).
        with_model = self.knowledge.model_configured
        self._stream_modes = ["updates", "values", *(["custom", "messages"] if with_model else [])]
        self._subgraphs = with_model  # only the agent (a model) runs in a subgraph
        self._threads = open_thread_index(self.settings)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._pruned_at = time.monotonic()
        self.prune_expired()

    # -- public API ---------------------------------------------------------------------------------------------
    def send(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None,
             *, owner: str = LOCAL_OWNER) -> Reply:
        """Run one turn and return the reply; bad input gets a reply explaining why and is not stored."""
        return final_reply(self.stream(thread_id, text, mode=mode, audience=audience, owner=owner, chunked=False))

    def stream(self, thread_id: str, text: str | bytes | None, mode: str | None = None, audience: str | None = None,
               *, owner: str = LOCAL_OWNER, chunked: bool = True) -> Iterator[StreamEvent]:
        """Run one turn, yielding tool records (and model tokens) as they happen, then the text, then the Reply.
        Nothing escapes: any failure ends in a Reply that says so, with the conversation as it was."""
        try:
            inputs, input_notices = self._prepare(thread_id, text, mode, audience, owner)
        except (InputRejected, ValueError) as err:
            current = self._current(thread_id) if self._owns(thread_id, owner) else {}
            yield StreamEvent("reply", Reply(text=str(err), thread_id=thread_id, accepted=False,
                                             mode=current.get("mode")))
            return
        except Exception as err:  # noqa: BLE001 - a store that cannot be read must still give a reply
            log.error("turn preparation failed in thread %s: %s", thread_id, failure_summary(err))
            yield StreamEvent("reply", Reply(text=f"Something went wrong before that message could be handled "
                                             f"({type(err).__name__}). Please try again.", thread_id=thread_id,
                                             accepted=False))
            return
        config = {"configurable": {"thread_id": thread_id}}
        values: dict[str, Any] = {}
        with self._lock_for(thread_id):
            self._threads.begin(thread_id, owner, inputs["messages"][0].content, inputs.get("requested_mode"))
            live = False  # grounded text or model tokens already reached the caller during the run
            try:
                # subgraphs: the agent's model runs in a subgraph and its tokens must reach the caller too;
                # state (updates, values) is read from the top graph only.
                for namespace, kind, update in self._run(inputs, config):
                    if kind == "messages":  # model tokens of the compose step (not ballots or parses)
                        chunk, meta = update
                        if (isinstance(chunk, AIMessageChunk) and isinstance(chunk.content, str) and chunk.content
                                and COMPOSE_TAG in (meta.get("tags") or [])):
                            live = True
                            yield StreamEvent("token", chunk.content)
                    elif kind == "custom" and isinstance(update, dict):
                        if update.get("tool"):  # an agent tool call: pending, then done with its duration
                            yield StreamEvent("tool", update["tool"])
                        elif update.get("grounded"):  # the grounded reply, shown while the model thinks
                            live = True
                            yield StreamEvent("text", update["grounded"])
                    elif namespace:
                        continue
                    elif kind == "values":
                        values = update
                    else:
                        for node, node_update in (update or {}).items():
                            if node in ENGINE_NODES_WITH_TOOLS and isinstance(node_update, dict):
                                for tool in node_update.get("tools") or []:
                                    yield StreamEvent("tool", tool)
            except Exception as err:  # the thread must survive an internal failure; the log never holds the text
                log.error("turn failed in thread %s: %s", thread_id, failure_summary(err))
                self._threads.abandon(thread_id)
                yield StreamEvent("reply", Reply(
                    text=f"Something went wrong while handling that message ({type(err).__name__}). "
                    "Your conversation is intact; please try again.", thread_id=thread_id, accepted=False))
                return
            self._after_turn(thread_id, owner, inputs, values)
        startup, self.notices = self.notices, []  # store notices are shown once, on the first reply
        reply = Reply(text=values.get("reply") or "", thread_id=thread_id, mode=values.get("mode"),
                      intent=values.get("intent"), artifacts=values.get("artifacts") or {},
                      tools=list(values.get("tools") or []),
                      notices=startup + input_notices + list(values.get("notices") or []))
        if chunked and not live:  # with a model, the text already streamed live
            words = reply.text.split(" ")
            for start in range(0, len(words), 6):
                yield StreamEvent("text", " ".join(words[start:start + 6]) + (" " if start + 6 < len(words) else ""))
        yield StreamEvent("reply", reply)

    def _run(self, inputs: dict[str, Any], config: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], str, Any]]:
        """The graph's events as (namespace, stream mode, payload), whether or not subgraphs are streamed."""
        events = self.graph.stream(inputs, config, context=self._context, subgraphs=self._subgraphs,
                                   durability="exit", stream_mode=self._stream_modes)
        return events if self._subgraphs else (((), kind, update) for kind, update in events)

    def history(self, thread_id: str, *, owner: str = LOCAL_OWNER) -> list[dict[str, Any]]:
        """The thread's messages, oldest first, with each reply's artifacts; a turn cut short by a crash appears
        where it happened, marked ``interrupted``. Another owner's thread reads as empty."""
        if not self._owns(thread_id, owner):
            return []
        rows: list[dict[str, Any]] = []
        replies = 0
        messages = self._current(thread_id).get("messages") or []
        answered = [str(m.content) for m, after in zip(messages, messages[1:])
                    if isinstance(m, HumanMessage) and isinstance(after, AIMessage)]
        # A crash between storing a turn and clearing its in-flight marker leaves a marker for a turn that is
        # whole in the store: that one was not interrupted.
        interrupted = [i for i in self._threads.interrupted(thread_id)
                       if not (i["after_turn"] < len(answered) and answered[i["after_turn"]] == i["text"])]
        for message in messages:
            row: dict[str, Any] = {"role": "user" if isinstance(message, HumanMessage) else "assistant",
                                   "text": message.content}
            if isinstance(message, AIMessage):
                row.update({k: message.additional_kwargs.get(k) for k in ("artifacts", "tools", "notices", "mode")})
            rows.append(row)
            if isinstance(message, AIMessage):
                replies += 1
                rows += _interrupted_rows([i for i in interrupted if i["after_turn"] == replies])
        rows = _interrupted_rows([i for i in interrupted if i["after_turn"] == 0]) + rows
        rows += _interrupted_rows([i for i in interrupted if i["after_turn"] > replies])
        return rows

    def export(self, thread_id: str, *, owner: str = LOCAL_OWNER, redact_kinds: tuple[str, ...] = ()) -> str:
        """The whole conversation as JSON (for records, teaching review or bug reports); ``redact_kinds`` (any of
        names, phones, emails, record_numbers, addresses, dates_of_birth - or "all") are replaced in the text."""
        if not self._owns(thread_id, owner):
            raise InputRejected(NOT_FOUND)
        kinds = REDACTABLE if "all" in redact_kinds else tuple(redact_kinds)
        values = self._current(thread_id)
        messages = self.history(thread_id, owner=owner)
        if kinds:
            messages = [{**m, "text": redact(str(m.get("text") or ""), kinds)} for m in messages]
        return json.dumps({
            "thread_id": thread_id,
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "mode": values.get("mode"),
            "redacted": list(kinds),
            "case": values.get("case") or {},
            "red_flags": list((values.get("red_flags") or {}).values()),
            "messages": messages,
        }, indent=2, ensure_ascii=False, default=str)

    def threads(self, limit: int = 50, *, owner: str = LOCAL_OWNER) -> list[dict[str, Any]]:
        """The owner's recent conversations, newest first: thread_id, title, mode, created, updated, turns."""
        return self._threads.list(owner, limit) if _usable_key(owner) else []

    def delete(self, thread_id: str, *, owner: str = LOCAL_OWNER) -> bool:
        """Delete a conversation for good (its checkpoints and its index entry); False when it is not the owner's."""
        if not self._owns(thread_id, owner):
            return False
        with self._lock_for(thread_id):
            self._checkpointer.delete_thread(thread_id)
            self._threads.delete(thread_id)
        return True

    def prune_expired(self, now: float | None = None) -> int:
        """Delete conversations idle for longer than ``retention_days`` (none when it is 0); how many went."""
        days = self.settings.retention_days
        if days <= 0:
            return 0
        expired = self._threads.older_than((now or time.time()) - days * 86400)
        for thread_id in expired:
            with self._lock_for(thread_id):
                self._checkpointer.delete_thread(thread_id)
                self._threads.delete(thread_id)
        return len(expired)

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

    def _owns(self, thread_id: str, owner: str) -> bool:
        return _usable_key(thread_id) and _usable_key(owner) and self._threads.owner_of(thread_id) == owner

    def _after_turn(self, thread_id: str, owner: str, inputs: dict[str, Any], values: dict[str, Any]) -> None:
        """Count the stored turn, keep only its newest checkpoint (the store grows with the conversation, not
        with its square), and carry the learner's missed questions to their next conversation."""
        replies = sum(isinstance(m, AIMessage) for m in values.get("messages") or [])
        self._threads.commit(thread_id, owner, first_text=inputs["messages"][0].content, mode=values.get("mode"),
                             turns=replies)
        try:
            keep_latest(self._checkpointer, thread_id)
        except NotImplementedError:
            pass  # a store without pruning keeps every checkpoint; nothing is lost
        tutor_memory = (values.get("memory") or {}).get("tutor")
        if tutor_memory:
            self._threads.save_learner(owner, {"missed": missed_items(tutor_memory)})
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            self.prune_expired()

    def _prepare(self, thread_id: str, text: str | bytes | None, mode: str | None,
                 audience: str | None, owner: str) -> tuple[dict[str, Any], list[str]]:
        if not _usable_key(thread_id):
            raise InputRejected("A conversation id (thread_id) of plain text is required.")
        if not _usable_key(owner):
            raise InputRejected("An owner is required for a conversation.")
        known_owner = self._threads.owner_of(thread_id)
        if known_owner is not None and known_owner != owner:
            raise InputRejected(NOT_FOUND)
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
        if known_owner is None:  # a new conversation starts with what the learner missed before
            learner = self._threads.learner(owner)
            if learner.get("missed"):
                inputs["memory"] = {"learner": {"missed": list(learner["missed"])}}
        return inputs, cleaned.notices


def _usable_key(key: object) -> bool:
    """A thread id or owner the stores can hold: non-blank text without lone surrogates (which no store encodes)."""
    if not isinstance(key, str) or not key.strip():
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _interrupted_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for entry in entries:
        rows.append({"role": "user", "text": entry["text"], "interrupted": True})
        rows.append({"role": "assistant", "text": INTERRUPTED, "interrupted": True})
    return rows
