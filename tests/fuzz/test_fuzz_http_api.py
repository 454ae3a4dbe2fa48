"""Fuzz the web app's API handlers (``ChatEvents.api_chat``, ``api_history``, ``api_export``) on a real assistant.

Any message, mode, thread id, owner and redaction list gives a result the HTTP layer can send: ``api_chat`` a reply
text and a JSON object, ``api_history`` a JSON list, ``api_export`` a JSON object (the export, or ``{"error"}``),
all encodable as UTF-8. The reply is never an internal failure, the owner's history stays in whole turns, and
another owner sees nothing of the thread.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from assistant.settings import MODES
from tests.fuzz.strategies import fuzz_settings, messages, mixed, rare, texts
from tests.fuzz.test_fuzz_facade import INTERNAL_FAILURE, assert_clean_history
from ui.web.handlers import ChatEvents

pytestmark = pytest.mark.slow
_serial = itertools.count()


def _numbered(prefix: str) -> str:
    return f"{prefix}{next(_serial)}"


fresh_id = st.builds(_numbered, st.sampled_from(["api-", "web-", "t", "-", "日本-"]))
identifier = rare(st.one_of(fresh_id, st.sampled_from(["", "t1", "web-0123456789abcdef"])),
                  st.one_of(st.sampled_from([" ", "../../etc/passwd", "a" * 500]), texts), 5)
owners = rare(st.sampled_from(["local", "alice", "bob", "signed:learner-1", "Zoë 🩺"]),
              st.one_of(st.sampled_from(["", " "]), mixed), 5)
modes = rare(st.sampled_from(["", *MODES]), st.one_of(st.sampled_from(["Triage", "tutor", "notes"]), texts), 5)


@pytest.fixture(scope="module")
def events(assistant, tmp_path_factory):
    return ChatEvents(assistant, files_dir=tmp_path_factory.mktemp("fuzz-web-files"))


def as_json(text: Any) -> Any:
    assert isinstance(text, str), text
    text.encode("utf-8")  # what the HTTP layer must be able to send
    return json.loads(text)


@fuzz_settings()
@given(message=rare(messages, st.sampled_from([None, "", "   "]), 5), mode=modes,
       thread_id=identifier, owner=owners, other=owners,
       redact=st.one_of(st.sampled_from(["", "all", "names,phones", "emails, dates_of_birth", "nonsense"]), texts))
def test_api_handlers_always_answer_in_json(events, message, mode, thread_id, owner, other, redact):
    text, payload = events.api_chat(message, mode, thread_id, owner)
    assert isinstance(text, str) and text.strip() and not INTERNAL_FAILURE.search(text), text
    data = as_json(payload)
    assert isinstance(data, dict) and isinstance(data["accepted"], bool) and data["thread_id"], data
    thread = data["thread_id"]
    event(f"accepted={data['accepted']}")
    history = as_json(events.api_history(thread, owner))
    assert isinstance(history, list)
    if data["accepted"]:
        assert_clean_history(history)
        assert history and history[-1]["text"] == text
    exported = as_json(events.api_export(thread, owner, redact))
    assert isinstance(exported, dict) and ("error" in exported or exported["thread_id"] == thread), exported
    if other != owner and data["accepted"]:
        assert as_json(events.api_history(thread, other)) == [], "another owner read this thread"
        assert "error" in as_json(events.api_export(thread, other, redact)), "another owner exported this thread"
