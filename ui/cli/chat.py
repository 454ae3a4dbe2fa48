"""``clinical-assistant chat``: the assistant in a terminal, with /commands for modes and sessions."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterable

import typer
from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown
from rich.panel import Panel

from graphs.facade import ClinicalAssistant, Reply, StreamEvent
from graphs.sessions import SessionStoreError
from ui.cli.options import ConfigFile, DataDir, settings_from

console = Console()
LEVEL_STYLE = {"emergency": "bold white on red", "urgent": "bold black on yellow", "routine": "bold blue",
               "self_care": "bold green"}
HELP = ("/mode education|triage|documentation  switch mode   /new  new conversation   /threads  list   "
        "/resume ID   /export  print JSON   /quit")


def render(reply: Reply, *, tools_shown: bool = False) -> None:
    """Print a reply with its triage level, sources and notices."""
    if not tools_shown:
        for tool in reply.tools:
            print_tool(tool)
    console.print(Markdown(reply.text or "(no reply)"))
    if reply.triage and reply.triage.get("level"):
        level = reply.triage["level"]
        console.print(Panel(f"Urgency: {level.replace('_', ' ').upper()}", style=LEVEL_STYLE.get(level, "")))
    for number, citation in enumerate(reply.citations or [], 1):
        console.print(f"[dim][{number}] {citation.get('title')} - {citation.get('section')} "
                      f"({citation.get('source')}, {citation.get('year')})[/dim]", markup=True, highlight=False)
    for notice in reply.notices:
        console.print(f"[yellow]Note:[/yellow] {notice}", highlight=False)


def print_tool(tool: dict) -> None:
    console.print(f"[dim]> {tool.get('title', tool.get('name'))} - {tool.get('summary', '')}[/dim]", highlight=False)


def streamed_turn(events: Iterable[StreamEvent]) -> Reply | None:
    """Show a turn as it happens - tool calls as they finish, the grounded text, then the model's tokens as they
    arrive - and then print the checked reply in its place (the reply, not the draft, is what counts)."""
    draft, reply, tools_shown, last_kind = "", None, False, ""
    with Live(console=console, transient=True, refresh_per_second=12) as live:
        for event in events:
            if event.kind == "tool" and isinstance(event.data, dict) and event.data.get("status") != "pending":
                print_tool(event.data)  # Live keeps its draft below lines printed meanwhile
                tools_shown = True
            elif event.kind in ("text", "token"):
                if event.kind == "token" and last_kind == "text":
                    draft += "\n\n"  # the model writes below the grounded text
                draft += str(event.data)
                last_kind = event.kind
                live.update(Markdown(draft))
            elif event.kind == "reply":
                reply = event.data
    if reply is not None:
        render(reply, tools_shown=tools_shown)
    return reply


def chat_command(
    mode: str = typer.Option(None, "--mode", help="Start in education, triage or documentation mode."),
    thread: str = typer.Option(None, "--thread", help="Resume this conversation id."),
    data_dir: Path | None = DataDir,
    config: Path | None = ConfigFile,
) -> None:
    settings = settings_from(data_dir, config)
    try:
        assistant = ClinicalAssistant(settings)
    except SessionStoreError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(2) from err
    thread_id = thread or uuid.uuid4().hex[:12]
    console.print(Panel("Clinical assistant - education and decision support, not a substitute for a "
                        f"clinician.\nConversation {thread_id}.  {HELP}", style="cyan"))
    pending_mode = mode
    with assistant:
        while True:
            try:
                text = console.input("[bold]you> [/bold]")
            except (EOFError, KeyboardInterrupt):
                break
            command, _, argument = text.strip().partition(" ")
            if command == "/quit":
                break
            if command == "/new":
                thread_id = uuid.uuid4().hex[:12]
                console.print(f"New conversation {thread_id}.")
                continue
            if command == "/threads":
                for row in assistant.threads():
                    console.print(f"{row['thread_id']}  {row['mode'] or '-':13} {row['title']}", highlight=False)
                continue
            if command == "/resume" and argument:
                thread_id = argument.strip()
                console.print(f"Resumed {thread_id} ({len(assistant.history(thread_id))} messages).")
                continue
            if command == "/export":
                console.print_json(assistant.export(thread_id))
                continue
            if command == "/mode":
                pending_mode, text = argument.strip() or None, f"switch to {argument.strip()}"
            streamed_turn(assistant.stream(thread_id, text, mode=pending_mode))
            pending_mode = None
