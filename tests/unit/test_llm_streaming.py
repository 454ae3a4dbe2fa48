"""Through the real graph with the scripted model: grounded text first, agent tool calls live (pending -> done),
model tokens through LangGraph's messages stream, then the checked reply."""

import json

from typer.testing import CliRunner

from assistant.knowledge import Knowledge
from graphs import ClinicalAssistant
from tests.fixtures.llm import ScriptedChatModel
from ui.cli.models import app


def _assistant(settings, *steps) -> ClinicalAssistant:
    return ClinicalAssistant(settings, knowledge=Knowledge(settings, language_model=ScriptedChatModel.of(*steps)))


def test_grounded_text_then_live_tools_then_tokens_then_the_checked_reply(settings):
    steps = ({"tool": "check_interactions", "args": {"drugs": ["warfarin", "ibuprofen"]}},
             "Warfarin with ibuprofen is a major interaction: serious GI bleeding is more likely.")
    with _assistant(settings, *steps) as assistant:
        events = list(assistant.stream("t1", "does warfarin interact with ibuprofen?", mode="education"))
    kinds = [event.kind for event in events]
    tokens = "".join(event.data for event in events if event.kind == "token")
    assert tokens == steps[1]
    assert kinds.index("text") < kinds.index("token") < kinds.index("reply") == len(kinds) - 1
    grounded = next(e.data for e in events if e.kind == "text")
    assert grounded.startswith("Interaction check:")
    agent_calls = [e.data for e in events if e.kind == "tool" and e.data.get("id")]
    assert [c["status"] for c in agent_calls] == ["pending", "done"] and agent_calls[1]["duration_s"] >= 0
    reply = events[-1].data
    assert reply.text.startswith(grounded.split("\n")[0]) and "major interaction: serious GI bleeding" in reply.text
    assert any(t["name"] == "check_interactions" and t.get("id") for t in reply.tools)


def test_no_model_means_no_token_events_and_the_text_in_chunks(settings):
    with ClinicalAssistant(settings) as assistant:
        events = list(assistant.stream("t1", "hello"))
    assert "token" not in {event.kind for event in events} and "text" in {event.kind for event in events}
    assert events[-1].kind == "reply"


def test_a_model_that_cannot_load_gives_the_grounded_reply_and_a_notice(settings):
    broken = settings.with_overrides(model="llamacpp:/no/such/model.gguf")
    with ClinicalAssistant(broken) as assistant:
        reply = assistant.send("t1", "does warfarin interact with ibuprofen?")
    assert "MAJOR" in reply.text and any("not usable here" in n for n in reply.notices)


def test_models_check_cli_reports_a_clear_error():
    bad = CliRunner().invoke(app, ["check", "--model", "openai:x", "--json"])
    report = json.loads(bad.stdout)
    assert bad.exit_code == 1 and "llm_base_url" in report["error"]
    assert set(report) >= {"backend", "model", "ok", "chat_template", "tokens_per_s", "ttft_s", "tool_call_ok",
                           "json_schema_ok"}


def test_terminal_chat_shows_tools_once_and_prints_the_checked_reply(settings, monkeypatch):
    from rich.console import Console

    from ui.cli import chat

    recorded = Console(record=True, width=120, force_terminal=False)
    monkeypatch.setattr(chat, "console", recorded)
    steps = ({"tool": "check_interactions", "args": {"drugs": ["warfarin", "ibuprofen"]}},
             "Warfarin with ibuprofen is a major interaction: serious GI bleeding is more likely.")
    with _assistant(settings, *steps) as assistant:
        reply = chat.streamed_turn(assistant.stream("t1", "does warfarin interact with ibuprofen?", mode="education"))
    shown = recorded.export_text()
    assert reply is not None and "serious GI bleeding is more likely" in shown
    agent_lines = [line for line in shown.splitlines() if line.startswith("> ") and "nteraction" in line]
    assert len(agent_lines) == len({line for line in agent_lines})  # a pending call is not printed beside its result
