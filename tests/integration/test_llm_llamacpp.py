"""Real llama.cpp with the PyPI Gemma 3 270M GGUF: streaming, JSON-constrained output, voting cost.

Gemma 270M base is a smoke-test model: these tests check the plumbing (tokens stream, the grammar holds, N
samples share the prompt), never the clinical quality of its words.
"""

import json
import time

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


def test_n_samples_share_the_prompt(backend):
    messages = urgency_messages("", {"text": CASE + " " + "and nausea " * 40})

    def timed(n):
        backend.chat([{"role": "user", "content": "unrelated text"}], max_tokens=1)  # push the prompt out
        start = time.perf_counter()
        backend.sample(messages, n=n, max_tokens=12, json_schema=URGENCY_SCHEMA)
        return time.perf_counter() - start

    timed(1)
    one, five = min(timed(1) for _ in range(2)), min(timed(5) for _ in range(2))
    assert five < 5 * one * 0.7  # far less than five full calls (bench/bench_voting_cost.py prints the ratio)


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
