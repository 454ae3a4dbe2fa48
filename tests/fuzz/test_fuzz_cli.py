"""Fuzz the command line with --json: ``triage``, ``drugs lookup|interactions|dose`` and ``guidelines search``.

Every run ends in exit 0 with exactly one JSON object on stdout, or exit 1/2 with one JSON object holding the
reason under "error" - never a traceback, never an internal failure (exit 70), never a usage box because a text
argument started with "-". Text arguments come as a shell would pass them: any Unicode, and bytes that were not
UTF-8 decoded the way Python decodes argv (surrogateescape). The engines' data is built once: the drug catalogue
and the guideline index go in as the Click context object, and ``triage`` gets the module's one ``Knowledge``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import assistant.knowledge as knowledge_module
from tests.fuzz.strategies import DEFAULTS, NUMBERS, UNITS, fuzz_settings, long_paste, raw_bytes, rare, texts
from ui.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()
COMMAND = typer.main.get_command(app)
DRUG_NAMES = ["warfarin", "Advil", "ibuprofen", "paracetamol", "acetaminophen", "metformin", "Zocor", "sertraline",
              "tramadol", "co-codamol", "amoxicillin", "lisinopril", "grapefruit juice", "water", "aspirin 75 mg",
              "simvastatin 40mg tablets", "insulin", "St John's wort"]
FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}

argv_text = st.one_of(texts, raw_bytes.map(lambda b: b.decode("utf-8", "surrogateescape")))
cli_text = rare(argv_text, long_paste((DEFAULTS.max_input_chars + 1, DEFAULTS.max_input_chars + 300)), 2)
drug_name = st.one_of(
    st.sampled_from(DRUG_NAMES),
    st.builds(lambda name, how: how(name), st.sampled_from(DRUG_NAMES), st.sampled_from([
        str.upper, lambda n: n.translate(FULLWIDTH), lambda n: "\u200b".join(n), lambda n: f"\u202e{n}\u202c",
        lambda n: "-" + n, lambda n: n[:-1], lambda n: n + "\udcff", lambda n: f" {n}\n"])),
    argv_text,
)
number = st.one_of(st.sampled_from(NUMBERS), st.floats(allow_nan=True, allow_infinity=True).map(repr), argv_text)


@pytest.fixture(scope="module")
def cli(knowledge):
    """``invoke(args, obj=None)`` -> the Result; ``triage`` reads the shared Knowledge instead of building one."""
    patch = pytest.MonkeyPatch()
    patch.setattr(knowledge_module, "Knowledge", lambda settings: knowledge)
    patch.setenv("CLINICAL_ASSISTANT_INDEX_DIR", str(knowledge.settings.index_dir))
    patch.setenv("CLINICAL_ASSISTANT_DATA_DIR", str(knowledge.settings.data_dir))
    patch.setattr(typer.testing, "_get_command", lambda _app: COMMAND)  # build the click tree once, not per run
    yield lambda args, obj=None: runner.invoke(app, args, obj=obj)
    patch.undo()


def option_names(path: list[str]) -> set[str]:
    command: Any = COMMAND
    for name in path:
        command = command.commands[name]
    return {name for param in command.params for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
            if name.startswith("-")} | {"--help"}


def command_line(path: list[str], words: list[str], options: list[str], explicit: bool) -> list[str]:
    """The words as text: after "--" when asked (or when a word is one of the command's own option names), else
    mixed with the options the way people type them."""
    names = option_names(path)
    if explicit or any(w in names or w.partition("=")[0] in names for w in words):
        return [*path, *options, "--", *words]
    return [*path, *words, *options]


def assert_one_json_outcome(result, args: list[str]) -> dict[str, Any]:
    where = f"args={args!r}\nexit={result.exit_code}\nstdout={result.stdout[:2000]!r}\nstderr={result.stderr[:2000]!r}"
    assert "Traceback" not in result.output, where
    assert result.exception is None or isinstance(result.exception, SystemExit), where
    assert "Usage:" not in result.stderr, where
    data = json.loads(result.stdout)  # exactly one JSON value, nothing else
    assert isinstance(data, dict), where
    if result.exit_code == 0:
        assert "error" not in data, where
    else:
        assert result.exit_code in (1, 2), where
        assert isinstance(data.get("error"), str) and data["error"], where
        assert data.get("kind") != "internal", where
    return data


@fuzz_settings()
@given(text=cli_text, country=st.sampled_from(["US", "GB", "de", "", "-x", "ZZ"]), explicit=st.booleans(),
       citations=st.booleans())
def test_triage_json(cli, text, country, explicit, citations):
    options = ["--json", "--country", country, "--citations" if citations else "--no-citations"]
    args = command_line(["triage"], [text], options, explicit)
    data = assert_one_json_outcome(cli(args), args)
    assert "level" in data or "error" in data


@fuzz_settings()
@given(command=st.sampled_from(["lookup", "interactions", "dose"]), name=drug_name,
       others=st.lists(drug_name, max_size=5), amount=number, unit=st.one_of(st.sampled_from(UNITS), argv_text),
       frequency=st.one_of(st.none(), st.sampled_from(["bid", "q6h", "3 times a day", "prn", "weekly", "-1"]),
                           argv_text),
       route=st.one_of(st.none(), st.sampled_from(["oral", "iv", "IM", "inhaled"]), argv_text),
       patient=st.lists(st.tuples(st.sampled_from(["--age", "--weight", "--egfr"]), number), max_size=2),
       explicit=st.booleans())
def test_drugs_json(cli, knowledge, command, name, others, amount, unit, frequency, route, patient, explicit):
    options = ["--json"]
    if command == "lookup":
        words = [name]
    elif command == "interactions":
        words = [name, *others]
    else:
        words = [name, amount]
        options += ["--unit", unit] + (["--frequency", frequency] if frequency is not None else [])
        options += (["--route", route] if route is not None else []) + [x for pair in patient for x in pair]
    args = command_line(["drugs", command], words, options, explicit)
    data = assert_one_json_outcome(cli(args, knowledge.drugs), args)
    if command == "interactions" and data.get("interactions") == [] and "counts" in data:
        assert data.get("error"), "an empty interaction list must say why it is empty"


@fuzz_settings()
@given(query=cli_text, k=st.one_of(st.none(), st.integers(-2, 60).map(str), argv_text),
       specialty=st.one_of(st.none(), st.sampled_from(["cardiology", "Cardiology", ""]), argv_text),
       year_min=st.one_of(st.none(), st.integers(-5, 3000).map(str)), explicit=st.booleans())
def test_guideline_search_json(cli, guideline_index, query, k, specialty, year_min, explicit):
    options = ["--json"] + (["-k", k] if k is not None else []) + (["--specialty", specialty] if specialty is not None
                                                                     else [])
    options += ["--year-min", year_min] if year_min is not None else []
    args = command_line(["guidelines", "search"], [query], options, explicit)
    data = assert_one_json_outcome(cli(args, guideline_index), args)
    assert "results" in data or "error" in data
