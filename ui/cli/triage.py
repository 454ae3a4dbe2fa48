"""``clinical-assistant triage "TEXT" [--json]``: one-turn triage of a message.

The level is never null: when the message says little, the level is the safest one that fits, marked provisional,
with what is missing and the questions that could change it. With ``--json`` stdout is exactly one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.panel import Panel

from assistant.artifacts import LEVEL_ADVICE
from ui.cli.options import DataDir, settings_from

out = Console()
err = Console(stderr=True)
LEVEL_STYLE = {"emergency": "bold white on red", "urgent": "bold black on dark_orange", "routine": "bold black on gold1",
               "self_care": "bold black on green3"}


def triage_command(
    text: str = typer.Argument(..., help="Symptoms as a person would type them, in quotes."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    country: str = typer.Option("US", "--country", help="Country for emergency numbers and crisis lines."),
    citations: bool = typer.Option(True, "--citations/--no-citations",
                                   help="Add the guideline passages behind the decision (reads the index)."),
    data_dir: Optional[Path] = DataDir,
) -> None:
    """One-turn triage: level, red flags, why, what is missing and the questions that would sharpen it."""
    from assistant.input_check import InputRejected, clean_user_text
    from assistant.knowledge import Knowledge
    from assistant.triage.one_turn import triage_text

    settings = settings_from(data_dir)
    knowledge = Knowledge(settings)
    try:
        cleaned = clean_user_text(text, limit=settings.max_input_chars)
    except InputRejected as exc:
        if json_out:
            print(json.dumps({"error": str(exc)}))
        else:
            err.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(2) from exc
    result = triage_text(cleaned.text, knowledge, country=country,
                         search=knowledge.presentation_citations if citations else None)
    result["notices"] = cleaned.notices + result.get("notices", [])
    if json_out:
        print(json.dumps(result, default=str))
        return
    level = result["level"]
    heading = f"{level.replace('_', ' ').upper()}" + ("  (provisional)" if result["provisional"] else "")
    out.print(Panel(f"{LEVEL_ADVICE[level]}\n\n[bold]Why:[/] {result['rationale']}",
                    title=f"[{LEVEL_STYLE[level]}] {heading} [/]", title_align="left"))
    if result.get("language_reply"):
        out.print(result["language_reply"])
    for flag in result["red_flags"]:
        out.print(f"[red]Red flag:[/] {flag['label']} [dim]({flag['source']})[/]")
    if result["missing"]:
        out.print("Not yet known: " + ", ".join(result["missing"]))
    if result["next_questions"]:
        out.print("Questions that would sharpen this:")
        for question in result["next_questions"]:
            out.print(f"  - {question}")
    for line in result["safety_net"][:4]:
        out.print(f"[dim]Safety net:[/] {line}")
    for citation in result["citations"][:3]:
        out.print(f"[dim]Source: {citation.get('title')} - {citation.get('section')} ({citation.get('year')})[/]")
    for notice in result.get("notices", []):
        err.print(f"[dim]{notice}[/]")
