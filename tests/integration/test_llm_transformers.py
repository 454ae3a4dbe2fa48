"""The ``hf:`` chat model (a thin transformers wrapper) on a tiny randomly initialised model built offline: it
streams, samples in one batch, and its random words never reach a reply."""

import pytest
from langchain_core.messages import HumanMessage

from assistant.llm.budget import Budget
from assistant.llm.compose import Request, compose_reply
from assistant.llm.models import LLMUnavailable, build_chat_model
from assistant.settings import Settings
from tests.fixtures.llm import drug_knowledge  # noqa: F401
from tests.integration.llm_models import build_tiny_model

pytestmark = [pytest.mark.integration, pytest.mark.llm]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = build_tiny_model(tmp_path_factory.mktemp("tiny-llama"))
    return build_chat_model(Settings(model=f"hf:{folder}", llm_timeout_s=60))


def test_streams_tokens(model):
    chunks = [c.content for c in model.stream([HumanMessage("rate the chest pain")], max_tokens=8)]
    assert len([c for c in chunks if c]) >= 2


def test_n_samples_in_one_batched_generate(model):
    result = model.generate([[HumanMessage("urgency level")]], n=5, max_tokens=4, temperature=1.0)
    assert len(result.generations[0]) == 5


def test_random_model_words_never_reach_the_reply(model, drug_knowledge):
    grounded = "**URGENT - fever.** See a clinician today [1].\n\nSources\n[1] Fever - when to seek help"
    request = Request(question="fever", grounded=grounded, artifacts={"citations": [{"snippet": "See a clinician "
                                                                                                "today."}]})
    composed = compose_reply(model, drug_knowledge(model), request, Budget.start(30, 60))
    assert composed.text.startswith("**URGENT - fever.** See a clinician today [1].")
    assert not composed.used_model and "grounded reply" in composed.notices[0]


def test_missing_model_folder_is_a_clear_error(tmp_path):
    pytest.importorskip("transformers")
    with pytest.raises(LLMUnavailable):
        build_chat_model(Settings(model=f"hf:{tmp_path / 'nothing'}"))
