"""The blind sets are frozen: a changed byte means someone edited an item after the fact."""

import hashlib
from pathlib import Path

import pytest
import yaml

BLIND = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "blind"


def _frozen() -> list[tuple[str, str]]:
    lines = (BLIND / "FROZEN.sha256").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(None, 1)[::-1]) for line in lines if line.strip()]


@pytest.mark.parametrize(("name", "digest"), _frozen())
def test_blind_set_is_unchanged(name: str, digest: str) -> None:
    assert hashlib.sha256((BLIND / name).read_bytes()).hexdigest() == digest


def test_every_blind_set_is_frozen_and_has_its_brief() -> None:
    frozen = {name for name, _ in _frozen()}
    on_disk = {str(path.relative_to(BLIND)) for path in BLIND.glob("*/*.yaml")}
    assert on_disk == frozen
    for folder in {Path(name).parent for name in frozen}:
        assert (BLIND / folder / "BRIEF.md").is_file(), folder


def test_blind_sets_parse_and_have_ids() -> None:
    for name, _ in _frozen():
        items = yaml.safe_load((BLIND / name).read_text(encoding="utf-8"))
        items = items["items"] if isinstance(items, dict) and "items" in items else items
        assert isinstance(items, list) and items, name
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), name
