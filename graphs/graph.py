"""The dialogue graph: guard -> route -> engine -> compose -> check.

``build_graph()`` returns the uncompiled builder so each caller (facade, UI, tests) chooses its own checkpointer.
Engine nodes come from the Mode table (assistant/modes.py): adding a mode adds its node here without an edit.
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from assistant.modes import ENGINES
from graphs.context import Context
from graphs.nodes.check import check
from graphs.nodes.compose import compose
from graphs.nodes.engines import engine_node, switch_mode, welcome
from graphs.nodes.guard import guard
from graphs.nodes.route import route
from graphs.state import InputState, State


def build_graph() -> StateGraph:
    builder = StateGraph(State, context_schema=Context, input_schema=InputState)
    builder.add_node(guard)
    builder.add_node(route)
    for engine in ENGINES:
        builder.add_node(engine.name, engine_node(engine))
        builder.add_edge(engine.name, "compose")
    builder.add_node(switch_mode)
    builder.add_node(welcome)
    builder.add_node(compose)
    builder.add_node(check)
    builder.add_edge(START, "guard")
    builder.add_edge("switch_mode", "check")
    builder.add_edge("welcome", "check")
    builder.add_edge("compose", "check")
    builder.add_edge("check", END)
    return builder
