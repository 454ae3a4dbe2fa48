"""The deployment's parts, each started for real: sessions on PostgreSQL (LangGraph's Postgres checkpointer) and
guidelines on a Chroma server, first through the facade, then behind the web app with two worker processes and
concurrent clients over HTTP."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_index_dir
from tests.integration.conftest import start_server, stop_server, warm_up
from tests.integration.services import start_chroma, start_postgres
from tests.integration.test_load import converse

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CLIENTS = 10


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


def test_guideline_answers_come_from_a_chroma_server(chroma, chroma_index, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", index_dir=chroma_index, chroma_url=chroma, sessions="memory")
    with ClinicalAssistant(settings) as assistant:
        reply = assistant.send("t", "What is the first-line treatment for anaphylaxis?", mode="education")
    assert "intramuscular" in reply.text.lower() and reply.citations
    assert any("anaphylaxis" in str(c.get("title", "")).lower() for c in reply.citations)


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
