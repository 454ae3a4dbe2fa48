"""Language data: the concept inventory, English phrasings, context triggers, qualifiers and other-language
emergency phrases. Plain files; ``load`` reads one (the assistant's Knowledge object keeps what it built)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from knowledge.yaml_text import parse_yaml


def load(name: str) -> dict[str, Any]:
    """One YAML file of this package, e.g. ``load("concepts")`` or ``load("emergency/es")``."""
    path = resources.files(__name__).joinpath(f"{name}.yaml")
    return parse_yaml(path.read_text(encoding="utf-8")) or {}


def emergency_languages() -> list[str]:
    """Language codes that have an emergency-phrase file."""
    folder = resources.files(__name__).joinpath("emergency")
    return sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))
