"""Reading letter and free-text answers, and hints that never name the key."""

from __future__ import annotations

import pytest

from assistant.tutor.bank import QuizItem
from assistant.tutor.grading import cloze, looks_like_letter, read_choice, socratic_hint, wants_stop

ITEM = QuizItem(
    id="t-1", doc_id="d", section="Teaching points", topic="colorectal cancer screening",
    question="A 58-year-old has a positive FIT. What next?",
    options=["Colonoscopy", "Repeat the FIT in 1 year", "Repeat the FIT within 1 month", "CT colonography in 5 years"],
    answer="A", explanation="x", support="A positive FIT is a reason for colonoscopy",
)


@pytest.mark.parametrize("text, letter", [("b", "B"), ("I think it's C", "C"), ("answer: d", "D"), ("(a)", "A"),
                                          ("colonoscopy", "A"), ("CT colonography", "D"),
                                          ("repeat the FIT within 1 month", "C")])
def test_letters_and_option_text_are_read(text, letter):
    assert read_choice(text, ITEM).letter == letter


def test_unclear_ambiguous_and_requests():
    assert read_choice("pizza", ITEM).kind == "unclear"
    assert read_choice("E", ITEM).kind == "unclear"  # only four options
    ambiguous = read_choice("repeat the FIT", ITEM)
    assert ambiguous.kind == "ambiguous" and set(ambiguous.candidates) == {"B", "C"}
    assert read_choice("hint please", ITEM).kind == "hint"
    assert read_choice("I don't know", ITEM).kind == "hint"
    assert read_choice("skip", ITEM).kind == "reveal"
    assert read_choice("stop the quiz", ITEM).kind == "stop"


def test_stop_and_letter_detection():
    assert wants_stop("please stop the quiz") and wants_stop("quit") and not wants_stop("stop bleeding")
    assert looks_like_letter("B") and not looks_like_letter("Bleeding")


def test_hint_blanks_the_key_and_points_at_the_section():
    hint = socratic_hint(ITEM, "B", "Colorectal screening", "USPSTF, 2021")
    assert "Teaching points" in hint and "?" in hint
    assert "colonoscopy" not in hint.lower()
    assert cloze(ITEM.support, ITEM.answer_text) == "A positive FIT is a reason for ___"


def test_hint_without_a_useful_cloze_still_asks_a_question():
    item = QuizItem(**{**ITEM.__dict__, "support": "colonoscopy"})
    hint = socratic_hint(item, None, "T", "S")
    assert "colonoscopy" not in hint.lower() and "?" in hint
