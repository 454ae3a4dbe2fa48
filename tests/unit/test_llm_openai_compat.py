"""The OpenAI-compatible client against a small canned HTTP server on loopback (SSE, tool-call deltas, n)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.llm.backends import LLMError, parse_spec
from assistant.llm.openai_compat import OpenAICompatBackend
from assistant.settings import Settings


class Canned(BaseHTTPRequestHandler):
    mode = "text"
    requests: list = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):  # noqa: N802 - http.server naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Canned.requests.append({**body, "auth": self.headers.get("Authorization")})
        if Canned.mode == "error":
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"overloaded")
            return
        if not body.get("stream"):
            n = 1 if Canned.mode == "no_n" else body.get("n", 1)
            payload = {"choices": [{"message": {"content": f'{{"level": "urgent"}} #{i}'}} for i in range(n)]}
            self._send(json.dumps(payload).encode(), "application/json")
            return
        if Canned.mode == "tools":
            deltas = [{"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "lookup_drug", "arguments": ""}}]},
                      {"tool_calls": [{"index": 0, "function": {"arguments": '{"name": '}}]},
                      {"tool_calls": [{"index": 0, "function": {"arguments": '"aspirin"}'}}]}]
        elif Canned.mode == "junk":
            self._send(b"data: {not json\n\n", "text/event-stream")
            return
        else:
            deltas = [{"content": "Hello"}, {"content": " there"}]
        events = "".join(f"data: {json.dumps({'choices': [{'delta': d}]})}\n\n" for d in deltas) + "data: [DONE]\n\n"
        self._send(events.encode(), "text/event-stream")

    def _send(self, data: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def backend(url, monkeypatch):
    monkeypatch.setenv("TEST_LLM_KEY", "sekret")
    Canned.requests.clear()
    settings = Settings(llm_base_url=url, llm_api_key_env="TEST_LLM_KEY", llm_timeout_s=5)
    return OpenAICompatBackend(parse_spec("openai:test-model"), settings)


def test_streamed_text_with_the_key_from_the_named_variable(backend):
    Canned.mode = "text"
    tokens = []
    out = backend.chat([{"role": "user", "content": "hi"}], on_token=tokens.append)
    assert out.text == "Hello there" and tokens == ["Hello", " there"]
    assert Canned.requests[-1]["auth"] == "Bearer sekret"
    assert Canned.requests[-1]["model"] == "test-model"


def test_tool_call_arguments_arrive_in_pieces(backend):
    Canned.mode = "tools"
    out = backend.chat([{"role": "user", "content": "aspirin?"}], tools=[{"type": "function"}])
    assert [(c.id, c.name, c.args) for c in out.tool_calls] == [("c1", "lookup_drug", {"name": "aspirin"})]
    assert Canned.requests[-1]["tools"] == [{"type": "function"}]


def test_n_samples_in_one_request_or_topped_up(backend):
    Canned.mode = "text"
    assert len(backend.sample([{"role": "user", "content": "x"}], n=5)) == 5
    assert len(Canned.requests) == 1 and Canned.requests[0]["n"] == 5
    Canned.mode = "no_n"
    Canned.requests.clear()
    assert len(backend.sample([{"role": "user", "content": "x"}], n=3)) == 3
    assert len(Canned.requests) == 3


@pytest.mark.parametrize("mode", ["error", "junk"])
def test_server_errors_and_junk_are_llm_errors(backend, mode):
    Canned.mode = mode
    with pytest.raises(LLMError):
        backend.chat([{"role": "user", "content": "hi"}])
