"""The compiled-table cache: built once, read back, rebuilt when a source changes or the file is damaged; and the
YAML reader the tables are built from."""

from __future__ import annotations

import os

import pytest
import yaml

from assistant.knowledge import Knowledge
from assistant.settings import Settings
from knowledge.compiled import files_under, load_compiled
from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.yaml_text import parse_yaml


class Builds:
    """A build function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"built": self.calls}


def test_a_table_is_built_once_then_read_back(tmp_path):
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n")
    build = Builds()
    first = load_compiled(tmp_path / "cache", "table", [source], build)
    second = load_compiled(tmp_path / "cache", "table", [source], build)
    assert first == second == {"built": 1}
    assert build.calls == 1


def test_a_changed_source_rebuilds_and_drops_the_stale_file(tmp_path):
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n")
    build = Builds()
    load_compiled(tmp_path / "cache", "table", [source], build)
    source.write_text("a: 22\n")
    os.utime(source, ns=(1, 1))  # a different size and time, as an edit gives
    assert load_compiled(tmp_path / "cache", "table", [source], build) == {"built": 2}
    assert len(list((tmp_path / "cache").glob("table-*.pickle"))) == 1


def test_a_damaged_file_is_rebuilt(tmp_path):
    source = tmp_path / "data.yaml"
    source.write_text("a: 1\n")
    build = Builds()
    load_compiled(tmp_path / "cache", "table", [source], build)
    (cached,) = (tmp_path / "cache").glob("table-*.pickle")
    cached.write_bytes(b"\x80\x05 not a whole pickle")
    assert load_compiled(tmp_path / "cache", "table", [source], build) == {"built": 2}


def test_without_a_writable_folder_it_still_builds(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    build = Builds()
    assert load_compiled(blocked / "cache", "table", [], build) == {"built": 1}
    assert load_compiled(None, "table", [], build) == {"built": 2}


def test_sources_include_code_and_data(tmp_path):
    (tmp_path / "rules.yaml").write_text("x: 1")
    (tmp_path / "engine.py").write_text("X = 1")
    (tmp_path / "notes.bin").write_bytes(b"\0")
    assert [p.name for p in files_under(tmp_path)] == ["engine.py", "rules.yaml"]


def test_the_compiled_drug_catalogue_answers_as_the_built_one(tmp_path):
    built = DrugCatalogue.load()
    DrugCatalogue.load_compiled(tmp_path)
    compiled = DrugCatalogue.load_compiled(tmp_path)  # read back from the file
    for name in ("Tylenol", "paracetamol", "warfrin", "co-amoxiclav", "Viagra"):
        assert compiled.resolve(name) == built.resolve(name)
    text = "I take warfarin and ibuprofen 400 mg twice daily"
    assert compiled.find_mentions(text) == built.find_mentions(text)


def test_the_compiled_lexicon_reads_as_the_built_one(tmp_path):
    settings = Settings(data_dir=tmp_path)
    Knowledge(settings).lexicon  # compiles into the cache
    compiled, fresh = Knowledge(settings), Knowledge(Settings(data_dir=tmp_path / "other"))
    assert list((tmp_path / "cache").glob("lexicon-*.pickle"))
    for text in ("no fever but a bad headache since yesterday", "tengo dolor de pecho",
                 "my baby has a temp of 101.5F and wont feed"):
        assert compiled.parse(text, paraphrase=False) == fresh.parse(text, paraphrase=False)


def test_yaml_the_fast_loader_refuses_is_read_as_the_python_loader_reads_it():
    assert parse_yaml('title: "caf\\udc80e"') == {"title": "caf\udc80e"}
    with pytest.raises(yaml.YAMLError):
        parse_yaml("a: [unclosed")


def test_presentation_citations_are_kept_until_the_index_changes(tmp_path):
    knowledge = Knowledge(Settings(data_dir=tmp_path))
    manifest = tmp_path / "index" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text("{}")
    searched: list[str] = []

    def counted(query: str, k: int = 6) -> list[dict]:
        searched.append(query)
        return [{"doc_id": "asthma", "query": query}]

    knowledge.guideline_citations = counted  # the real search is tested elsewhere; here: when it is asked
    query = "acute asthma attack severity"
    assert knowledge.presentation_citations(query) == knowledge.presentation_citations(query) == counted(query)
    assert searched == [query, query]  # one search, plus the call made for the comparison
    manifest.write_text('{"docs": {}}')  # the index changed (a document added or removed)
    knowledge.presentation_citations(query)
    assert searched == [query, query, query]
