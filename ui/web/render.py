"""Pure functions that turn a reply's records into chat messages and small HTML panels.

Kept free of event wiring so they can be unit-tested with plain dicts. Every piece of user or engine
text that ends up in HTML goes through ``html.escape``.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import gradio as gr

from assistant.artifacts import LEVEL_ADVICE, level_rank
from ui.web.plain_words import plain

QUIZ_LETTERS = ("A", "B", "C", "D", "E")
WORKING_TITLE = "Working on it"
DRAFT_TITLE = "Model draft (unchecked; the checked reply replaces it)"


# -- chat messages -----------------------------------------------------------------------------
def tool_message(tool: dict[str, Any]) -> gr.ChatMessage:
    """One tool call as a collapsible entry: title, done status, summary inside; failures say so."""
    title = str(tool.get("title") or tool.get("name") or "Tool call")
    failed = tool.get("status") == "error"
    metadata: dict[str, Any] = {"title": ("Failed: " if failed else "") + title, "status": "done"}
    if tool.get("name"):
        metadata["log"] = str(tool["name"]) + (" (error)" if failed else "")
    summary = str(tool.get("summary") or ("The tool reported an error." if failed else "Done."))
    return gr.ChatMessage(role="assistant", content=summary, metadata=metadata)


def tool_messages(tools: list[dict[str, Any]] | None) -> list[gr.ChatMessage]:
    return [tool_message(tool) for tool in tools or [] if isinstance(tool, dict)]


def working_message() -> gr.ChatMessage:
    """A pending entry with a spinner, shown until the first tool record or text arrives."""
    return gr.ChatMessage(role="assistant", content="Checking safety rules and routing your message...",
                          metadata={"title": WORKING_TITLE, "status": "pending"})


def reply_message(text: str) -> gr.ChatMessage:
    return gr.ChatMessage(role="assistant", content=text)


def draft_message(text: str) -> gr.ChatMessage:
    """The language model's words as they arrive, in a collapsible box marked as unchecked: the checked reply
    replaces it when the turn ends."""
    return gr.ChatMessage(role="assistant", content=text,
                          metadata={"title": DRAFT_TITLE, "status": "pending"})


def history_messages(rows: list[dict[str, Any]]) -> list[gr.ChatMessage]:
    """A stored thread (``ClinicalAssistant.history``) back into chat messages, tool entries included."""
    messages: list[gr.ChatMessage] = []
    for row in rows:
        if row.get("role") == "user":
            messages.append(gr.ChatMessage(role="user", content=str(row.get("text") or "")))
            continue
        messages.extend(tool_messages(row.get("tools")))
        messages.append(reply_message(str(row.get("text") or "")))
    return messages


def _role_and_text(message: Any) -> tuple[str, str]:
    """(role, text) of a chat message as Gradio hands it back (dict or ChatMessage) or a stored history row."""
    if isinstance(message, dict):
        role, content = message.get("role"), message.get("content", message.get("text"))
    else:
        role, content = getattr(message, "role", None), getattr(message, "content", None)
    parts = content if isinstance(content, list) else [content]
    text = " ".join(str(p.get("text") or "") if isinstance(p, dict) else str(p or "") for p in parts)
    return str(role or ""), text


def answered_texts(messages: list[Any] | None) -> list[str]:
    """The assistant's messages the user has since replied to: a question asked in one of them is settled, so the
    triage card stops listing it as missing even when the engine still does."""
    answered: list[str] = []
    waiting: list[str] = []
    for message in messages or []:
        role, text = _role_and_text(message)
        if role == "assistant":
            waiting.append(text)
        elif role == "user":
            answered += waiting
            waiting = []
    return answered


def last_artifacts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The artifacts (plus notices and mode) of the newest assistant row, for restoring the panels."""
    for row in reversed(rows):
        if row.get("role") == "assistant":
            found = dict(row.get("artifacts") or {})
            found["notices"] = row.get("notices") or []
            found["mode"] = row.get("mode")
            return found
    return {}


# -- banner and notices ------------------------------------------------------------------------
def banner_html(triage: dict[str, Any] | None) -> str:
    """An alert that cannot be missed when a red flag fired this turn, whatever the mode (a flag raised on an earlier
    turn stays on the triage card and in the level, without a new banner)."""
    flags = [flag for flag in (triage or {}).get("red_flags") or [] if isinstance(flag, dict) and not flag.get("earlier")]
    if not flags:
        return ""
    worst = min((str(flag.get("level")) for flag in flags), key=level_rank)
    css_level = worst if worst in LEVEL_ADVICE else "urgent"
    advice = LEVEL_ADVICE.get(worst, LEVEL_ADVICE["urgent"])
    labels = "; ".join(dict.fromkeys(str(flag.get("label") or flag.get("id") or "red flag") for flag in flags))
    heading = "Emergency" if worst == "emergency" else "Red flag"
    return (
        f'<div class="ca-banner ca-level-{css_level}" role="alert" aria-live="assertive" id="ca-alert">'
        f'<strong class="ca-banner-title">{escape(heading)}: {escape(labels)}</strong>'
        f'<span class="ca-banner-advice">{escape(advice)}</span></div>'
    )


def notices_html(notices: list[str] | None) -> str:
    items = [str(notice) for notice in notices or [] if str(notice).strip()]
    if not items:
        return ""
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<div class="ca-notices" role="status" aria-label="Notices"><ul>{body}</ul></div>'


# -- quiz ----------------------------------------------------------------------------------------
def quiz_choices(quiz: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(letter, button label) for an open question; nothing once it is graded or when there is no quiz."""
    if not quiz or quiz.get("status") == "graded":
        return []
    choices = []
    for option in quiz.get("options") or []:
        letter = str(option.get("letter") or "").strip().upper()[:1]
        if letter in QUIZ_LETTERS:
            choices.append((letter, f"{letter}. {option.get('text') or ''}".strip()))
    return choices


def quiz_html(quiz: dict[str, Any] | None) -> str:
    """The question, its options and, once answered, the result, explanation and source."""
    if not quiz:
        return ""
    parts = ['<section class="ca-quiz" aria-label="Quiz question">']
    if quiz.get("topic"):
        parts.append(f'<p class="ca-quiz-topic">Quiz: {escape(plain(quiz["topic"]))}</p>')
    parts.append(f'<p class="ca-quiz-question"><strong>{escape(str(quiz.get("question") or ""))}</strong></p>')
    options = "".join(
        f'<li><strong>{escape(str(o.get("letter") or ""))}.</strong> {escape(str(o.get("text") or ""))}</li>'
        for o in quiz.get("options") or [])
    if options:
        parts.append(f'<ol class="ca-quiz-options" type="A">{options}</ol>')
    if quiz.get("status") == "graded":
        result = str(quiz.get("result") or "graded")
        answer = quiz.get("answer")
        parts.append(f'<p class="ca-quiz-result ca-quiz-{escape(result)}">Result: {escape(result)}'
                     + (f" (answer {escape(str(answer))})" if answer else "") + "</p>")
        if quiz.get("explanation"):
            parts.append(f'<p class="ca-quiz-explanation">{escape(str(quiz["explanation"]))}</p>')
    else:
        if quiz.get("result"):
            parts.append(f'<p class="ca-quiz-result ca-quiz-{escape(str(quiz["result"]))}">Last answer: '
                         f'{escape(str(quiz["result"]))} - try again.</p>')
        parts.append('<p class="ca-hint">Choose an answer with the buttons below or type its letter.</p>')
    citation = quiz.get("citation")
    if isinstance(citation, dict) and citation.get("title"):
        parts.append(f'<p class="ca-quiz-source">Source: {escape(_cite_line(citation))}</p>')
    progress = progress_words(quiz.get("progress"))
    if progress:
        parts.append(f'<p class="ca-quiz-progress">Progress: {escape(progress)}</p>')
    parts.append("</section>")
    return "".join(parts)


PROGRESS_WORDS = (("asked", "asked"), ("answered", "answered"), ("correct", "right first time"))


def progress_words(progress: Any) -> str:
    """Quiz progress as counts in words ("3 asked, 2 answered, 1 right first time, 1 to revisit"); the bank's
    question ids behind "missed" are never shown."""
    if not isinstance(progress, dict):
        return ""
    bits = [f"{progress[key]} {word}" for key, word in PROGRESS_WORDS if isinstance(progress.get(key), int)]
    missed = progress.get("missed")
    if isinstance(missed, list) and missed:
        bits.append(f"{len(missed)} to revisit")
    return ", ".join(bits)


def _cite_line(citation: dict[str, Any]) -> str:
    bits = [citation.get("title"), citation.get("section"), citation.get("source"), citation.get("year")]
    return ", ".join(str(bit) for bit in bits if bit)


# -- note --------------------------------------------------------------------------------------
SOAP_ORDER = ("subjective", "objective", "assessment", "plan")


def note_markdown(note: dict[str, Any] | None) -> str:
    """The note as Markdown: the engine's own rendering when present, else built from its sections."""
    if not note:
        return ""
    if note.get("markdown"):
        return str(note["markdown"])
    sections = note.get("sections") or {}
    lines = ["# SOAP note (draft - review before use)", ""]
    for name in SOAP_ORDER:
        lines += [f"## {name.capitalize()}", str(sections.get(name) or "Not documented."), ""]
    codes = note.get("codes") or []
    if codes:
        lines.append("## Suggested codes (ICD-10-CM, for review)")
        lines += [f"- {c.get('code')}: {c.get('description')}" for c in codes if isinstance(c, dict)]
        lines.append("")
    verify = note.get("verify") or []
    if verify:
        lines.append("## To verify")
        lines += [f"- {item}" for item in verify]
    return "\n".join(lines).strip() + "\n"


def note_fhir_json(note: dict[str, Any] | None) -> str:
    """The FHIR resource as pretty JSON; an empty string when the engine produced none."""
    if not note or not note.get("fhir"):
        return ""
    return json.dumps(note["fhir"], indent=2, ensure_ascii=False, default=str)


# -- conversations -------------------------------------------------------------------------------
def thread_choices(threads: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Dropdown choices (label, thread_id) for past conversations, newest first as given."""
    choices = []
    for row in threads:
        thread_id = str(row.get("thread_id") or "")
        if not thread_id:
            continue
        title = " ".join(str(row.get("title") or "Untitled").split())[:60]
        mode = row.get("mode") or "no mode"
        turns = row.get("turns")
        label = f"{title} ({mode}" + (f", {turns} turns" if turns else "") + ")"
        choices.append((label, thread_id))
    return choices
