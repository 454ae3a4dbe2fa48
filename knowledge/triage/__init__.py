"""Triage data: general discriminators, presentations, reference cases (plain files; see README.md)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from knowledge.yaml_text import parse_yaml


def load(name: str) -> dict[str, Any]:
    """One YAML file of this package, e.g. ``load("general")``."""
    return parse_yaml(resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")) or {}


def presentations() -> list[dict[str, Any]]:
    """Every presentation from presentations/*.yaml, in file order."""
    folder = resources.files(__name__).joinpath("presentations")
    found: list[dict[str, Any]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found += (parse_yaml(entry.read_text(encoding="utf-8")) or {}).get("presentations", [])
    return found
