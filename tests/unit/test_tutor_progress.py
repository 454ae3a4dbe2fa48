"""Progress per thread: score counts first tries; missed items come back after two other items."""

from __future__ import annotations

import json

from assistant.tutor.progress import (
    due_ids, progress_of, record_asked, record_result, record_skipped, score_line, summary,
)


def test_missed_item_is_due_after_two_other_items():
    memory: dict = {}
    at = record_asked(memory, "q1", "asthma")
    record_result(memory, "q1", at, first_try=False)
    assert due_ids(memory) == []
    record_asked(memory, "q2", "sepsis")
    record_result(memory, "q2", 2, first_try=True)
    assert due_ids(memory) == []
    record_asked(memory, "q3", "sepsis")
    assert due_ids(memory) == ["q1"]
    record_asked(memory, "q1", "asthma")
    assert due_ids(memory) == []  # being asked now
    record_result(memory, "q1", 4, first_try=True)
    assert summary(memory) == {"asked": 4, "answered": 3, "correct": 2, "topics": ["asthma", "sepsis"],
                               "missed": []}


def test_skipped_items_come_back_but_are_not_scored():
    memory: dict = {}
    record_skipped(memory, "q1", record_asked(memory, "q1", "t"))
    record_asked(memory, "q2", "t")
    record_asked(memory, "q3", "t")
    assert due_ids(memory) == ["q1"] and progress_of(memory)["answered"] == 0


def test_progress_is_json_and_repairs_missing_fields():
    memory = {"progress": {"asked": 2}}
    progress_of(memory)
    assert json.loads(json.dumps(memory))["progress"]["missed"] == []
    assert "0/0" in score_line(memory)
