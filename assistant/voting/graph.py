"""Self-consistency voting as a LangGraph map-reduce: ``Send`` one task per voter sample, reduce once.

The fan-out is real: each sample is its own node run, merged by the ``operator.add`` reducer on ``samples``. A voter
that raises becomes a sample with no answer and a rationale saying why, so a broken voter is visible, not dropped.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Sequence, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.types import Send

from assistant.voting.aggregate import aggregate

Rate = Callable[[str, dict[str, Any]], dict[str, Any]]  # (question, context) -> {answer, rationale, weight?}


@dataclass(frozen=True)
class Voter:
    name: str
    rate: Rate
    samples: int = 1  # sampled voters (an LLM at temperature > 0) cast several ballots
    kind: str = "grounded"  # grounded | llm


class VoteState(TypedDict, total=False):
    question: str
    context: dict[str, Any]
    voters: list[Voter]
    options: dict[str, Any]  # labels, normalise, veto, rank, low_agreement, escalate_when_low
    samples: Annotated[list[dict[str, Any]], operator.add]
    result: dict[str, Any]


class BallotState(TypedDict):
    question: str
    context: dict[str, Any]
    voter: Voter
    sample: int


def fan_out(state: VoteState) -> list[Send]:
    """One ``Send`` per (voter, sample)."""
    return [Send("cast_ballot", {"question": state["question"], "context": state["context"], "voter": voter, "sample": i})
            for voter in state["voters"] for i in range(voter.samples)]


def cast_ballot(ballot: BallotState) -> dict[str, Any]:
    voter = ballot["voter"]
    try:
        raw = voter.rate(ballot["question"], {**ballot["context"], "sample": ballot["sample"]})
        answer, rationale, weight = raw.get("answer"), str(raw.get("rationale", "")), float(raw.get("weight", 1.0))
    except Exception as error:  # noqa: BLE001 - a failing voter must show up in the vote, not crash it
        answer, rationale, weight = None, f"voter failed: {type(error).__name__}: {error}", 1.0
    return {"samples": [{"voter": voter.name, "kind": voter.kind, "answer": answer, "rationale": rationale,
                         "weight": weight}]}


def tally_votes(state: VoteState) -> dict[str, Any]:
    return {"result": aggregate(state["question"], state.get("samples", []), **state.get("options", {}))}


def build_vote_graph() -> StateGraph:
    """The uncompiled builder (a vote is a pure computation inside one turn: compile without a checkpointer)."""
    builder = StateGraph(VoteState)
    builder.add_node("cast_ballot", cast_ballot)
    builder.add_node("tally_votes", tally_votes)
    builder.add_conditional_edges(START, fan_out, ["cast_ballot"])
    builder.add_edge("cast_ballot", "tally_votes")
    builder.add_edge("tally_votes", END)
    return builder


def run_vote(question: str, context: dict[str, Any], voters: Sequence[Voter], options: dict[str, Any]) -> dict[str, Any]:
    if not voters:
        raise ValueError("A vote needs at least one voter.")
    graph = build_vote_graph().compile(checkpointer=False)
    state = graph.invoke({"question": question, "context": context, "voters": list(voters), "options": options,
                          "samples": []})
    return state["result"]
