"""HTML cards for the structured artifacts: triage, vote split, sources and drug checks.

Pure functions from artifact dicts to HTML strings; an absent artifact gives an empty string (no card).
Engine text reaches the reader through ``ui.web.plain_words`` (no paths, field names or ids; natural ages;
no sentence twice on one card). All text is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any

from assistant.artifacts import LEVEL_ADVICE, LEVELS, level_rank
from ui.web.plain_words import LEVEL_LABELS, Once, normal, plain, sentence_case, words_for

SEVERITY_ORDER = ("contraindicated", "major", "moderate", "minor", "none")
VOTER_NAMES = {"decision_model": "Decision rules", "nearest_cases": "Similar reference cases",
               "severity_score": "Severity score", "llm": "Language model"}
GAP_WORDS = {"age": "Age", "sex": "Sex", "duration": "How long it has been going on"}
GAP_ASKED_BY = {"age": ("how old", "age"), "how long it has been going on": ("how long", "since when")}

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _text(value: Any) -> str:
    return escape(plain(value)) if value not in (None, "") else ""


def _list(title: str, items: Iterable[Any] | None, css: str, once: Once | None = None) -> str:
    entries = [sentence_case(plain(item)) for item in items or [] if str(item).strip()]
    entries = [entry for entry in entries if entry and (once is None or once.new(entry))]
    if not entries:
        return ""
    body = "".join(f"<li>{escape(entry)}</li>" for entry in entries)
    return f'<div class="{css}"><h4>{escape(title)}</h4><ul>{body}</ul></div>'


def safe_url(url: Any) -> str | None:
    """Only plain web links are clickable; anything else (javascript:, data:) is shown as text at most."""
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


# -- triage ----------------------------------------------------------------------------------------
def _flag_html(flag: dict[str, Any], once: Once, deciding: bool) -> str:
    level = str(flag.get("level") or "")
    label = plain(flag.get("label")) or sentence_case(plain(flag.get("id"))) or "Warning sign"
    once.new(label)
    tags = f' <span class="ca-tag">{_text(LEVEL_LABELS.get(level, level))}</span>'
    if deciding:
        tags += ' <span class="ca-tag ca-tag-deciding">decides the level</span>'
    if flag.get("earlier"):
        tags += ' <span class="ca-tag">raised earlier</span>'
    lines = [(key, plain(flag.get(key))) for key in ("rule", "source", "evidence")]
    body = "".join(f'<div class="ca-flag-{key}">{prefix}{escape(text)}{suffix}</div>'
                   for (key, text), (prefix, suffix) in zip(lines, (("", ""), ("Source: ", ""), ('You said: "', '"')))
                   if text and once.new(text))
    return f'<li class="ca-flag ca-level-{escape(level)}"><strong>{escape(label)}</strong>{tags}{body}</li>'


def red_flags_html(flags: list[dict[str, Any]] | None, deciding_id: Any = None, once: Once | None = None) -> str:
    """Every warning sign with its source and the user's words; the one that decided the level comes first."""
    once = once or Once()
    real = [flag for flag in flags or [] if isinstance(flag, dict)]
    real.sort(key=lambda flag: (flag.get("id") != deciding_id, level_rank(flag.get("level"))))
    rows = [_flag_html(flag, once, deciding_id is not None and flag.get("id") == deciding_id) for flag in real]
    if not rows:
        return ""
    return f'<div class="ca-flags"><h4>Red flags</h4><ul>{"".join(rows)}</ul></div>'


def _why_html(deciding: dict[str, Any] | None, once: Once) -> str:
    """The reason that decided the level, when it is not a red flag listed on the card."""
    label = plain((deciding or {}).get("label"))
    if not label or not once.new(label):
        return ""
    source = plain(deciding.get("source"))
    cited = f'<div class="ca-flag-source">Source: {escape(source)}</div>' if source and once.new(source) else ""
    return f'<div class="ca-why"><h4>Why this level</h4><p>{escape(sentence_case(label))}</p>{cited}</div>'


def _story(rationale: Any, said: Iterable[str]) -> str:
    """What the user described, from the rationale: the sentences that restate a reason shown above are dropped."""
    text = plain(rationale)
    for marker in ("Deciding sign:", "Warning sign:", *said):
        at = text.find(marker) if marker else -1
        if at >= 0:
            text = text[:at]
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    text = " ".join(sentences).strip()
    text = re.sub(r"^You \(([^)]*)\) described ", r"\1, with ", text)  # "You (aged 34 years) described ..."
    text = re.sub(r"^You described (?:someone )?", "", text)
    return sentence_case(text)


def vote_line(vote: dict[str, Any] | None, level: str | None = None, flag_decides: bool = False) -> str:
    """The raters in plain words, and why the result may differ from them ("2 of 3 raters: urgent; red flag
    overrides")."""
    answers = [str(s["answer"]) for s in (vote or {}).get("samples") or [] if isinstance(s, dict) and s.get("answer")]
    if not answers:
        return ""
    counts = Counter(answers)
    top = min(counts, key=lambda answer: (-counts[answer], level_rank(answer)))
    line = f"{counts[top]} of {len(answers)} raters: {words_for(top)}"
    if level and top != level:
        if flag_decides:
            reason = "red flag overrides"
        elif (vote or {}).get("winner") == level:
            reason = "the decision rules count double and decide"
        else:
            reason = "the sourced rule decides over the vote"
        return f"{line}; {reason}."
    others = [f"{counts[a]} chose {words_for(a)}" for a in sorted(counts, key=level_rank) if a != top]
    if others:
        line += f" ({', '.join(others)})"
    if flag_decides and counts[top] * 2 <= len(answers):
        line += "; the red flag decides"
    return line + "."


def _voter_html(sample: dict[str, Any], deciding_label: str) -> str:
    voter = str(sample.get("voter") or "rater")
    name = VOTER_NAMES.get(voter) or sentence_case(plain(voter))
    answer = LEVEL_LABELS.get(sample.get("answer"), plain(sample.get("answer")) or "no answer")
    why = plain(sample.get("rationale"))
    if deciding_label and normal(deciding_label) in normal(why):
        why = "the deciding reason above"
    return f"<li><strong>{escape(name)}</strong>: {escape(answer)}" + (f" - {escape(why)}" if why else "") + "</li>"


def vote_bars_html(vote: dict[str, Any] | None, level: str | None = None, deciding: dict[str, Any] | None = None,
                   flag_decides: bool = False) -> str:
    """The raters' split: first in words (and why the shown level may differ), then as bars."""
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
        name = LEVEL_LABELS.get(label, plain(label))
        bars.append(
            f'<div class="ca-bar-row"><span class="ca-bar-label">{escape(name)}</span>'
            f'<span class="ca-bar-track" role="img" aria-label="{escape(name)}: {percent} percent">'
            f'<span class="ca-bar ca-level-{escape(str(label))}" style="width:{percent}%"></span></span>'
            f'<span class="ca-bar-value">{percent}%</span></div>')
    line = vote_line(vote, level, flag_decides)
    summary = f'<p class="ca-vote-line">{escape(line)}</p>' if line else ""
    caption = ""
    if vote.get("agreement") is not None:
        try:
            caption = (f'<p class="ca-vote-caption">Weighted agreement {round(float(vote["agreement"]) * 100)}% '
                       "(the decision rules count double)</p>")
        except (TypeError, ValueError):
            pass
    samples = [s for s in vote.get("samples") or [] if isinstance(s, dict)]
    voters = "".join(_voter_html(s, plain((deciding or {}).get("label"))) for s in samples)
    details = f"<details><summary>How each rater voted</summary><ul>{voters}</ul></details>" if voters else ""
    return f'<div class="ca-vote"><h4>Raters</h4>{summary}{"".join(bars)}{caption}{details}</div>'


def _asked_and_answered(item: str, answered: Iterable[str]) -> bool:
    """True when an answered message asked ``item`` as its question: a line of its own, not a bullet of a list."""
    key = normal(item)
    return any(normal(line) == key for text in answered for line in str(text).splitlines()
               if line.strip() and not line.lstrip().startswith(("-", "*")))


def open_questions(triage: dict[str, Any], answered: Iterable[str] = ()) -> list[str]:
    """What is still missing, each once: the questions to answer next, then any gap no question covers; nothing
    the conversation already asked and had answered."""
    answered = list(answered)
    questions = [plain(q) for q in triage.get("next_questions") or [] if str(q).strip()]
    gaps = []
    for item in triage.get("missing") or []:
        text = plain(item)
        asked_by = GAP_ASKED_BY.get(text.lower(), ())
        if any(re.search(rf"\b{word}\b", normal(q)) for word in asked_by for q in questions):
            continue  # "age" when "How old is she?" is asked next
        gaps.append(sentence_case(GAP_WORDS.get(text.lower(), text)))
    items, seen = [], Once()
    for item in questions + gaps:
        if item and not _asked_and_answered(item, answered) and seen.new(item):
            items.append(item)
    return items


def _missing_html(triage: dict[str, Any], answered: Iterable[str], once: Once) -> str:
    changes = {normal(str(c).split(" - if yes")[0]): plain(str(c).split(" - if yes, this becomes ")[-1])
               for c in triage.get("would_change") or [] if " - if yes" in str(c)}
    rows = []
    for item in open_questions(triage, answered):
        if not once.new(item):
            continue
        raises = changes.get(normal(item))
        tag = (f' <span class="ca-tag">if yes: {escape(LEVEL_LABELS.get(raises, sentence_case(raises)))}</span>'
               if raises else "")
        rows.append(f"<li>{escape(item)}{tag}</li>")
    if not rows:
        return ""
    return f'<div class="ca-missing"><h4>Missing information</h4><ul>{"".join(rows)}</ul></div>'


def triage_card_html(triage: dict[str, Any] | None, vote: dict[str, Any] | None = None,
                     answered: Iterable[str] = ()) -> str:
    """Level and advice, then the reason that decided it (a red flag or the rule), what the person described, the
    raters, what is still missing (``answered``: questions the conversation already settled) and when to get
    help sooner - each sentence once."""
    if not triage or not triage.get("level"):
        return ""
    level = str(triage["level"])
    css_level = level if level in LEVEL_ADVICE else "unknown"
    advice = plain(triage.get("advice")) or LEVEL_ADVICE.get(
        level, "The urgency level could not be mapped to advice; ask a clinician.")
    status = "Assessment complete" if triage.get("complete") else "Provisional - more information would help"
    once = Once()
    once.new(advice)
    flags = [flag for flag in triage.get("red_flags") or [] if isinstance(flag, dict)]
    deciding = triage.get("deciding") if isinstance(triage.get("deciding"), dict) else {}
    deciding_id = deciding.get("id") if deciding.get("id") in {flag.get("id") for flag in flags} else None
    holding = next((flag for flag in flags if flag.get("level") == level), None)
    if deciding_id is None and holding is not None and deciding.get("level") != level:
        deciding_id, deciding = holding.get("id"), {}  # a red flag raised the level above the engine's reason
    flag_decides = deciding_id is not None or holding is not None
    flags_html = red_flags_html(flags, deciding_id, once)
    parts = [
        f'<section class="ca-card ca-triage ca-level-{css_level}" aria-label="Triage assessment">',
        f'<div class="ca-level-head"><span class="ca-level-pill ca-level-{css_level}">'
        f'{escape(LEVEL_LABELS.get(level, plain(level)))}</span><span class="ca-status">{escape(status)}</span></div>',
        f'<p class="ca-advice"><strong>{escape(advice)}</strong></p>',
        flags_html if deciding_id else _why_html(deciding, once) + flags_html,
    ]
    said = [plain(flag.get("label")) for flag in flags] + [plain(deciding.get("label"))]
    story = _story(triage.get("rationale"), [s for s in said if s])
    if story and once.new(story):
        parts.append(f'<div class="ca-story"><h4>What you described</h4><p>{escape(story)}</p></div>')
    parts.append(vote_bars_html(triage.get("vote") or vote, level, deciding, flag_decides))
    parts.append(_missing_html(triage, answered, once))
    parts.append(_list("Seek help sooner if", triage.get("safety_net"), "ca-safety-net", once))
    parts.append("</section>")
    return "".join(parts)


# -- sources ---------------------------------------------------------------------------------------
def source_html(number: int, citation: dict[str, Any]) -> str:
    title = _text(citation.get("title")) or escape(sentence_case(plain(citation.get("doc_id")).replace("-", " "))
                                                    or "Untitled source")
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


# -- drugs -----------------------------------------------------------------------------------------
INTERACTION_COLUMNS = ("Pair", "Severity", "Mechanism", "Management", "Source")


def _interaction_row(item: dict[str, Any], once: Once) -> str:
    severity = str(item.get("severity") or "")
    source = plain(item.get("source"))
    cells = (f'{_text(item.get("a"))} + {_text(item.get("b"))}',
             f'<span class="ca-sev ca-sev-{escape(severity)}">{escape(sentence_case(plain(severity)))}</span>',
             _text(item.get("mechanism")), _text(item.get("management")),
             escape(source) if not source or once.new(source) else "as above")
    return '<tr role="row">' + "".join(f'<td role="cell" data-label="{name}">{cell}</td>'
                                       for name, cell in zip(INTERACTION_COLUMNS, cells)) + "</tr>"


def interactions_html(interactions: list[dict[str, Any]]) -> str:
    """The interaction table; the theme stacks each row into a labelled block so it fits a side column or a phone
    (the ARIA roles keep it a table for screen readers)."""
    ordered = sorted((i for i in interactions if isinstance(i, dict)),
                     key=lambda i: SEVERITY_ORDER.index(i.get("severity"))
                     if i.get("severity") in SEVERITY_ORDER else len(SEVERITY_ORDER))
    if not ordered:
        return ""
    head = "".join(f'<th scope="col" role="columnheader">{name}</th>' for name in INTERACTION_COLUMNS)
    once = Once()  # a source shared by several pairs is named once
    rows = "".join(_interaction_row(item, once) for item in ordered)
    return (f'<div class="ca-table-wrap"><table class="ca-table ca-interactions" role="table">'
            f'<caption>Interactions</caption><thead role="rowgroup"><tr role="row">{head}</tr></thead>'
            f'<tbody role="rowgroup">{rows}</tbody></table></div>')


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
    parts.append(interactions_html(drugs.get("interactions") or []))
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
    if not any(parts[1:]):
        return ""
    parts.append("</section>")
    return "".join(parts)
