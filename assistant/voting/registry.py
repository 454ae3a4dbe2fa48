"""Voters register here by name, so a later LLM voter plugs in without touching the graph.

A voter is a callable ``(question, context) -> {"answer": str, "rationale": str}``. Grounded voters are
deterministic and asked once; sampled voters (an LLM at temperature > 0) declare how many samples to draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

VoterFn = Callable[[str, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Voter:
    name: str
    fn: VoterFn
    samples: int = 1  # how many times the graph asks this voter (1 for deterministic raters)
    kind: str = "grounded"  # grounded | sampled


_REGISTRY: dict[str, Voter] = {}


class UnknownVoter(KeyError):
    """A vote named a voter that was never registered."""


def register_voter(name: str, fn: VoterFn, *, samples: int = 1, kind: str = "grounded") -> Voter:
    """Add (or replace) a voter under ``name``."""
    if samples < 1:
        raise ValueError(f"A voter needs at least one sample, got {samples} for {name!r}.")
    voter = Voter(name=name, fn=fn, samples=samples, kind=kind)
    _REGISTRY[name] = voter
    return voter


def unregister_voter(name: str) -> None:
    _REGISTRY.pop(name, None)


def is_registered(name: str) -> bool:
    return name in _REGISTRY


def get_voter(name: str) -> Voter:
    _ensure_builtin_voters()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise UnknownVoter(f"No voter called {name!r} is registered (known: {known}).") from None


def registered_voters() -> list[str]:
    _ensure_builtin_voters()
    return sorted(_REGISTRY)


def _ensure_builtin_voters() -> None:
    """The grounded triage raters register themselves on first use (not at import time)."""
    from assistant.voting import voters  # noqa: F401  (import registers)

    voters.register_builtin_voters()
