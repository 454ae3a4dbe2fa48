"""The deployment's parts, each started for real: sessions on PostgreSQL (LangGraph's Postgres checkpointer) and
guidelines on a Chroma server, first through the facade, then every scripted dialogue on both, then behind the web
app with two worker processes and concurrent clients over HTTP."""

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import yaml

from assistant.settings import Settings
from graphs import ClinicalAssistant
from graphs.dialogues import run_dialogue
from graphs.sessions import SessionStoreError
from graphs.threads import PostgresThreadIndex
from tests.conftest import shared_cache_dir, shared_index_dir
from tests.dialogues.conftest import assistant_opener
from tests.integration.conftest import free_port, start_server, stop_server, warm_up
from tests.integration.services import start_chroma, start_postgres
from tests.integration.test_load import converse

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CLIENTS = 10
DIALOGUES = sorted((Path(__file__).resolve().parents[1] / "dialogues").glob("*.yaml"))


def _running(start):
    """The service's URL while the module's tests run; stopped and its folder removed afterwards."""
    service = start()
    try:
        yield service.url
    finally:
        service.stop()


@pytest.fixture(scope="module")
def postgres():
    yield from _running(start_postgres)


@pytest.fixture(scope="module")
def chroma():
    yield from _running(start_chroma)


@pytest.fixture(scope="module")
def chroma_index(tmp_path_factory):
    """The guideline index's own files (manifest, BM25) for the collection on the Chroma server, built once."""
    return tmp_path_factory.mktemp("chroma-index")


def test_conversations_on_postgres_are_owned_pruned_durable_and_deletable(postgres, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), sessions=postgres)
    with ClinicalAssistant(settings) as first:
        for text in ("hello", "what is asthma?", "thanks"):
            assert first.send("alice-1", text, owner="alice").accepted
        first.send("bob-1", "I have a cough", owner="bob")
        saved = list(first._checkpointer.list({"configurable": {"thread_id": "alice-1"}}))
        assert len(saved) == 1  # only the newest checkpoint: the store grows with the conversation
        assert first.history("alice-1", owner="bob") == []
    with ClinicalAssistant(settings) as second:  # a restart reads the same store
        rows = second.history("alice-1", owner="alice")
        assert [r["text"] for r in rows if r["role"] == "user"] == ["hello", "what is asthma?", "thanks"]
        assert [t["thread_id"] for t in second.threads(owner="bob")] == ["bob-1"]
        second.delete("alice-1", owner="alice")
        assert second.history("alice-1", owner="alice") == []
        assert list(second._checkpointer.list({"configurable": {"thread_id": "alice-1"}})) == []


def _host(postgres, folder):
    """One app host: its own data folder, the shared PostgreSQL for sessions."""
    return Settings(data_dir=folder, index_dir=shared_index_dir(), sessions=postgres)


def test_hosts_sharing_one_postgres_list_continue_and_delete_the_same_threads(postgres, tmp_path):
    owner, stranger, thread = (f"{name}-{uuid.uuid4().hex[:8]}" for name in ("erin", "frank", "erin-thread"))
    with ClinicalAssistant(_host(postgres, tmp_path / "host-a")) as first, \
            ClinicalAssistant(_host(postgres, tmp_path / "host-b")) as second:
        assert first.send(thread, "what is asthma?", owner=owner).accepted
        listed = second.threads(owner=owner)
        assert [(t["thread_id"], t["title"], t["turns"]) for t in listed] == [(thread, "what is asthma?", 1)]
        assert second.send(thread, "thanks", owner=owner).accepted  # the conversation goes on on the other host
        assert [t["turns"] for t in first.threads(owner=owner)] == [2]
        user_said = [r["text"] for r in first.history(thread, owner=owner) if r["role"] == "user"]
        assert user_said == ["what is asthma?", "thanks"]

        assert first.threads(owner=stranger) == [] and second.history(thread, owner=stranger) == []
        assert not second.send(thread, "hello", owner=stranger).accepted
        assert first.delete(thread, owner=stranger) is False and len(second.threads(owner=owner)) == 1

        assert second.delete(thread, owner=owner) is True
        assert first.threads(owner=owner) == [] and first.history(thread, owner=owner) == []
    assert not list(tmp_path.rglob("threads.sqlite"))  # neither host kept a list of its own


def test_a_turn_cut_short_on_one_host_shows_as_interrupted_on_another(postgres, tmp_path):
    owner, thread = f"gina-{uuid.uuid4().hex[:8]}", f"gina-thread-{uuid.uuid4().hex[:8]}"
    with ClinicalAssistant(_host(postgres, tmp_path / "host-a")) as first:
        assert first.send(thread, "hello", owner=owner).accepted
        first._threads.begin(thread, owner, "my chest hurts", None)  # the host dies here, mid-turn
    with ClinicalAssistant(_host(postgres, tmp_path / "host-b")) as second:
        index = second._threads
        assert index.owner_of(thread) == owner
        assert [(i["text"], i["after_turn"]) for i in index.interrupted(thread)] == [("my chest hurts", 1)]
        index.begin(thread, owner, "are you there?", None)  # the stale marker becomes an interrupted entry
        index.begin(thread, owner, "hello again", None)  # and so does this one, also never committed
        entries = index.interrupted(thread)
        assert [i["text"] for i in entries] == ["my chest hurts", "are you there?", "hello again"]
        assert [i["started"] for i in entries] == sorted(i["started"] for i in entries)
        index.abandon(thread)  # the last one failed cleanly: only its marker goes
        assert [i["text"] for i in index.interrupted(thread)] == ["my chest hurts", "are you there?"]

        assert second.send(thread, "thanks", owner=owner).accepted
        rows = second.history(thread, owner=owner)
        assert [r.get("interrupted", False) for r in rows] == [False, False] + [True] * 4 + [False, False]
        assert [rows[2]["text"], rows[4]["text"], rows[6]["text"]] == ["my chest hurts", "are you there?", "thanks"]
        messages = [m.content for m in second._current(thread)["messages"]]
        assert "my chest hurts" not in messages and "are you there?" not in messages
        assert second.delete(thread, owner=owner) and index.interrupted(thread) == []


def test_an_unreachable_postgres_for_the_thread_index_is_a_readable_session_store_error():
    with pytest.raises(SessionStoreError, match="Cannot reach the PostgreSQL"):
        PostgresThreadIndex(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres")


def test_guideline_answers_come_from_a_chroma_server(chroma, chroma_index, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", index_dir=chroma_index, chroma_url=chroma, sessions="memory")
    with ClinicalAssistant(settings) as assistant:
        reply = assistant.send("t", "What is the first-line treatment for anaphylaxis?", mode="education")
    assert "intramuscular" in reply.text.lower() and reply.citations
    assert any("anaphylaxis" in str(c.get("title", "")).lower() for c in reply.citations)


def _own_database(postgres: str, name: str) -> str:
    """A fresh database on the throwaway cluster, and its URL."""
    database = "dialogue_" + re.sub(r"\W", "_", name).lower()[:50]
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    return postgres.rsplit("/", 1)[0] + "/" + database


@pytest.mark.parametrize("path", DIALOGUES, ids=lambda path: path.stem)
def test_every_scripted_dialogue_passes_on_postgres_and_a_chroma_server(postgres, chroma, chroma_index, tmp_path,
                                                                        path):
    base = Settings(data_dir=tmp_path / "data", index_dir=chroma_index, cache_dir=shared_cache_dir(),
                    chroma_url=chroma, sessions=_own_database(postgres, path.stem))
    result = run_dialogue(path, base_settings=base, open_assistant=assistant_opener())
    known = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("known_regression")
    assert result.passed or known, f"{path.name} on PostgreSQL + Chroma:\n" + "\n".join(result.failures)


def test_the_web_app_with_two_workers_on_postgres_and_chroma_keeps_every_client_to_itself(postgres, chroma,
                                                                                            chroma_index, tmp_path):
    process, handle, server = start_server(tmp_path, "--workers", "2", env={
        "CLINICAL_ASSISTANT_SESSIONS": postgres, "CLINICAL_ASSISTANT_CHROMA_URL": chroma,
        "CLINICAL_ASSISTANT_INDEX_DIR": str(chroma_index)})
    try:
        warm_up(server.url)
        markers = [f"zq{uuid.uuid4().hex[:8]}" for _ in range(CLIENTS)]
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda marker: converse(server.url, marker), markers))
    finally:
        stop_server(process, handle)
    for marker, result in zip(markers, results):
        assert all(text and payload["thread_id"] == result["thread_id"] for text, payload in result["replies"])
        everything = json.dumps(result["export"])
        assert marker in everything
        assert not [other for other in markers if other != marker and other in everything]
