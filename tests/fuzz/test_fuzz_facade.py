"""Fuzz ``ClinicalAssistant.send`` and ``.stream`` in every mode: a clean reply for every input, whole turns only.

Each example is a fresh conversation of one or two turns (so a failure replays on its own): no exception escapes,
no reply is an internal failure, and after every call the history holds user/assistant pairs only - a rejected
turn (``accepted=False``) stores nothing, an accepted one stores exactly its message and its reply. Pastes right
at the length limits (``assistant.settings.Settings``) have a second, smaller test: each takes seconds.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.settings import MODES
from tests.fuzz.strategies import DEFAULTS, EXAMPLES, fuzz_settings, long_paste, messages

pytestmark = pytest.mark.slow
INTERNAL_FAILURE = re.compile(r"something went wrong|internal error|traceback", re.IGNORECASE)
_threads = itertools.count()


def assert_clean_history(rows: list[dict[str, Any]]) -> None:
    """User/assistant pairs, nothing marked interrupted, every text storable as UTF-8."""
    assert [row["role"] for row in rows] == ["user", "assistant"] * (len(rows) // 2), rows
    assert not any(row.get("interrupted") for row in rows), rows
    for row in rows:
        assert isinstance(row["text"], str) and row["text"].strip(), row
        row["text"].encode("utf-8")  # a lone surrogate stored in history breaks every export


def run_turn(assistant, how: str, thread_id: str, text: Any, mode: str | None):
    if how == "send":
        return assistant.send(thread_id, text, mode=mode)
    events = list(assistant.stream(thread_id, text, mode=mode))
    assert events and events[-1].kind == "reply" and [e.kind for e in events].count("reply") == 1, events
    reply = events[-1].data
    streamed = "".join(str(e.data) for e in events if e.kind == "text")
    assert streamed in ("", reply.text), (streamed, reply.text)
    return reply


def check_turn(assistant, how: str, thread_id: str, text: Any, mode: str | None) -> None:
    before = assistant.history(thread_id)
    reply = run_turn(assistant, how, thread_id, text, mode)
    after = assistant.history(thread_id)
    assert isinstance(reply.text, str) and reply.text.strip(), reply
    assert not INTERNAL_FAILURE.search(reply.text), reply.text
    assert_clean_history(after)
    if reply.accepted:
        assert after[:len(before)] == before and len(after) == len(before) + 2, (before, after)
        assert after[-1]["text"] == reply.text
    else:
        assert after == before, "a rejected turn changed the history"


@fuzz_settings()
@given(first_mode=st.sampled_from(MODES), how=st.sampled_from(("send", "stream")),
       turns=st.lists(st.tuples(messages, st.sampled_from((None, *MODES))), min_size=1, max_size=2))
def test_every_message_gets_a_clean_reply_and_a_whole_turn(assistant, first_mode, how, turns):
    thread_id = f"fuzz-{next(_threads)}"
    for n, (text, mode) in enumerate(turns):
        check_turn(assistant, how, thread_id, text, first_mode if n == 0 else mode)


def _at_the_limit(mode: str) -> st.SearchStrategy[str]:
    limit = DEFAULTS.max_transcript_chars if mode == "documentation" else DEFAULTS.max_input_chars
    return long_paste((limit, limit + 1, DEFAULTS.max_input_chars + 1))


@fuzz_settings(max(3, EXAMPLES // 250))  # each accepted paste at a limit takes seconds: a few, every run
@given(mode_and_text=st.sampled_from(MODES).flatmap(lambda mode: st.tuples(st.just(mode), _at_the_limit(mode))),
       how=st.sampled_from(("send", "stream")))
def test_pastes_at_the_limits_are_answered_or_refused_whole(assistant, mode_and_text, how):
    mode, text = mode_and_text
    check_turn(assistant, how, f"fuzz-limit-{next(_threads)}", text, mode)
