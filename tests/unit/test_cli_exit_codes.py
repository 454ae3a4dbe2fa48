"""Scripts can trust the CLI: exit codes, the reason under "error" with --json, text that starts with "-", and
names in fullwidth or with invisible characters (ui/cli/options.py and the commands that use it)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

import assistant.knowledge as knowledge_module
import ui.cli.drugs as drugs_cli
from assistant.knowledge import Knowledge
from assistant.settings import Settings
from knowledge.embeddings import Embedder
from knowledge.retrieval.library import GuidelineIndex
from tests.unit.guideline_fixtures import small_starter_dir
from ui.cli import app
from ui.cli.options import DASH_HELP, EXIT_INTERNAL, _options_first, clean_argument

runner = CliRunner()


@pytest.fixture
def drugs(drug_catalogue):
    """Invoke ``clinical-assistant drugs ...`` with the session's catalogue."""
    return lambda *args: runner.invoke(app, ["drugs", *args], obj=drug_catalogue)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> GuidelineIndex:
    tmp = tmp_path_factory.mktemp("exit-codes")
    return GuidelineIndex.open(tmp / "index", Embedder.load(), starter_dir=small_starter_dir(tmp))


@pytest.fixture(scope="module")
def triage_knowledge(tmp_path_factory) -> Knowledge:
    return Knowledge(Settings(data_dir=tmp_path_factory.mktemp("triage-data"), sessions="memory"))


@pytest.fixture
def triage(monkeypatch, triage_knowledge, tmp_path):
    """Invoke ``clinical-assistant triage ... --no-citations`` with one shared Knowledge (built once)."""
    monkeypatch.setattr(knowledge_module, "Knowledge", lambda settings: triage_knowledge)
    return lambda *args: runner.invoke(app, ["triage", "--no-citations", "--data-dir", str(tmp_path), *args])


def one_json(result) -> dict:
    assert "Traceback" not in result.output and "Usage:" not in result.output, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


# -- checks that could not be completed exit non-zero, with the reason --------------------------------------------
def test_interactions_with_one_recognised_name_is_not_a_clean_result(drugs):
    result = drugs("interactions", "warfarin", "--json")
    data = one_json(result)
    assert result.exit_code == 1 and data["interactions"] == [] and "Fewer than two" in data["error"]


def test_interactions_with_no_recognised_name(drugs):
    result = drugs("interactions", "qqzzxx", "blorptide", "--json")
    data = one_json(result)
    assert result.exit_code == 1 and "qqzzxx" in data["error"] and len(data["unchecked"]) == 2


def test_interactions_complete_check_exits_0(drugs):
    result = drugs("interactions", "warfarin", "ibuprofen", "--json")
    assert result.exit_code == 0 and one_json(result)["complete"] is True


def test_interactions_without_json_also_exit_1(drugs):
    result = drugs("interactions", "warfarin")
    assert result.exit_code == 1 and "Fewer than two" in result.output


def test_unknown_drug_lookup(drugs):
    result = drugs("lookup", "qqzzxx", "--json")
    assert result.exit_code == 1 and one_json(result)["error"]


@pytest.mark.parametrize("args", [("qqzzxx", "5"), ("paracetamol", "lots"), ("paracetamol", "500", "--unit", "spoons")])
def test_a_dose_that_cannot_be_checked_exits_1(drugs, args):
    result = drugs("dose", *args, "--json")
    data = one_json(result)
    assert result.exit_code == 1 and data["status"] == "cannot_check" and data["error"].startswith("Cannot check")


def test_a_checked_dose_exits_0_even_when_above_the_maximum(drugs):
    result = drugs("dose", "paracetamol", "2", "--unit", "g", "--json")
    data = one_json(result)
    assert result.exit_code == 0 and data["status"] == "above_maximum" and "error" not in data


def test_an_unusable_option_value_is_a_json_error_under_json(drugs):
    result = drugs("dose", "paracetamol", "500", "--age", "abc", "--json")
    assert result.exit_code == 2 and "--age" in one_json(result)["error"]


def test_missing_index_server_is_a_json_error(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINICAL_ASSISTANT_CHROMA_URL", "http://127.0.0.1:9")
    result = runner.invoke(app, ["guidelines", "search", "sepsis", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "127.0.0.1:9" in one_json(result)["error"]


def test_setup_with_an_unreachable_index_server_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINICAL_ASSISTANT_CHROMA_URL", "http://127.0.0.1:9")
    result = runner.invoke(app, ["setup", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "127.0.0.1:9" in result.output and "Traceback" not in result.output


def test_dialogue_run_of_a_missing_file_is_a_json_error(tmp_path):
    result = runner.invoke(app, ["dialogue", "run", str(tmp_path / "nope.yaml"), "--json"])
    assert result.exit_code == 2 and "nope.yaml" in one_json(result)["error"]


def test_a_settings_error_is_a_json_error_even_in_triage(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINICAL_ASSISTANT_CONFIG", str(tmp_path / "missing.toml"))
    result = runner.invoke(app, ["triage", "fever", "--json"])
    assert result.exit_code == 2 and "Settings error" in one_json(result)["error"]


def test_an_internal_failure_is_a_message_not_a_traceback(drugs, monkeypatch):
    def broken(*_args, **_kwargs):
        raise TypeError("boom")

    monkeypatch.setattr(drugs_cli, "check_interactions", broken)
    result = drugs("interactions", "warfarin", "ibuprofen", "--json")
    assert result.exit_code == EXIT_INTERNAL
    assert one_json(result) == {"error": "internal error (TypeError: boom); please report it", "kind": "internal"}
    plain = drugs("interactions", "warfarin", "ibuprofen")
    assert plain.exit_code == EXIT_INTERNAL and "TypeError" in plain.output and "Traceback" not in plain.output


def test_ingest_reports_failed_files_and_empty_folders(small_index, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    result = runner.invoke(app, ["ingest", str(bad), "--json"], obj=small_index)
    assert result.exit_code == 1 and "broken.pdf" in one_json(result)["error"]
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--json"], obj=small_index)
    assert result.exit_code == 1 and "no files" in one_json(result)["error"]


# -- text that starts with "-" is text ------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [["-5 days of fever", "--json"], ["--json", "--", "-5 days of fever"],
                                  ["--json", "-5 days of fever"]])
def test_triage_reads_a_leading_dash_as_text(triage, args):
    result = triage(*args)
    assert result.exit_code == 0, result.output
    assert one_json(result)["level"] == "urgent"  # "fever for 5 days or more"


def test_triage_rejected_text_is_a_json_error(triage):
    result = triage("--json", "--", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e")
    assert result.exit_code == 2 and one_json(result)["error"]


def test_drug_arguments_with_a_leading_dash(drugs):
    dose = drugs("dose", "warfarin", "-5", "--json")
    assert dose.exit_code == 1 and "not a positive number" in one_json(dose)["error"]
    lookup = drugs("lookup", "--json", "--", "-warfarin")
    assert lookup.exit_code == 0 and one_json(lookup)["generic"] == "warfarin"
    after_dashes = drugs("interactions", "--", "-warfarin", "--ibuprofen", "--json")  # all three are names here
    assert after_dashes.exit_code == 1 and "Usage:" not in after_dashes.output
    assert "Not checked: --json" in " ".join(after_dashes.output.split())


def test_guideline_search_and_show_with_a_leading_dash(small_index):
    found = runner.invoke(app, ["guidelines", "search", "-sepsis bundle", "-k", "2", "--json"], obj=small_index)
    assert found.exit_code == 0 and len(one_json(found)["results"]) == 2
    missing = runner.invoke(app, ["guidelines", "show", "-x", "--json"], obj=small_index)
    assert missing.exit_code == 1 and "-x" in one_json(missing)["error"]


def test_ingest_a_file_whose_name_starts_with_a_dash(small_index, tmp_path, monkeypatch):
    (tmp_path / "-zebra.md").write_text("## Zebra\nZebra fever needs rest and fluids.\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", "-zebra.md", "--json"], obj=small_index)
    assert result.exit_code == 0, result.output
    assert one_json(result)["files"][0]["status"] in ("added", "unchanged")


@pytest.mark.parametrize("path", [("triage",), ("ingest",), ("drugs", "lookup"), ("drugs", "interactions"),
                                  ("drugs", "dose"), ("guidelines", "search"), ("guidelines", "show"),
                                  ("dialogue", "run")])
def test_help_documents_double_dash(path):
    result = runner.invoke(app, [*path, "--help"], terminal_width=400)
    assert result.exit_code == 0
    assert " ".join(DASH_HELP.split()) in " ".join(result.output.replace("│", " ").split())


def test_options_first_keeps_values_and_moves_text_after_double_dash():
    command = typer.main.get_command(app).commands["drugs"].commands["dose"]
    params = command.get_params(typer.Context(command))
    assert _options_first(params, ["warfarin", "-5", "--unit", "mg", "--json"]) == [
        "--unit", "mg", "--json", "--", "warfarin", "-5"]
    assert _options_first(params, ["-f", "-bid", "x", "--route=iv", "--", "--json"]) == [
        "-f", "-bid", "--route=iv", "--", "x", "--json"]
    assert _options_first(params, ["x", "1", "--unit"]) == ["x", "1", "--unit"]  # click reports the missing value


# -- names as people type them --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ＷＡＲＦＡＲＩＮ", "ｗａｒｆａｒｉｎ", "war\u200bfarin", "\u202ewarfarin\u202c", " warfarin\n"])
def test_fullwidth_and_invisible_characters_are_normalised_before_lookup(drugs, name):
    result = drugs("lookup", name, "--json")
    assert result.exit_code == 0 and one_json(result)["generic"] == "warfarin"


def test_fullwidth_names_in_an_interaction_check(drugs):
    result = drugs("interactions", "ｗａｒｆａｒｉｎ", "Ａｄｖｉｌ", "--json")
    data = one_json(result)
    assert result.exit_code == 0 and data["interactions"][0]["severity"] == "major"


@pytest.mark.parametrize("name", ["варфарин", "华法林", "\ud800", "\udcff\udcfe"])
def test_non_latin_or_broken_names_exit_1_with_a_reason(drugs, name):
    result = drugs("lookup", name, "--json")
    assert result.exit_code == 1 and one_json(result)["error"]


def test_clean_argument():
    assert clean_argument("ＡＢＣ\u200b １２\x00\n mg\udc80") == "ABC 12 mg\ufffd"
