"""Conversations belong to their owner; turns are stored whole or shown as interrupted; deletion and retention
really delete."""

import json
import time

import pytest

from assistant.input_check import InputRejected
from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_index_dir


@pytest.fixture
def store(tmp_path):
    return Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir())


@pytest.fixture
def assistant(store):
    with ClinicalAssistant(store) as instance:
        yield instance


def test_another_owner_cannot_list_read_continue_export_or_delete(assistant):
    assistant.send("t-alice", "I feel low and I want to end it all", owner="alice")
    assert [t["thread_id"] for t in assistant.threads(owner="alice")] == ["t-alice"]
    assert assistant.threads(owner="bob") == []
    assert assistant.history("t-alice", owner="bob") == []
    intruding = assistant.send("t-alice", "hello", owner="bob")
    assert not intruding.accepted and "no conversation" in intruding.text.lower()
    with pytest.raises(InputRejected):
        assistant.export("t-alice", owner="bob")
    assert assistant.delete("t-alice", owner="bob") is False
    assert len(assistant.history("t-alice", owner="alice")) == 2  # untouched by the attempts


def test_delete_removes_the_conversation_for_good(assistant):
    assistant.send("t", "hello", owner="carol")
    assert assistant.delete("t", owner="carol") is True
    assert assistant.threads(owner="carol") == [] and assistant.history("t", owner="carol") == []
    assert assistant._checkpointer.get_tuple({"configurable": {"thread_id": "t"}}) is None


def test_retention_deletes_idle_conversations(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), retention_days=30)
    with ClinicalAssistant(settings) as instance:
        instance.send("old", "hello")
        assert instance.prune_expired(now=time.time() + 29 * 86400) == 0
        assert instance.prune_expired(now=time.time() + 31 * 86400) == 1
        assert instance.threads() == [] and instance.history("old") == []


def test_a_turn_cut_short_shows_as_interrupted_and_stays_out_of_the_conversation(store):
    with ClinicalAssistant(store) as first:
        first.send("t", "hello")
        first._threads.begin("t", "local", "my chest hurts", None)  # the process dies here, mid-turn
    with ClinicalAssistant(store) as second:
        rows = second.history("t")
        assert [r.get("interrupted", False) for r in rows] == [False, False, True, True]
        assert rows[2]["text"] == "my chest hurts" and "interrupted" in rows[3]["text"]
        second.send("t", "thanks")
        rows = second.history("t")
        assert len(rows) == 6 and rows[4]["text"] == "thanks"
        messages = second._current("t")["messages"]
        assert "my chest hurts" not in [m.content for m in messages]  # never mixed into what the engines see


def test_a_crash_after_the_turn_was_stored_but_before_its_marker_cleared_is_no_interruption(store):
    with ClinicalAssistant(store) as first:
        first.send("t", "hello")
        first._threads.commit = lambda *args, **kwargs: None  # the process dies between the two stores
        first.send("t", "what is asthma?")
    with ClinicalAssistant(store) as second:
        rows = second.history("t")
        assert [r["text"] for r in rows if r["role"] == "user"] == ["hello", "what is asthma?"]
        assert not any(r.get("interrupted") for r in rows)
        second.send("t", "thanks")  # the stale marker is cleared on the next turn, still not shown
        assert [r.get("interrupted", False) for r in second.history("t")] == [False] * 6


@pytest.mark.parametrize("sessions", ["sqlite", "memory"])
def test_only_the_newest_checkpoint_is_kept(tmp_path, sessions):
    settings = Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), sessions=sessions)
    with ClinicalAssistant(settings) as assistant:
        for text in ("hello", "what is asthma?", "thanks"):
            assistant.send("t", text)
        saved = list(assistant._checkpointer.list({"configurable": {"thread_id": "t"}}))
        assert len(saved) == 1 and len(assistant.history("t")) == 6
        assert assistant.send("t", "hello again").accepted and len(assistant.history("t")) == 8


def test_export_can_redact_personal_details(assistant):
    assistant.send("t", "my name is John Smith, call me on 07700 900123, I have a cough")
    exported = json.loads(assistant.export("t", redact_kinds=("all",)))
    text = exported["messages"][0]["text"]
    assert "John" not in text and "07700" not in text and "cough" in text
    assert exported["redacted"]


def test_a_learner_s_missed_questions_follow_them_to_a_new_conversation(assistant):
    assistant._threads.save_learner("dana", {"missed": ["q-1"]})
    assistant.send("new-thread", "quiz me", owner="dana")
    memory = assistant._current("new-thread").get("memory") or {}
    assert memory.get("learner", {}).get("missed") == ["q-1"]
