"""A real llama.cpp OpenAI-compatible server on loopback serving SmolLM2, driven through the facade's streaming
path (the web app's): grounded text first, tool calls in the server's function-calling format, model tokens, the
checked reply. A server that is down, slow or answers junk gives the grounded reply plus a notice.

SmolLM2-135M is a test model: what it says is not clinically usable, so these tests assert the invariants - the
grounded answer and its citations stay, every kept model sentence passed the faithfulness check - not its words.
"""

import http.server
import threading

import pytest

from assistant.knowledge import Knowledge
from assistant.llm.models import build_chat_model
from graphs import ClinicalAssistant
from tests.integration.conftest import free_port, stop_server
from tests.integration.llm_models import smollm2_file, start_llama_server

pytestmark = [pytest.mark.integration, pytest.mark.llm]
QUESTION = "What is the first-line treatment for anaphylaxis?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, handle, running = start_llama_server(tmp_path_factory.mktemp("llama"), smollm2_file())
    try:
        yield running
    finally:
        stop_server(process, handle)


def _assistant(settings, url, spec):
    return ClinicalAssistant(settings.with_overrides(model=spec, llm_base_url=url, llm_timeout_s=240))


def test_a_dialogue_streams_through_the_facade_with_a_tool_call(settings, server):
    """The agent's first step is a real tool call in llama.cpp's format (asked for by name: SmolLM2 rarely chooses
    tools on its own), then the model answers; the turn streams like the web app's."""
    spec = "openai:smollm2?first_token_s=120&tool_results=inline&max_tokens=80&first_tool=search_guidelines&max_steps=2"
    with _assistant(settings, server.url, spec) as assistant:
        events = list(assistant.stream("t1", QUESTION, mode="education"))
    kinds = [e.kind for e in events]
    reply = events[-1].data
    assert kinds[-1] == "reply" and "text" in kinds
    grounded = next(e.data for e in events if e.kind == "text")
    assert "intramuscular" in grounded.lower()
    body = grounded.split("\n\nSources")[0]
    assert reply.text.startswith(body)  # the grounded direct answer and its markers stay, verbatim
    assert reply.citations and "Sources" in reply.text
    agent_calls = [e.data for e in events if e.kind == "tool" and e.data.get("id")]
    assert [c["status"] for c in agent_calls][:2] == ["pending", "done"]
    assert reply.notices is not None  # a model answer, or a notice saying why the grounded reply stands
    if "token" in kinds:
        assert kinds.index("text") < kinds.index("token") < kinds.index("reply")


def test_the_web_app_shows_the_model_s_tokens_live_then_the_checked_reply(settings, server, tmp_path):
    """The web app's own handler over the real server: the tool call's box, the grounded text, the model's words
    in a draft box while they arrive, and the checked reply in its place at the end."""
    from ui.web import render
    from ui.web.handlers import ChatEvents

    spec = "openai:smollm2?first_token_s=120&tool_results=inline&max_tokens=60&first_tool=search_guidelines&max_steps=2"
    with _assistant(settings, server.url, spec) as assistant:
        updates = list(ChatEvents(assistant, tmp_path / "files").respond(QUESTION, [], "education", "w1", "local"))
    titles = [(u["chatbot"][-1].metadata or {}).get("title") for u in updates[1:-1] if u.get("chatbot")]
    final = updates[-1]["chatbot"]
    assert final[-1].role == "assistant" and "intramuscular" in final[-1].content.lower()
    assert not (final[-1].metadata or {}).get("title")  # the reply itself, not a box
    assert any(m.metadata and m.metadata.get("status") == "done" for m in final[1:-1])  # the tool call, finished
    assert render.DRAFT_TITLE in titles  # the model's words streamed live, in their box, before the check


def test_first_line_anaphylaxis_keeps_intramuscular(settings, server):
    spec = "openai:smollm2?first_token_s=120&tools=off&max_tokens=120"
    with _assistant(settings, server.url, spec) as assistant:
        reply = assistant.send("t1", QUESTION, mode="education")
    assert "intramuscularly is the first-line" in reply.text
    assert "first-line treatment for anaphylaxis is adrenaline infusion" not in reply.text


def test_server_down_gives_the_grounded_reply_and_a_notice(settings):
    spec = "openai:smollm2?first_token_s=3"
    with _assistant(settings, f"http://127.0.0.1:{free_port()}/v1", spec) as assistant:
        reply = assistant.send("t1", "does warfarin interact with ibuprofen?")
    assert "MAJOR" in reply.text
    assert any("showing the grounded reply" in n for n in reply.notices)


class _Stalled(http.server.BaseHTTPRequestHandler):
    mode = "slow"

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        if _Stalled.mode == "slow":
            threading.Event().wait(8)
        body = b"data: {not json\n\n" if _Stalled.mode == "junk" else b""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("mode", ["slow", "junk"])
def test_slow_or_junk_server_gives_the_grounded_reply_within_the_budget(settings, mode):
    import time

    _Stalled.mode = mode
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stalled)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        with _assistant(settings, url, "openai:any?first_token_s=2&tools=off") as assistant:
            assistant.send("warm", "does warfarin interact with ibuprofen?")  # load the knowledge first
            started = time.monotonic()
            reply = assistant.send("t1", "does warfarin interact with ibuprofen?")
            elapsed = time.monotonic() - started
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "MAJOR" in reply.text and any("showing the grounded reply" in n for n in reply.notices)
    assert elapsed < 8  # the budget, not the server, decided


def test_models_check_against_the_server(server):
    from assistant.settings import Settings
    from ui.cli.models import check_model

    report = check_model("openai:smollm2", server.url)
    assert report["ok"] and report["json_schema_ok"] and report["tool_call_ok"], report
    assert build_chat_model(Settings(model="openai:smollm2", llm_base_url=server.url)).model_name == "smollm2"
