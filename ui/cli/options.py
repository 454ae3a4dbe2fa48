"""Options shared by commands, and turning them into Settings with readable errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from assistant.settings import Settings, load_settings

DataDir = typer.Option(None, "--data-dir", help="Data folder (index, sessions, logs). Env: CLINICAL_ASSISTANT_DATA_DIR.")
ConfigFile = typer.Option(None, "--config", help="TOML settings file. Env: CLINICAL_ASSISTANT_CONFIG.")
JsonOut = typer.Option(False, "--json", help="Print one JSON object for scripts.")

err_console = Console(stderr=True)


def settings_from(data_dir: Path | None = None, config: Path | None = None, **explicit: Any) -> Settings:
    """Settings from flags (explicit) > env > TOML > defaults; exits with a clear message when invalid."""
    try:
        return load_settings(config, data_dir=data_dir, **explicit)
    except (OSError, ValueError) as err:
        err_console.print(f"[red]Settings error:[/red] {err}")
        raise typer.Exit(2) from err
