"""HTML cards for the structured artifacts: triage, vote split, sources and drug checks.

Pure functions from artifact dicts to HTML strings; an absent artifact gives an empty string (no card).
All text is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape
from typing import Any

from assistant.artifacts import LEVEL_ADVICE, LEVELS

LEVEL_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine", "self_care": "Self-care"}
SEVERITY_ORDER = ("contraindicated", "major", "moderate", "minor", "none")


def _text(value: Any) -> str:
    return escape(str(value)) if value not in (None, "") else ""


def _list(title: str, items: list[Any] | None, css: str) -> str:
    entries = [str(item) for item in items or [] if str(item).strip()]
    if not entries:
        return ""
    body = "".join(f"<li>{escape(entry)}</li>" for entry in entries)
    return f'<div class="{css}"><h4>{escape(title)}</h4><ul>{body}</ul></div>'


def safe_url(url: Any) -> str | None:
    """Only plain web links are clickable; anything else (javascript:, data:) is shown as text at most."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


# -- triage --------------------------------------------------------------------------------------
def red_flags_html(flags: list[dict[str, Any]] | None) -> str:
    rows = []
    for flag in flags or []:
        if not isinstance(flag, dict):
            continue
        level = str(flag.get("level") or "")
        rows.append(
            f'<li class="ca-flag ca-level-{escape(level)}"><strong>{_text(flag.get("label") or flag.get("id"))}</strong>'
            f' <span class="ca-tag">{_text(LEVEL_LABELS.get(level, level))}</span>'
            f'<div class="ca-flag-rule">Rule: {_text(flag.get("rule"))}</div>'
            f'<div class="ca-flag-source">Source: {_text(flag.get("source"))}</div>'
            + (f'<div class="ca-flag-evidence">You said: "{_text(flag["evidence"])}"</div>'
               if flag.get("evidence") else "")
            + "</li>")
    if not rows:
        return ""
    return f'<div class="ca-flags"><h4>Red flags</h4><ul>{"".join(rows)}</ul></div>'


def vote_bars_html(vote: dict[str, Any] | None) -> str:
    """The raters' split as horizontal CSS bars, winner and agreement stated in words too."""
    distribution = (vote or {}).get("distribution") or {}
    if not distribution:
        return ""
    ordered = sorted(distribution.items(), key=lambda kv: (LEVELS.index(kv[0]) if kv[0] in LEVELS else 99, kv[0]))
    bars = []
    for label, fraction in ordered:
        try:
            share = max(0.0, min(1.0, float(fraction)))
        except (TypeError, ValueError):
            share = 0.0
        percent = round(share * 100)
        name = LEVEL_LABELS.get(label, str(label))
        bars.append(
            f'<div class="ca-bar-row"><span class="ca-bar-label">{_text(name)}</span>'
            f'<span class="ca-bar-track" role="img" aria-label="{_text(name)}: {percent} percent">'
            f'<span class="ca-bar ca-level-{escape(str(label))}" style="width:{percent}%"></span></span>'
            f'<span class="ca-bar-value">{percent}%</span></div>')
    samples = (vote or {}).get("samples") or []
    summary = []
    if vote.get("winner"):
        summary.append(f"winner {LEVEL_LABELS.get(vote['winner'], vote['winner'])}")
    if vote.get("agreement") is not None:
        try:
            summary.append(f"agreement {round(float(vote['agreement']) * 100)}%")
        except (TypeError, ValueError):
            pass
    if samples:
        summary.append(f"{len(samples)} raters")
    caption = f'<p class="ca-vote-caption">{_text(", ".join(summary))}</p>' if summary else ""
    voters = "".join(
        f"<li><strong>{_text(s.get('voter'))}</strong>: {_text(LEVEL_LABELS.get(s.get('answer'), s.get('answer')))}"
        + (f" - {_text(s.get('rationale'))}" if s.get("rationale") else "") + "</li>"
        for s in samples if isinstance(s, dict))
    details = (f"<details><summary>How each rater voted</summary><ul>{voters}</ul></details>" if voters else "")
    return f'<div class="ca-vote"><h4>Vote split</h4>{"".join(bars)}{caption}{details}</div>'


def triage_card_html(triage: dict[str, Any] | None, vote: dict[str, Any] | None = None) -> str:
    """Level with colour and plain advice, red flags, vote split, what is missing and what to ask next."""
    if not triage or not triage.get("level"):
        return ""
    level = str(triage["level"])
    css_level = level if level in LEVEL_ADVICE else "unknown"
    advice = LEVEL_ADVICE.get(level, "The urgency level could not be mapped to advice; ask a clinician.")
    status = "Assessment complete" if triage.get("complete") else "Provisional - more information would help"
    parts = [
        f'<section class="ca-card ca-triage ca-level-{css_level}" aria-label="Triage assessment">',
        f'<div class="ca-level-head"><span class="ca-level-pill ca-level-{css_level}">'
        f'{_text(LEVEL_LABELS.get(level, level))}</span><span class="ca-status">{escape(status)}</span></div>',
        f'<p class="ca-advice"><strong>{escape(advice)}</strong></p>',
    ]
    if triage.get("rationale"):
        parts.append(f'<p class="ca-rationale">{_text(triage["rationale"])}</p>')
    parts.append(red_flags_html(triage.get("red_flags")))
    parts.append(vote_bars_html(triage.get("vote") or vote))
    parts.append(_list("Missing information", triage.get("missing"), "ca-missing"))
    parts.append(_list("Questions to answer next", triage.get("next_questions"), "ca-next"))
    parts.append(_list("Seek help sooner if", triage.get("safety_net"), "ca-safety-net"))
    parts.append("</section>")
    return "".join(parts)


# -- sources -------------------------------------------------------------------------------------
def source_html(number: int, citation: dict[str, Any]) -> str:
    title = _text(citation.get("title") or citation.get("doc_id") or "Untitled source")
    meta = " - ".join(_text(citation.get(key)) for key in ("section", "source", "year") if citation.get(key))
    url = safe_url(citation.get("url"))
    link = (f'<p><a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f"Open the original ({escape(url)})</a></p>" if url else "")
    snippet = _text(citation.get("snippet")) or "No passage text was stored for this source."
    return (f'<details class="ca-source"><summary>[{number}] {title}'
            + (f' <span class="ca-source-meta">{meta}</span>' if meta else "")
            + f'</summary><blockquote>{snippet}</blockquote>{link}</details>')


def sources_html(citations: list[dict[str, Any]] | None) -> str:
    """Each citation as a <details> the user opens to read the cited passage."""
    items = [c for c in citations or [] if isinstance(c, dict)]
    if not items:
        return ""
    body = "".join(source_html(number, citation) for number, citation in enumerate(items, start=1))
    return f'<section class="ca-card ca-sources" aria-label="Sources"><h3>Sources</h3>{body}</section>'


# -- drugs ---------------------------------------------------------------------------------------
def drugs_html(drugs: dict[str, Any] | None) -> str:
    """Interactions by severity and, loudly, anything that could not be checked."""
    if not drugs:
        return ""
    parts = ['<section class="ca-card ca-drugs" aria-label="Medicine checks"><h3>Medicine checks</h3>']
    names = [f"<li><strong>{_text(d.get('generic') or d.get('name') or d.get('query'))}</strong>"
             + (f" ({_text(d.get('class'))})" if d.get("class") else "") + "</li>"
             for d in drugs.get("drugs") or [] if isinstance(d, dict)]
    if names:
        parts.append(f'<ul class="ca-monographs">{"".join(names)}</ul>')
    interactions = sorted((i for i in drugs.get("interactions") or [] if isinstance(i, dict)),
                          key=lambda i: SEVERITY_ORDER.index(i.get("severity"))
                          if i.get("severity") in SEVERITY_ORDER else len(SEVERITY_ORDER))
    if interactions:
        rows = "".join(
            f'<tr><td>{_text(i.get("a"))} + {_text(i.get("b"))}</td>'
            f'<td><span class="ca-sev ca-sev-{escape(str(i.get("severity")))}">{_text(i.get("severity"))}</span></td>'
            f'<td>{_text(i.get("mechanism"))}</td><td>{_text(i.get("management"))}</td>'
            f'<td>{_text(i.get("source"))}</td></tr>' for i in interactions)
        parts.append('<table class="ca-table"><caption>Interactions</caption><thead><tr><th scope="col">Pair</th>'
                     '<th scope="col">Severity</th><th scope="col">Mechanism</th><th scope="col">Management</th>'
                     f'<th scope="col">Source</th></tr></thead><tbody>{rows}</tbody></table>')
    for dose in drugs.get("doses") or []:
        if isinstance(dose, dict):
            text = dose.get("message") or dose.get("summary") or dose.get("verdict") or ""
            parts.append(f'<p class="ca-dose">{_text(dose.get("drug") or dose.get("name"))}: {_text(text)}</p>')
    unchecked = [u for u in drugs.get("unchecked") or [] if isinstance(u, dict)]
    if unchecked:
        items = "".join(
            f"<li><strong>{_text(u.get('name'))}</strong>: {_text(u.get('reason'))}"
            + (f" (did you mean {_text(', '.join(map(str, u['suggestions'])))}?)" if u.get("suggestions") else "")
            + "</li>" for u in unchecked)
        parts.append(f'<div class="ca-unchecked" role="note"><h4>Not checked</h4><ul>{items}</ul></div>')
    if len(parts) == 1:
        return ""
    parts.append("</section>")
    return "".join(parts)
