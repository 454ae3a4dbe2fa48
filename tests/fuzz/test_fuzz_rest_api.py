"""Fuzz the JSON API over HTTP (in process, through the real FastAPI app and a real assistant).

Bodies are hostile JSON (any field of any type, lone surrogates escaped, pastes over the limits, unknown fields) or
not JSON at all (arbitrary and invalid UTF-8 bytes); callers send a usable key, a short one, or none. Every request
is answered with a status the API documents and a JSON body in valid UTF-8; a 200 carries a clean reply (never an
internal failure), an accepted turn is stored whole, and another key cannot read the thread.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import event, given
from hypothesis import strategies as st

from assistant.settings import MODES
from tests.fuzz.strategies import fuzz_settings, long_paste, mixed, rare, raw_bytes, texts
from tests.fuzz.test_fuzz_facade import INTERNAL_FAILURE, assert_clean_history
from ui.web.app import create_server

pytestmark = pytest.mark.slow
KEYS = {"owner": {"X-Client-Key": "fuzz-owner-key-000001"}, "other": {"X-Client-Key": "fuzz-other-key-000002"},
        "short": {"X-Client-Key": "short"}, "none": {}}


# Named functions, not lambdas: see tests/fuzz/strategies.py.
def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3))


def _ascii_json(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=True).encode("ascii")  # ASCII escapes carry lone surrogates


text_messages = rare(texts, long_paste(), 3)  # the facade's messages, without the bytes
any_json = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts), _containers,
                        max_leaves=6)
field_values = {
    "message": rare(text_messages, any_json, 5),
    "mode": rare(st.one_of(st.none(), st.sampled_from([*MODES, ""])), st.one_of(texts, any_json), 10),
    "thread_id": rare(st.one_of(st.none(), st.sampled_from(["", "t-1", "api-0123456789abcdef"])),
                      st.one_of(mixed, any_json), 10),
    "audience": rare(st.one_of(st.none(), st.sampled_from(["student", "nurse", "physician"])), any_json, 10),
}
optional = {name: values for name, values in field_values.items() if name != "message"}
json_body = rare(st.fixed_dictionaries({"message": field_values["message"]}, optional=optional),
                 st.fixed_dictionaries({}, optional={**field_values, "extra": any_json}), 10).map(_ascii_json)
body = rare(json_body, st.one_of(raw_bytes, st.just(b""), st.just(b"[]"), st.just(b'"text"')), 10)


@pytest.fixture(scope="module")
def api(assistant):
    with TestClient(create_server(assistant.settings, assistant)) as client:
        yield client


def answer(response) -> object:
    assert response.headers["content-type"].startswith("application/json"), response.headers
    return json.loads(response.content.decode("utf-8"))  # strict: the wire must hold valid UTF-8


@fuzz_settings()
@given(payload=body, caller=rare(st.just("owner"), st.sampled_from(["short", "none"]), 10))
def test_every_request_gets_a_documented_status_and_json(api, payload, caller):
    response = api.post("/api/chat", content=payload, headers={**KEYS[caller], "content-type": "application/json"})
    data = answer(response)
    event(f"status={response.status_code}")
    assert response.status_code in (200, 400, 401, 422), (response.status_code, data)
    if response.status_code != 200:
        assert isinstance(data, dict) and data["error"].strip(), data
        return
    assert caller == "owner"
    assert data["reply"].strip() and not INTERNAL_FAILURE.search(data["reply"]), data["reply"]
    assert isinstance(data["accepted"], bool) and data["thread_id"], data
    path = "/api/threads/" + quote(data["thread_id"], safe="")  # any accepted id is addressable
    history = api.get(path, headers=KEYS["owner"])
    if data["accepted"]:
        rows = answer(history)
        assert_clean_history(rows)
        assert rows[-1]["text"] == data["reply"].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        assert api.get(path, headers=KEYS["other"]).status_code == 404
