"""LangGraph orchestration: state, nodes, the graph builder and the session facade."""

from graphs.facade import ClinicalAssistant, Reply, StreamEvent
from graphs.graph import build_graph

__all__ = ["ClinicalAssistant", "Reply", "StreamEvent", "build_graph"]
