"""Learner progress per thread: items asked, first-try score, topics seen, missed items and when they come back.

Lives in the tutor's thread memory as plain JSON (it is checkpointed). A missed item is spaced: it becomes due
again once ``SPACING`` other items have been asked after it, so the learner meets it again 2-3 items later.

Across conversations: the items a learner missed in earlier threads (their ``learner_history``) are *carried*
into this thread's progress and asked before unseen items; ``missed_items(memory)`` is the list to keep for the
learner after this thread (carried misses not yet answered right first time, plus this thread's misses).
"""

from __future__ import annotations

from typing import Any, Iterable

SPACING = 2  # other items asked before a missed item returns


def progress_of(memory: dict[str, Any]) -> dict[str, Any]:
    """The progress record in ``memory``, created with defaults (and repaired if a field is missing)."""
    progress = memory.get("progress")
    if not isinstance(progress, dict):
        progress = {}
    for key, empty in (("asked", 0), ("answered", 0), ("correct", 0), ("topics", []), ("missed", []), ("seen", []),
                       ("due", []), ("carried", [])):
        progress.setdefault(key, empty if not isinstance(empty, list) else [])
    memory["progress"] = progress
    return progress


def record_asked(memory: dict[str, Any], item_id: str, topic: str) -> int:
    """Count a newly presented item; returns its number in this thread (1-based)."""
    progress = progress_of(memory)
    progress["asked"] += 1
    if item_id not in progress["seen"]:
        progress["seen"].append(item_id)
    if topic and topic not in progress["topics"]:
        progress["topics"].append(topic)
    progress["due"] = [d for d in progress["due"] if d["id"] != item_id]  # it is being asked now
    return progress["asked"]


def _schedule(progress: dict[str, Any], item_id: str, asked_at: int) -> None:
    progress["due"] = [d for d in progress["due"] if d["id"] != item_id]
    progress["due"].append({"id": item_id, "due_at": asked_at + SPACING})


def record_result(memory: dict[str, Any], item_id: str, asked_at: int, first_try: bool) -> None:
    """Score a graded item: a first-try answer counts and clears a past miss; anything else is a miss."""
    progress = progress_of(memory)
    progress["answered"] += 1
    progress["carried"] = [c for c in progress["carried"] if c != item_id]  # met again in this thread
    if first_try:
        progress["correct"] += 1
        progress["missed"] = [m for m in progress["missed"] if m != item_id]
        progress["due"] = [d for d in progress["due"] if d["id"] != item_id]
        return
    if item_id not in progress["missed"]:
        progress["missed"].append(item_id)
    _schedule(progress, item_id, asked_at)


def record_skipped(memory: dict[str, Any], item_id: str, asked_at: int) -> None:
    """An item closed without an answer (stopped or replaced): not scored, but it comes back later."""
    _schedule(progress_of(memory), item_id, asked_at)


def due_ids(memory: dict[str, Any]) -> list[str]:
    """Items whose spacing has passed, the longest-waiting first."""
    progress = progress_of(memory)
    due = sorted((d for d in progress["due"] if d["due_at"] <= progress["asked"]), key=lambda d: d["due_at"])
    return [d["id"] for d in due]


def summary(memory: dict[str, Any]) -> dict[str, Any]:
    """The ``progress`` block of the quiz artifact."""
    progress = progress_of(memory)
    return {"asked": progress["asked"], "answered": progress["answered"], "correct": progress["correct"], "topics": list(progress["topics"]),
            "missed": list(progress["missed"])}


def score_line(memory: dict[str, Any]) -> str:
    progress = progress_of(memory)
    line = f"Score: {progress['correct']}/{progress['answered']} right first time"
    if progress["missed"]:
        line += f"; {len(progress['missed'])} to revisit (they come back after a couple of other questions)"
    return line + "."


def carry_over(memory: dict[str, Any], learner_history: Iterable[str]) -> None:
    """Bring misses from the learner's earlier conversations into this thread (those not yet met here)."""
    progress = progress_of(memory)
    for item_id in learner_history:
        item_id = str(item_id)
        if item_id and item_id not in progress["seen"] and item_id not in progress["carried"]:
            progress["carried"].append(item_id)


def carried_ids(memory: dict[str, Any]) -> list[str]:
    """Carried-over misses not yet asked in this thread, oldest first."""
    progress = progress_of(memory)
    return [c for c in progress["carried"] if c not in progress["seen"]]


def missed_items(memory: dict[str, Any]) -> list[str]:
    """Item ids this learner still has to get right: carried misses not yet answered in this thread, then this
    thread's misses. The facade keeps this list per learner and passes it back as ``learner_history``.
    Reads the tutor's thread memory without changing it."""
    progress = memory.get("progress") if isinstance(memory, dict) else None
    if not isinstance(progress, dict):
        return []
    return [str(i) for i in dict.fromkeys(list(progress.get("carried") or []) + list(progress.get("missed") or []))]
