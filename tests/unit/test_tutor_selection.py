"""Quiz topic matching and the order items are asked in."""

from __future__ import annotations

import functools

import pytest

from assistant.tutor.progress import record_asked, record_result
from assistant.tutor.selection import nearest_topics, pick_item as pick_with, topic_from_request


@pytest.fixture
def pick_item(tutor_library, embedder):
    """pick_item over the real library, matching topics by meaning as the assistant does."""
    return functools.partial(pick_with, tutor_library, embed=embedder.embed)


@pytest.mark.parametrize("text, topic", [("quiz me on asthma", "asthma"), ("quiz me", ""),
                                         ("test me on heart failure please", "heart failure"),
                                         ("another question", ""), ("questions about sepsis", "sepsis")])
def test_topic_from_request(text, topic):
    assert topic_from_request(text) == topic


@pytest.mark.parametrize("topic, word", [("asthma", "asthma"), ("asthama", "asthma"), ("sepsis", "sepsis"),
                                         ("colorectal cancer screening", "colorectal")])
def test_topic_matches_items(pick_item, topic, word):
    item = pick_item({}, topic)
    assert item is not None and word in (item.topic + " " + item.doc_id).lower()


def test_unknown_topic_gives_none_and_near_topics(pick_item, tutor_library, embedder):
    assert pick_item({}, "quantum physics") is None
    near = nearest_topics(tutor_library, "quantum physics", embedder.embed)
    assert len(near) == 5 and all(isinstance(t, str) and t for t in near)


def test_unseen_first_then_due_missed_items(pick_item):
    memory: dict = {}
    first = pick_item(memory, "sepsis")
    at = record_asked(memory, first.id, first.topic)
    record_result(memory, first.id, at, first_try=False)
    second = pick_item(memory, "sepsis")
    assert second.id != first.id
    record_asked(memory, second.id, second.topic)
    third = pick_item(memory, "sepsis")
    assert third.id not in {first.id, second.id}
    record_asked(memory, third.id, third.topic)
    assert pick_item(memory, "sepsis").id == first.id  # missed, now due after two others


def test_pick_prefers_the_learner_level_and_excludes_the_open_item(pick_item, tutor_library):
    item = pick_item({}, "", audience="physician")
    assert item.level == "physician"
    assert pick_item({}, "", audience="physician", exclude=item.id).id != item.id
    assert tutor_library.items_by_id[item.id] is item
