"""Dialogue data: example utterances per intent, for the router's similarity step."""

from __future__ import annotations

from importlib import resources
from typing import Any

from knowledge.yaml_text import parse_yaml


def load(name: str) -> dict[str, Any]:
    return parse_yaml(resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")) or {}
