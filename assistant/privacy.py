"""Personal details out of exports and logs.

``redact`` replaces names, phone numbers, emails, record numbers, street addresses and dates of birth with
labelled placeholders ("[phone]"), for exports a user shares and for anyone who turns on text logging. Names are
caught where text marks them (a title, "my name is", a "Name:" field, a labelled speaker), not guessed from any
capitalised word: clinical words stay readable. ``failure_summary`` describes an exception for a log without its
message, which may quote what the user typed.
"""

from __future__ import annotations

import re
import traceback

KINDS = ("emails", "record_numbers", "dates_of_birth", "addresses", "names", "phones")  # specific ones first
LABELS = {"emails": "[email]", "record_numbers": "[record number]", "dates_of_birth": "[date of birth]",
          "addresses": "[address]", "names": "[name]", "phones": "[phone]"}
_I = re.IGNORECASE
_NAME = r"[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){0,2}"
_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "emails": (re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b"),),
    "record_numbers": (
        re.compile(r"\b(?:MRN|NHS\s*(?:no|number)?|hospital\s+(?:no|number)|record\s+(?:no|number)|patient\s+id|ID)"
                   r"\s*[:#.]?\s*[A-Z]{0,3}\d[\d\s\-]{4,14}\d\b", _I),
        re.compile(r"\b\d{3}\s\d{3}\s\d{4}\b(?=[^\n]{0,20}\bnhs\b)", _I),
    ),
    "dates_of_birth": (
        re.compile(r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*"
                   r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2},?\s+\d{4}|"
                   r"\d{4}-\d{2}-\d{2})", _I),
    ),
    "phones": (re.compile(r"(?<![\w/.])(?:\+\d{1,3}[\s\-.]?)?(?:\(\d{2,5}\)[\s\-.]?)?\d{3,5}[\s\-.]\d{3,6}(?:[\s\-.]\d{3,4})?(?![\w/.])"),),
    "addresses": (
        re.compile(r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|"
                   r"Place|Pl|Boulevard|Blvd|Terrace|Crescent|Gardens)\b\.?"),
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK postcode
    ),
    "names": (
        re.compile(rf"\b(?:Mrs|Miss|Mr|Ms|Mx|Dr|Prof)\.?\s+{_NAME}"),
        re.compile(rf"\b(?:my\s+name\s+is|i\s+am\s+called|this\s+is|name\s*:)\s*{_NAME}", _I),
        re.compile(rf"\b(?:patient|pt|client)\s+name\s*[:\-]\s*{_NAME}", _I),
    ),
}
_LEAD = re.compile(r"^((?:my\s+name\s+is|i\s+am\s+called|this\s+is|name\s*:|(?:patient|pt|client)\s+name\s*[:\-]|"
                   r"(?:Mrs|Miss|Mr|Ms|Mx|Dr|Prof)\.?)\s*)", _I)


def redact(text: str, kinds: tuple[str, ...] | list[str] = KINDS) -> str:
    """``text`` with each kind of personal detail replaced by a placeholder such as ``[name]``."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown redaction kinds: {', '.join(sorted(unknown))}. Choose from: {', '.join(KINDS)}.")
    for kind in KINDS:
        if kind not in kinds:
            continue
        label = LABELS[kind]
        for pattern in _PATTERNS[kind]:
            text = pattern.sub(lambda m, label=label: _keep_lead(m.group(0), label), text)
    return text


_LEADS = {
    "[name]": _LEAD,
    "[date of birth]": re.compile(r"^((?:DOB|D\.O\.B\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*)", _I),
    "[record number]": re.compile(r"^((?:MRN|NHS\s*(?:no|number)?|hospital\s+(?:no|number)|record\s+(?:no|number)|"
                                  r"patient\s+id|ID)\s*[:#.]?\s*)", _I),
}


def _keep_lead(found: str, label: str) -> str:
    """Keep the words that introduce a detail ("my name is", "DOB:") and replace only the detail."""
    lead = _LEADS[label].match(found) if label in _LEADS else None
    return (lead.group(1) if lead else "") + label


def failure_summary(error: BaseException) -> str:
    """Where an exception happened (file:line function) and its type - never its message."""
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__name__} at {where or 'unknown'}"
