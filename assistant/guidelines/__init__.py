"""Guideline knowledge for every mode: cited search, section lookup and grounded cited answers."""

from assistant.guidelines.search import search
from assistant.guidelines.sections import get_section, list_topics

__all__ = ["search", "get_section", "list_topics"]
