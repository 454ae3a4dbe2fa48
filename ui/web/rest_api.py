"""A plain JSON API for scripts and embedding apps: one request, one reply, no Gradio queue.

The Gradio endpoints (``/gradio_api/...``) suit the browser and ``gradio_client``, but each call is a submit plus an
event stream through Gradio's queue, which costs the web process about as much CPU as the turn itself. These routes
do only I/O in the web process - read the request, hand the turn to the assistant (worker processes when serving
with several), send the reply - so fifty clients keep every core busy with turns rather than with bookkeeping.

Who owns a thread: with ``--auth`` the signed-in user (HTTP Basic, the same account as the web app's login); without
it the client's own secret key (``X-Client-Key``, 16+ characters), the same owner as the Gradio API's
``client_key``, so a script may use either API on one thread.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import unicodedata
from typing import Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException

from ui.web.handlers import ChatEvents, sendable
from ui.web.identity import client_key_owner, owner_for

PREFIX = "/api"
NOT_YOURS = "No conversation with that id is yours."


class ChatRequest(BaseModel):
    message: str = Field(description="What the user typed.")
    mode: str | None = Field(None, description="education, triage or documentation; omitted: the thread's mode.")
    thread_id: str | None = Field(None, description="The conversation; omitted or empty: a new one.")
    audience: str | None = Field(None, description="student, nurse or physician (how answers are pitched).")

    @field_validator("thread_id")
    @classmethod
    def _addressable(cls, thread_id: str | None) -> str | None:
        """A thread id must be usable in the thread routes' paths: no control characters (a newline cannot be
        matched there, so such a thread could be written but never read back or deleted)."""
        if thread_id and any(unicodedata.category(c) == "Cc" for c in thread_id):
            raise ValueError("a thread_id may not contain control characters")
        return thread_id


class _Signed:
    """What ``owner_for`` reads from a request: the signed-in user's name."""

    def __init__(self, username: str) -> None:
        self.username = username


def json_response(content: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON that can always be sent: a lone surrogate echoed from the request becomes U+FFFD, not a 500."""
    body = sendable(json.dumps(content, ensure_ascii=False, default=str)).encode("utf-8")
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


def _problem(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"error": message}, status, headers)


def _basic_user(authorization: str | None, account: tuple[str, str]) -> str | None:
    """The user name when the Basic credentials match the configured account; None otherwise."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    matches = secrets.compare_digest(user.encode(), account[0].encode())
    matches &= secrets.compare_digest(password.encode(), account[1].encode())
    return user if sep and matches else None


def api_router(events: ChatEvents, account: tuple[str, str] | None) -> APIRouter:
    """The routes, acting for the caller only; ``account`` is the ``--auth`` login (None: client keys). A thread
    id in a path is percent-encoded by the client and may hold any character, "/" included (hence ``:path``, and
    the export route before the plain one)."""
    router = APIRouter(prefix=PREFIX, tags=["api"])

    def caller(authorization: str | None = Header(None), x_client_key: str | None = Header(None)) -> str:
        """The owner every route acts for; a request that names none is refused before any work."""
        if account is not None:
            user = _basic_user(authorization, account)
            if user is None:
                raise HTTPException(401, "Sign in with HTTP Basic authentication (the app's --auth account).",
                                    {"WWW-Authenticate": 'Basic realm="clinical-assistant"'})
            return owner_for(_Signed(user), None, "api")
        if not x_client_key or len(x_client_key) < 16:
            raise HTTPException(401, "Send a secret key of your choosing (16 or more characters) in the "
                                     "X-Client-Key header; the threads you start belong to that key.")
        return client_key_owner(x_client_key)

    @router.post("/chat")
    def chat(body: ChatRequest, who: str = Depends(caller)) -> Response:
        """Send one message; the reply text with its artifacts (triage, citations, drugs, note, quiz, vote)."""
        return json_response(events.api_turn(body.message, body.mode or "", body.thread_id or "", who,
                                             body.audience or None))

    @router.get("/threads")
    def threads(who: str = Depends(caller)) -> Response:
        """The caller's own conversations, newest first."""
        return json_response(events.assistant.threads(owner=who))

    @router.get("/threads/{thread_id:path}/export")
    def export(thread_id: str, redact: str = "", who: str = Depends(caller)) -> Response:
        """The whole conversation; ``redact``: comma-separated kinds of personal detail to hide, or "all"."""
        exported = json.loads(events.api_export(thread_id, who, redact))
        return _problem(404, exported["error"]) if "error" in exported else json_response(exported)

    @router.get("/threads/{thread_id:path}")
    def history(thread_id: str, who: str = Depends(caller)) -> Response:
        """The thread's messages with their artifacts; 404 for a thread that is not the caller's."""
        rows = events.assistant.history(thread_id, owner=who)
        return json_response(rows) if rows else _problem(404, NOT_YOURS)

    @router.delete("/threads/{thread_id:path}")
    def delete(thread_id: str, who: str = Depends(caller)) -> Response:
        """Delete the caller's conversation for good."""
        if events.assistant.delete(thread_id, owner=who):
            return json_response({"deleted": thread_id})
        return _problem(404, NOT_YOURS)

    return router


async def readable_request_error(request: Request, error: Exception) -> Response:
    """A body that is not the JSON the route expects (or not text at all) gets a plain message naming the fields,
    in the same ``{"error": ...}`` shape as every other refusal, not a framework's traceback-like detail."""
    fields = sorted({".".join(str(p) for p in item.get("loc", ())[1:] if not isinstance(p, int)) or "body"
                     for item in getattr(error, "errors", lambda: [])()}) or ["body"]
    return _problem(getattr(error, "status_code", 422),
                    'The request body must be JSON like {"message": "...", "mode": "triage", "thread_id": "..."}. '
                    "Check: " + ", ".join(fields) + ".")


async def readable_http_error(request: Request, error: HTTPException) -> Response:
    """The framework's own refusals in the same shape: a body it could not parse (400) as above, others as said."""
    if error.status_code == 400:
        return await readable_request_error(request, error)
    return _problem(error.status_code, str(error.detail), error.headers)
