"""Whole sections and the topic list of a ``GuidelineIndex``, for the tutor (quiz sources) and triage (advice
citations)."""

from __future__ import annotations

from typing import Any

from knowledge.retrieval.library import GuidelineIndex


def list_topics(index: GuidelineIndex) -> list[dict[str, Any]]:
    """Every indexed guideline: ``{doc_id, title, source, year, url, specialty, sections, origin}``."""
    return index.list_topics()


def get_section(index: GuidelineIndex, doc_id: str, section: str | None = None) -> dict[str, Any] | None:
    """The full text of one section (or the whole document when ``section`` is None) as a citation-shaped dict.

    Returns None when the document or section does not exist; matching ignores case.
    """
    return index.get_section(doc_id, section)
