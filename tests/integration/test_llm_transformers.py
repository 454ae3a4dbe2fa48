"""The transformers backend on a tiny randomly initialised model built by the test (offline)."""

import pytest

from assistant.llm.backends import forget_backends, get_backend
from assistant.settings import Settings
from tests.integration.llm_models import build_tiny_model

pytestmark = [pytest.mark.integration, pytest.mark.llm]


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    folder = build_tiny_model(tmp_path_factory.mktemp("tiny-llama"))
    forget_backends()
    yield get_backend(Settings(model=f"hf:{folder}", llm_timeout_s=60))
    forget_backends()


def test_streams_tokens_and_reports_timing(backend):
    tokens = []
    out = backend.chat([{"role": "user", "content": "rate the chest pain"}], max_tokens=8, on_token=tokens.append)
    assert out.tokens == 8
    assert "".join(tokens).strip() == out.text.strip()
    assert out.ttft_s is not None and out.elapsed_s >= out.ttft_s


def test_n_samples_in_one_batched_generate(backend):
    answers = backend.sample([{"role": "user", "content": "urgency level"}], n=5, temperature=1.0, max_tokens=4)
    assert len(answers) == 5
    assert all(isinstance(a, str) for a in answers)


def test_random_model_words_never_reach_the_reply(backend):
    from assistant.llm.compose import rephrase

    grounded = "**URGENT - fever.** See a clinician today [1]."
    result = rephrase(grounded, backend, max_tokens=12)
    assert result.text == grounded and not result.used_llm  # junk from a random model falls back
    assert "grounded reply" in result.notices[0]


def test_missing_model_folder_is_a_clear_error(tmp_path):
    from assistant.llm.backends import LLMUnavailable

    forget_backends()
    missing = get_backend(Settings(model=f"hf:{tmp_path / 'nothing'}"))
    with pytest.raises(LLMUnavailable):
        missing.sample([{"role": "user", "content": "x"}], n=1)
    forget_backends()
