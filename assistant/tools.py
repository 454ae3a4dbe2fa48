"""The tool table: every tool the assistant has, declared once.

Each ``Tool`` names itself, tells the model what it does (``description``, ``args``), runs on the assistant's built
``Knowledge``, folds its result into the reply's artifacts, turns its result into evidence sentences for the
faithfulness check, and describes one call as the ``ToolRecord`` the UI shows. The agent's LangChain tools
(``agent_tools``), the grounded engines' calls and records (``run_tool``, ``record_for``) and the UI's entries all
derive from ``TOOLS``:
adding a tool is one entry here plus the engine function it calls.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from langchain_core.tools import StructuredTool, ToolException
from langgraph.config import get_stream_writer
from pydantic import BaseModel, Field

from assistant.artifacts import Artifacts, ToolRecord
from assistant.drugs.doses import Patient, check_dose
from assistant.drugs.interactions import check_interactions
from assistant.drugs.lookup import lookup_drug
from assistant.llm.agent import TOOL_FAILED
from assistant.llm.models import tool_result_chars
from assistant.llm.tool_results import for_model
from assistant.llm.sampling import urgency_voter
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.one_turn import triage_text
from assistant.triage.result import run_vote

if TYPE_CHECKING:  # tools read the assistant's built knowledge; they never build it
    from assistant.knowledge import Knowledge


class SearchArgs(BaseModel):
    query: str = Field(max_length=200, description="What to look up, in plain words")
    k: int = Field(default=5, ge=1, le=10, description="How many passages")


class DrugArgs(BaseModel):
    name: str = Field(max_length=60, description="Generic, brand or international drug name")


class InteractionArgs(BaseModel):
    drugs: list[str] = Field(max_length=10, description="Two or more drug names")


class DoseArgs(BaseModel):
    drug: str = Field(max_length=60)
    amount: float
    unit: str = Field(default="mg", max_length=12)
    frequency: str | None = Field(default=None, max_length=40, description="e.g. 'twice daily', 'every 6 hours'")
    route: str = Field(default="oral", max_length=20)
    age_years: float | None = None
    weight_kg: float | None = None
    egfr: float | None = None


class MessageArgs(BaseModel):
    message: str = Field(max_length=2000, description="The person's description of the problem, in their words")


def _search(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    return {"query": args["query"], "results": knowledge.guideline_citations(args["query"], int(args.get("k", 5)))}


def _lookup(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    return lookup_drug(knowledge.drugs, args["name"])


def _interactions(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    return check_interactions(knowledge.drugs, list(args["drugs"])).to_dict()


def _dose(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    patient = Patient(age_years=args.get("age_years"), weight_kg=args.get("weight_kg"), egfr=args.get("egfr"))
    return check_dose(knowledge.drugs, args["drug"], args["amount"], args.get("unit", "mg"), args.get("frequency"),
                      args.get("route", "oral"), patient).to_dict()


def _triage(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    return triage_text(args["message"], knowledge, country=knowledge.settings.country,
                       search=knowledge.guideline_citations)


def _vote(knowledge: "Knowledge", args: dict[str, Any]) -> dict[str, Any]:
    """The grounded raters' vote on the urgency of a message, with N sampled model ballots when a model is set."""
    findings = knowledge.parse(args["message"])
    case = Case.of(findings)
    model = knowledge.language_model
    extra = [urgency_voter(model, findings.text, knowledge.settings.votes)] if model is not None else []
    return run_vote(assess(case, knowledge.triage_model, one_turn=True), case, knowledge, findings.text, extra)


# -- folding results into the artifacts ----------------------------------------------------------------------------
def _fold_citations(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    """New passages join the citations; each is shown to the model with the [n] marker it has in the reply."""
    citations = list(artifacts.get("citations") or [])
    keys = [(c.get("doc_id"), c.get("section")) for c in citations]
    shown = []
    for hit in result.get("results") or []:
        key = (hit.get("doc_id"), hit.get("section"))
        if key not in keys:
            citations.append(hit)
            keys.append(key)
        shown.append({"marker": f"[{keys.index(key) + 1}]", **hit})
    artifacts["citations"] = citations
    return {**result, "results": shown}


def _drugs_of(artifacts: Artifacts) -> dict[str, list[Any]]:
    drugs = artifacts.setdefault("drugs", {})  # type: ignore[typeddict-item]
    for key in ("drugs", "interactions", "unchecked", "doses"):
        drugs.setdefault(key, [])  # type: ignore[misc]
    return drugs  # type: ignore[return-value]


def _fold_lookup(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    drugs = _drugs_of(artifacts)
    if result.get("found") is False:
        drugs["unchecked"].append({"name": result.get("query", ""), "reason": "not recognised",
                                   "suggestions": list(result.get("suggestions") or [])})
    elif result.get("generic") not in {d.get("generic") for d in drugs["drugs"]}:
        drugs["drugs"].append(result)
    return result


def _fold_interactions(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    drugs = _drugs_of(artifacts)
    seen = {(i.get("a"), i.get("b")) for i in drugs["interactions"]}
    drugs["interactions"] += [i for i in result.get("interactions") or [] if (i.get("a"), i.get("b")) not in seen]
    drugs["unchecked"] += result.get("unchecked") or []
    return result


def _fold_dose(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    _drugs_of(artifacts)["doses"].append(result)
    return result


def _fold_triage(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    artifacts.setdefault("triage", {k: v for k, v in result.items()  # the engine's own assessment stays first
                                    if k not in ("crisis", "notices", "language", "language_reply")})  # type: ignore[misc]
    return result


def _fold_vote(result: dict[str, Any], artifacts: Artifacts) -> dict[str, Any]:
    artifacts["vote"] = result  # type: ignore[typeddict-item]
    return result


# -- evidence sentences and UI records -----------------------------------------------------------------------------
def _lookup_evidence(r: dict[str, Any]) -> list[str]:
    if r.get("found") is False:
        return []
    name = r.get("generic", "")
    lines = [f"{name} ({', '.join([*(r.get('synonyms') or []), *(r.get('brands') or [])])}) is a {r.get('class')}."]
    lines += [f"{name} {d.get('route', '')} {d.get('population', '')} {d.get('indication', '')}: {d.get('usual')}."
              for d in r.get("dosing") or []]
    lines += [f"{name}: {key}: {r[key]}." for key in ("hepatic", "renal", "pregnancy", "lactation") if r.get(key)]
    lines += [f"{name} is contraindicated in {c}." for c in r.get("contraindications") or []]
    lines += [f"{name} warning: {w}" for w in r.get("boxed_warnings") or []]
    lines += [f"{name} is used for {i}." for i in r.get("indications") or []]
    return lines


def _one_sentence(text: str) -> str:
    """Tool facts as one sentence, so the check reads a drug pair and its consequence together."""
    return " ".join(text.replace(". ", "; ").split())


def _interaction_evidence(r: dict[str, Any]) -> list[str]:
    return [_one_sentence(f"{i.get('a')} with {i.get('b')}: {i.get('severity')} interaction. {i.get('mechanism', '')} "
                          f"{i.get('management', '')}") + f". Source: {i.get('source', '')}."
            for i in r.get("interactions") or []]


def _dose_evidence(r: dict[str, Any]) -> list[str]:
    return [f"{r.get('generic') or r.get('query')} {r.get('amount')} {r.get('unit')} {r.get('frequency') or ''}: "
            f"{str(r.get('status', '')).replace('_', ' ')}. " + " ".join(r.get("messages") or [])]


def _level_evidence(r: dict[str, Any]) -> list[str]:
    level = r.get("level") or r.get("winner")
    return [f"Urgency: {str(level).replace('_', ' ')}.", str(r.get("rationale") or "")] if level else []


def _summary_search(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    return f"Searched guidelines: {args.get('query', '')}", f"{len(r.get('results') or [])} passages"


def _summary_interactions(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    found = r.get("interactions") or []
    summary = "; ".join(f"{i.get('a')} + {i.get('b')}: {i.get('severity')}" for i in found) or "no pairs found"
    if r.get("unchecked"):
        summary += f"; {len(r['unchecked'])} not checkable"
    return "Checked interactions: " + " + ".join(map(str, args.get("drugs") or [])), summary


def _summary_dose(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    return (f"Checked dose: {args.get('drug')} {args.get('amount', 0):g} {args.get('unit', 'mg')}",
            str(r.get("status", "")).replace("_", " "))


def _summary_lookup(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    return f"Looked up {args.get('name')}", "not found" if r.get("found") is False else str(r.get("level") or "found")


def _summary_triage(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    return "Triaged the message", f"{str(r.get('level')).replace('_', ' ')} (provisional)"


def _summary_vote(args: dict[str, Any], r: dict[str, Any]) -> tuple[str, str]:
    return (f"Voted on urgency ({len(r.get('samples') or [])} ballots)",
            f"{r.get('winner')} (agreement {float(r.get('agreement') or 0):.0%})")


@dataclass(frozen=True)
class Tool:
    name: str
    title: str  # what the UI shows while the call runs
    description: str  # what the model reads
    args: type[BaseModel]
    run: Callable[["Knowledge", dict[str, Any]], dict[str, Any]]
    fold: Callable[[dict[str, Any], Artifacts], dict[str, Any]]  # into the artifacts; returns what the model is shown
    summary: Callable[[dict[str, Any], dict[str, Any]], tuple[str, str]]  # (title, summary) of a finished call
    evidence: Callable[[dict[str, Any]], list[str]] = lambda result: []  # sentences the model may restate


TOOLS: tuple[Tool, ...] = (
    Tool("search_guidelines", "Searching guidelines",
         "Search the clinical guideline library. Returns passages with the [n] marker to cite them by.",
         SearchArgs, _search, _fold_citations, _summary_search),
    Tool("lookup_drug", "Looking up a drug",
         "Look up a drug by generic, brand or international name: class, dosing, warnings and source.",
         DrugArgs, _lookup, _fold_lookup, _summary_lookup, _lookup_evidence),
    Tool("check_interactions", "Checking interactions",
         "Check every pair in a medication list for interactions (severity, mechanism, management, source); drugs "
         "that cannot be checked are listed as unchecked.", InteractionArgs, _interactions, _fold_interactions,
         _summary_interactions, _interaction_evidence),
    Tool("check_dose", "Checking a dose",
         "Check a dose against labelled limits (single, daily, per-kg, renal): within_range, above_maximum, "
         "renal_adjustment or cannot_check.", DoseArgs, _dose, _fold_dose, _summary_dose, _dose_evidence),
    Tool("triage", "Triaging the message",
         "Assess the urgency of a described problem: level (emergency, urgent, routine, self_care), red flags, "
         "what is missing.", MessageArgs, _triage, _fold_triage, _summary_triage, _level_evidence),
    Tool("vote", "Voting on urgency",
         "Self-consistency vote on the urgency level of a described problem by independent raters; red flags veto.",
         MessageArgs, _vote, _fold_vote, _summary_vote, _level_evidence),
)
BY_NAME: dict[str, Tool] = {tool.name: tool for tool in TOOLS}


def record_for(name: str, args: dict[str, Any], result: dict[str, Any], *, duration_s: float | None = None,
               call_id: str | None = None) -> ToolRecord:
    """The UI record of one finished call (engines use it for the tools they run themselves)."""
    title, summary = BY_NAME[name].summary(args, result)
    record: dict[str, Any] = {"name": name, "title": title, "status": "done", "summary": summary}
    if duration_s is not None:
        record["duration_s"] = round(duration_s, 3)
    if call_id:
        record["id"] = call_id
    return record  # type: ignore[return-value]


@dataclass
class ToolLedger:
    """One turn's tool calls by the agent: the artifacts they fill, their records and their evidence sentences."""

    artifacts: Artifacts
    records: list[ToolRecord] = field(default_factory=list)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (label, sentence)


def _emit(record: dict[str, Any]) -> None:
    """Show a tool call live (LangGraph's custom stream); outside a graph run there is nobody to tell."""
    try:
        get_stream_writer()({"tool": record})
    except (RuntimeError, KeyError):  # outside a graph run (a plain tool call or test)
        pass


def run_tool(knowledge: "Knowledge", name: str, **args: Any) -> tuple[dict[str, Any], ToolRecord]:
    """Run a tool as an engine would: (result, record)."""
    started = time.perf_counter()
    result = BY_NAME[name].run(knowledge, args)
    return result, record_for(name, args, result, duration_s=time.perf_counter() - started)


def agent_tools(knowledge: "Knowledge", ledger: ToolLedger, names: tuple[str, ...] | None = None) -> list[StructuredTool]:
    """LangChain tools for the agent's ToolNode; each call folds into ``ledger`` and is shown live."""
    return [_agent_tool(knowledge, tool, ledger) for tool in TOOLS if names is None or tool.name in names]


def refused_call(ledger: ToolLedger, name: str, why: str) -> None:
    """A call the tool node refused (no such tool, arguments that do not fit): recorded and shown, as an error."""
    known = name in BY_NAME
    record = {"id": f"refused-{len(ledger.records) + 1}", "name": name[:60],
              "title": f"{BY_NAME[name].title} refused" if known else f"Unknown tool {name[:60]}", "status": "error",
              "summary": (why[:200] if known else "The model asked for a tool that does not exist.")}
    ledger.records.append(record)  # type: ignore[arg-type]
    _emit(record)


def _agent_tool(knowledge: "Knowledge", tool: Tool, ledger: ToolLedger) -> StructuredTool:
    def call(**args: Any) -> str:
        call_id = f"{tool.name}-{len(ledger.records) + 1}"
        _emit({"id": call_id, "name": tool.name, "title": tool.title, "status": "pending"})
        started = time.perf_counter()
        try:
            result = tool.run(knowledge, args)
        except Exception as err:  # noqa: BLE001 - the model gets the error and may correct its arguments
            record = {"id": call_id, "name": tool.name, "title": f"{tool.title} failed", "status": "error",
                      "summary": str(err)[:200], "duration_s": round(time.perf_counter() - started, 3)}
            ledger.records.append(record)  # type: ignore[arg-type]
            _emit(record)
            raise ToolException(f"{TOOL_FAILED}{type(err).__name__}: {str(err)[:300]}") from err
        shown = tool.fold(result, ledger.artifacts)
        record = record_for(tool.name, args, result, duration_s=time.perf_counter() - started, call_id=call_id)
        ledger.records.append(record)
        ledger.evidence += [(f"{tool.name} result", line) for line in tool.evidence(result)]
        _emit(dict(record))
        return for_model(shown, tool_result_chars(knowledge.settings.model))

    return StructuredTool.from_function(func=call, name=tool.name, description=tool.description,
                                        args_schema=tool.args, handle_tool_error=True)
