"""Whose conversations a web request may see.

The owner of a conversation is, in order: the signed-in user (``--auth``), a learner id an embedding site signed
with the shared ``embed_secret`` (tutor page: ``/tutor/?learner=ID&sig=HMAC``), or this browser's own random id
kept in its local storage (``gr.BrowserState``). Owners live in separate namespaces, so the tutor embed never
shows the main app's threads, and a forged or unsigned learner id falls back to the browser's own identity.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from typing import Any

_ID = re.compile(r"^[A-Za-z0-9_.@:\-]{1,128}$")


def new_browser_id() -> str:
    return "b-" + uuid.uuid4().hex


def sign_learner(secret: str, learner: str) -> str:
    """The signature an embedding site puts beside a learner id (HMAC-SHA256, hex)."""
    return hmac.new(secret.encode("utf-8"), learner.encode("utf-8"), hashlib.sha256).hexdigest()


def verified_learner(secret: str | None, learner: str | None, signature: str | None) -> str | None:
    """The learner id when it is well formed and correctly signed; None otherwise."""
    if not secret or not learner or not signature or not _ID.match(learner):
        return None
    return learner if hmac.compare_digest(sign_learner(secret, learner), signature) else None


def client_key_owner(client_key: str) -> str:
    """A scripted client's owner: a digest of the secret key it chose (the key itself is never stored)."""
    return "api-key:" + hashlib.sha256(client_key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def owner_for(request: Any, browser_id: str | None, namespace: str, learner: str | None = None) -> str:
    """The owner for this request: ``user:NAME``, ``<namespace>-learner:ID`` or ``<namespace>-browser:ID``."""
    username = getattr(request, "username", None) if request is not None else None
    if username:
        return f"{namespace}-user:{username}"
    if learner:
        return f"{namespace}-learner:{learner}"
    if browser_id and _ID.match(browser_id):
        return f"{namespace}-browser:{browser_id}"
    session = getattr(request, "session_hash", None) if request is not None else None
    return f"{namespace}-session:{session or uuid.uuid4().hex}"  # no stored id yet: this page view only
