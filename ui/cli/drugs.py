"""`clinical-assistant drugs ...`: lookup, interactions and dose checks from the terminal (--json for scripts).

Each command loads the drug catalogue once (about 2 s) and passes it to the engine it runs; a caller that already
holds one (a test, an embedding program) passes it as the Click context object instead.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant.drugs.doses import Patient, check_dose
from assistant.drugs.interactions import check_interactions
from assistant.drugs.lookup import lookup_drug
from knowledge.drugs.catalogue import DrugCatalogue

app = typer.Typer(help="Drug knowledge: look up a drug, check interactions in a medication list, check a dose.",
                  no_args_is_help=True)
console = Console()
SEVERITY_STYLE = {"contraindicated": "bold white on red", "major": "bold red", "moderate": "yellow",
                  "minor": "cyan", "none": "green"}


def _emit_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str))


def _catalogue(ctx: typer.Context) -> DrugCatalogue:
    """The catalogue handed in as ``ctx.obj``, else one loaded for this command."""
    return ctx.obj if isinstance(ctx.obj, DrugCatalogue) else DrugCatalogue.load()


@app.command()
def lookup(ctx: typer.Context,
           name: str = typer.Argument(..., help="Generic, brand or international name."),
           as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Look up a drug: class, brands, dosing summary, warnings and source."""
    info = lookup_drug(_catalogue(ctx), name)
    if as_json:
        _emit_json(info)
    elif not info["found"]:
        console.print(f"[red]{info['error']}[/red]")
        if info["suggestions"]:
            console.print("Did you mean: " + ", ".join(info["suggestions"]))
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
        raise typer.Exit(code=1)


@app.command()
def interactions(ctx: typer.Context,
                 drugs: list[str] = typer.Argument(..., help="Two or more drug names."),
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Check every pair of a medication list for interactions."""
    report = check_interactions(_catalogue(ctx), drugs)
    if as_json:
        _emit_json(report.to_dict())
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
        console.print(f"[red]Not checked:[/red] {item['name']} ({item['reason']}){hint}")
    for note in report.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")


@app.command()
def dose(ctx: typer.Context,
         drug: str = typer.Argument(..., help="Drug name."),
         amount: str = typer.Argument(..., help="Amount per dose, e.g. 500."),
         unit: str = typer.Option("mg", "--unit", help="mg, mcg, g, units, mL or puffs."),
         frequency: Optional[str] = typer.Option(None, "--frequency", "-f", help="e.g. bid, q6h, '3 times a day'."),
         route: str = typer.Option("oral", "--route", help="oral, iv, im, sc, inhaled ..."),
         age: Optional[float] = typer.Option(None, "--age", help="Age in years."),
         weight: Optional[float] = typer.Option(None, "--weight", help="Weight in kg."),
         egfr: Optional[float] = typer.Option(None, "--egfr", help="eGFR in mL/min/1.73 m2."),
         as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Check one dose against labelled limits (single, daily, per-kg, renal)."""
    patient = Patient(age_years=age, weight_kg=weight, egfr=egfr)
    result = check_dose(_catalogue(ctx), drug, amount, unit, frequency, route, patient)
    if as_json:
        _emit_json(result.to_dict())
        return
    colour = {"within_range": "green", "above_maximum": "red", "renal_adjustment": "yellow"}.get(result.status, "magenta")
    console.print(f"[bold {colour}]{result.status.replace('_', ' ')}[/bold {colour}] — "
                  f"{result.generic or result.query} {amount} {result.unit} {frequency or ''} ({result.route})")
    for message in result.messages:
        console.print(f"  • {message}")
    if result.source:
        console.print(f"Source: {result.source}")
