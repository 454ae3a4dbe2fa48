"""Test-wide setup: offline environment and one guideline index shared by the whole run."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from ui.offline import apply_offline_defaults

apply_offline_defaults()
pytest_plugins = [
    "tests.fixtures.drugs", "tests.fixtures.guidelines", "tests.fixtures.language", "tests.fixtures.notes",
    "tests.fixtures.tutor",
]
_SHARED: dict[str, Path] = {}


def shared_index_dir() -> Path:
    """One guideline index per test run: building it is the slowest setup step, so build it once."""
    if "index" not in _SHARED:
        _SHARED["index"] = Path(tempfile.mkdtemp(prefix="ca-test-index-"))
    return _SHARED["index"]


def shared_cache_dir() -> Path:
    """One folder of compiled tables per test process: compiling is done once, then every test reads them."""
    if "cache" not in _SHARED:
        _SHARED["cache"] = Path(tempfile.mkdtemp(prefix="ca-test-cache-"))
    return _SHARED["cache"]


def pytest_sessionfinish(session: pytest.Session) -> None:
    for name in ("index", "cache"):
        if name in _SHARED:
            shutil.rmtree(_SHARED.pop(name), ignore_errors=True)


@pytest.fixture
def settings(tmp_path: Path):
    """Settings with a private data folder, in-memory sessions, the shared index and compiled tables."""
    from assistant.settings import Settings

    return Settings(data_dir=tmp_path / "data", index_dir=shared_index_dir(), cache_dir=shared_cache_dir(),
                    sessions="memory")
