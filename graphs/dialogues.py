"""Scripted dialogues: conversations as data files, run against the real graph.

A dialogue file (YAML) has a ``name``, optional ``mode``, ``audience``, ``settings`` overrides and
``model_script`` (steps for the scripted fake LLM), and ``turns``. A turn is ``{user, mode?, thread?, expect?}`` or ``{restart: true}`` (reopen the
assistant on the same data directory, to prove sessions survive a restart). See
tests/dialogues/README.md for every expectation key.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from assistant.artifacts import level_rank
from assistant.settings import Settings, load_settings
from graphs.facade import ClinicalAssistant, Reply
from knowledge.yaml_text import parse_yaml


class DialogueFormatError(ValueError):
    """The dialogue file itself is malformed (named file and turn in the message)."""


class NeedsScriptedModel(DialogueFormatError):
    """The dialogue scripts a fake language model, which only the test suite supplies (the product ships none)."""


@dataclass
class TurnOutcome:
    index: int
    user: str
    reply: Reply | None
    failures: list[str] = field(default_factory=list)


@dataclass
class DialogueResult:
    name: str
    path: Path
    turns: list[TurnOutcome]
    known_regression: str | None = None  # the file says it fails for now, and why

    @property
    def failures(self) -> list[str]:
        return [f"turn {t.index} ({_short(t.user)!r}): {msg}" for t in self.turns for msg in t.failures]

    @property
    def passed(self) -> bool:
        return not self.failures


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _check_level(actual: str | None, expected: Any, at_least: bool) -> str | None:
    if at_least:
        if actual is None or level_rank(actual) > level_rank(expected):
            return f"expected triage level at least {expected}, got {actual}"
        return None
    if actual not in _as_list(expected):
        return f"expected triage level {expected}, got {actual}"
    return None


def _severities(reply: Reply) -> dict[str, str]:
    found = {}
    for item in (reply.drugs or {}).get("interactions") or []:
        pair = "+".join(sorted((str(item.get("a", "")).lower(), str(item.get("b", "")).lower())))
        found[pair] = item.get("severity")
    return found


def check_expectations(reply: Reply, expect: dict[str, Any], history_len: int) -> list[str]:
    """Every unmet expectation as a readable line (empty list = the turn passed)."""
    failures: list[str] = []
    text = reply.text.lower()
    triage = reply.triage or {}
    checks: dict[str, Callable[[Any], str | None]] = {
        "accepted": lambda v: None if reply.accepted == v else f"expected accepted={v}, got {reply.accepted}",
        "mode": lambda v: None if reply.mode == v else f"expected mode {v}, got {reply.mode}",
        "intent": lambda v: None if reply.intent in _as_list(v) else f"expected intent {v}, got {reply.intent}",
        "contains": lambda v: "; ".join(f"reply lacks {s!r}" for s in _as_list(v) if s.lower() not in text) or None,
        "contains_any": lambda v: None if any(s.lower() in text for s in v) else f"reply has none of {v}",
        "not_contains": lambda v: "; ".join(f"reply contains {s!r}" for s in _as_list(v) if s.lower() in text)
        or None,
        "triage_level": lambda v: _check_level(triage.get("level"), v, at_least=False),
        "triage_level_at_least": lambda v: _check_level(triage.get("level"), v, at_least=True),
        "no_triage": lambda v: f"expected no triage artifact, got level {triage.get('level')}" if v and triage
        else None,
        "red_flags": lambda v: "; ".join(
            f"no red flag matching {s!r} (fired: {[f['id'] for f in triage.get('red_flags') or []]})"
            for s in _as_list(v) if not any(s in f["id"] for f in triage.get("red_flags") or [])) or None,
        "no_red_flags": lambda v: f"expected no red flags, got {[f['id'] for f in triage.get('red_flags') or []]}"
        if v and triage.get("red_flags") else None,
        "citations_min": lambda v: None if len(reply.citations or []) >= v
        else f"expected at least {v} citations, got {len(reply.citations or [])}",
        "citation_doc_ids": lambda v: "; ".join(
            f"no citation of {d}" for d in _as_list(v) if d not in {c.get("doc_id") for c in reply.citations or []}
        ) or None,
        "tools": lambda v: "; ".join(
            f"tool {t} not called (called: {[c.get('name') for c in reply.tools]})"
            for t in _as_list(v) if t not in {c.get("name") for c in reply.tools}) or None,
        "interaction_severity": lambda v: "; ".join(
            f"{pair}: expected {sev}, got {_severities(reply).get('+'.join(sorted(pair.lower().split('+'))))}"
            for pair, sev in v.items()
            if _severities(reply).get("+".join(sorted(pair.lower().split("+")))) != sev) or None,
        "unchecked": lambda v: "; ".join(
            f"{name!r} not reported as unchecked" for name in _as_list(v)
            if name.lower() not in {str(u.get("name", "")).lower() for u in (reply.drugs or {}).get("unchecked")
                                    or []}) or None,
        "quiz_open": lambda v: None if bool(reply.quiz and reply.quiz.get("status") == "open") == v
        else f"expected quiz_open={v}, got quiz {reply.quiz and reply.quiz.get('status')}",
        "quiz_result": lambda v: None if (reply.quiz or {}).get("result") == v
        else f"expected quiz result {v}, got {(reply.quiz or {}).get('result')}",
        "note_sections": lambda v: "; ".join(
            f"note section {s} missing or empty" for s in _as_list(v)
            if not ((reply.note or {}).get("sections") or {}).get(s)) or None,
        "note_contains": lambda v: "; ".join(
            f"note lacks {s!r}" for s in _as_list(v)
            if s.lower() not in str((reply.note or {}).get("markdown", "")).lower()) or None,
        "vote": lambda v: None if bool(reply.vote) == v else f"expected vote present={v}",
        "notices_contain": lambda v: "; ".join(
            f"no notice containing {s!r} (notices: {reply.notices})" for s in _as_list(v)
            if not any(s.lower() in n.lower() for n in reply.notices)) or None,
        "history_length": lambda v: None if history_len == v else f"expected history length {v}, got {history_len}",
    }
    for key, value in expect.items():
        if key not in checks:
            failures.append(f"unknown expectation {key!r} (known: {', '.join(sorted(checks))})")
            continue
        problem = checks[key](value)
        if problem:
            failures.append(problem)
    if failures:
        failures.append(f"reply was: {_short(reply.text, 300)!r}")
    return failures


def load_dialogue(path: Path) -> dict[str, Any]:
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise DialogueFormatError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list) or not data["turns"]:
        raise DialogueFormatError(f"{path}: a dialogue needs a non-empty 'turns' list")
    for number, turn in enumerate(data["turns"], 1):
        if not isinstance(turn, dict) or not ({"user", "restart"} & set(turn)):
            raise DialogueFormatError(f"{path}: turn {number} needs 'user' (or 'restart: true')")
    return data


def run_dialogue(path: Path, *, base_settings: Settings | None = None,
                 open_assistant: Callable[[Settings], ClinicalAssistant] = ClinicalAssistant) -> DialogueResult:
    """Run one dialogue in a fresh data directory (sharing the guideline index of base_settings), with SQLite
    sessions there - or the base's PostgreSQL, when it names one (give each dialogue its own database: dialogues
    reuse thread names such as "main").

    ``open_assistant`` builds the assistant from the dialogue's settings; a ``model_script`` dialogue needs one that
    plays the script (the test suite passes its scripted chat model: the product ships no fake model)."""
    path = Path(path)
    spec = load_dialogue(path)
    base = base_settings or load_settings()
    with tempfile.TemporaryDirectory(prefix="dialogue-") as tmp:
        overrides = {**(spec.get("settings") or {}), "data_dir": Path(tmp),
                     "sessions": base.sessions if base.sessions_on_postgres else "sqlite"}
        if spec.get("model_script") is not None:  # a scripted fake LLM: tool calls then text, one item per call
            if open_assistant is ClinicalAssistant:
                raise NeedsScriptedModel(f"{path}: scripts a fake language model; run it with pytest tests/dialogues, "
                                         "which supplies one")
            if not isinstance(spec["model_script"], list):
                raise DialogueFormatError(f"{path}: 'model_script' must be a list of model steps")
            script = Path(tmp) / "model_script.yaml"
            script.write_text(yaml.safe_dump(spec["model_script"], allow_unicode=True), encoding="utf-8")
            overrides["model"] = f"scripted:{script}"
        settings = base.with_overrides(**overrides, index_dir=base.index_dir)
        assistant = open_assistant(settings)
        outcomes: list[TurnOutcome] = []
        started: set[str] = set()
        try:
            for number, turn in enumerate(spec["turns"], 1):
                if turn.get("restart"):
                    assistant.close()
                    assistant = open_assistant(settings)
                    continue
                thread = str(turn.get("thread", "main"))
                mode = turn.get("mode", spec.get("mode") if thread not in started else None)
                started.add(thread)
                user = turn["user"]
                if isinstance(user, dict) and "repeat" in user:  # {repeat: "x", times: N} builds huge input
                    user = str(user["repeat"]) * int(user.get("times", 1))
                reply = assistant.send(thread, user, mode=mode, audience=turn.get("audience", spec.get("audience")))
                failures = check_expectations(reply, turn.get("expect") or {}, len(assistant.history(thread)))
                outcomes.append(TurnOutcome(number, str(user), reply, failures))
        finally:
            assistant.close()
    return DialogueResult(spec.get("name", path.stem), path, outcomes, spec.get("known_regression"))


def dialogue_files(target: Path) -> list[Path]:
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.glob("*.y*ml") if p.is_file())
    return [target]
