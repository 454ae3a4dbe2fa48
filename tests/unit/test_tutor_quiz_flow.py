"""The quiz conversation and its artifact: the key stays hidden while open; hint, then explanation."""

from __future__ import annotations

import json

import pytest

from assistant.tutor import quiz_flow


@pytest.fixture
def lib(tutor_library):
    return tutor_library


def _open(lib, memory: dict, topic: str = "colorectal cancer screening"):
    reply = quiz_flow.request(lib, memory, f"quiz me on {topic}", "student")
    return reply, lib.items_by_id[reply.quiz["id"]]


def _wrong(item) -> list[str]:
    return [letter for letter in "ABCDE"[: len(item.options)] if letter != item.answer]


def test_open_item_hides_key_explanation_and_support(lib):
    memory: dict = {}
    reply, item = _open(lib, memory)
    quiz = reply.quiz
    assert quiz["status"] == "open" and quiz["answer"] is None and quiz["explanation"] is None
    assert quiz["citation"]["snippet"] == "" and quiz["citation"]["doc_id"] == item.doc_id
    assert [o["letter"] for o in quiz["options"]] == list("ABCDE"[: len(item.options)])
    assert item.explanation not in reply.text and "answer is" not in reply.text.lower()
    assert memory["quiz"]["id"] == item.id and json.dumps(memory)


def test_wrong_then_right_gives_hint_then_correct_without_first_try_credit(lib):
    memory: dict = {}
    _, item = _open(lib, memory)
    hint = quiz_flow.answer(lib, memory, _wrong(item)[0])
    assert hint.quiz["result"] == "hint" and hint.quiz["status"] == "open" and hint.quiz["answer"] is None
    assert item.explanation not in hint.text and item.section in hint.text
    done = quiz_flow.answer(lib, memory, item.answer.lower())
    assert done.quiz["result"] == "correct" and done.quiz["status"] == "graded"
    assert done.quiz["answer"] == item.answer and done.quiz["explanation"] == item.explanation
    assert done.citations and "[1]" in done.text and memory["quiz"] is None
    assert done.quiz["progress"]["correct"] == 0 and done.quiz["progress"]["missed"] == [item.id]


def test_two_wrong_answers_reveal_the_explanation(lib):
    memory: dict = {}
    _, item = _open(lib, memory)
    quiz_flow.answer(lib, memory, _wrong(item)[0])
    final = quiz_flow.answer(lib, memory, _wrong(item)[1])
    assert final.quiz["result"] == "incorrect" and item.explanation in final.text
    assert f"The answer is {item.answer})" in final.text


def test_first_try_correct_scores(lib):
    memory: dict = {}
    _, item = _open(lib, memory)
    done = quiz_flow.answer(lib, memory, item.answer_text)
    assert done.quiz["result"] == "correct" and done.quiz["progress"]["correct"] == 1


def test_no_quiz_open_unknown_topic_stop_and_unclear(lib):
    memory: dict = {}
    assert quiz_flow.answer(lib, memory, "B").text == quiz_flow.NO_QUIZ
    unknown = quiz_flow.request(lib, memory, "quiz me on quantum physics", "student")
    assert "no quiz questions on 'quantum physics'" in unknown.text and unknown.quiz is None
    _, item = _open(lib, memory)
    unclear = quiz_flow.answer(lib, memory, "pizza with pineapple")
    assert unclear.quiz["status"] == "open" and memory["quiz"]["attempts"] == 0
    still = quiz_flow.request(lib, memory, "quiz me on quantum physics", "student")
    assert still.quiz["id"] == item.id and "still waiting" in still.text
    stopped = quiz_flow.answer(lib, memory, "stop the quiz")
    assert "Quiz stopped" in stopped.text and memory["quiz"] is None
    assert any(d["id"] == item.id for d in memory["progress"]["due"])


def test_a_new_request_sets_the_open_item_aside(lib):
    memory: dict = {}
    _, first = _open(lib, memory)
    reply = quiz_flow.request(lib, memory, "next question", "student")
    assert reply.quiz["id"] != first.id and "set aside" in reply.text
    assert first.id not in reply.text  # the learner reads the topic, not the bank's internal id


def test_item_gone_from_bank_is_closed_clearly(lib):
    memory = {"quiz": {"id": "no-such-item", "attempts": 0, "asked_at": 1}}
    assert "no longer in the question bank" in quiz_flow.answer(lib, memory, "A").text and memory["quiz"] is None
