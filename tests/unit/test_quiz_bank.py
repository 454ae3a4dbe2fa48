"""Every quiz item in every bank file (and every generated item) is supported by the section it cites."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.tutor.bank import (
    bank_files, docs_by_id, duplicate_problems, item_problems, key_supported, load_bank_file,
)
from assistant.tutor.generated import items_for_doc, load_grade_scales
from knowledge.corpus import load_starter_corpus

# Parametrised tests need the items at collection time, so they are read here rather than from a fixture.
DOCS = docs_by_id(load_starter_corpus())
BANK_FILES = bank_files()
ITEMS = [item for path in BANK_FILES for item in load_bank_file(path)]
GENERATED = [item for doc in DOCS.values() for item in items_for_doc(doc, load_grade_scales())]


def test_there_are_bank_files_and_items():
    assert BANK_FILES, "no knowledge/quiz/bank_*.yaml files found"
    assert len(ITEMS) >= 50


@pytest.mark.parametrize("item", ITEMS + GENERATED, ids=lambda item: f"{item.source_file}:{item.id}")
def test_item_is_supported_by_its_cited_section(item):
    assert item_problems(item, DOCS) == []


def test_no_duplicate_ids_or_questions_across_all_banks():
    assert duplicate_problems(ITEMS + GENERATED) == []


def test_the_check_catches_many_wrong_keys():
    """Swapping the key for a distractor the section does not mention must fail the item."""
    swapped = [dataclasses.replace(item, answer=letter) for item in ITEMS
               for letter in "ABCDE"[: len(item.options)] if letter != item.answer]
    caught = sum(1 for item in swapped if item_problems(item, DOCS))
    assert caught / len(swapped) >= 0.3


def test_the_check_catches_a_missing_support_phrase_section_or_doc():
    item = ITEMS[0]
    assert "support phrase is not in the cited section" in item_problems(
        dataclasses.replace(item, support="a phrase that no guideline contains at all"), DOCS)
    assert any("section" in p for p in item_problems(dataclasses.replace(item, section="No such section"), DOCS))
    assert any("doc_id" in p for p in item_problems(dataclasses.replace(item, doc_id="no-such-doc"), DOCS))


def test_the_check_catches_bad_options_and_answer_letters():
    item = ITEMS[0]
    assert any("4-5 options" in p for p in item_problems(dataclasses.replace(item, options=item.options[:3]), DOCS))
    assert any("repeated" in p for p in item_problems(dataclasses.replace(item, options=[item.options[0]] * 4), DOCS))
    assert any("letters" in p for p in item_problems(dataclasses.replace(item, answer="Z"), DOCS))


def test_duplicates_are_reported():
    item = ITEMS[0]
    twin = dataclasses.replace(item, id=item.id + "-copy")
    assert any("duplicate question" in p for p in duplicate_problems([item, twin]))
    assert any("duplicate id" in p for p in duplicate_problems([item, dataclasses.replace(twin, id=item.id)]))


def test_key_support_uses_defining_terms_not_scenario_details():
    section = "Metformin is contraindicated with eGFR below 30; do not start at eGFR 30 to 45."
    assert key_supported("30 mL/min/1.73 m2", "Below which eGFR is metformin contraindicated?", section)
    assert not key_supported("Insulin glargine", "Which drug is contraindicated?", section)
