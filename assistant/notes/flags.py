"""Red flags on a note: the safety screen's records for this thread, shown to the clinician as flagged findings with
the line that raised them.

A flag is shown only when a finding behind it stands in the note: said as present (or possible) for the patient,
in a line that reports it - never a denied, hypothetical or relative's mention, and never a plan line's "come back
if ..." safety-netting.
"""

from __future__ import annotations

from typing import Any, Iterable

from assistant.notes.lines import SourceLine, line_at, line_with
from assistant.understanding.findings import Findings, Mention

_REPORTING_KINDS = ("history", "exam", "impression")


def _supports(mention: Mention, line: SourceLine | None) -> bool:
    if line is None or not mention.current:
        return False
    if line.kind == "question":
        return mention.source == "transcript"  # settled by the answer
    return line.kind in _REPORTING_KINDS


def _quote(flag: dict[str, Any], findings: Findings, lines: list[SourceLine]) -> str | None:
    """The line a flag's evidence stands on, or None when nothing behind it stands."""
    parts = [p.strip().lower() for p in str(flag.get("evidence") or "").split(";") if p.strip()]
    for part in parts:
        for mention in findings.mentions:
            surface = mention.surface.lower()
            if surface == part or (len(surface) > 2 and len(part) > 2 and (surface in part or part in surface)):
                line = line_at(lines, mention.start)
                if _supports(mention, line):
                    return line.quote  # type: ignore[union-attr]
        for vital in findings.vitals:
            if vital.surface.lower() == part:
                line = line_with(lines, vital.surface)
                if line is not None and line.kind != "question":
                    return line.quote
    return None


def _record(flag: dict[str, Any], quote: str) -> dict[str, Any]:
    return {"id": flag.get("id"), "label": flag.get("label"), "level": flag.get("level"),
            "source": flag.get("source"), "quote": quote, "evidence": flag.get("evidence")}


def transcript_flags(red_flags: Iterable[dict[str, Any]], findings: Findings,
                     lines: list[SourceLine]) -> list[dict[str, Any]]:
    """[{id, label, level, source, quote, evidence}] for the flags a pasted consultation raised."""
    shown = []
    for flag in red_flags:
        if not flag.get("transcript"):
            continue
        quote = _quote(flag, findings, lines)
        if quote is not None:
            shown.append(_record(flag, quote))
    return shown


def conversation_flags(red_flags: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flags the safety screen raised during this conversation (not from a pasted consultation), quoting the
    person's own words."""
    return [_record(flag, str(flag.get("evidence") or "")) for flag in red_flags
            if not flag.get("transcript") and flag.get("kind") not in ("injection",)]
