"""The parse's embedding fallback, measured on both sides of its threshold with the project's calibration file:
unusual wordings of a concept should be found, ordinary sentences should find nothing."""

import pytest

from assistant.understanding.lexicon import Lexicon
from assistant.understanding.paraphrase import ParaphraseIndex
from assistant.understanding.parse import parse
from knowledge import language


@pytest.fixture(scope="module")
def calibration() -> dict:
    return language.load("paraphrase_calibration")


def test_paraphrases_are_found_with_the_fallback_and_not_without(
        lexicon: Lexicon, paraphraser: ParaphraseIndex, calibration: dict) -> None:
    items = calibration["paraphrases"]
    alone = sum(any(m.concept == concept for m in parse(text, lexicon).mentions) for concept, text in items)
    found = wrong = 0
    for concept, text in items:
        mentions = parse(text, lexicon, paraphraser=paraphraser).mentions
        found += concept in {m.concept for m in mentions}
        wrong += any(m.source == "paraphrase" and m.concept != concept for m in mentions)
    assert found >= 0.75 * len(items), (found, len(items))
    assert found - alone >= 0.2 * len(items)  # the fallback, not the lexicon, carries a real share
    assert wrong <= 0.05 * len(items), wrong


def test_ordinary_sentences_find_no_symptom(lexicon: Lexicon, paraphraser: ParaphraseIndex,
                                            calibration: dict) -> None:
    for text in calibration["not_symptoms"]:
        assert not parse(text, lexicon, paraphraser=paraphraser).mentions, text


def test_a_paraphrase_keeps_its_negation(lexicon: Lexicon, paraphraser: ParaphraseIndex) -> None:
    findings = parse("no, I haven't been gasping for air at all on the stairs", lexicon, paraphraser=paraphraser)
    assert all(m.assertion == "absent" for m in findings.mentions if m.concept == "shortness_of_breath")


def test_vectors_are_cached_on_disk_and_reused(lexicon: Lexicon, paraphraser: ParaphraseIndex, tmp_path) -> None:
    calls = []

    def embed(texts):
        calls.append(len(texts))
        return paraphraser._embed(texts)

    first = ParaphraseIndex(embed, lexicon.paraphrase_phrases, lexicon.non_symptoms, tmp_path)
    first.vectors
    second = ParaphraseIndex(embed, lexicon.paraphrase_phrases, lexicon.non_symptoms, tmp_path)
    second.vectors
    assert len(calls) == 1 and list(tmp_path.glob("paraphrase-*.npy"))


@pytest.mark.parametrize(("text", "concept"), [("I've barely slept all week with worry", "drowsiness"),
                                                ("passing very little dark urine today", "urinary_frequency"),
                                                ("I dribble a bit at the end when I pee", "facial_droop"),
                                                ("my ear has been muffled again for a few days", "throat_tightness")])
def test_quantity_and_single_shared_words_do_not_make_a_symptom(lexicon, paraphraser, text, concept):
    """Embeddings miss how much ("barely", "very little") and over-weigh one shared word ("dribble", "muffled");
    such clauses are left to the lexicon, and a lone look-alike phrase needs a second neighbour to count."""
    mentions = parse(text, lexicon, paraphraser=paraphraser).mentions
    assert not any(m.concept == concept and m.source == "paraphrase" for m in mentions)
