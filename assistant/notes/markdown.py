"""The note as Markdown for people: flagged findings first, the four sections, what to verify, and the line each
statement came from."""

from __future__ import annotations

from typing import Any, Iterable

from assistant.notes.soap import SECTIONS

TITLE = "SOAP note (draft)"
SECTION_TITLES = {"subjective": "Subjective", "objective": "Objective", "assessment": "Assessment", "plan": "Plan"}


def to_markdown(sections: dict[str, str], verify: list[str], *, flags: Iterable[dict[str, Any]] = (),
                statements: Iterable[dict[str, Any]] = ()) -> str:
    parts = [f"## {TITLE}", "_Draft for the clinician to review. Items marked [verify] were inferred or need "
                            "confirming; ICD-10-CM codes are suggestions._"]
    flags = list(flags)
    if flags:
        parts.append("### Flagged findings\n" + "\n".join(_flag_line(f) for f in flags))
    for name in SECTIONS:
        parts.append(f"### {SECTION_TITLES[name]}\n{sections.get(name) or '_Nothing recorded._'}")
    if verify:
        parts.append("### To verify\n" + "\n".join(f"- [ ] {item}" for item in verify))
    sourced = [s for s in statements if s.get("source") and s.get("kind") != "code"
               and s["text"].rstrip(".").lower() not in s["source"].lower()]  # a quoted line needs no second quote
    if sourced:
        parts.append("### Where each statement came from\n" + "\n".join(
            f"- {SECTION_TITLES[s['section']]}: {s['text']} - \"{s['source']}\"" for s in sourced))
    return "\n\n".join(parts)


def _flag_line(flag: dict[str, Any]) -> str:
    """A flagged finding with the words that raised it - unless those words are the label itself (said once)."""
    quote = str(flag.get("quote") or "").strip()
    said = f": \"{quote}\"" if quote and quote.rstrip(".").lower() != str(flag["label"]).rstrip(".").lower() else ""
    return f"- **{flag['label']}** ({flag['level']}){said}" + (f" - {flag['source']}" if flag.get("source") else "")
