"""The scripted fake model: tool calls then text, streamed, recorded, and failures on demand."""

import pytest

from assistant.llm.backends import LLMError, parse_spec
from assistant.llm.scripted import ChatModelBackend, ScriptedBackend, ScriptedChatModel, ScriptExhausted
from assistant.settings import Settings


def _backend(steps):
    return ChatModelBackend(ScriptedChatModel(messages=iter(steps)), "scripted:test")


def test_tool_call_then_streamed_text_and_the_model_sees_the_conversation():
    backend = _backend([{"tool": "lookup_drug", "args": {"name": "aspirin"}}, "Aspirin is an antiplatelet."])
    first = backend.chat([{"role": "user", "content": "tell me about aspirin"}], tools=[])
    assert [(c.name, c.args) for c in first.tool_calls] == [("lookup_drug", {"name": "aspirin"})]
    tokens = []
    second = backend.chat([{"role": "user", "content": "go on"}], on_token=tokens.append)
    assert second.text == "Aspirin is an antiplatelet." == "".join(tokens)
    assert len(tokens) > 1
    seen = backend.model.seen
    assert seen[0][0].content == "tell me about aspirin"


def test_error_steps_and_exhaustion_raise_llm_errors():
    backend = _backend([{"error": "server down"}])
    with pytest.raises(LLMError, match="server down"):
        backend.chat([{"role": "user", "content": "x"}])
    with pytest.raises(ScriptExhausted):
        backend.chat([{"role": "user", "content": "x"}])


def test_script_file_backend(tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text("- {tool_calls: [{name: a, args: {x: 1}}, {name: b}]}\n- done\n")
    backend = ScriptedBackend(parse_spec(f"scripted:{script}"), Settings())
    calls = backend.chat([{"role": "user", "content": "x"}], tools=[{"type": "function"}]).tool_calls
    assert [c.name for c in calls] == ["a", "b"]
    assert backend.sample([{"role": "user", "content": "x"}], n=1) == ["done"]


def test_bad_script_file_is_rejected(tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text("just: a mapping\n")
    with pytest.raises(ValueError, match="YAML list"):
        ScriptedBackend(parse_spec(f"scripted:{script}"), Settings())
