"""Where the evaluation sets live (``knowledge/eval``) and how a folder of ``set_*.yaml`` files is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.yaml_text import parse_yaml

EVAL_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "eval"


def read_set(name: str) -> Any:
    """One YAML file under knowledge/eval."""
    return parse_yaml((EVAL_DIR / name).read_text(encoding="utf-8"))


def written_sets(*folder: str) -> list[dict[str, Any]]:
    """Every item of the ``set_*.yaml`` files in a folder such as ("blind", "triage"), in file order."""
    items: list[dict[str, Any]] = []
    for path in sorted(EVAL_DIR.joinpath(*folder).glob("set_*.yaml")):
        items += parse_yaml(path.read_text(encoding="utf-8"))
    return items
