"""The session facade: turns, history, isolation, restart, export, streaming and bad input."""

import json

import pytest

from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_index_dir


@pytest.fixture
def sqlite_settings(tmp_path):
    return Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir())


@pytest.fixture
def assistant(settings):
    with ClinicalAssistant(settings) as instance:
        yield instance


def test_a_turn_is_stored_with_its_reply(assistant):
    reply = assistant.send("t1", "hello")
    assert reply.accepted and reply.intent == "greeting" and reply.text
    history = assistant.history("t1")
    assert [row["role"] for row in history] == ["user", "assistant"]
    assert history[1]["text"] == reply.text


def test_threads_are_isolated(assistant):
    assistant.send("alice", "switch to triage")
    assistant.send("bob", "hello")
    assert len(assistant.history("alice")) == 2
    assert "triage" not in " ".join(row["text"] for row in assistant.history("bob")).lower().split("triage mode:")[0]
    assert assistant.history("bob")[0]["text"] == "hello"
    assert {row["thread_id"] for row in assistant.threads()} == {"alice", "bob"}


def test_history_survives_a_restart(sqlite_settings):
    with ClinicalAssistant(sqlite_settings) as first:
        first.send("t", "switch to documentation")
    with ClinicalAssistant(sqlite_settings) as second:
        reply = second.send("t", "hello")
        assert reply.mode == "documentation"
        assert len(second.history("t")) == 4
        assert second.threads()[0]["turns"] == 2


@pytest.mark.parametrize("bad", ["", "   ", None, "x" * 1_048_576, bytes(range(256)) * 8])
def test_bad_input_is_refused_and_history_is_untouched(assistant, bad):
    assistant.send("t", "hello")
    reply = assistant.send("t", bad)
    assert not reply.accepted and reply.text
    assert len(assistant.history("t")) == 2


def test_invalid_utf8_is_repaired_with_a_notice(assistant):
    reply = assistant.send("t", b"hello \xff there")
    assert reply.accepted
    assert any("UTF-8" in notice for notice in reply.notices)


def test_unknown_mode_and_audience_are_refused(assistant):
    assert "Unknown mode" in assistant.send("t", "hello", mode="astrology").text
    assert "learner level" in assistant.send("t", "hello", audience="wizard").text
    assert assistant.history("t") == []


def test_export_is_json_with_every_message(assistant):
    assistant.send("t", "hello")
    exported = json.loads(assistant.export("t"))
    assert exported["thread_id"] == "t"
    assert [m["role"] for m in exported["messages"]] == ["user", "assistant"]


def test_stream_yields_text_chunks_then_the_reply(assistant):
    events = list(assistant.stream("t", "hello"))
    kinds = [event.kind for event in events]
    assert kinds[-1] == "reply" and "text" in kinds
    assert "".join(e.data for e in events if e.kind == "text") == events[-1].data.text


def test_corrupt_session_database_is_moved_aside(sqlite_settings):
    sqlite_settings.data_dir.mkdir(parents=True)
    sqlite_settings.sessions_path.write_bytes(b"this is not a database" * 100)
    with ClinicalAssistant(sqlite_settings) as assistant:
        reply = assistant.send("t", "hello")
        assert reply.accepted
        assert any("unreadable" in notice for notice in reply.notices)
    assert list(sqlite_settings.data_dir.glob("sessions.sqlite.corrupt-*"))


def test_data_dir_that_is_a_file_gives_a_clear_error(tmp_path):
    from graphs.sessions import SessionStoreError

    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(SessionStoreError, match="is a file"):
        ClinicalAssistant(Settings(data_dir=blocker))
