"""Items generated from front-matter grades: right key, the scale's other grades as distractors, a cited section."""

from __future__ import annotations

import pytest

from assistant.tutor.bank import item_problems
from assistant.tutor.generated import generated_items, items_for_doc


@pytest.fixture
def docs(tutor_library):
    return tutor_library.docs


@pytest.fixture
def scales(tutor_library):
    return tutor_library.grade_scales


def test_uspstf_grade_item_for_colorectal_screening(docs, scales):
    items = {i.id: i for i in items_for_doc(docs["uspstf-colorectal-cancer-screening-2021"], scales)}
    item = items["g-uspstf-uspstf-colorectal-cancer-screening-2021-2"]
    assert "45 to 49" in item.question and item.answer_text == "Grade B"
    assert item.options == ["Grade A", "Grade B", "Grade C", "Grade D", "I statement"]
    assert item.section == "Key recommendations" and "Grade B" in item.support
    assert item.origin == "generated" and item_problems(item, docs) == []


def test_acc_aha_class_items_exist_and_ungraded_docs_give_none(docs, scales):
    ids = {i.id for i in generated_items(docs, scales)}
    assert any(i.startswith("g-acc_aha-") for i in ids)
    assert items_for_doc(docs["nice-headache-2012"], scales) == []


def test_giveaway_insufficient_evidence_items_are_skipped(docs, scales):
    assert all(not i.question.split('"')[1].lower().startswith("evidence is insufficient")
               for i in generated_items(docs, scales))


def test_every_generated_item_is_sound_and_unique(docs, scales):
    items = generated_items(docs, scales)
    assert len(items) >= 20
    assert len({i.id for i in items}) == len(items)
    assert all(item_problems(i, docs) == [] for i in items)
