"""The guidelines CLI contract: search --json, list, show, ingest, and clear errors for bad input."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

import knowledge.retrieval.library as library_module
from tests.unit.guideline_fixtures import small_starter_dir
from ui.cli.guidelines import app, ingest_command

runner = CliRunner()


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    patch = pytest.MonkeyPatch()
    patch.setattr(library_module, "STARTER_DIR", small_starter_dir(tmp))
    patch.delenv("CLINICAL_ASSISTANT_CHROMA_URL", raising=False)
    root = typer.Typer()
    root.add_typer(app, name="guidelines")
    root.command("ingest")(ingest_command)

    def invoke(*args):
        return runner.invoke(root, [*args, "--data-dir", str(tmp / "data")])

    yield invoke
    patch.undo()


def test_search_json_contract(cli):
    result = cli("guidelines", "search", "mammography starting age", "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert 1 <= len(payload["results"]) <= 3
    first = payload["results"][0]
    assert {"doc_id", "title", "section", "source", "year", "snippet", "score"} <= set(first)
    assert first["doc_id"] == "uspstf-breast-cancer-screening-2024"


def test_search_text_and_empty_query(cli):
    assert "Ottawa" in cli("guidelines", "search", "ankle injury x-ray").stdout
    empty = cli("guidelines", "search", "   ")
    assert empty.exit_code == 2 and "empty" in empty.output


def test_list_and_show(cli):
    topics = json.loads(cli("guidelines", "list", "--json").stdout)["topics"]
    assert len(topics) == 4
    shown = cli("guidelines", "show", "ssc-sepsis-septic-shock-2021", "--section", "the hour-1 bundle", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["section"] == "The hour-1 bundle"
    missing = cli("guidelines", "show", "ssc")
    assert missing.exit_code == 1 and "Did you mean" in missing.output
    no_section = cli("guidelines", "show", "ssc-sepsis-septic-shock-2021", "--section", "Nope")
    assert no_section.exit_code == 1 and "Sections:" in no_section.output


def test_ingest_reports_each_file(cli, tmp_path):
    good = tmp_path / "zebra.md"
    good.write_text("## Zebra\nZebra fever needs rest and fluids.\n")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    result = cli("ingest", str(good), str(bad), "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [f["status"] for f in payload["files"]] == ["added", "failed"]
    again = json.loads(cli("ingest", str(good), "--json").stdout)
    assert again["files"][0]["status"] == "unchanged"
    assert json.loads(cli("guidelines", "search", "zebra fever", "-k", "1", "--json").stdout)["results"][0][
        "doc_id"] == "user-zebra"


def test_unreachable_chroma_server(cli, monkeypatch):
    monkeypatch.setenv("CLINICAL_ASSISTANT_CHROMA_URL", "http://127.0.0.1:9")
    result = cli("guidelines", "search", "sepsis")
    assert result.exit_code == 1 and "http://127.0.0.1:9" in result.output
