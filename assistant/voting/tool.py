"""LangChain tool wrapper: ``vote`` on the urgency of a presentation (thin; the work is in assistant.voting).

The grounded raters vote, plus the sampled LLM voters named by the caller (registered with kind="llm"). Red flags found by the
safety screen are a veto, as in triage: the vote can raise the level, never lower it below a red flag.
"""

from __future__ import annotations

import json
from typing import Sequence

from langchain_core.tools import BaseTool, tool

from assistant.settings import Settings

VOTE_QUESTION = "Which urgency level fits this presentation?"


def urgency_vote(text: str, settings: Settings, question: str = VOTE_QUESTION,
                 llm_voters: Sequence[str] = ()) -> dict:
    """The vote artifact for free text: grounded raters + the named LLM voters, red flags as a veto."""
    from assistant.artifacts import most_urgent
    from assistant.safety import screen
    from assistant.triage.intake import Intake, update_intake
    from assistant.voting import URGENCY_VOTERS, vote

    intake = update_intake(Intake(), text)
    flags = screen(text, patient={}, country=settings.country).to_dict()["red_flags"]
    flag_level = most_urgent(*(flag["level"] for flag in flags))
    veto = {"label": flag_level, "by": [flag["id"] for flag in flags]} if flag_level else None
    context = {"intake": intake, "text": text}
    return vote(question, context, voters=[*URGENCY_VOTERS, *llm_voters], veto=veto, escalate_when_low=True)


def make_vote_tool(settings: Settings, llm_voters: Sequence[str] = ()) -> BaseTool:
    @tool("vote")
    def vote_tool(text: str, question: str = VOTE_QUESTION) -> str:
        """Self-consistency vote on the urgency level (emergency, urgent, routine, self_care) of a described
        presentation. Returns JSON: samples, distribution, winner and agreement. Red flags veto lower levels."""
        return json.dumps(urgency_vote(text, settings, question, llm_voters), ensure_ascii=False, default=str)

    return vote_tool
