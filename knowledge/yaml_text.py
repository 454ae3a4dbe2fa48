"""Parse YAML with libyaml's C loader when PyYAML was built with it.

The knowledge files are read at every start; the pure-Python loader made a one-shot CLI call spend most of its
time in YAML scanning. The C loader returns the same safe types (no arbitrary objects). It is stricter on a few
inputs the Python loader accepts (an escaped lone surrogate such as ``"\\udc80"`` in a user's front matter), so a
document it refuses is read again by the Python loader, which has the last word.
"""

from __future__ import annotations

from typing import Any

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The YAML document in ``text`` as plain Python data (safe types only)."""
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
        return yaml.load(text, Loader=yaml.SafeLoader)
