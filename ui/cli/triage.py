"""CLI for triage: ``clinical-assistant triage "TEXT" [--json]`` and ``clinical-assistant eval triage``.

The lead mounts these functions on the app; with ``--json`` stdout is exactly one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from assistant.artifacts import LEVEL_ADVICE
from assistant.input_check import InputRejected
from ui.cli.options import DataDir, settings_from

out = Console()
err = Console(stderr=True)


def triage_command(
    text: str = typer.Argument(..., help="Symptoms as a person would type them, in quotes."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    data_dir: Optional[Path] = DataDir,
) -> None:
    """One-turn triage: level, red flags, rationale and the questions that would sharpen it."""
    from assistant.triage.one_turn import triage_text

    settings = settings_from(data_dir)
    try:
        result = triage_text(text, settings)
    except InputRejected as exc:
        if json_out:
            print(json.dumps({"error": str(exc)}))
        else:
            err.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(2) from exc
    if json_out:
        print(json.dumps(result, default=str))
        return
    level = result["level"]
    if level is None:
        out.print("No symptom recognised. Describe the main problem in a few words.")
    else:
        out.print(f"[bold]Urgency: {level.replace('_', ' ').upper()}[/] — {LEVEL_ADVICE[level]}")
        out.print(f"Why: {result['rationale']}")
    for flag in result["red_flags"]:
        out.print(f"[red]Red flag:[/] {flag['label']} ({flag['source']})")
    for line in result["safety_net"][:4]:
        out.print(f"- {line}")
    if result["next_questions"]:
        out.print("Questions that would sharpen this: " + " | ".join(result["next_questions"]))
    for citation in result["citations"][:3]:
        out.print(f"[dim]Source: {citation.get('title')} — {citation.get('section')} ({citation.get('year')})[/]")
    for notice in result.get("notices", []):
        err.print(f"[dim]{notice}[/]")


def eval_triage_command(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Vignette accuracy, emergency recall, under- and over-triage (printed table)."""
    from assistant.triage.evaluate import evaluate, print_report

    report = evaluate(settings_from(None))
    if json_out:
        print(json.dumps(report, default=str))
    else:
        print_report(report)
