"""The named Gradio API (/chat, /history, /export) through gradio_client against the running server."""

import json

import httpx
import pytest
from gradio_client import Client

from tests.integration.conftest import start_server, stop_server

pytestmark = [pytest.mark.integration]
RED_FLAG = "I have crushing chest pain spreading to my left arm and I'm sweating"


@pytest.fixture(scope="module")
def client(server):
    return Client(server.url + "/", verbose=False, download_files=False)


def test_the_api_names_its_endpoints(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/chat", "/history", "/export"} <= set(endpoints)
    assert [p["parameter_name"] for p in endpoints["/chat"]["parameters"]] == ["message", "mode", "thread_id",
                                                                              "client_key"]


def test_api_clients_see_only_their_own_threads(client):
    client.predict("what is asthma?", "education", "api-owned-thread", "client-a-secret-key-0001", api_name="/chat")
    mine = json.loads(client.predict("api-owned-thread", "client-a-secret-key-0001", api_name="/history"))
    assert [row["role"] for row in mine] == ["user", "assistant"]
    theirs = client.predict("api-owned-thread", "client-b-secret-key-0002", api_name="/history")
    assert "what is asthma" not in theirs


def test_chat_returns_reply_text_and_artifacts_for_a_thread(client):
    text, payload = client.predict("hello", "education", "api-test-hello", api_name="/chat")
    data = json.loads(payload)
    assert text and data["thread_id"] == "api-test-hello" and data["accepted"] is True
    assert set(data) >= {"triage", "citations", "drugs", "note", "quiz", "vote", "tools", "notices", "mode"}
    history = json.loads(client.predict("api-test-hello", api_name="/history"))
    assert [row["role"] for row in history] == ["user", "assistant"] and history[0]["text"] == "hello"


def test_a_red_flag_comes_back_as_an_emergency_triage_artifact(client):
    text, payload = client.predict(RED_FLAG, "triage", "api-test-chest", api_name="/chat")
    triage = json.loads(payload)["triage"]
    assert triage["level"] == "emergency" and triage["red_flags"]
    assert "emergency" in text.lower()


def test_an_empty_thread_id_gets_a_new_thread(client):
    _, first = client.predict("hello", "education", "", api_name="/chat")
    _, second = client.predict("hello", "education", "", api_name="/chat")
    assert json.loads(first)["thread_id"] != json.loads(second)["thread_id"]


def test_export_is_the_whole_conversation(client):
    client.predict("hello", "education", "api-test-export", api_name="/chat")
    exported = json.loads(client.predict("api-test-export", api_name="/export"))
    assert exported["thread_id"] == "api-test-export" and exported["messages"][0]["text"] == "hello"


def test_with_auth_the_api_needs_a_login(tmp_path):
    process, handle, running = start_server(tmp_path, "--auth", "ann:s3cret")
    try:
        assert httpx.get(f"{running.url}/config").status_code == 401
        authed = Client(running.url + "/", auth=("ann", "s3cret"), verbose=False)
        text, _ = authed.predict("hello", "education", "auth-thread", api_name="/chat")
        assert text
    finally:
        stop_server(process, handle)
