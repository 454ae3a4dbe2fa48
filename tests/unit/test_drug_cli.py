"""`clinical-assistant drugs ...` commands (ui/cli/drugs.py) through typer's CliRunner."""

import json

import pytest
from typer.testing import CliRunner

from ui.cli.drugs import app


@pytest.fixture
def runner(drug_catalogue):
    """A CliRunner whose commands use the session's catalogue (handed in as the Click context object)."""

    class CatalogueRunner(CliRunner):
        def invoke(self, cli, args=None, **kwargs):
            return super().invoke(cli, args, obj=drug_catalogue, **kwargs)

    return CatalogueRunner()


def test_lookup_json_contract(runner):
    result = runner.invoke(app, ["lookup", "Zocor", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"query", "generic", "brands", "class"} <= set(data)
    assert data["query"] == "Zocor" and data["generic"] == "simvastatin"


def test_lookup_not_found_is_an_error_with_suggestions(runner):
    result = runner.invoke(app, ["lookup", "simvastatinx-qq", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["found"] is False and data["error"] and "simvastatin" in data["suggestions"]


def test_interactions_json_contract(runner):
    result = runner.invoke(app, ["interactions", "warfarin", "Advil", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["interactions"][0] | {"a": "warfarin", "b": "ibuprofen", "severity": "major"} == data["interactions"][0]
    assert data["complete"] and "error" not in data


def test_interactions_with_an_unchecked_name_report_it_and_exit_1(runner):
    result = runner.invoke(app, ["interactions", "warfarin", "Advil", "water", "--json"])
    assert result.exit_code == 1  # a partly checked list is not a clean "no other interactions"
    data = json.loads(result.output)
    assert data["interactions"][0]["severity"] == "major"
    assert data["unchecked"][0]["name"] == "water" and "water" in data["error"]


def test_dose_json(runner):
    result = runner.invoke(app, ["dose", "paracetamol", "2", "--unit", "g", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["status"] == "above_maximum"


def test_dose_with_bad_amount_is_cannot_check(runner):
    result = runner.invoke(app, ["dose", "paracetamol", "lots", "--json"])
    assert json.loads(result.output)["status"] == "cannot_check"


def test_rich_output_runs(runner):
    for args in (["lookup", "warfarin"], ["lookup", "qqqqzzz"], ["interactions", "sertraline", "tramadol", "xyzq"],
                 ["dose", "metformin", "1000", "-f", "bid", "--egfr", "25"]):
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.output.strip()
