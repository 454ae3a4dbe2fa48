"""Choosing the session store: clear errors for what cannot be used."""

import importlib.util

import pytest

from assistant.settings import Settings
from graphs.sessions import SessionStoreError, open_checkpointer


def test_memory_store_needs_no_files(tmp_path):
    saver, notices = open_checkpointer(Settings(data_dir=tmp_path / "never", sessions="memory"))
    assert saver is not None and notices == []
    assert not (tmp_path / "never").exists()


def test_unknown_store_is_named(tmp_path):
    with pytest.raises(SessionStoreError, match="redis://x"):
        open_checkpointer(Settings(data_dir=tmp_path, sessions="redis://x"))


@pytest.mark.skipif(importlib.util.find_spec("langgraph.checkpoint.postgres") is not None,
                    reason="the postgres extra is installed here; this checks the message without it")
def test_postgres_without_its_extra_says_how_to_install(tmp_path):
    with pytest.raises(SessionStoreError, match=r"clinical-assistant\[postgres\]"):
        open_checkpointer(Settings(data_dir=tmp_path, sessions="postgresql://user@127.0.0.1/ca"))
