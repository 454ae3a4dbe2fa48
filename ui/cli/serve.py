"""``clinical-assistant serve``: the Gradio web app."""

from __future__ import annotations

from pathlib import Path

import typer

from ui.cli.options import ConfigFile, DataDir, settings_from


def serve_command(
    host: str = typer.Option(None, "--host", help="Bind address (default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Port (default 7860)."),
    auth: str = typer.Option(None, "--auth", help="user:password login. Env: CLINICAL_ASSISTANT_AUTH."),
    model: str = typer.Option(None, "--model", help="LLM backend spec (default: none = grounded engine)."),
    workers: int = typer.Option(None, "--workers", help="Worker processes for turns (0 = one per core; default 1)."),
    data_dir: Path | None = DataDir,
    config: Path | None = ConfigFile,
) -> None:
    from ui.web.app import launch

    launch(settings_from(data_dir, config, host=host, port=port, auth=auth, model=model, workers=workers))
