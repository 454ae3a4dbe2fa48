"""Compose a reply with the language model: the grounded reply stays, the model may explain and connect.

The grounded reply - its direct answer, its [n] markers and its Sources - is kept as the engines wrote it and is
streamed to the user while the model thinks. The model (the tool-calling agent when the model can call tools,
else one explaining call) adds a few sentences; each is checked against the cited passages, the grounded reply
and the tool results for the same facts in the same roles (assistant/llm/faithfulness.py), and sentences that
fail are dropped with a visible note. A model that is down, slow (``Budget``) or returns junk leaves the grounded
reply and a notice - never an exception.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langgraph.config import get_stream_writer

from assistant.artifacts import Artifacts, ToolRecord
from assistant.drugs.doses import Patient, check_dose
from assistant.llm import prompts
from assistant.llm.agent import COMPOSE_TAG, MAX_STEPS, build_agent, final_text
from assistant.llm.budget import Budget, TooSlow, stream_within
from assistant.llm.faithfulness import FaithfulnessCheck, Passage, Report, removal_note
from assistant.tools import ToolLedger, agent_tools, refused_call

if TYPE_CHECKING:
    from assistant.knowledge import Knowledge

log = logging.getLogger(__name__)
FALLBACK = "The language model ({spec}) {why}; showing the grounded reply."
LEAD = "**In plain words** (language model; each sentence checked against the sources):"
SKIP_ARTIFACTS = ("note", "quiz")  # SOAP notes and quiz items are shown as the engine wrote them
MIN_TEXT = 12
SENTENCES = 3
_SOURCES = re.compile(r"^\s*(?:\*\*)?Sources:?(?:\*\*)?\s*$", re.I | re.M)


@dataclass
class Composed:
    text: str
    artifacts: Artifacts
    tools: list[ToolRecord] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    used_model: bool = False
    report: Report | None = None


@dataclass(frozen=True)
class Request:
    """What the language layer is asked to do for one turn."""

    question: str
    grounded: str
    artifacts: Artifacts
    audience: str = "student"
    mode: str = "education"
    history: tuple[tuple[str, str], ...] = ()
    min_level: str | None = None  # the red flags' level: no sentence may suggest less
    agent: bool = False  # the model may call tools
    inline_tool_results: bool = False
    first_tool: str | None = None  # the agent's first step calls this tool
    max_steps: int = MAX_STEPS
    spec: str = "model"


def should_compose(reply: str, artifacts: Artifacts) -> bool:
    """Structured replies (notes, quiz items) and empty ones stay as the engine wrote them."""
    return bool(reply.strip()) and not any(key in artifacts for key in SKIP_ARTIFACTS)


def split_sources(grounded: str) -> tuple[str, str]:
    """(body, the Sources block and what follows it) - the model's sentences go between the two."""
    match = _SOURCES.search(grounded)
    if not match:
        return grounded.rstrip(), ""
    return grounded[: match.start()].rstrip(), grounded[match.start():].strip()


def assemble(grounded: str, model_text: str, note: str) -> str:
    body, sources = split_sources(grounded)
    parts = [body, f"{LEAD} {model_text}" if model_text else "", note, sources]
    return "\n\n".join(p for p in parts if p)


def passages(knowledge: "Knowledge", request: Request, ledger: ToolLedger) -> list[Passage]:
    """The evidence: every cited passage in full (by its [n]), the grounded reply and the tool results."""
    citations = ledger.artifacts.get("citations") or (ledger.artifacts.get("triage") or {}).get("citations") or []
    out = []
    for number, citation in enumerate(citations, 1):
        text = str(citation.get("snippet") or "")
        try:
            section = knowledge.guidelines.get_section(citation.get("doc_id", ""), citation.get("section"))
            text = str((section or {}).get("text") or text)
        except Exception:  # noqa: BLE001 - no index: the snippet is the evidence
            log.debug("no full text for citation %s", citation.get("doc_id"))
        out.append(Passage(text, f"cited passage [{number}]", number))
    out.append(Passage(request.grounded, "grounded reply"))
    by_label: dict[str, list[str]] = {}
    for label, line in ledger.evidence:
        by_label.setdefault(label, []).append(line)
    out += [Passage("\n".join(lines), label) for label, lines in by_label.items()]
    return out


def checker(knowledge: "Knowledge", request: Request, ledger: ToolLedger) -> FaithfulnessCheck:
    def drugs(text: str) -> list[tuple[str, int, int]]:
        return [(m.name, m.start, m.end) for m in knowledge.find_drugs(text) if m.known]

    def dose(drug: str, amount: float, unit: str, frequency: str | None) -> dict[str, Any]:
        return check_dose(knowledge.drugs, drug, amount, unit, frequency, "oral", Patient()).to_dict()

    return FaithfulnessCheck(passages(knowledge, request, ledger), drugs=drugs, dose_check=dose,
                             min_level=request.min_level)


def _messages(request: Request, system: str) -> list[BaseMessage]:
    history: list[BaseMessage] = [AIMessage(text) if role == "assistant" else HumanMessage(text)
                                  for role, text in request.history[-4:]]
    return [SystemMessage(system), *history,
            HumanMessage(prompts.COMPOSE_USER.format(question=request.question, grounded=request.grounded))]


def _run_model(model: BaseChatModel, knowledge: "Knowledge", request: Request, ledger: ToolLedger,
               budget: Budget) -> str:
    if request.agent:
        system = prompts.AGENT_SYSTEM.format(sentences=SENTENCES, audience=request.audience, mode=request.mode,
                                             grounded=request.grounded)
        agent = build_agent(model, agent_tools(knowledge, ledger), budget, max_steps=request.max_steps,
                            inline_results=request.inline_tool_results, first_tool=request.first_tool,
                            failed_call=lambda name, why: refused_call(ledger, name, why))
        state = agent.invoke({"messages": _messages(request, system), "steps": 0})
        text = final_text(state["messages"])
        if not text and any(isinstance(m, AIMessage) and m.tool_calls for m in state["messages"][-1:]):
            raise RuntimeError("kept calling tools")
        return text
    system = prompts.COMPOSE_SYSTEM.format(sentences=SENTENCES, audience=request.audience)
    return str(stream_within(model.with_config(tags=[COMPOSE_TAG]), _messages(request, system), budget).content)


def _show_grounded(text: str) -> None:
    """Stream the grounded reply at once, so nobody waits for the model to read it."""
    try:
        get_stream_writer()({"grounded": text})
    except (RuntimeError, KeyError):  # not inside a graph run
        pass


def compose_reply(model: BaseChatModel, knowledge: "Knowledge", request: Request, budget: Budget) -> Composed:
    """The grounded reply plus the model's checked sentences; any model failure leaves the grounded reply."""
    _show_grounded(request.grounded)
    ledger = ToolLedger(artifacts={**request.artifacts})  # type: ignore[typeddict-item]
    fallback = Composed(request.grounded, request.artifacts)
    try:
        text = _run_model(model, knowledge, request, ledger, budget)
    except TooSlow as err:
        fallback.notices.append(FALLBACK.format(spec=request.spec, why=str(err)))
        return _with_tools(fallback, ledger)
    except Exception as err:  # noqa: BLE001 - a down server, a bad reply or a backend bug must not lose the turn
        log.warning("language model failed: %s", err, exc_info=log.isEnabledFor(logging.DEBUG))
        why = "kept calling tools" if "kept calling tools" in str(err) else f"failed ({str(err)[:160] or type(err).__name__})"
        fallback.notices.append(FALLBACK.format(spec=request.spec, why=why))
        return _with_tools(fallback, ledger)
    text = re.sub(r"<\|?[a-z_]+\|?>", "", text).strip()  # stray template tokens
    if len(text) < MIN_TEXT:
        fallback.notices.append(FALLBACK.format(spec=request.spec, why="returned no usable text"))
        return _with_tools(fallback, ledger)
    report = checker(knowledge, request, ledger).check(text)
    note = removal_note(report)
    kept = report.text if re.search(r"[A-Za-z]{3}", report.text) else ""
    notices = []
    if not kept:
        notices.append(FALLBACK.format(spec=request.spec, why="gave no statement that its sources back"))
    elif note:
        notices.append("Some statements from the language model were removed because no source backed them.")
    return Composed(assemble(request.grounded, kept, note), ledger.artifacts, list(ledger.records), notices,
                    used_model=bool(kept), report=report)


def _with_tools(composed: Composed, ledger: ToolLedger) -> Composed:
    """A failed model turn still keeps what its tool calls found (they ran on the engines, not the model)."""
    composed.artifacts = ledger.artifacts
    composed.tools = list(ledger.records)
    return composed
