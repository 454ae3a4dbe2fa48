"""Safety data: crisis phrases and replies, emergency and crisis contacts by country, prompt-injection patterns."""

from __future__ import annotations

from importlib import resources
from typing import Any

from knowledge.yaml_text import parse_yaml


def load(name: str) -> dict[str, Any]:
    """One YAML file of this package, e.g. ``load("crisis")``."""
    return parse_yaml(resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")) or {}
