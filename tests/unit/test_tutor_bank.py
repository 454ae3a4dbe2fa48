"""Loading bank files: tolerant of partial files, loud about malformed ones, broken items left out."""

from __future__ import annotations

import pytest

from assistant.tutor.bank import BankError, QuizItem, load_bank, load_bank_file, stem


def test_load_bank_returns_sound_items_with_letters_in_range(tutor_library):
    items = load_bank(tutor_library.docs)
    assert items and all(isinstance(i, QuizItem) for i in items)
    assert all(i.answer_text for i in items)
    assert len({i.id for i in items}) == len(items)


def test_a_malformed_bank_file_raises_a_named_error(tmp_path):
    bad = tmp_path / "bank_x.yaml"
    bad.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(BankError, match="bank_x.yaml"):
        load_bank_file(bad)
    bad.write_text("just: a mapping\n", encoding="utf-8")
    with pytest.raises(BankError, match="list"):
        load_bank_file(bad)


def test_an_empty_bank_file_is_empty_not_an_error(tmp_path):
    empty = tmp_path / "bank_y.yaml"
    empty.write_text("# items still being written\n", encoding="utf-8")
    assert load_bank_file(empty) == []


def test_stem_matches_inflections():
    assert stem("pausing") == stem("pause") == stem("paused")
    assert stem("desensitised") == stem("desensitise")
