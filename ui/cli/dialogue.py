"""``clinical-assistant dialogue run``: scripted conversations with expectations, exit 1 on failure."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from graphs.dialogues import DialogueFormatError, NeedsScriptedModel, dialogue_files, run_dialogue
from ui.cli.options import ConfigFile, DataDir, JsonOut, TextArgumentsCommand, settings_from

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("run", cls=TextArgumentsCommand)
def run_command(
    target: Path = typer.Argument(..., exists=True, help="A dialogue YAML file or a folder of them."),
    data_dir: Path | None = DataDir,
    config: Path | None = ConfigFile,
    json_out: bool = JsonOut,
) -> None:
    """Run dialogues; each runs in a fresh session store, sharing the guideline index of --data-dir."""
    settings = settings_from(data_dir, config)
    results, errors, skipped = [], [], []
    for path in dialogue_files(target):
        try:
            results.append(run_dialogue(path, base_settings=settings))
        except NeedsScriptedModel as err:
            skipped.append(str(err))
        except DialogueFormatError as err:
            errors.append(str(err))
    failed = [r for r in results if not r.passed and not r.known_regression]
    problem = None
    if failed or errors or not (results or skipped):
        problem = (f"{len(failed)} dialogue(s) failed, {len(errors)} could not be read" if results or errors
                   else "no dialogue files found")
    if json_out:
        print(json.dumps({
            "passed": sum(r.passed for r in results), "failed": len(failed), "format_errors": errors,
            "skipped": skipped,
            "dialogues": [{"name": r.name, "path": str(r.path), "passed": r.passed, "failures": r.failures,
                           "known_regression": r.known_regression} for r in results],
        } | ({"error": problem} if problem else {}), indent=2))
    else:
        for result in results:
            mark = ("[green]PASS[/green]" if result.passed else "[yellow]KNOWN FAIL[/yellow]" if result.known_regression
                    else "[red]FAIL[/red]")
            console.print(f"{mark} {result.name} [dim]({result.path.name}, {len(result.turns)} turns)[/dim]")
            for line in result.failures:
                console.print(f"     - {line}", markup=False, highlight=False)
        for error in errors:
            console.print(f"[red]ERROR[/red] {error}")
        for note in skipped:
            console.print(f"[dim]SKIP[/dim] {note}")
        known = sum(1 for r in results if not r.passed and r.known_regression)
        console.print(f"{sum(r.passed for r in results)} passed, {len(failed) + len(errors)} failed"
                      + (f", {known} known regression(s)" if known else "") + (f", {len(skipped)} skipped" if skipped else ""))
    if problem:
        raise typer.Exit(1)
