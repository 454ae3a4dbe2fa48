"""``clinical-assistant eval ...``: every quality figure with its sample size and 95% interval, in two columns -
*own* (written by the people who wrote the rules) and *blind* (written by sessions that never saw them) - plus
published data and anchors where they exist. ``--json`` prints one JSON object for scripts.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.evaluation.stats import fmt
from ui.cli.options import EXIT_INCOMPLETE, DataDir, JsonOut, fail, settings_from

out = Console()
err = Console(stderr=True)


class Which(str, Enum):
    all = "all"
    own = "own"
    blind = "blind"


class StudiedSet(str, Enum):
    """Sets with a dev column: written blind, then studied while fixing (answers, notes)."""
    all = "all"
    own = "own"
    dev = "dev"
    blind = "blind"


class TriageSet(str, Enum):
    all = "all"
    own = "own"
    dev = "dev"
    blind = "blind"
    mimic = "mimic"


SetOption = typer.Option(Which.all, "--set", help="Which set: own, blind or all (both columns).")
StudiedSetOption = typer.Option(StudiedSet.all, "--set",
                                help="own, dev (written blind, studied while fixing), blind (frozen) or all.")
Misses = typer.Option(0, "--misses", help="Also list up to N items the engine got wrong (ids and what it said).")
ModelOption = typer.Option(None, "--model", help="Also let this language model read each message (smollm2, "
                           "openai:NAME with CLINICAL_ASSISTANT_LLM_BASE_URL, ...), merged under the lexicon's "
                           "parse: it may add findings, never remove one.")


def _knowledge(data_dir: Path | None, model: str | None = None):
    from assistant.knowledge import Knowledge
    from assistant.llm.models import LLMUnavailable

    if not model:
        return Knowledge(settings_from(data_dir))
    spec = model if "understand=" in model else f"{model}{'&' if '?' in model else '?'}understand=on"
    knowledge = Knowledge(settings_from(data_dir, model=spec))
    try:
        knowledge.language_model  # load it now: an evaluation without its model would measure the wrong thing
    except (LLMUnavailable, ValueError) as exc:
        fail(f"The model {model!r} cannot be used: {exc}", EXIT_INCOMPLETE)
    return knowledge


def _tracked(function: Callable, total: int, label: str, quiet: bool) -> tuple[Callable, Progress]:
    """The function, advancing a progress bar (on stderr, so ``--json`` output stays one object) per call."""
    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True, disable=quiet)
    task = progress.add_task(label, total=total)

    def call(*args: Any) -> Any:
        result = function(*args)
        progress.advance(task)
        return result

    return call, progress


def _run(label: str, items: list, evaluate: Callable[[Callable], dict], function: Callable) -> dict:
    tracked, progress = _tracked(function, len(items), label, quiet=not err.is_terminal)
    with progress:
        return evaluate(tracked)


def _sets(which: Which, own: Callable[[], list], blind: Callable[[], list]) -> dict[str, list]:
    chosen = {"own": own, "blind": blind}
    names = ["own", "blind"] if which == Which.all else [which.value]
    return {name: chosen[name]() for name in names}


def _columns_table(title: str, reports: dict[str, dict], rows: Iterable[tuple[str, Callable[[dict], Any]]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("figure")
    for name in reports:
        table.add_column(name, justify="right")
    for label, pick in rows:
        cells = []
        for report in reports.values():
            value = pick(report)
            cells.append(fmt(value) if isinstance(value, dict) else str(value))
        table.add_row(label, *cells)
    return table


def _emit(json_out: bool, payload: dict, tables: list[Table]) -> None:
    if json_out:
        print(json.dumps(payload, default=str))
        return
    for table in tables:
        out.print(table)


# -- triage -------------------------------------------------------------------------------------------------------
def eval_triage_command(
    which: TriageSet = typer.Option(TriageSet.all, "--set",
                                    help="own, dev (written blind, used for tuning), blind (frozen), mimic (MIMIC-IV-ED demo) or all."),
    misses: int = Misses,
    model: str | None = ModelOption,
    data_dir: Path | None = DataDir,
    json_out: bool = JsonOut,
) -> None:
    """Exact level, under- and over-triage, emergency recall (own and blind vignettes), and ESI agreement on the
    MIMIC-IV-ED demo rows."""
    from assistant.evaluation import triage as triage_eval
    from assistant.evaluation.runs import triage_rater

    rate = triage_rater(_knowledge(data_dir, model))
    loaders = {"own": triage_eval.own_vignettes, "dev": triage_eval.dev_vignettes, "blind": triage_eval.blind_vignettes}
    names = list(loaders) if which == TriageSet.all else [which.value] if which != TriageSet.mimic else []
    reports = {}
    for name in names:
        items = loaders[name]()
        reports[name] = _run(f"triage {name}", items, lambda f, items=items: triage_eval.evaluate(items, f), rate)
    tables = []
    if reports:
        rows = [("exact level", lambda r: r["exact"]), ("under-triage", lambda r: r["under_triage"]),
                ("over-triage", lambda r: r["over_triage"]), ("emergency recall", lambda r: r["emergency_recall"]),
                ("null levels", lambda r: r["null_levels"])]
        populations = sorted({p for r in reports.values() for p in r["by_population"]})
        for population in populations:
            rows.append((f"exact, {population}",
                         lambda r, p=population: r["by_population"].get(p, {}).get("exact", {"value": None})))
        tables.append(_columns_table("Triage vignettes (value, n, 95% Wilson interval)", reports, rows))
        anchors = Table(title="Published anchors (vignette triage accuracy, not the same cases)", title_justify="left")
        anchors.add_column("source")
        anchors.add_column("exact", justify="right")
        for anchor in next(iter(reports.values()))["anchors"]:
            anchors.add_row(anchor["name"], f"{anchor['exact']:.2f}")
        tables.append(anchors)
    if which in (TriageSet.all, TriageSet.mimic):
        try:
            rows = triage_eval.mimic_rows()
        except FileNotFoundError as exc:
            err.print(f"[yellow]MIMIC-IV-ED demo skipped:[/] {exc}")
        else:
            reports["mimic"] = _run("triage mimic", rows, lambda f: triage_eval.evaluate_mimic(rows, f), rate)
            tables.append(_mimic_table(reports["mimic"]))
    if misses:
        tables.append(_triage_misses(reports, misses))
    _emit(json_out, {name: _without_rows(r) if not misses else r for name, r in reports.items()}, tables)


def _mimic_table(report: dict) -> Table:
    table = Table(title=f"MIMIC-IV-ED demo (yentlbench), {report['n']} ED stays with a nurse's ESI acuity",
                  title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("ESI 1-2 sent to routine or self-care (target 0)", fmt(report["esi_1_2_routine_or_self_care"]))
    table.add_row("ESI 1 sent to emergency", fmt(report["esi_1_emergency"]))
    table.add_row("ESI 4-5 sent to emergency (over-triage)", fmt(report["esi_4_5_emergency"]))
    table.add_row("null levels", str(report["null_levels"]))
    for esi, counts in report["by_esi"].items():
        table.add_row(f"ESI {esi}: levels given", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return table


def _triage_misses(reports: dict[str, dict], limit: int) -> Table:
    table = Table(title="Items the engine got wrong", title_justify="left")
    for column in ("set", "id", "expected", "given", "deciding rule"):
        table.add_column(column)
    for name, report in reports.items():
        wrong = [r for r in report.get("rows", []) if r.get("predicted") != r.get("expected", r.get("predicted"))]
        for row in wrong[:limit]:
            table.add_row(name, str(row.get("id")), str(row.get("expected")), str(row.get("predicted")),
                          str(row.get("deciding")))
    return table


def _without_rows(report: dict) -> dict:
    return {key: value for key, value in report.items() if key not in ("rows", "errors", "per_item")}


# -- understanding ------------------------------------------------------------------------------------------------
def eval_understanding_command(which: Which = SetOption, model: str | None = ModelOption,
                               data_dir: Path | None = DataDir, json_out: bool = JsonOut) -> None:
    """Concept precision/recall/F1, assertion, negation and experiencer accuracy, vitals and age, on annotated
    messages (the concept ids the blind writers were given)."""
    from assistant.evaluation import understanding
    from assistant.evaluation.runs import understanding_reader

    read = understanding_reader(_knowledge(data_dir, model))
    ids = understanding.scored_concepts()
    reports = {}
    for name, items in _sets(which, understanding.own_items, understanding.blind_items).items():
        reports[name] = _run(f"understanding {name}", items,
                             lambda f, items=items: understanding.evaluate(items, f, ids), read)
    rows = [("items", lambda r: r["items"]), ("concept precision", lambda r: r["concepts"]["precision"]),
            ("concept recall", lambda r: r["concepts"]["recall"]), ("concept F1", lambda r: f"{r['concepts']['f1']:.3f}"),
            ("assertion accuracy", lambda r: r["assertion"]), ("negation accuracy", lambda r: r["negation"]),
            ("experiencer accuracy", lambda r: r["experiencer"]), ("vitals with units", lambda r: r["vitals"]),
            ("vitals read that were not there", lambda r: r["vitals_extra"]), ("age", lambda r: r["age"])]
    styles = sorted({s for r in reports.values() for s in r["by_style"]})
    for style in styles:
        rows.append((f"F1, {style}", lambda r, s=style: f"{r['by_style'].get(s, {}).get('f1', 0):.2f}"))
    table = _columns_table("Understanding (value, n, 95% Wilson interval)", reports, rows)
    _emit(json_out, {name: _without_rows(r) for name, r in reports.items()}, [table])


def eval_languages_command(which: Which = SetOption, data_dir: Path | None = DataDir,
                           json_out: bool = JsonOut) -> None:
    """Emergencies raised in other languages (recall per language) and false alarms on non-emergencies."""
    from assistant.evaluation import understanding
    from assistant.evaluation.runs import emergency_detector

    detect = emergency_detector(_knowledge(data_dir))
    reports = {}
    for name, items in _sets(which, understanding.own_language_items, understanding.blind_language_items).items():
        reports[name] = _run(f"languages {name}", items,
                             lambda f, items=items: understanding.evaluate_languages(items, f), detect)
    rows = [("emergency recall, all languages", lambda r: r["emergency_recall"])]
    languages = sorted({lang for r in reports.values() for lang in r["by_language"]})
    for language in languages:
        rows.append((f"{language}: emergency recall",
                     lambda r, g=language: r["by_language"].get(g, {}).get("emergency_recall", {"value": None})))
        rows.append((f"{language}: false alarms",
                     lambda r, g=language: r["by_language"].get(g, {}).get("false_alarms", {"value": None})))
    table = _columns_table("Emergency screen in other languages (value, n, 95% Wilson interval)", reports, rows)
    _emit(json_out, reports, [table])


# -- notes --------------------------------------------------------------------------------------------------------
def eval_notes_command(
    which: StudiedSet = StudiedSetOption,
    misses: int = Misses,
    data_dir: Path | None = DataDir,
    json_out: bool = JsonOut,
) -> None:
    """SOAP-note fact recall and precision, negation, medicines and wrong-person facts, against the floor of pasting
    the transcript as the note."""
    from assistant.evaluation import notes
    from assistant.evaluation.runs import note_reader

    knowledge = _knowledge(data_dir)
    read = note_reader(knowledge)
    loaders = {"own": notes.load_items, "dev": notes.dev_items, "blind": notes.blind_items}
    names = list(loaders) if which == StudiedSet.all else [which.value]
    reports = {}
    def concepts_of(text: str) -> set[str]:  # what a gold impression names for the patient
        return {m.concept for m in knowledge.parse(text).mentions if m.current}

    for name, items in ((name, loaders[name]()) for name in names):
        reports[name] = _run(f"notes {name}", items, lambda f, items=items: notes.evaluate(
            items, f, drugs=knowledge.drugs, concepts_of=concepts_of), read)
        reports[f"{name} copy floor"] = notes.evaluate(items, notes.copy_floor(knowledge.parse), drugs=knowledge.drugs,
                                                       concepts_of=concepts_of)
    rows = [("consultations", lambda r: r["items"]), ("fact recall", lambda r: r["recall"]),
            ("fact precision", lambda r: r["precision"]), ("negation accuracy", lambda r: r["negation_accuracy"])]
    for kind in notes.FACT_TYPES:
        rows.append((f"{kind} recall", lambda r, k=kind: r["by_type"][k]["recall"]))
        rows.append((f"{kind} precision", lambda r, k=kind: r["by_type"][k]["precision"]))
    for key in ("dose", "frequency", "route", "status"):
        rows.append((f"medicine {key}", lambda r, k=key: r["medicine_accuracy"][k]))
    rows.append(("wrong person", lambda r: f"{r['wrong_person']['count']} of {r['wrong_person']['of']}"))
    tables = [_columns_table("SOAP notes (value, n, 95% Wilson interval)", reports, rows)]
    if misses:
        tables.append(_note_misses(reports, misses))
    studied = ("own", "dev")
    _emit(json_out, {name: r if misses and name in studied else _without_rows(r) for name, r in reports.items()},
          tables)


def _note_misses(reports: dict[str, dict], limit: int) -> Table:
    table = Table(title="Gold facts the note missed (own and dev sets; blind items stay unread)", title_justify="left")
    for column in ("set", "id", "fact type", "missed"):
        table.add_column(column)
    for name in ("own", "dev"):
        for row in reports.get(name, {}).get("per_item", [])[:limit]:
            for kind, missed in row["misses"].items():
                table.add_row(name, str(row["id"]), kind, "; ".join(map(str, missed)))
    return table


# -- answers -------------------------------------------------------------------------------------------------------
def eval_answers_command(
    which: StudiedSet = StudiedSetOption,
    misses: int = Misses,
    data_dir: Path | None = DataDir,
    json_out: bool = JsonOut,
) -> None:
    """Questions asked in education mode, one new conversation each, scored on the reply a learner reads: the key
    fact carried, the expected guideline cited, drug questions answered by the drug engines, and an honest "no
    source" with nothing cited when the library cannot answer."""
    import dataclasses
    import uuid

    from assistant.evaluation import answers
    from graphs.facade import ClinicalAssistant

    assistant = ClinicalAssistant(dataclasses.replace(settings_from(data_dir), sessions="memory"))

    def answer(question: str) -> dict[str, Any]:
        return assistant.send(uuid.uuid4().hex, question, mode="education").to_dict()

    try:
        loaders = {"own": answers.own_items, "dev": answers.dev_items, "blind": answers.blind_items}
        names = list(loaders) if which == StudiedSet.all else [which.value]
        reports = {name: _run(f"answers {name}", items, lambda f, items=items: answers.evaluate(items, f), answer)
                   for name in names for items in [loaders[name]()]}
    finally:
        assistant.close()
    rows = [("questions", lambda r: r["n"]), ("key fact carried (in library)", lambda r: r["key_fact"]),
            ("  guideline questions", lambda r: r.get("key_fact_guideline", {"value": None})),
            ("  drug questions", lambda r: r.get("key_fact_drug", {"value": None})),
            ("expected guideline cited", lambda r: r.get("cites_expected_guideline", {"value": None})),
            ("'no source' said to an answerable question", lambda r: r.get("said_no_source_wrongly", {"value": None})),
            ("drug questions via the drug engines", lambda r: r.get("drug_engines_used", {"value": None})),
            ("out of library: honest 'no source'", lambda r: r.get("out_of_library_honest", {"value": None})),
            ("out of library: nothing cited", lambda r: r.get("out_of_library_cited_nothing", {"value": None}))]
    types = sorted({t for r in reports.values() for t in r["by_question_type"]})
    rows += [(f"key fact, {t}", lambda r, t=t: r["by_question_type"].get(t, {"value": None})) for t in types]
    tables = [_columns_table("Answers (value, n, 95% Wilson interval)", reports, rows)]
    if misses:
        tables.append(_answer_misses(reports, misses))
    _emit(json_out, {name: r if misses and name != "blind" else _without_rows(r) for name, r in reports.items()},
          tables)


def _answer_misses(reports: dict[str, dict], limit: int) -> Table:
    table = Table(title="Questions answered wrongly (own and dev sets; blind items stay unread)", title_justify="left")
    for column in ("set", "id", "kind", "type", "what went wrong"):
        table.add_column(column)
    for name in ("own", "dev"):
        wrong = [r for r in reports.get(name, {}).get("rows", []) if not r.get("carried", r.get("honest", True))]
        for row in wrong[:limit]:
            table.add_row(name, str(row["id"]), row["kind"], str(row.get("question_type")),
                          "no honest 'no source'" if row["kind"] == "out_of_library" else "key fact missing")
    return table


# -- retrieval and interactions (one written set each) -------------------------------------------------------------
def eval_retrieval_command(
    k: int = typer.Option(5, "-k", help="Cut-off for recall@k."),
    data_dir: Path | None = DataDir,
    json_out: bool = JsonOut,
) -> None:
    """Recall@k and MRR for BM25, dense and hybrid retrieval on the written question set."""
    from assistant.guidelines.evaluate import evaluate, load_eval_items, print_table

    report = evaluate(_knowledge(data_dir).guidelines, load_eval_items(), k)
    print(json.dumps(report, default=str)) if json_out else print_table(report)


def eval_interactions_command(json_out: bool = JsonOut) -> None:
    """Recall on contraindicated/major pairs and false alarms on safe pairs."""
    from assistant.drugs import evaluate as drug_eval
    from knowledge.drugs.catalogue import DrugCatalogue

    if json_out:
        print(json.dumps(drug_eval.evaluate(DrugCatalogue.load()), default=str))
    else:
        drug_eval.main()
