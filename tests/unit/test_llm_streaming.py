"""Through the real graph with the scripted model: agent routing, token events, the final reply event."""

from assistant.llm.backends import forget_backends
from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_index_dir


def _assistant(tmp_path, steps: str) -> ClinicalAssistant:
    script = tmp_path / "script.yaml"
    script.write_text(steps)
    forget_backends()
    settings = Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), sessions="memory",
                        model=f"scripted:{script}")
    return ClinicalAssistant(settings)


def test_agent_tokens_stream_then_the_checked_reply(tmp_path):
    steps = ('- {tool: check_interactions, args: {drugs: [warfarin, ibuprofen]}}\n'
             '- "Warfarin with ibuprofen is a major interaction: serious GI bleeding is more likely."\n')
    with _assistant(tmp_path, steps) as assistant:
        events = list(assistant.stream("t1", "does warfarin interact with ibuprofen?", mode="education"))
    kinds = [event.kind for event in events]
    tokens = "".join(event.data for event in events if event.kind == "token")
    assert tokens.startswith("Warfarin with ibuprofen is a major interaction")
    assert "tool" in kinds and kinds[-1] == "reply"
    assert kinds.index("token") < kinds.index("reply")
    reply = events[-1].data
    assert "major interaction" in reply.text
    assert any(t["name"] == "check_interactions" and t.get("status") == "done" for t in reply.tools)
    forget_backends()


def test_no_model_means_no_token_events(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), sessions="memory")
    with ClinicalAssistant(settings) as assistant:
        events = list(assistant.stream("t1", "hello"))
    assert "token" not in {event.kind for event in events}
    assert events[-1].kind == "reply"


def test_models_check_cli_with_the_scripted_model(tmp_path):
    import json

    from typer.testing import CliRunner

    from ui.cli.models import app

    script = tmp_path / "script.yaml"
    script.write_text('- "A decision-support assistant answers from cited sources."\n')
    result = CliRunner().invoke(app, ["check", "--model", f"scripted:{script}", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["ok"] and report["backend"] == "scripted"
    assert set(report) >= {"backend", "model", "ok", "tokens_per_s", "ttft_s"}
    bad = CliRunner().invoke(app, ["check", "--model", "openai:x", "--json"])
    assert bad.exit_code == 1 and "llm_base_url" in json.loads(bad.stdout)["error"]
