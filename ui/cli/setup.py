"""``clinical-assistant setup``: prepare the data folder and the guideline index before first use."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from assistant.guidelines.progress import RichProgress
from assistant.guidelines.search import open_index
from assistant.knowledge import Knowledge
from graphs.sessions import SessionStoreError, ensure_data_dir
from knowledge.embeddings import EmbeddingModelMissing
from knowledge.retrieval.dense import VectorStoreUnavailable
from ui.cli.options import EXIT_INCOMPLETE, ConfigFile, DataDir, fail, settings_from

console = Console()


def setup_command(data_dir: Path | None = DataDir, config: Path | None = ConfigFile) -> None:
    settings = settings_from(data_dir, config)
    try:
        ensure_data_dir(settings)
    except SessionStoreError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2) from err
    try:
        with RichProgress() as bar:  # on stderr, shown only when the index has to be built
            index = open_index(settings, progress=bar)
    except (VectorStoreUnavailable, EmbeddingModelMissing) as err:
        fail(str(err), EXIT_INCOMPLETE)
    with console.status("Compiling the lexicon, triage model, drug and ICD-10 tables (once; rebuilt when they "
                        "change)"):
        Knowledge(settings).compile_tables()
    console.print(f"Data folder ready: {settings.data_dir}  (guideline index: {index.chunk_count()} chunks; "
                  f"compiled tables in {settings.cache_dir})")
