"""Whole sections and the topic list, for the tutor (quiz sources) and triage (advice citations)."""

from __future__ import annotations

from typing import Any

from assistant.guidelines.search import open_index
from assistant.settings import Settings


def list_topics(settings: Settings) -> list[dict[str, Any]]:
    """Every indexed guideline: ``{doc_id, title, source, year, url, specialty, sections, origin}``."""
    return open_index(settings).topics()


def get_section(doc_id: str, section: str | None, settings: Settings) -> dict[str, Any] | None:
    """The full text of one section (or the whole document when ``section`` is None) as a citation-shaped dict.

    Returns None when the document or section does not exist; matching ignores case.
    """
    doc = open_index(settings).document(doc_id)
    if doc is None:
        return None
    if section:
        found = doc.section(section)
        if found is None:
            return None
        parts = [found]
    else:
        parts = doc.sections
    text = "\n\n".join(f"## {s.heading}\n{s.text}" if not section else s.text for s in parts)
    recommendations = [r for r in doc.recommendations
                       if not section or str(r.get("section", "")).lower() == section.strip().lower()]
    return {
        "doc_id": doc.id, "title": doc.title, "section": parts[0].heading if section else None,
        "source": doc.organisation, "source_title": doc.source_title, "year": doc.year or "n.d.", "url": doc.url,
        "text": text, "snippet": text[:320], "sections": [s.heading for s in doc.sections],
        "recommendations": recommendations, "licence_note": doc.licence_note,
    }
