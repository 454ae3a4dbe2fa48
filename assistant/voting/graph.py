"""Self-consistency voting as a LangGraph map-reduce: ``Send`` one task per voter sample, reduce once.

The fan-out is real: each sample is its own node run, and their results are merged by the
``operator.add`` reducer on ``samples``. A voter that raises becomes a sample with no answer and a
rationale that says why, so a broken voter is visible instead of silently dropped.
"""

from __future__ import annotations

import operator
from functools import lru_cache
from typing import Annotated, Any, Sequence, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.types import Send

from assistant.voting.aggregate import aggregate
from assistant.voting.registry import get_voter


class VoteState(TypedDict, total=False):
    question: str
    context: dict[str, Any]
    voters: list[str]
    options: dict[str, Any]  # labels, normalise, veto, rank, low_agreement, escalate_when_low
    samples: Annotated[list[dict[str, Any]], operator.add]
    result: dict[str, Any]


class BallotState(TypedDict):
    question: str
    context: dict[str, Any]
    voter: str
    sample: int


def fan_out(state: VoteState) -> list[Send]:
    """One ``Send`` per (voter, sample); grounded voters have one sample each."""
    sends = []
    for name in state["voters"]:
        for index in range(get_voter(name).samples):
            ballot = {"question": state["question"], "context": state["context"], "voter": name, "sample": index}
            sends.append(Send("cast_ballot", ballot))
    return sends


def cast_ballot(ballot: BallotState) -> dict[str, Any]:
    voter = get_voter(ballot["voter"])
    try:
        raw = voter.fn(ballot["question"], {**ballot["context"], "sample": ballot["sample"]})
        answer, rationale = raw.get("answer"), str(raw.get("rationale", ""))
        weight = float(raw.get("weight", 1.0))
    except Exception as error:  # noqa: BLE001 - a failing voter must show up in the vote, not crash it
        answer, rationale, weight = None, f"voter failed: {type(error).__name__}: {error}", 1.0
    return {"samples": [{"voter": voter.name, "answer": answer, "rationale": rationale, "weight": weight}]}


def tally_votes(state: VoteState) -> dict[str, Any]:
    options = state.get("options", {})
    return {"result": aggregate(state["question"], state.get("samples", []), **options)}


def build_vote_graph() -> StateGraph:
    """The uncompiled builder (callers may compile it with their own checkpointer)."""
    builder = StateGraph(VoteState)
    builder.add_node("cast_ballot", cast_ballot)
    builder.add_node("tally_votes", tally_votes)
    builder.add_conditional_edges(START, fan_out, ["cast_ballot"])
    builder.add_edge("cast_ballot", "tally_votes")
    builder.add_edge("tally_votes", END)
    return builder


@lru_cache(maxsize=1)
def compiled_vote_graph() -> Any:
    # checkpointer=False: a vote is a pure computation inside one turn; run from a node of the dialogue
    # graph it must not inherit that graph's checkpointer (its options hold functions, not data).
    return build_vote_graph().compile(checkpointer=False)


def run_vote(
    question: str,
    context: dict[str, Any],
    voters: Sequence[str],
    options: dict[str, Any],
) -> dict[str, Any]:
    if not voters:
        raise ValueError("A vote needs at least one voter.")
    for name in voters:
        get_voter(name)  # fail loudly on an unknown name before running anything
    state = compiled_vote_graph().invoke(
        {"question": question, "context": context, "voters": list(voters), "options": options, "samples": []}
    )
    return state["result"]


