"""Collect tests/dialogues/*.yaml as pytest items, with readable failure lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_index_dir


class DialogueFailed(AssertionError):
    pass


class DialogueFile(pytest.File):
    def collect(self):
        yield DialogueItem.from_parent(self, name=self.path.stem)


class DialogueItem(pytest.Item):
    def runtest(self) -> None:
        from assistant.settings import Settings
        from graphs.dialogues import run_dialogue

        base = Settings(data_dir=Path(self.config.rootpath) / ".unused", index_dir=shared_index_dir())
        result = run_dialogue(self.path, base_settings=base)
        if not result.passed:
            raise DialogueFailed("\n".join(result.failures))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, DialogueFailed):
            return f"dialogue {self.path.name} failed:\n" + str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, 0, f"dialogue: {self.name}"


def pytest_collect_file(parent: pytest.Collector, file_path: Path):
    if file_path.suffix in {".yaml", ".yml"} and file_path.parent == Path(__file__).parent:
        return DialogueFile.from_parent(parent, path=file_path)
    return None
