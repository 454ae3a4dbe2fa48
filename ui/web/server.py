"""Serving concerns kept out of the layout: login, exposure warning, allowed origins, framing headers."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from assistant.settings import Settings

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    host = (host or "").strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_pair(auth: str | None) -> tuple[str, str] | None:
    """``user:password`` -> (user, password); the password may itself contain colons."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user.strip() or not password:
        raise ValueError("--auth must look like user:password (both parts non-empty).")
    return user.strip(), password


def exposure_warning(settings: Settings) -> str | None:
    """A warning when the app listens beyond this machine with no login; None when that is not the case."""
    if is_loopback(settings.host) or settings.auth:
        return None
    return (f"WARNING: listening on {settings.host}, reachable from other machines, WITHOUT a login. "
            "Anyone on the network can read and write conversations. Use --auth user:password "
            "(or CLINICAL_ASSISTANT_AUTH) or bind to 127.0.0.1.")


def origins_of(allowed: str | None) -> list[str]:
    """Comma-separated origins -> a clean list (no trailing slashes, no blanks)."""
    return [item.strip().rstrip("/") for item in (allowed or "").split(",") if item.strip()]


def frame_ancestors(origins: list[str], embeddable: bool) -> str:
    """The CSP value: only this site may frame the main app; the tutor also allows the listed origins."""
    sources = ["'self'"] + ([o for o in origins if o != "*"] if embeddable else [])
    if embeddable and "*" in origins:
        sources = ["*"]
    return "frame-ancestors " + " ".join(sources)


def frame_ancestors_middleware(origins: list[str], *, embeddable_prefix: str) -> Callable[..., Any]:
    """An HTTP middleware adding frame-ancestors (and X-Frame-Options outside the embeddable page)."""
    async def add_headers(request: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
        response = await call_next(request)
        path = request.url.path
        embeddable = path == embeddable_prefix or path.startswith(embeddable_prefix + "/")
        response.headers["Content-Security-Policy"] = frame_ancestors(origins, embeddable)
        if not embeddable:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
    return add_headers


def public_url(settings: Settings) -> str:
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{settings.port}"


def browser_secret(settings: Settings) -> str:
    """The key that encrypts each browser's stored identity: the configured embed secret, else a random key made
    once and kept (owner-readable only) in the data folder, so identities survive a restart."""
    if settings.embed_secret:
        return settings.embed_secret
    path = settings.data_dir / "browser-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            return path.read_text(encoding="utf-8").strip()
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key)
        return key
