"""Model spec parsing and the backend registry (no model is loaded)."""

import pytest

from assistant.llm.backends import LLMUnavailable, forget_backends, get_backend, parse_spec, tool_capable
from assistant.settings import Settings


def test_none_is_the_default_and_loads_nothing():
    assert parse_spec(None).kind == "none"
    assert parse_spec("none").kind == "none"
    assert not tool_capable(Settings())
    with pytest.raises(LLMUnavailable):
        get_backend(Settings())


def test_spec_options_and_tool_capability():
    spec = parse_spec("llamacpp:/models/x.gguf?chat_format=gemma&n_ctx=2048")
    assert (spec.kind, spec.target, spec.options) == ("llamacpp", "/models/x.gguf", {"chat_format": "gemma",
                                                                                      "n_ctx": "2048"})
    assert not spec.tools
    assert parse_spec("openai:llama3").tools
    assert not parse_spec("openai:llama3?tools=off").tools
    assert tool_capable(Settings(model="scripted:/tmp/s.yaml"))


@pytest.mark.parametrize("bad", ["gpt4", "magic:thing", "openai:"])
def test_bad_specs_are_clear_errors(bad):
    with pytest.raises(ValueError):
        parse_spec(bad)


def test_openai_backend_needs_a_base_url():
    forget_backends()
    with pytest.raises(LLMUnavailable, match="llm_base_url"):
        get_backend(Settings(model="openai:some-model"))


def test_backends_are_cached_per_settings(tmp_path):
    script = tmp_path / "s.yaml"
    script.write_text("- hello\n")
    settings = Settings(model=f"scripted:{script}")
    forget_backends()
    assert get_backend(settings) is get_backend(settings)
    forget_backends()


def test_llamacpp_missing_file_is_a_clear_message():
    from assistant.llm.llamacpp import resolve_model_path

    with pytest.raises(LLMUnavailable, match="model file not found"):
        resolve_model_path("/no/such/model.bin")


def test_llamacpp_hub_download_fails_offline_with_a_clear_message(monkeypatch):
    from assistant.llm.llamacpp import resolve_model_path

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(LLMUnavailable, match="offline"):
        resolve_model_path("someone/some-repo/model-q4.gguf")
