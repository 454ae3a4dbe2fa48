"""Documentation data: cue words that sort a clinician's sentences into SOAP sections, ICD-10-CM codes for concepts
and stated diagnoses, and the ICD-10-CM index itself (``icd10.Icd10Index``). Plain files; ``load`` reads one (the
assistant's Knowledge object keeps what it built)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from knowledge.yaml_text import parse_yaml


class NoteDataError(RuntimeError):
    """A documentation data file is missing or malformed; the message names the file."""


def load(name: str) -> dict[str, Any]:
    """One YAML file of this package, e.g. ``load("cues")``."""
    path = resources.files(__name__).joinpath(f"{name}.yaml")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise NoteDataError(f"Cannot read documentation data file knowledge/notes/{name}.yaml: {error}") from error
    if not isinstance(data, dict):
        raise NoteDataError(f"knowledge/notes/{name}.yaml should hold a mapping.")
    return data
