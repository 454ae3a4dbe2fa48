"""The OpenAI-compatible backend against a real llama.cpp server on loopback (same Gemma GGUF, no mock)."""

import subprocess
import sys
import time

import httpx
import pytest

from assistant.llm.backends import LLMError, forget_backends, get_backend
from assistant.llm.sampling import URGENCY_SCHEMA, urgency_messages
from assistant.settings import Settings
from tests.integration.conftest import free_port, stop_server
from tests.integration.llm_models import gemma_path

pytestmark = [pytest.mark.integration, pytest.mark.llm]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] extra deps are not installed")
    model = gemma_path()
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    handle = log.open("w")
    process = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host",
                                "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--chat_format", "gemma"],
                               stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama.cpp server not ready:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        stop_server(process, handle)


@pytest.fixture
def backend(server_url):
    forget_backends()
    yield get_backend(Settings(model="openai:gemma?tools=off", llm_base_url=server_url, llm_timeout_s=120))
    forget_backends()


def test_streams_tokens_over_http(backend):
    tokens = []
    out = backend.chat([{"role": "user", "content": "Name two symptoms of a cold."}], temperature=0.0,
                       max_tokens=16, on_token=tokens.append)
    assert len(tokens) >= 2 and "".join(tokens) == out.text
    assert out.ttft_s is not None


def test_n_samples_with_json_schema(backend):
    answers = backend.sample(urgency_messages("", {"text": "crushing chest pain and sweating"}), n=3,
                             temperature=0.8, max_tokens=24, json_schema=URGENCY_SCHEMA)
    assert len(answers) == 3
    assert all('"level"' in a for a in answers)


def test_server_down_is_an_llm_error():
    forget_backends()
    down = get_backend(Settings(model="openai:gemma", llm_base_url=f"http://127.0.0.1:{free_port()}/v1",
                                llm_timeout_s=5))
    with pytest.raises(LLMError):
        down.chat([{"role": "user", "content": "hi"}], max_tokens=4)
    forget_backends()


def test_compose_over_the_server_keeps_the_grounded_facts(backend):
    from assistant.llm.compose import rephrase

    grounded = "**URGENT - fever with a stiff neck.** See a clinician today [1]."
    result = rephrase(grounded, backend, max_tokens=60)
    assert "URGENT" in result.text.upper() and "[1]" in result.text  # either faithful wording or the fallback
