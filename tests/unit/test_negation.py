"""ConText/NegEx-style concept finding: negation, uncertainty, history, family, hypothetical, typos."""

import pytest

from assistant.clinical_text import ConceptMention, find_concepts

LEXICON = {
    "chest_pain": ["chest pain", "pain in my chest"],
    "fever": ["fever", "high temperature"],
    "stroke": ["stroke"],
    "face_droop": ["face * droop*"],
    "sob": ["short of breath", "shortness of breath"],
    "cant_breathe": ["cant breathe"],
}


def only(text: str, concept: str = "chest_pain") -> ConceptMention:
    mentions = [m for m in find_concepts(text, LEXICON) if m.concept == concept]
    assert len(mentions) == 1, mentions
    return mentions[0]


def test_plain_mention_is_affirmed_with_offsets():
    text = "I have Chest   Pain since noon"
    mention = only(text)
    assert mention.affirmed
    assert text[mention.start:mention.end] == mention.surface == "Chest   Pain"


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain",
        "No chest pain today",
        "I deny chest pain",
        "denies chest pain",
        "without chest pain",
        "not having chest pain",
        "negative for chest pain",
        "free of chest pain",
        "never had chest pain",
        "I don't have chest pain",
        "I do not have any chest pain",
        "chest pain: denied",
        "no fever, cough or chest pain",
        "there is no evidence of chest pain",
        "chest pain ruled out",
    ],
)
def test_negated(text):
    mention = only(text)
    assert mention.negated and not mention.affirmed


@pytest.mark.parametrize(
    "text",
    [
        "no fever but I have chest pain",
        "no fever, however chest pain started",
        "No fever. Chest pain since this morning",
        "no fever; chest pain",
        "No, I have chest pain",
    ],
)
def test_terminators_end_negation_scope(text):
    assert only(text).affirmed
    assert only(text, "fever").negated if "fever" in text.lower() else True


def test_negation_inside_a_gap_negates_the_phrase():
    assert only("my face is not drooping", "face_droop").negated
    assert only("my face is drooping", "face_droop").affirmed


def test_negation_word_inside_concept_is_not_a_trigger():
    assert only("I cant breathe", "cant_breathe").affirmed


def test_negation_window_is_limited():
    text = "no problems with my knees or my back or my shoulders or my hips so far and chest pain"
    assert only(text).affirmed


@pytest.mark.parametrize("text", ["possible chest pain", "maybe chest pain", "I might have chest pain", "?chest pain"])
def test_uncertain_still_affirmed(text):
    mention = only(text)
    assert mention.uncertain and mention.affirmed


@pytest.mark.parametrize(
    "text",
    ["history of chest pain", "I had chest pain last year", "chest pain 3 years ago", "previous chest pain",
     "I used to get chest pain as a child"],
)
def test_historical(text):
    mention = only(text)
    assert mention.historical and not mention.affirmed


def test_recent_time_is_not_historical():
    assert only("chest pain started 20 minutes ago").affirmed
    assert only("for the past hour I have had chest pain").affirmed


@pytest.mark.parametrize(
    "text", ["chest pain went away", "the chest pain has resolved", "had chest pain this morning, fine now"]
)
def test_resolved(text):
    mention = only(text)
    assert mention.resolved and not mention.affirmed


@pytest.mark.parametrize(
    "text", ["my mother had a stroke", "family history of stroke", "stroke runs in the family", "dad died of a stroke"]
)
def test_family_history(text):
    mention = only(text, "stroke")
    assert mention.family and not mention.affirmed


def test_relative_with_current_symptom_is_not_family_history():
    mention = only("my dad has chest pain right now")
    assert not mention.family and mention.affirmed


@pytest.mark.parametrize(
    "text", ["if I get chest pain what should I do?", "what to do in case of chest pain", "what if I get chest pain"]
)
def test_hypothetical(text):
    mention = only(text)
    assert mention.hypothetical and not mention.affirmed


@pytest.mark.parametrize(
    "text",
    ["what are the signs of a stroke?", "explain stroke management", "in a patient with chest pain, what test first?",
     "tell me about chest pain"],
)
def test_educational_questions_are_hypothetical(text):
    concept = "stroke" if "stroke" in text else "chest_pain"
    mention = only(text, concept)
    assert mention.educational and mention.hypothetical and not mention.affirmed


def test_personal_report_cancels_educational_phrasing():
    mention = only("what is this? I have chest pain and I'm scared")
    assert mention.affirmed


def test_sentence_boundary_resets_hypothetical():
    text = "What should I do if the pain returns? Right now I have chest pain."
    assert only(text).affirmed


def test_typos_and_case():
    assert only("CHEST PIAN").affirmed
    assert only("i am shortt of breath", "sob").affirmed


def test_everyday_word_is_not_corrected_into_a_symptom():
    assert find_concepts("the union strike is on", LEXICON) == []


def test_empty_hostile_and_huge_inputs():
    assert find_concepts("", LEXICON) == []
    assert find_concepts(None, LEXICON) == []  # type: ignore[arg-type]
    assert find_concepts("\x00\x01 chest pain \x7f", LEXICON)[0].affirmed
    big = "nothing to see here. " * 5000 + "chest pain"
    assert find_concepts(big, LEXICON)[-1].concept == "chest_pain"
    assert find_concepts("chest pain", {}) == []


def test_multiline_transcript_lines_are_sentences():
    text = "Doctor: any fever?\nPatient: no fever\nPatient: chest pain since noon"
    mentions = {m.concept: m for m in find_concepts(text, LEXICON)}
    assert mentions["chest_pain"].affirmed


def test_bad_phrase_is_rejected():
    with pytest.raises(ValueError):
        find_concepts("x", {"bad": ["* chest"]})
