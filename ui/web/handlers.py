"""Event functions of the web UI: a turn (streamed), resuming or deleting a thread, a new conversation, the API.

Handlers return plain dicts keyed by widget *name* (see ``PANEL_NAMES``); ``ui.web.app`` maps the names
to components. That keeps this module free of layout and lets tests drive it with a fake assistant. Every handler
acts for an ``owner`` (``ui.web.identity``): the signed-in user, this browser, or a signed learner id - never for
"everyone".
"""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.artifacts import ARTIFACT_KEYS
from ui.web import cards, render

QUIZ_NAMES = tuple(f"quiz_{letter}" for letter in render.QUIZ_LETTERS)
PANEL_NAMES = ("banner", "triage", "sources", "drugs", "notices", "quiz", *QUIZ_NAMES,
               "note_panel", "note", "note_md", "note_fhir")
TURN_NAMES = ("chatbot", "message", "thread", "threads", "mode", "status", *PANEL_NAMES)
WORKING_STATUS = '<p role="status" aria-live="polite" class="ca-turn-status" data-state="working">Working on it...</p>'
READY_STATUS = '<p role="status" aria-live="polite" class="ca-turn-status" data-state="ready">Reply ready.</p>'

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def new_thread_id(prefix: str = "web") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


class ChatEvents:
    """The UI's side of a conversation: it talks only to the ``ClinicalAssistant`` facade."""

    def __init__(self, assistant: Any, files_dir: Path | None = None, *, thread_prefix: str = "web") -> None:
        self.assistant = assistant
        self.thread_prefix = thread_prefix
        self._files_dir = files_dir

    # -- panels ----------------------------------------------------------------------------------
    def panels(self, artifacts: dict[str, Any], thread_id: str = "", answered: list[str] | None = None
               ) -> dict[str, Any]:
        """Every artifact panel for one reply; a missing artifact empties (hides) its panel. ``answered``: the
        assistant's messages the user has replied to (the triage card does not list their questions as missing)."""
        triage = artifacts.get("triage")
        quiz = artifacts.get("quiz")
        note = artifacts.get("note")
        citations = artifacts.get("citations") or (triage or {}).get("citations")
        updates: dict[str, Any] = {
            "banner": render.banner_html(triage),
            "triage": cards.triage_card_html(triage, artifacts.get("vote"), answered or ()),
            "sources": cards.sources_html(citations),
            "drugs": cards.drugs_html(artifacts.get("drugs")),
            "notices": render.notices_html(artifacts.get("notices")),
            "quiz": render.quiz_html(quiz),
        }
        choices = dict(render.quiz_choices(quiz))
        for letter, name in zip(render.QUIZ_LETTERS, QUIZ_NAMES):
            label = choices.get(letter)
            updates[name] = gr.Button(value=label or letter, visible=label is not None)
        markdown = render.note_markdown(note)
        md_path, fhir_path = self.note_files(note, thread_id) if markdown else (None, None)
        updates.update({
            "note_panel": gr.Column(visible=bool(markdown)),
            "note": markdown,
            "note_md": gr.DownloadButton(value=md_path, visible=md_path is not None),
            "note_fhir": gr.DownloadButton(value=fhir_path, visible=fhir_path is not None),
        })
        return updates

    def note_files(self, note: dict[str, Any] | None, thread_id: str) -> tuple[str | None, str | None]:
        """Write the note as Markdown and FHIR JSON into a fresh folder; None for a format that is missing."""
        markdown, fhir = render.note_markdown(note), render.note_fhir_json(note)
        if not markdown:
            return None, None
        folder = Path(tempfile.mkdtemp(prefix=(_SAFE_ID.sub("", thread_id)[:40] or "note") + "-",
                                       dir=self.files_dir))
        md_path = folder / "soap-note.md"
        md_path.write_text(markdown, encoding="utf-8")
        fhir_path = None
        if fhir:
            fhir_path = folder / "soap-note.fhir.json"
            fhir_path.write_text(fhir, encoding="utf-8")
        return str(md_path), (str(fhir_path) if fhir_path else None)

    @property
    def files_dir(self) -> Path:
        if self._files_dir is None:
            self._files_dir = Path(tempfile.mkdtemp(prefix="ca-web-files-"))
        self._files_dir.mkdir(parents=True, exist_ok=True)
        return self._files_dir

    def thread_list(self, owner: str, selected: str | None = None) -> Any:
        choices = render.thread_choices(self.assistant.threads(owner=owner))
        known = {value for _, value in choices}
        return gr.Dropdown(choices=choices, value=selected if selected in known else None)

    # -- events ----------------------------------------------------------------------------------
    def respond(self, message: str | None, history: list[Any] | None, mode: str | None,
                thread_id: str | None, owner: str, audience: str | None = None) -> Iterator[dict[str, Any]]:
        """One streamed turn: the user's bubble, tool entries as they happen, the text, then the panels.
        ``audience`` (student, nurse, physician) pitches the answer; None keeps the conversation's."""
        text = message if isinstance(message, str) else ""
        if not text.strip():
            yield {"message": ""}
            return
        thread_id = thread_id or new_thread_id(self.thread_prefix)
        shown = list(history or []) + [gr.ChatMessage(role="user", content=text)]
        tools: list[gr.ChatMessage] = []
        streamed = drafted = ""
        yield {"chatbot": shown + [render.working_message()], "message": "", "thread": thread_id,
               "status": WORKING_STATUS}
        reply = None
        for event in self.assistant.stream(thread_id, text, mode=mode or None, audience=audience or None, owner=owner):
            if event.kind == "tool" and isinstance(event.data, dict):
                tools.append(render.tool_message(event.data))
                yield {"chatbot": shown + tools + [render.working_message()]}
            elif event.kind == "text":
                streamed += str(event.data)
                yield {"chatbot": shown + tools + [render.reply_message(streamed)]}
            elif event.kind == "token":  # the model writes below the grounded text; the checked reply replaces it
                drafted += str(event.data)
                yield {"chatbot": shown + tools + [render.reply_message(streamed), render.draft_message(drafted)]}
            elif event.kind == "reply":
                reply = event.data
        if reply is None:  # the facade always ends with a reply; say so plainly if it did not
            yield {"chatbot": shown + tools + [render.reply_message("No reply was produced; please try again.")],
                   "status": READY_STATUS}
            return
        if not tools:
            tools = render.tool_messages(reply.tools)
        final = {"chatbot": shown + tools + [render.reply_message(reply.text)], "thread": thread_id,
                 "threads": self.thread_list(owner, thread_id), "status": READY_STATUS}
        if reply.mode and reply.mode != mode:
            final["mode"] = reply.mode
        final.update(self.panels(_artifacts_of(reply), thread_id, render.answered_texts(shown)))
        yield final

    def resume(self, thread_id: str | None, owner: str) -> dict[str, Any]:
        """Reopen one of the owner's past conversations: its messages, its mode and its latest reply's panels."""
        if not thread_id:
            return {}
        rows = self.assistant.history(thread_id, owner=owner)
        if not rows:
            return self.new_conversation(owner)
        latest = render.last_artifacts(rows)
        updates = {"chatbot": render.history_messages(rows), "thread": thread_id, "message": ""}
        if latest.get("mode"):
            updates["mode"] = latest["mode"]
        updates.update(self.panels(latest, thread_id, render.answered_texts(rows)))
        return updates

    def new_conversation(self, owner: str) -> dict[str, Any]:
        """A fresh thread id and empty panels; the previous thread stays in the list."""
        updates = {"chatbot": [], "message": "", "thread": new_thread_id(self.thread_prefix),
                   "threads": self.thread_list(owner, None)}
        updates.update(self.panels({}))
        return updates

    def delete(self, thread_id: str | None, owner: str) -> dict[str, Any]:
        """Delete the open conversation for good (its messages and its entry in the list), then start afresh."""
        if thread_id:
            self.assistant.delete(thread_id, owner=owner)
        return self.new_conversation(owner)

    def start(self, owner: str) -> dict[str, Any]:
        """Page load: this browser tab gets its own thread, and the owner's past conversations."""
        return {"thread": new_thread_id(self.thread_prefix), "threads": self.thread_list(owner, None)}

    # -- API (the JSON API and gradio_client) -------------------------------------------------------
    def api_turn(self, message: str, mode: str, thread_id: str, owner: str, audience: str | None = None
                 ) -> dict[str, Any]:
        """Send one message; the reply text, its artifacts and the thread_id to send with the next message."""
        thread_id = thread_id or new_thread_id("api")
        reply = self.assistant.send(thread_id, message, mode=mode or None, audience=audience, owner=owner)
        payload = {"reply": reply.text, **_artifacts_of(reply)}
        payload.update({"thread_id": thread_id, "mode": reply.mode, "intent": reply.intent,
                        "tools": reply.tools, "accepted": reply.accepted})
        return payload

    def api_chat(self, message: str, mode: str, thread_id: str, owner: str) -> tuple[str, str]:
        """The Gradio endpoint's shape of ``api_turn``: the reply text, and the rest as a JSON string."""
        payload = self.api_turn(message, mode, thread_id, owner)
        text = payload.pop("reply")
        return text, sendable(json.dumps(payload, ensure_ascii=False, default=str))

    def api_history(self, thread_id: str, owner: str) -> str:
        """The thread's messages with their artifacts, as JSON (empty for a thread that is not the owner's)."""
        return json.dumps(self.assistant.history(thread_id, owner=owner), ensure_ascii=False, default=str)

    def api_export(self, thread_id: str, owner: str, redact: str = "") -> str:
        """The whole conversation export as JSON; ``redact`` lists kinds of personal detail to hide ("all")."""
        kinds = tuple(k.strip() for k in redact.split(",") if k.strip())
        try:
            return self.assistant.export(thread_id, owner=owner, redact_kinds=kinds)
        except ValueError as err:
            return json.dumps({"error": str(err)})


def sendable(text: str) -> str:
    """The text with any lone surrogate (echoed from hostile input) replaced, so it can be encoded as UTF-8."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _artifacts_of(reply: Any) -> dict[str, Any]:
    found = {key: getattr(reply, key, None) for key in ARTIFACT_KEYS}
    found["notices"] = list(getattr(reply, "notices", None) or [])
    return found
