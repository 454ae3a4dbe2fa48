"""The JSON API (``/api/...``) on a real assistant, in process: who may call it, what a turn returns, whose threads
a caller sees, and how a malformed request is answered."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_cache_dir, shared_index_dir
from ui.web.app import create_server

ALICE = {"X-Client-Key": "alice-private-key-0001"}
BOB = {"X-Client-Key": "bob-private-key-0000002"}


def _settings(tmp_path, **extra) -> Settings:
    return Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), cache_dir=shared_cache_dir(),
                    sessions="memory", **extra)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with ClinicalAssistant(_settings(tmp_path_factory.mktemp("rest"))) as instance:
        yield instance


@pytest.fixture(scope="module")
def api(assistant, tmp_path_factory):
    with TestClient(create_server(_settings(tmp_path_factory.mktemp("rest-server")), assistant)) as client:
        yield client


def _chat(api, headers, **body):
    return api.post("/api/chat", json=body, headers=headers)


def test_a_caller_without_a_key_of_sixteen_characters_is_told_how_to_identify(api):
    for headers in ({}, {"X-Client-Key": "too-short"}):
        response = _chat(api, headers, message="what is asthma?")
        assert response.status_code == 401
        assert "X-Client-Key" in response.json()["error"]


def test_a_turn_returns_the_reply_its_artifacts_and_the_thread_to_continue(api):
    first = _chat(api, ALICE, message="I have crushing chest pain spreading to my left arm", mode="triage").json()
    assert first["accepted"] and first["mode"] == "triage" and first["thread_id"].startswith("api-")
    assert first["triage"]["level"] == "emergency" and "EMERGENCY" in first["reply"]
    follow = _chat(api, ALICE, message="explain the Ottawa ankle rules", mode="education",
                   thread_id=first["thread_id"]).json()
    assert follow["thread_id"] == first["thread_id"] and follow["citations"]


def test_callers_see_list_export_and_delete_only_their_own_threads(api):
    thread = _chat(api, ALICE, message="what is the dose of paracetamol for adults?").json()["thread_id"]
    assert thread in [t["thread_id"] for t in api.get("/api/threads", headers=ALICE).json()]
    assert thread not in [t["thread_id"] for t in api.get("/api/threads", headers=BOB).json()]
    assert [row["role"] for row in api.get(f"/api/threads/{thread}", headers=ALICE).json()] == ["user", "assistant"]
    for path in (f"/api/threads/{thread}", f"/api/threads/{thread}/export"):
        assert api.get(path, headers=BOB).status_code == 404
    assert api.delete(f"/api/threads/{thread}", headers=BOB).status_code == 404
    exported = api.get(f"/api/threads/{thread}/export", params={"redact": "all"}, headers=ALICE).json()
    assert exported["thread_id"] == thread and len(exported["messages"]) == 2
    assert api.delete(f"/api/threads/{thread}", headers=ALICE).json() == {"deleted": thread}
    assert api.get(f"/api/threads/{thread}", headers=ALICE).status_code == 404


def test_a_malformed_body_gets_a_plain_message_naming_the_field(api):
    as_json = {**ALICE, "content-type": "application/json"}
    not_text = api.post("/api/chat", content=b"\xff\xfe not text", headers=as_json)
    assert not_text.status_code == 400 and "must be JSON" in not_text.json()["error"]
    not_json = api.post("/api/chat", content=b"message: hello", headers=as_json)
    assert not_json.status_code == 422 and "must be JSON" in not_json.json()["error"]
    wrong_type = _chat(api, ALICE, message=["a", "list"])
    assert wrong_type.status_code == 422 and "message" in wrong_type.json()["error"]


def test_a_lone_surrogate_in_the_message_still_gets_a_utf8_reply(api):
    body = '{"message": "chest pain \\ud800 since this morning", "mode": "triage"}'
    response = api.post("/api/chat", content=body, headers={**ALICE, "content-type": "application/json"})
    assert response.status_code == 200
    payload = json.loads(response.content.decode("utf-8"))  # strict: valid UTF-8 on the wire
    assert payload["reply"].strip()


def test_with_a_login_configured_the_api_takes_basic_credentials_and_nothing_else(assistant, tmp_path):
    server = create_server(_settings(tmp_path, auth="ann:s3cret:with-colon"), assistant)
    with TestClient(server) as api:
        def basic(user, password):
            return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}

        assert _chat(api, ALICE, message="hello").status_code == 401  # a client key is no login
        assert _chat(api, basic("ann", "wrong"), message="hello").status_code == 401
        response = _chat(api, basic("ann", "s3cret:with-colon"), message="what is asthma?")
        assert response.status_code == 200 and response.json()["accepted"]
        listed = api.get("/api/threads", headers=basic("ann", "s3cret:with-colon")).json()
        assert response.json()["thread_id"] in [t["thread_id"] for t in listed]
