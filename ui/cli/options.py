"""Options shared by commands, turning them into Settings, and how every command reads its words and ends.

Exit codes, for scripts: 0 the command did what was asked; 1 a check could not be completed (an unknown drug,
fewer than two recognised drugs, a missing index, a failed file); 2 the input or an option was unusable; 70 an
internal failure (a bug). With ``--json`` stdout holds exactly one JSON object, and a non-zero exit puts the reason
under ``"error"`` in it.

Text arguments may start with "-" ("-5 days of fever"): ``TextArgumentsCommand`` reads every word that is not one
of the command's own options as text, and everything after ``--`` is text whatever it looks like.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, NoReturn, Sequence

import typer
from rich.console import Console
from rich.markup import escape
from typer._click.exceptions import UsageError  # typer 0.29 vendors click as typer._click
from typer._click.globals import get_current_context
from typer.core import TyperCommand, TyperOption

from assistant.settings import Settings, load_settings

DataDir = typer.Option(None, "--data-dir", help="Data folder (index, sessions, logs). Env: CLINICAL_ASSISTANT_DATA_DIR.")
ConfigFile = typer.Option(None, "--config", help="TOML settings file. Env: CLINICAL_ASSISTANT_CONFIG.")
JsonOut = typer.Option(False, "--json", help="Print one JSON object for scripts.")

EXIT_INCOMPLETE, EXIT_BAD_INPUT, EXIT_INTERNAL = 1, 2, 70
JSON_FLAG = "--json"
DASH_HELP = ('Words that start with "-" are read as text ("-5 days of fever"). To be explicit, put the options '
             'first and the text after "--": everything after "--" is text, e.g. --json -- "-5 days of fever".')

err_console = Console(stderr=True)


def json_requested() -> bool:
    """True when the running command was given ``--json`` (read from the command line, so it holds for errors
    raised before the command's own code runs)."""
    ctx = get_current_context(silent=True)
    while ctx is not None:
        if ctx.meta.get(JSON_FLAG):
            return True
        ctx = ctx.parent
    return False


def emit_json(data: dict[str, Any]) -> None:
    """Print one JSON object on stdout; text that is not valid Unicode (lone surrogates) is replaced."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    typer.echo(text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))


def fail(message: str, code: int = EXIT_INCOMPLETE, *, as_json: bool | None = None, **details: Any) -> NoReturn:
    """End the command with ``code``: the reason as ``{"error": ...}`` on stdout under --json, else on stderr."""
    if as_json if as_json is not None else json_requested():
        emit_json({"error": message, **details})
    else:
        err_console.print(f"[red]Error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def clean_argument(text: str) -> str:
    """A text argument as the engines should see it: NFKC (fullwidth and compatibility forms folded), bytes that
    were not UTF-8 and lone surrogates replaced, control and invisible format characters dropped, spaces joined."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
                   or ch.isspace())
    return " ".join(text.split())


def settings_from(data_dir: Path | None = None, config: Path | None = None, **explicit: Any) -> Settings:
    """Settings from flags (explicit) > env > TOML > defaults; exits 2 with a clear message when invalid."""
    try:
        return load_settings(config, data_dir=data_dir, **explicit)
    except (OSError, ValueError) as err:
        fail(f"Settings error: {err}", EXIT_BAD_INPUT)


def _options_first(params: Sequence[Any], args: list[str]) -> list[str]:
    """The same command line with the command's options first and every other word after ``--`` (as text)."""
    takes: dict[str, int] = {}
    for param in params:
        if isinstance(param, TyperOption):
            count = 0 if param.is_flag or param.count else param.nargs
            for name in (*param.opts, *param.secondary_opts):
                takes[name] = count
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            words += args[i + 1:]
            break
        name, equals, _ = token.partition("=")
        if token in takes:
            end = i + 1 + takes[token]
            if end > len(args) or "--" in args[i + 1:end]:
                return args  # an option without its value: let click say so
            options += args[i:end]
            i = end
            continue
        if equals and name.startswith("--") and takes.get(name, 0) > 0:
            options.append(token)
        else:
            words.append(token)
        i += 1
    return options + (["--", *words] if words else [])


class TextArgumentsCommand(TyperCommand):
    """A command whose text arguments may start with "-", whose errors honour --json, and which never ends in a
    traceback (an unexpected failure exits 70 with its type and message)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if any(not isinstance(param, TyperOption) for param in kwargs.get("params") or ()):  # it takes words
            kwargs["epilog"] = " ".join(filter(None, (kwargs.get("epilog"), DASH_HELP)))
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        head = args[:args.index("--")] if "--" in args else args
        ctx.meta[JSON_FLAG] = JSON_FLAG in head
        try:
            return super().parse_args(ctx, _options_first(self.get_params(ctx), list(args)))
        except UsageError as err:
            if not ctx.meta[JSON_FLAG]:
                raise
            fail(err.format_message(), EXIT_BAD_INPUT, as_json=True)

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):  # click's own errors, exits and aborts
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
            fail(f"internal error ({type(exc).__name__}: {str(exc)[:300]}); please report it",
                 EXIT_INTERNAL, kind="internal")
