"""The tool-calling agent: the LLM chooses tools, the engines answer, the claim check has the last word.

``run_agent`` starts from the grounded engine's result (computed first: it is both the model's context and the
fallback), lets the model call search_guidelines / lookup_drug / check_interactions / check_dose / vote, folds
every tool result into the artifacts, and keeps only model sentences that the evidence backs. Any backend
failure returns the grounded result with a visible notice, so a turn is never lost.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from assistant.artifacts import most_urgent
from assistant.llm import prompts
from assistant.llm.backends import Backend, LLMError, Message, TokenSink
from assistant.llm.claims import check_claims, removal_note
from assistant.llm.compose import FALLBACK
from assistant.llm.tool_results import fold_result, tool_record
from assistant.turns import TurnInput, TurnResult

log = logging.getLogger(__name__)
MAX_STEPS = 5


def default_tools(settings: Any) -> list[Any]:
    from assistant.drugs.tools import DRUG_TOOLS
    from assistant.guidelines.tools import make_search_guidelines_tool
    from assistant.llm.sampling import URGENCY_VOTER, register_llm_voters
    from assistant.voting.tool import make_vote_tool

    register_llm_voters(settings)  # the vote tool's LLM ballots come from this same backend
    return [make_search_guidelines_tool(settings), *DRUG_TOOLS, make_vote_tool(settings, llm_voters=[URGENCY_VOTER])]


def _tool_specs(tools: list[Any]) -> list[dict[str, Any]]:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    return [convert_to_openai_tool(t) for t in tools]


def floor_level(turn: TurnInput, grounded: TurnResult) -> str | None:
    """The lowest level the reply may state: red flags of this turn and the grounded triage level."""
    flags = [f.get("level") for f in (turn.safety or {}).get("red_flags") or []]
    return most_urgent(*flags, (grounded.artifacts.get("triage") or {}).get("level"))


def _messages(turn: TurnInput, grounded: TurnResult) -> list[Message]:
    system = prompts.AGENT_SYSTEM.format(audience=turn.audience, mode=turn.mode, grounded=grounded.text)
    history = [{"role": "assistant" if role == "assistant" else "user", "content": text}
               for role, text in turn.history[-6:]]
    return [{"role": "system", "content": system}, *history, {"role": "user", "content": turn.text}]


def _fallback(grounded: TurnResult, spec: str, why: str, extra_tools: list[dict[str, Any]]) -> TurnResult:
    return TurnResult(grounded.text, grounded.artifacts, grounded.memory, grounded.tools + extra_tools,
                      grounded.notices + [FALLBACK.format(spec=spec, why=why)])


def run_agent(turn: TurnInput, grounded: TurnResult, backend: Backend, *, tools: list[Any] | None = None,
              on_token: TokenSink | None = None, max_steps: int = MAX_STEPS) -> TurnResult:
    spec = getattr(backend, "spec", "LLM")
    try:
        tools = default_tools(turn.settings) if tools is None else tools
    except LLMError as err:
        return _fallback(grounded, spec, f"is not usable ({err})", [])
    by_name = {t.name: t for t in tools}
    specs = _tool_specs(tools)
    messages = _messages(turn, grounded)
    artifacts = {key: value for key, value in grounded.artifacts.items()}
    records: list[dict[str, Any]] = []
    evidence: list[str] = [grounded.text]
    deadline = time.monotonic() + max(turn.settings.llm_timeout_s, 1.0) * 2
    text = None
    try:
        for _ in range(max_steps):
            if time.monotonic() > deadline:
                return _fallback(grounded, spec, "took too long", records)
            completion = backend.chat(messages, tools=specs, on_token=on_token)
            if not completion.tool_calls:
                text = completion.text.strip()
                break
            messages.append({"role": "assistant", "content": completion.text, "tool_calls": [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": json.dumps(c.args)}}
                for c in completion.tool_calls]})
            for call in completion.tool_calls:
                content = _run_tool(by_name, call.name, call.args, artifacts, records, evidence)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": content})
    except LLMError as err:
        return _fallback(grounded, spec, f"failed ({err})", records)
    except Exception as err:  # noqa: BLE001 - a backend bug must not lose the turn
        log.exception("agent backend failed")
        return _fallback(grounded, spec, f"failed ({type(err).__name__})", records)
    if text is None:
        return _fallback(grounded, spec, f"kept calling tools after {max_steps} steps", records)
    citations = artifacts.get("citations") or []
    evidence += [c.get("snippet") or "" for c in citations]
    report = check_claims(text, evidence, min_level=floor_level(turn, grounded), patient=turn.patient)
    if len(report.text) < 20:
        return _fallback(grounded, spec, "gave no answer that a source backs", records)
    notices = list(grounded.notices)
    note = removal_note(report)
    reply = report.text + (f"\n\n{note}" if note else "")
    if note:
        notices.append("Some statements from the language model were removed because no source backed them.")
    return TurnResult(reply, artifacts, grounded.memory, grounded.tools + records, notices)


def _run_tool(by_name: dict[str, Any], name: str, args: dict[str, Any], artifacts: dict[str, Any],
              records: list[dict[str, Any]], evidence: list[str]) -> str:
    tool = by_name.get(name)
    if tool is None:
        records.append({"name": name, "title": f"Unknown tool {name}", "status": "error",
                        "summary": "The model asked for a tool that does not exist."})
        return f"error: there is no tool called {name!r}; available: {', '.join(by_name)}"
    try:
        raw = tool.invoke(args)
    except Exception as err:  # noqa: BLE001 - bad arguments become a message the model can correct
        records.append({"name": name, "title": f"{name} failed", "status": "error", "summary": str(err)[:200]})
        return f"error: {type(err).__name__}: {str(err)[:300]}"
    result = json.loads(raw) if isinstance(raw, str) else raw
    shown = fold_result(name, result, artifacts)
    records.append(tool_record(name, args, result))
    content = json.dumps(shown, ensure_ascii=False, default=str)
    evidence.append(content)
    return content
