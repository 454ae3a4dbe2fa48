"""The tool-calling agent as a LangGraph subgraph: model -> ToolNode -> model, until the model answers.

The tools come from the one tool table (``Knowledge.tools.agent_tools``), bound to a per-turn ledger that folds
each result into the reply's artifacts and shows the call live. Every model call streams within the turn's
latency budget; the last step is asked without tools so the loop always ends in an answer. The claim check runs
after the subgraph, in assistant/llm/compose.py.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Callable, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.prebuilt import ToolNode
from typing_extensions import TypedDict

from assistant.llm import prompts
from assistant.llm.budget import Budget, stream_within

MAX_STEPS = 4
COMPOSE_TAG = "compose"
TOOL_FAILED = "Tool failed: "  # errors raised by our own tools (already recorded by the tool table)  # the facade streams tokens of model calls with this tag to the chat window


class AgentState(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]
    steps: int


def inline_tool_results(messages: list[BaseMessage]) -> list[BaseMessage]:
    """For chat formats that drop tool messages (llama.cpp's chatml-function-calling): tool calls and their results
    become plain assistant and user turns."""
    out: list[BaseMessage] = []
    pending: list[str] = []
    for message in messages:
        if isinstance(message, ToolMessage):
            pending.append(f"<result tool=\"{message.name}\">{message.content}</result>")
            continue
        if pending:
            out.append(HumanMessage(prompts.TOOL_RESULTS.format(results="\n".join(pending))))
            pending = []
        if isinstance(message, AIMessage) and message.tool_calls:
            calls = "; ".join(f"{c['name']}({json.dumps(c['args'])})" for c in message.tool_calls)
            out.append(AIMessage(content=f"(calling {calls})"))
        else:
            out.append(message)
    if pending:
        out.append(HumanMessage(prompts.TOOL_RESULTS.format(results="\n".join(pending))))
    return out


def build_agent(model: BaseChatModel, tools: list[BaseTool], budget: Budget, *, max_steps: int = MAX_STEPS,
                inline_results: bool = False, first_tool: str | None = None,
                failed_call: Callable[[str, str], None] | None = None) -> Any:
    """The compiled subgraph (no checkpointer: it lives inside one turn). ``first_tool`` makes the first step call
    that tool (``tool_choice``), for small models that rarely choose a tool themselves."""
    with_tools = model.bind_tools(tools).with_config(tags=[COMPOSE_TAG])
    plain = model.with_config(tags=[COMPOSE_TAG])
    forced = model.bind_tools(tools, tool_choice=first_tool).with_config(tags=[COMPOSE_TAG]) if first_tool else None

    def agent_model(state: AgentState) -> dict[str, Any]:
        """Ask the model; past the step limit it must answer without tools."""
        steps = state.get("steps", 0) + 1
        messages = inline_tool_results(state["messages"]) if inline_results else state["messages"]
        runnable = forced if forced is not None and steps == 1 else with_tools if steps < max_steps else plain
        if failed_call is not None:  # calls ToolNode refused (unknown tool, bad arguments): the user sees them too
            for message in _last_tool_messages(state["messages"]):
                if message.status == "error" and not str(message.content).startswith(TOOL_FAILED):
                    failed_call(str(message.name or "tool"), str(message.content))
        return {"messages": [stream_within(runnable, messages, budget)], "steps": steps}

    def next_step(state: AgentState) -> Literal["tools", "__end__"]:
        last = state["messages"][-1]
        asks = isinstance(last, AIMessage) and bool(last.tool_calls)
        return "tools" if asks and state.get("steps", 0) < max_steps else END  # a model that will not stop: end

    builder = StateGraph(AgentState)
    builder.add_node(agent_model)
    builder.add_node("tools", ToolNode(tools))
    builder.add_edge(START, "agent_model")
    builder.add_conditional_edges("agent_model", next_step, ["tools", END])
    builder.add_edge("tools", "agent_model")
    return builder.compile(checkpointer=False)


def _last_tool_messages(messages: list[BaseMessage]) -> list[ToolMessage]:
    trailing: list[ToolMessage] = []
    for message in reversed(messages):
        if not isinstance(message, ToolMessage):
            break
        trailing.append(message)
    return trailing[::-1]


def final_text(messages: list[BaseMessage]) -> str:
    """The model's answer: its last message without tool calls."""
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return str(message.content or "").strip()
    return ""
