"""CLI for the guideline library: ``guidelines search|list|show`` and the top-level ``ingest`` command.

Progress bars and messages go to stderr, so ``--json`` output on stdout is always exactly one JSON object; a
search or file that could not be done exits non-zero with the reason under "error" (codes: ``ui.cli.options``).
A caller that already holds an opened ``GuidelineIndex`` (a test, an embedding program) passes it as the Click
context object, and the commands use it instead of opening one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.guidelines.progress import RichProgress
from assistant.guidelines.search import open_index, search
from assistant.guidelines.sections import get_section, list_topics
from knowledge.embeddings import EmbeddingModelMissing
from knowledge.retrieval.dense import VectorStoreUnavailable
from knowledge.retrieval.library import GuidelineIndex
from ui.cli.options import (EXIT_BAD_INPUT, EXIT_INCOMPLETE, DataDir, TextArgumentsCommand, clean_argument,
                            emit_json, fail, settings_from)

app = typer.Typer(help="Search, list and read the guideline library.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
MAX_QUERY = 100_000


def _open(ctx: typer.Context, data_dir: Optional[Path]) -> GuidelineIndex:
    """The index handed in as ``ctx.obj``, else the command's one opened index (built with a progress bar if
    missing); clear errors instead of tracebacks."""
    if isinstance(ctx.obj, GuidelineIndex):
        return ctx.obj
    settings = settings_from(data_dir)
    bar = RichProgress("Indexing guidelines", err)
    try:
        index = open_index(settings, progress=bar)
    except (VectorStoreUnavailable, EmbeddingModelMissing) as exc:
        fail(str(exc), EXIT_INCOMPLETE)
    finally:
        bar.close()
    for notice in index.take_notices():
        err.print(f"[dim]{escape(notice)}[/]")
    return index


@app.command("search", cls=TextArgumentsCommand)
def search_command(ctx: typer.Context,
                   query: str = typer.Argument(..., help="What to look for."),
                   k: int = typer.Option(5, "-k", "--top", min=1, max=50, help="Number of results."),
                   specialty: Optional[str] = typer.Option(None, help="Only this specialty, e.g. cardiology."),
                   source: Optional[str] = typer.Option(None, help="Only this organisation, e.g. USPSTF."),
                   year_min: Optional[int] = typer.Option(None, help="Only guidelines from this year on."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                   data_dir: Optional[Path] = DataDir) -> None:
    """Hybrid (keyword + meaning) search; results are citations."""
    query = clean_argument(query)
    if not query:
        fail("the query is empty; type some words to search for.", EXIT_BAD_INPUT)
    if len(query) > MAX_QUERY:
        err.print("[yellow]The query is very long; only its start is used.[/]")
        query = query[:MAX_QUERY]
    index = _open(ctx, data_dir)
    results = search(index, query, k=k, specialty=specialty, source=source, year_min=year_min)
    if as_json:
        emit_json({"query": query[:200], "results": results})
        return
    if not results:
        out.print("No matching passages.")
        return
    for n, c in enumerate(results, 1):
        out.print(f"[bold]\\[{n}] {escape(str(c['title']))}[/] — "
                  + escape(f"{c['section']} ({c['source']}, {c['year']})  score {c['score']:.2f}"), highlight=False)
        out.print(f"    [dim]{escape(str(c['doc_id']))}[/]  {escape(str(c['snippet']))}\n", highlight=False)


@app.command("list", cls=TextArgumentsCommand)
def list_command(ctx: typer.Context,
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                 data_dir: Optional[Path] = DataDir) -> None:
    """The guideline topics in the library."""
    topics = list_topics(_open(ctx, data_dir))
    if as_json:
        emit_json({"topics": topics})
        return
    table = Table(title=f"{len(topics)} guidelines")
    for column in ("doc_id", "title", "source", "year"):
        table.add_column(column)
    for t in topics:
        table.add_row(*(escape(str(t[key])) for key in ("doc_id", "title", "source", "year")))
    out.print(table)


@app.command("show", cls=TextArgumentsCommand)
def show_command(ctx: typer.Context,
                 doc_id: str = typer.Argument(..., help="Document id (see `guidelines list`)."),
                 section: Optional[str] = typer.Option(None, "--section", "-s", help="Only this section."),
                 as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                 data_dir: Optional[Path] = DataDir) -> None:
    """A whole guideline summary or one of its sections, with its source."""
    doc_id = clean_argument(doc_id)
    section = None if section is None else clean_argument(section)
    index = _open(ctx, data_dir)
    found = get_section(index, doc_id, section)
    if found is None:
        known = {t["doc_id"]: t for t in list_topics(index)}
        if doc_id in known:
            message = f"No section '{section}' in {doc_id}. Sections: {', '.join(known[doc_id]['sections'])}"
        else:
            close = [d for d in known if doc_id.lower() in d or d.split("-")[0] == doc_id.lower()][:5]
            message = f"No guideline with id '{doc_id}'." + (f" Did you mean: {', '.join(close)}?" if close else "")
        fail(message, EXIT_INCOMPLETE)
    if as_json:
        emit_json(found)
        return
    out.print(f"[bold]{escape(str(found['title']))}[/] — " + escape(f"{found['source']}, {found['year']}"))
    if found.get("url"):
        out.print(f"[dim]{escape(str(found['url']))}[/]")
    out.print()
    out.print(found["text"], markup=False)


def ingest_command(ctx: typer.Context,
                   paths: list[Path] = typer.Argument(..., help="Files or folders (Markdown, text, HTML, PDF)."),
                   as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
                   data_dir: Optional[Path] = DataDir) -> None:
    """Add your own guidelines to the library (changed files are re-indexed, unchanged ones skipped); exit 1 when
    any file failed, each with its reason."""
    index = _open(ctx, data_dir)
    bar = RichProgress("Ingesting", err)
    try:
        report = index.ingest(paths, progress=bar)
    finally:
        bar.close()
    outcomes: list[dict[str, Any]] = [vars(o) for o in report.outcomes]
    problem = None if report.outcomes else "no files to add: the paths hold no Markdown, text, HTML or PDF files."
    if report.failed:
        problem = f"{len(report.failed)} of {len(report.outcomes)} files could not be added: " + "; ".join(
            o.message or Path(o.path).name for o in report.failed[:10])
    if as_json:
        emit_json({"summary": report.summary(), "files": outcomes} | ({"error": problem} if problem else {}))
    else:
        for o in report.outcomes:
            colour = {"failed": "red", "duplicate": "yellow", "unchanged": "dim"}.get(o.status, "green")
            detail = o.message or (f"{o.doc_id}, {o.chunks} chunks" if o.doc_id else "")
            out.print(f"[{colour}]{o.status:9}[/] {escape(Path(o.path).name)}  {escape(detail)}", highlight=False)
        out.print(f"Done: {report.summary()}.")
    if problem:
        if not as_json:
            err.print(f"[red]Error:[/] {escape(problem)}", highlight=False)
        raise typer.Exit(EXIT_INCOMPLETE)
