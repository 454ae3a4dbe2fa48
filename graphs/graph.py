"""The dialogue graph: guard -> route -> mode node -> compose -> check.

``build_graph()`` returns the uncompiled builder so each caller (facade, UI, tests) chooses its
own checkpointer when compiling.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from graphs.context import Context
from graphs.nodes.agent import agent
from graphs.engines import ENGINES
from graphs.nodes.check import check
from graphs.nodes.compose import compose
from graphs.nodes.guard import guard
from graphs.nodes.modes import engine_node, switch_mode, welcome
from graphs.nodes.route import route
from graphs.state import InputState, State


def build_graph() -> StateGraph:
    builder = StateGraph(State, context_schema=Context, input_schema=InputState)
    builder.add_node(guard)
    builder.add_node(route)
    for key in ENGINES:
        builder.add_node(key, engine_node(key))
        builder.add_edge(key, "compose")
    builder.add_node(agent)  # only reached with a tool-capable LLM configured
    builder.add_node(switch_mode)
    builder.add_node(welcome)
    builder.add_node(compose)
    builder.add_node(check)
    builder.add_edge(START, "guard")
    builder.add_edge("switch_mode", "check")
    builder.add_edge("welcome", "check")
    builder.add_edge("compose", "check")
    builder.add_edge("agent", "check")
    builder.add_edge("check", END)
    return builder
