"""Lexicon matching with negation, and embedding paraphrases for wordings the lexicon lacks."""

from __future__ import annotations

from assistant.triage.symptoms import find_paraphrases, match_symptoms, paraphrase_index, paraphrase_threshold


def test_lexicon_terms_and_associated_symptoms():
    found = match_symptoms("Bad headache since this morning with a stiff neck", use_embeddings=False)
    assert found.complaints == ["headache"]
    assert "stiff_neck" in found.present


def test_negated_symptom_is_absent_not_present():
    found = match_symptoms("Sore throat for two days, no fever", use_embeddings=False)
    assert "sore_throat" in found.complaints
    assert "fever" in found.absent and "fever" not in found.present


def test_family_history_is_not_a_current_complaint():
    found = match_symptoms("My dad had chest pain last year. I have a runny nose.")
    assert "chest_pain" not in found.complaints
    assert "cold_symptoms" in found.complaints


def test_heavy_pressure_in_chest_is_chest_pain():
    assert match_symptoms("heavy pressure in my chest").complaints == ["chest_pain"]


def test_paraphrase_found_by_embedding_only():
    text = "there is a heavy weight pressing down on my breastbone"
    assert match_symptoms(text, use_embeddings=False).complaints == []
    found = match_symptoms(text)
    assert found.complaints == ["chest_pain"]
    assert found.paraphrases[0]["score"] >= paraphrase_threshold()


def test_negated_clause_is_not_a_paraphrase():
    assert find_paraphrases("no heavy weight pressing down on my breastbone", known=set()) == []


def test_unrelated_text_matches_nothing():
    for text in ("What is the usual dose of ibuprofen?", "I feel fine today, thanks", "hello there"):
        assert match_symptoms(text).complaints == []


def test_most_urgent_complaint_comes_first():
    assert match_symptoms("a cough and chest pain", use_embeddings=False).complaints[0] == "chest_pain"


def test_lexicon_vectors_are_cached_once():
    first = paraphrase_index()
    match_symptoms("my belly is killing me")
    assert paraphrase_index() is first
    assert first.vectors.shape == (len(first.labels), 384)
