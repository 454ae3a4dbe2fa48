"""`clinical-assistant drugs ...`: lookup, interactions and dose checks from the terminal (--json for scripts).

Each command reads the compiled drug catalogue from the data folder's cache (compiled on first use) and passes it
to the engine it runs; a caller that already holds one (a test, an embedding program) passes it as the Click context
object instead. Names are NFKC-normalised at the door (fullwidth "ＷＡＲＦＡＲＩＮ" is warfarin). A check that could
not be completed - an unknown drug, fewer than two drugs recognised for an interaction check, a dose that cannot be
checked - exits 1 with the reason under "error" (exit codes: ``ui.cli.options``), so a script never reads "nothing
found" as "safe".
"""

from __future__ import annotations

from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.drugs.doses import Patient, check_dose
from assistant.drugs.interactions import check_interactions
from assistant.drugs.lookup import lookup_drug
from knowledge.drugs.catalogue import DrugCatalogue
from ui.cli.options import EXIT_INCOMPLETE, TextArgumentsCommand, clean_argument, emit_json, settings_from

app = typer.Typer(help="Drug knowledge: look up a drug, check interactions in a medication list, check a dose.",
                  no_args_is_help=True)
console = Console()
SEVERITY_STYLE = {"contraindicated": "bold white on red", "major": "bold red", "moderate": "yellow",
                  "minor": "cyan", "none": "green"}


def _catalogue(ctx: typer.Context) -> DrugCatalogue:
    """The catalogue handed in as ``ctx.obj``, else the compiled one from the data folder's cache."""
    if isinstance(ctx.obj, DrugCatalogue):
        return ctx.obj
    return DrugCatalogue.load_compiled(settings_from().cache_dir)


@app.command(cls=TextArgumentsCommand)
def lookup(ctx: typer.Context,
           name: str = typer.Argument(..., help="Generic, brand or international name."),
           as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Look up a drug: class, brands, dosing summary, warnings and source. Exit 1 when it is not found."""
    info = lookup_drug(_catalogue(ctx), clean_argument(name))
    if as_json:
        emit_json(info)
    elif not info["found"]:
        console.print(f"[red]{escape(info['error'])}[/red]")
        if info["suggestions"]:
            console.print("Did you mean: " + ", ".join(info["suggestions"]), markup=False)
    else:
        table = Table(title=f"{info['generic']} ({info['level']})", show_header=False)
        for key in ("brands", "class", "indications", "contraindications", "boxed_warnings", "pregnancy", "source_label"):
            value = info.get(key)
            if value:
                table.add_row(key.replace("_", " "), ", ".join(value) if isinstance(value, list) else str(value))
        for dose in info.get("dosing") or []:
            table.add_row(f"dose ({dose.get('route')}, {dose.get('population')})", str(dose.get("usual", "")))
        if info.get("note"):
            table.add_row("note", info["note"])
        console.print(table)
    if not info["found"]:
        raise typer.Exit(EXIT_INCOMPLETE)


@app.command(cls=TextArgumentsCommand)
def interactions(ctx: typer.Context,
                 drugs: list[str] = typer.Argument(..., help="Two or more drug names."),
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Check every pair of a medication list for interactions. Exit 1 unless every name was recognised and
    checked (fewer than two drugs, or any name left unchecked, is not a clean "no interactions")."""
    report = check_interactions(_catalogue(ctx), [clean_argument(d) for d in drugs])
    problem = incomplete_reason(report.to_dict())
    if as_json:
        emit_json(report.to_dict() | ({"error": problem} if problem else {}))
        if problem:
            raise typer.Exit(EXIT_INCOMPLETE)
        return
    table = Table(title="Drug interactions")
    for column in ("pair", "severity", "mechanism / management", "source"):
        table.add_column(column)
    for f in report.interactions:
        style = SEVERITY_STYLE.get(f.severity, "")
        table.add_row(f"{f.a} + {f.b}", f"[{style}]{f.severity}[/{style}]", f"{f.mechanism}\n{f.management}".strip(),
                      f.source)
    console.print(table)
    for item in report.unchecked:
        hint = f" — did you mean: {', '.join(item['suggestions'][:3])}" if item["suggestions"] else ""
        console.print(f"[red]Not checked:[/red] {escape(item['name'])} ({escape(item['reason'])}){escape(hint)}",
                      highlight=False)
    for note in report.notes:
        console.print(f"[yellow]Note:[/yellow] {escape(note)}")
    if problem:
        console.print(f"[red]Incomplete:[/red] {escape(problem)}", highlight=False)
        raise typer.Exit(EXIT_INCOMPLETE)


def incomplete_reason(report: dict[str, Any]) -> str | None:
    """Why an interaction report is not a complete check of the list, or None when it is."""
    if report["complete"]:
        return None
    checked, unchecked = report["checked"], report["unchecked"]
    names = "; ".join(f"{item['name']} ({item['reason']})" for item in unchecked[:10])
    if len(checked) < 2:
        return (f"Fewer than two drugs were recognised ({len(checked)}), so no pair was checked"
                + (f". Not recognised: {names}." if names else "."))
    return f"Not every drug could be checked: {names}."


@app.command(cls=TextArgumentsCommand)
def dose(ctx: typer.Context,
         drug: str = typer.Argument(..., help="Drug name."),
         amount: str = typer.Argument(..., help="Amount per dose, e.g. 500."),
         unit: str = typer.Option("mg", "--unit", help="mg, mcg, g, units, mL or puffs."),
         frequency: Optional[str] = typer.Option(None, "--frequency", "-f", help="e.g. bid, q6h, '3 times a day'."),
         route: str = typer.Option("oral", "--route", help="oral, iv, im, sc, inhaled ..."),
         age: Optional[float] = typer.Option(None, "--age", min=0, max=130, help="Age in years."),
         weight: Optional[float] = typer.Option(None, "--weight", min=0.1, max=700, help="Weight in kg."),
         egfr: Optional[float] = typer.Option(None, "--egfr", min=0, max=250, help="eGFR in mL/min/1.73 m2."),
         as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Check one dose against labelled limits (single, daily, per-kg, renal)."""
    patient = Patient(age_years=age, weight_kg=weight, egfr=egfr)
    result = check_dose(_catalogue(ctx), clean_argument(drug), clean_argument(amount), clean_argument(unit),
                        None if frequency is None else clean_argument(frequency), clean_argument(route), patient)
    problem = result.messages[0] if result.status == "cannot_check" and result.messages else None
    if result.status == "cannot_check" and not problem:
        problem = "The dose could not be checked."
    if as_json:
        emit_json(result.to_dict() | ({"error": problem} if problem else {}))
        if problem:
            raise typer.Exit(EXIT_INCOMPLETE)
        return
    colour = {"within_range": "green", "above_maximum": "red", "renal_adjustment": "yellow"}.get(result.status, "magenta")
    asked = f"{result.generic or result.query} {amount} {result.unit} {frequency or ''} ({result.route})"
    console.print(f"[bold {colour}]{result.status.replace('_', ' ')}[/bold {colour}] — {escape(asked)}", highlight=False)
    for message in result.messages:
        console.print(f"  • {message}", markup=False)
    if result.source:
        console.print(f"Source: {result.source}", markup=False)
    if problem:
        raise typer.Exit(EXIT_INCOMPLETE)
