"""Real llama.cpp with the PyPI Gemma 3 270M GGUF: streaming, JSON-constrained output, voting cost.

Gemma 270M base is a smoke-test model: these tests check the plumbing (tokens stream, the grammar holds, N
samples share the prompt), never the clinical quality of its words.
"""

import json

import pytest

from assistant.llm.backends import forget_backends, get_backend
from assistant.llm.llamacpp import PYPI_GEMMA
from assistant.llm.sampling import URGENCY_SCHEMA, urgency_messages
from assistant.settings import Settings
from tests.integration.llm_models import gemma_path

pytestmark = [pytest.mark.integration, pytest.mark.llm]
CASE = "crushing central chest pain for 40 minutes spreading to the left arm, sweating, history of diabetes"


@pytest.fixture(scope="module")
def backend():
    gemma_path()
    forget_backends()
    yield get_backend(Settings(model=f"llamacpp:{PYPI_GEMMA}?n_ctx=2048", llm_timeout_s=120))
    forget_backends()


def test_tokens_stream_with_time_to_first_token(backend):
    tokens = []
    out = backend.chat([{"role": "user", "content": "Name three symptoms of a common cold."}], temperature=0.0,
                       max_tokens=24, on_token=tokens.append)
    assert len(tokens) >= 2
    assert "".join(tokens) == out.text
    assert out.ttft_s is not None and 0 < out.ttft_s <= out.elapsed_s


def test_json_schema_constrains_the_answer_to_a_level(backend):
    answers = backend.sample(urgency_messages("", {"text": CASE}), n=3, temperature=0.8, max_tokens=24,
                             json_schema=URGENCY_SCHEMA)
    assert len(answers) == 3
    for raw in answers:
        assert json.loads(raw)["level"] in ("emergency", "urgent", "routine", "self_care")


def test_n_samples_share_one_prompt_evaluation(backend, monkeypatch):
    """Cost is counted in evaluated tokens, not seconds: five samples evaluate the prompt once."""
    llm = backend.llm
    evaluated = []
    real_eval = llm.eval
    monkeypatch.setattr(llm, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
    messages = urgency_messages("", {"text": CASE})
    one = backend.sample(messages, n=1, json_schema=URGENCY_SCHEMA)
    cost_one = sum(evaluated)
    evaluated.clear()
    five = backend.sample(messages, n=5, json_schema=URGENCY_SCHEMA)
    assert len(one) == 1 and len(five) == 5
    assert sum(evaluated) <= 1.6 * cost_one
    assert {json.loads(a)["level"] for a in five} <= {"emergency", "urgent", "routine", "self_care"}


def test_free_text_samples_reuse_the_cached_prompt(backend, monkeypatch):
    llm = backend.llm
    evaluated = []
    real_eval = llm.eval
    monkeypatch.setattr(llm, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
    messages = [{"role": "user", "content": "Describe a common cold in one short sentence. " * 8}]
    backend.sample(messages, n=1, max_tokens=6)
    cost_one = sum(evaluated)
    evaluated.clear()
    backend.sample(messages, n=3, max_tokens=6)
    assert sum(evaluated) < 3 * cost_one * 0.6  # the prompt is not evaluated again for each sample


def test_vote_with_gemma_samples_and_grounded_raters(backend):
    from assistant.llm.sampling import URGENCY_VOTER, register_llm_voters, unregister_llm_voters
    from assistant.voting.tool import urgency_vote

    try:
        register_llm_voters(Settings(votes=5), backend)
        result = urgency_vote("crushing chest pain spreading to my left arm and sweating", Settings(),
                              llm_voters=[URGENCY_VOTER])
    finally:
        unregister_llm_voters()
    assert len([s for s in result["samples"] if s["voter"] == URGENCY_VOTER]) == 5
    assert result["winner"] == "emergency"  # the red-flag veto holds whatever the small model says
    assert 0 < result["agreement"] <= 1


def test_models_check_cli_reports_speed():
    from typer.testing import CliRunner

    from ui.cli.models import app

    gemma_path()
    result = CliRunner().invoke(app, ["check", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    assert report["backend"] == "llamacpp" and report["ok"] is True
    assert report["tokens_per_s"] > 0 and report["ttft_s"] > 0
