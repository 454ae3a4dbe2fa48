"""Shared by the fuzz modules: one ``Knowledge`` for the session (built once, thread-safe, read-only) and one real
assistant per module built on it (in-memory sessions, the run's shared guideline index)."""

from __future__ import annotations

import pytest

from assistant.knowledge import Knowledge
from assistant.settings import Settings
from graphs import ClinicalAssistant
from tests.conftest import shared_index_dir


@pytest.fixture(scope="session")
def knowledge(tmp_path_factory) -> Knowledge:
    settings = Settings(data_dir=tmp_path_factory.mktemp("fuzz-data"), index_dir=shared_index_dir(), sessions="memory")
    return Knowledge(settings)


@pytest.fixture(scope="session")
def guideline_index(knowledge):
    return knowledge.guidelines


@pytest.fixture(scope="module")
def assistant(knowledge):
    with ClinicalAssistant(knowledge.settings, knowledge=knowledge) as instance:
        yield instance
