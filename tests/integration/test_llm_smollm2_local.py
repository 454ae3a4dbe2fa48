"""SmolLM2-135M-Instruct in-process (langchain-community ChatLlamaCpp): chat template, streaming, JSON-schema
output, a tool call in llama.cpp's function-calling format, and N=5 samples that share one prompt evaluation.

SmolLM2 is a test model: these tests check the mechanics, never the clinical quality of its words.
"""

import json

import pytest
from langchain_core.messages import HumanMessage

from assistant.artifacts import LEVELS
from assistant.llm.models import build_chat_model
from assistant.llm.sampling import choice_samples, enum_schema, structured_json, urgency_messages
from assistant.settings import Settings
from tests.integration.llm_models import smollm2_file

pytestmark = [pytest.mark.integration, pytest.mark.llm]
CASE = "crushing central chest pain for 40 minutes spreading to the left arm, sweating, history of diabetes"


@pytest.fixture(scope="module")
def model():
    smollm2_file()
    return build_chat_model(Settings(model="smollm2?first_token_s=120&max_tokens=24", llm_timeout_s=300))


def test_the_gguf_chat_template_is_used_and_tokens_stream(model):
    assert "<|im_start|>" in model.chat_template
    chunks = [c.content for c in model.stream([HumanMessage("Name two symptoms of a cold.")], max_tokens=12)]
    assert len([c for c in chunks if c]) >= 2


def test_json_schema_constrains_the_answer(model):
    raw = structured_json(model, urgency_messages(CASE), enum_schema("level", LEVELS), temperature=0.8,
                          max_tokens=24)
    assert json.loads(raw)["level"] in LEVELS


def test_five_samples_evaluate_the_prompt_once(model, monkeypatch):
    """Cost in evaluated tokens: five samples cost one prompt evaluation (the options' first-token logits)."""
    llm = model.client
    evaluated = []
    real_eval = llm.eval
    monkeypatch.setattr(llm, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
    one = choice_samples(model, urgency_messages(CASE), "level", LEVELS, 1)
    cost_one, evaluated[:] = sum(evaluated), []
    five = choice_samples(model, urgency_messages(CASE), "level", LEVELS, 5)
    assert len(one) == 1 and len(five) == 5 and cost_one > 0
    assert sum(evaluated) <= 1.6 * cost_one
    assert {json.loads(a)["level"] for a in five} <= set(LEVELS)


def test_models_check_smollm2_reports_every_field():
    from typer.testing import CliRunner

    from ui.cli.models import app

    smollm2_file()
    result = CliRunner().invoke(app, ["check", "--model", "smollm2", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    assert report["backend"] == "llamacpp" and report["ok"] and report["chat_template"] is True
    assert report["json_schema_ok"] is True and report["tool_call_ok"] is True
    assert report["tokens_per_s"] > 0 and report["ttft_s"] > 0
