"""``clinical-assistant setup``: prepare the data folder and the guideline index before first use."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from graphs.sessions import SessionStoreError, ensure_data_dir
from ui.cli.options import ConfigFile, DataDir, settings_from

console = Console()


def setup_command(data_dir: Path | None = DataDir, config: Path | None = ConfigFile) -> None:
    from assistant.guidelines.search import ensure_index

    settings = settings_from(data_dir, config)
    try:
        ensure_data_dir(settings)
    except SessionStoreError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2) from err
    count = ensure_index(settings, show_progress=True)
    console.print(f"Data folder ready: {settings.data_dir}  (guideline index: {count} chunks)")
