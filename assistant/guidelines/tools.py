"""LangChain tool wrapper: ``search_guidelines`` for graphs and LLM tool calling (thin; the work is in search)."""

from __future__ import annotations

import json

from langchain_core.tools import BaseTool, tool

from knowledge.retrieval.library import GuidelineIndex

from assistant.guidelines.search import search


def make_search_guidelines_tool(index: GuidelineIndex) -> BaseTool:
    """A ``search_guidelines`` tool bound to this opened index."""

    @tool("search_guidelines")
    def search_guidelines(query: str, k: int = 5, specialty: str | None = None, source: str | None = None,
                          year_min: int | None = None) -> str:
        """Search the clinical guideline library. Returns JSON citations (doc_id, title, section, source, year,
        url, snippet, score), best first. Optional filters: specialty (e.g. "cardiology"), source organisation
        (e.g. "USPSTF", "NICE"), year_min (oldest publication year)."""
        results = search(index, query, k=max(1, min(int(k), 20)), specialty=specialty, source=source,
                         year_min=year_min)
        return json.dumps({"query": query, "results": results}, ensure_ascii=False)

    return search_guidelines
