"""Collect tests/dialogues/*.yaml as pytest items, with readable failure lists.

A dialogue with a ``model_script`` runs with the scripted chat model of tests/fixtures/llm.py (the product ships no
fake model); one with ``known_regression: why`` is a strict xfail, so it fails loudly once it passes again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.knowledge import Knowledge
from assistant.settings import Settings
from graphs.dialogues import run_dialogue
from graphs.facade import ClinicalAssistant
from tests.conftest import shared_cache_dir, shared_index_dir
from tests.fixtures.llm import ScriptedChatModel, load_script


class DialogueFailed(AssertionError):
    pass


class DialogueFile(pytest.File):
    def collect(self):
        item = DialogueItem.from_parent(self, name=self.path.stem)
        spec = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        if isinstance(spec, dict) and spec.get("known_regression"):
            item.add_marker(pytest.mark.xfail(reason=f"regression: {spec['known_regression']}", strict=True))
        yield item


def assistant_opener():
    """open(settings) -> the real assistant, with the dialogue's scripted model as its language model when it has
    one; the model is made once per script, so a ``restart`` turn carries on where the script was."""
    models: dict[str, ScriptedChatModel] = {}

    def open_assistant(settings):
        spec = str(settings.model)
        if not spec.startswith("scripted:"):
            return ClinicalAssistant(settings)
        model = models.setdefault(spec, ScriptedChatModel.of(*load_script(spec.removeprefix("scripted:"))))
        return ClinicalAssistant(settings, knowledge=Knowledge(settings, language_model=model))

    return open_assistant


class DialogueItem(pytest.Item):
    def runtest(self) -> None:
        base = Settings(data_dir=Path(self.config.rootpath) / ".unused", index_dir=shared_index_dir(),
                        cache_dir=shared_cache_dir())
        result = run_dialogue(self.path, base_settings=base, open_assistant=assistant_opener())
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
