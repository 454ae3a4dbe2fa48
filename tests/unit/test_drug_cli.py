"""`clinical-assistant drugs ...` commands (ui/cli/drugs.py) through typer's CliRunner."""

import json

from typer.testing import CliRunner

from ui.cli.drugs import app

runner = CliRunner()


def test_lookup_json_contract():
    result = runner.invoke(app, ["lookup", "Zocor", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"query", "generic", "brands", "class"} <= set(data)
    assert data["query"] == "Zocor" and data["generic"] == "simvastatin"


def test_lookup_not_found_is_an_error_with_suggestions():
    result = runner.invoke(app, ["lookup", "simvastatinx-qq", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["found"] is False and data["error"] and "simvastatin" in data["suggestions"]


def test_interactions_json_contract():
    result = runner.invoke(app, ["interactions", "warfarin", "Advil", "water", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["interactions"][0] | {"a": "warfarin", "b": "ibuprofen", "severity": "major"} == data["interactions"][0]
    assert data["unchecked"][0]["name"] == "water"


def test_dose_json():
    result = runner.invoke(app, ["dose", "paracetamol", "2", "--unit", "g", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["status"] == "above_maximum"


def test_dose_with_bad_amount_is_cannot_check():
    result = runner.invoke(app, ["dose", "paracetamol", "lots", "--json"])
    assert json.loads(result.output)["status"] == "cannot_check"


def test_rich_output_runs():
    for args in (["lookup", "warfarin"], ["lookup", "qqqqzzz"], ["interactions", "sertraline", "tramadol", "xyzq"],
                 ["dose", "metformin", "1000", "-f", "bid", "--egfr", "25"]):
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.output.strip()
