"""The ``clinical-assistant`` command line (typer + rich).

Each command group lives in its own module; this one only mounts them and, once at the entry point, sets the
offline environment defaults and shows warnings as plain lines.
"""

from __future__ import annotations

import warnings

import typer

from ui.cli import chat, dialogue, drugs, evals, guidelines, models, serve, setup, triage
from ui.cli.options import TextArgumentsCommand
from ui.offline import apply_offline_defaults

app = typer.Typer(
    name="clinical-assistant",
    help="Grounded clinical assistant: cited guideline answers, drug checks, triage and SOAP notes. "
    "Education and decision support only - not a substitute for a clinician.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluations: every figure with n and a 95% interval, own and blind sets side by side.",
                       no_args_is_help=True)

app.command("serve", help="Start the web chat app (127.0.0.1 by default).")(serve.serve_command)
app.command("chat", help="Chat in the terminal.")(chat.chat_command)
app.command("setup", help="Create the data directory and build the guideline index (with progress).")(
    setup.setup_command)
app.command("triage", cls=TextArgumentsCommand,
            help="One-turn triage of a text: level, red flags, rationale, next questions.")(triage.triage_command)
app.command("ingest", cls=TextArgumentsCommand,
            help="Add your own guidelines (Markdown, text, HTML, PDF) to the index.")(guidelines.ingest_command)
app.add_typer(drugs.app, name="drugs", help="Drug lookup, interaction and dose checks.")
app.add_typer(guidelines.app, name="guidelines", help="Search and read the guideline library.")
app.add_typer(dialogue.app, name="dialogue", help="Run scripted dialogues (YAML) against the assistant.")
app.add_typer(models.app, name="models", help="Check an LLM backend: tokens/s and time to first token.")
app.add_typer(eval_app, name="eval")
eval_app.command("triage", help="Triage: exact level, under/over-triage, emergency recall; MIMIC-IV-ED ESI.")(
    evals.eval_triage_command)
eval_app.command("understanding", help="Concepts, negation, experiencer, vitals and age on annotated messages.")(
    evals.eval_understanding_command)
eval_app.command("languages", help="Emergencies recognised in 11 other languages; false alarms.")(
    evals.eval_languages_command)
eval_app.command("notes", help="SOAP-note facts against annotated consultations and the copy-the-transcript floor.")(
    evals.eval_notes_command)
eval_app.command("answers", help="Replies carry the asked fact; honest 'no source' outside the library.")(
    evals.eval_answers_command)
eval_app.command("retrieval", help="Guideline retrieval recall@k and MRR: BM25, dense, hybrid.")(
    evals.eval_retrieval_command)
eval_app.command("interactions", help="Interaction recall (serious pairs) and false alarms (safe pairs).")(
    evals.eval_interactions_command)


def _plain_warning(message, category, filename, lineno, line=None) -> str:  # noqa: ANN001 - warnings' own signature
    """A warning for a person at a terminal: its text, without the source line Python shows by default."""
    return f"Warning: {message}\n"


def main() -> None:
    apply_offline_defaults()
    warnings.formatwarning = _plain_warning
    app()
