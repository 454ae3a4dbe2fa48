"""CLI for the guideline library: ``guidelines search|list|show`` and the top-level ``ingest`` command.

Progress bars and messages go to stderr, so ``--json`` output on stdout is always exactly one JSON object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant.guidelines.progress import RichProgress
from assistant.guidelines.search import open_index, search
from assistant.guidelines.sections import get_section, list_topics
from knowledge.embeddings import EmbeddingModelMissing
from knowledge.retrieval.dense import VectorStoreUnavailable
from knowledge.retrieval.library import GuidelineIndex
from ui.cli.options import DataDir, settings_from

app = typer.Typer(help="Search, list and read the guideline library.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
MAX_QUERY = 100_000


def _open(data_dir: Optional[Path]) -> GuidelineIndex:
    """The command's one opened index (built with a progress bar if missing); clear errors instead of tracebacks."""
    settings = settings_from(data_dir)
    bar = RichProgress("Indexing guidelines", err)
    try:
        index = open_index(settings, progress=bar)
    except (VectorStoreUnavailable, EmbeddingModelMissing) as exc:
        err.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(1) from exc
    finally:
        bar.close()
    for notice in index.take_notices():
        err.print(f"[dim]{notice}[/]")
    return index


@app.command("search")
def search_command(query: str = typer.Argument(..., help="What to look for."),
                   k: int = typer.Option(5, "-k", "--top", min=1, max=50, help="Number of results."),
                   specialty: Optional[str] = typer.Option(None, help="Only this specialty, e.g. cardiology."),
                   source: Optional[str] = typer.Option(None, help="Only this organisation, e.g. USPSTF."),
                   year_min: Optional[int] = typer.Option(None, help="Only guidelines from this year on."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                   data_dir: Optional[Path] = DataDir) -> None:
    """Hybrid (keyword + meaning) search; results are citations."""
    if not query.strip():
        err.print("[red]Error:[/] the query is empty; type some words to search for.")
        raise typer.Exit(2)
    if len(query) > MAX_QUERY:
        err.print("[yellow]The query is very long; only its start is used.[/]")
    index = _open(data_dir)
    results = search(index, query, k=k, specialty=specialty, source=source, year_min=year_min)
    if as_json:
        print(json.dumps({"query": query[:200], "results": results}, ensure_ascii=False))
        return
    if not results:
        out.print("No matching passages.")
        return
    for n, c in enumerate(results, 1):
        out.print(f"[bold][{n}] {c['title']}[/] — {c['section']} ({c['source']}, {c['year']})  score {c['score']:.2f}")
        out.print(f"    [dim]{c['doc_id']}[/]  {c['snippet']}\n")


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                 data_dir: Optional[Path] = DataDir) -> None:
    """The guideline topics in the library."""
    topics = list_topics(_open(data_dir))
    if as_json:
        print(json.dumps({"topics": topics}, ensure_ascii=False))
        return
    table = Table(title=f"{len(topics)} guidelines")
    for column in ("doc_id", "title", "source", "year"):
        table.add_column(column)
    for t in topics:
        table.add_row(t["doc_id"], t["title"], t["source"], str(t["year"]))
    out.print(table)


@app.command("show")
def show_command(doc_id: str = typer.Argument(..., help="Document id (see `guidelines list`)."),
                 section: Optional[str] = typer.Option(None, "--section", "-s", help="Only this section."),
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                 data_dir: Optional[Path] = DataDir) -> None:
    """A whole guideline summary or one of its sections, with its source."""
    index = _open(data_dir)
    found = get_section(index, doc_id, section)
    if found is None:
        known = {t["doc_id"]: t for t in list_topics(index)}
        if doc_id in known:
            message = f"No section '{section}' in {doc_id}. Sections: {', '.join(known[doc_id]['sections'])}"
        else:
            close = [d for d in known if doc_id.lower() in d or d.split("-")[0] == doc_id.lower()][:5]
            message = f"No guideline with id '{doc_id}'." + (f" Did you mean: {', '.join(close)}?" if close else "")
        if as_json:
            print(json.dumps({"error": message}))
        else:
            err.print(f"[red]Error:[/] {message}")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(found, ensure_ascii=False))
        return
    out.print(f"[bold]{found['title']}[/] — {found['source']}, {found['year']}")
    if found.get("url"):
        out.print(f"[dim]{found['url']}[/]")
    out.print()
    out.print(found["text"], markup=False)


def ingest_command(paths: list[Path] = typer.Argument(..., help="Files or folders (Markdown, text, HTML, PDF)."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                   data_dir: Optional[Path] = DataDir) -> None:
    """Add your own guidelines to the library (changed files are re-indexed, unchanged ones skipped)."""
    index = _open(data_dir)
    bar = RichProgress("Ingesting", err)
    try:
        report = index.ingest(paths, progress=bar)
    finally:
        bar.close()
    outcomes: list[dict[str, Any]] = [vars(o) for o in report.outcomes]
    if as_json:
        print(json.dumps({"summary": report.summary(), "files": outcomes}, ensure_ascii=False))
    else:
        for o in report.outcomes:
            colour = {"failed": "red", "duplicate": "yellow", "unchanged": "dim"}.get(o.status, "green")
            detail = o.message or (f"{o.doc_id}, {o.chunks} chunks" if o.doc_id else "")
            out.print(f"[{colour}]{o.status:9}[/] {Path(o.path).name}  {detail}", highlight=False)
        out.print(f"Done: {report.summary()}.")
    if report.failed:
        raise typer.Exit(1)
