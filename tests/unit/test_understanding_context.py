"""ConText/NegEx-style reading of each concept: negation, uncertainty, history, family, hypothetical, typos.

Ported from the old ``find_concepts`` tests to the one parse (``parse`` via the ``read`` fixture) with the real
lexicon. The old flags map onto a mention's assertion and experiencer:
affirmed = applies now and not settled (``current`` and not ``resolved``); negated = absent; uncertain = possible;
historical = historical; resolved = ``resolved``; family = experiencer family; hypothetical and educational =
hypothetical (a question about a topic is hypothetical; there is no separate "educational" flag any more).
"""

import pytest

from assistant.understanding.findings import Mention
from assistant.understanding.phrases import PhraseMatcher


def only(read, text: str, concept: str = "chest_pain") -> Mention:
    mentions = [m for m in read(text).mentions if m.concept == concept]
    assert len(mentions) == 1, mentions
    return mentions[0]


def affirmed(mention: Mention) -> bool:
    return mention.current and not mention.resolved


def test_plain_mention_is_affirmed_with_offsets(read):
    text = "I have Chest   Pain since noon"
    mention = only(read, text)
    assert affirmed(mention)
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
def test_negated(read, text):
    mention = only(read, text)
    assert mention.assertion == "absent" and not affirmed(mention)


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
def test_terminators_end_negation_scope(read, text):
    assert affirmed(only(read, text))
    if "fever" in text.lower():
        assert only(read, text, "fever").assertion == "absent"


def test_negation_inside_a_gap_negates_the_phrase(read):
    assert only(read, "my face is not drooping", "facial_droop").assertion == "absent"
    assert affirmed(only(read, "my face is drooping", "facial_droop"))


def test_negation_word_inside_concept_is_not_a_trigger(read):
    # old concept "cant_breathe" is part of shortness_of_breath now
    assert affirmed(only(read, "I cant breathe", "shortness_of_breath"))


def test_negation_window_is_limited(read):
    text = "no problems with my knees or my back or my shoulders or my hips so far and chest pain"
    assert affirmed(only(read, text))


@pytest.mark.parametrize("text", ["possible chest pain", "maybe chest pain", "I might have chest pain", "?chest pain"])
def test_uncertain_still_affirmed(read, text):
    mention = only(read, text)
    assert mention.assertion == "possible" and affirmed(mention)


@pytest.mark.parametrize(
    "text",
    ["history of chest pain", "I had chest pain last year", "chest pain 3 years ago", "previous chest pain",
     "I used to get chest pain as a child"],
)
def test_historical(read, text):
    mention = only(read, text)
    assert mention.assertion == "historical" and not affirmed(mention)


def test_recent_time_is_not_historical(read):
    assert affirmed(only(read, "chest pain started 20 minutes ago"))
    assert affirmed(only(read, "for the past hour I have had chest pain"))


@pytest.mark.parametrize(
    "text",
    [
        "chest pain went away",
        "the chest pain has resolved",
        "had chest pain this morning, fine now",
    ],
)
def test_resolved(read, text):
    mention = only(read, text)
    assert mention.resolved and not affirmed(mention)


@pytest.mark.parametrize(
    "text", ["my mother had a stroke", "family history of stroke", "stroke runs in the family", "dad died of a stroke"]
)
def test_family_history(read, text):
    mention = only(read, text, "stroke")
    assert mention.experiencer == "family" and not affirmed(mention)


def test_relative_with_current_symptom_is_not_family_history(read):
    mention = only(read, "my dad has chest pain right now")
    assert mention.experiencer != "family" and affirmed(mention)


@pytest.mark.parametrize(
    "text", ["if I get chest pain what should I do?", "what to do in case of chest pain", "what if I get chest pain"]
)
def test_hypothetical(read, text):
    mention = only(read, text)
    assert mention.assertion == "hypothetical" and not affirmed(mention)


@pytest.mark.parametrize(
    "text",
    ["what are the signs of a stroke?", "explain stroke management", "in a patient with chest pain, what test first?",
     "tell me about chest pain"],
)
def test_educational_questions_are_hypothetical(read, text):
    concept = "stroke" if "stroke" in text else "chest_pain"
    mention = only(read, text, concept)
    assert mention.assertion == "hypothetical" and not affirmed(mention)


def test_personal_report_cancels_educational_phrasing(read):
    assert affirmed(only(read, "what is this? I have chest pain and I'm scared"))


def test_sentence_boundary_resets_hypothetical(read):
    text = "What should I do if the pain returns? Right now I have chest pain."
    assert affirmed(only(read, text))


def test_typos_and_case(read):
    assert affirmed(only(read, "CHEST PIAN"))
    assert affirmed(only(read, "i am shortt of breath", "shortness_of_breath"))


def test_everyday_word_is_not_corrected_into_a_symptom(read):
    assert read("the union strike is on").mentions == ()


def test_empty_and_hostile_inputs(read):
    assert read("").mentions == ()
    assert read(None).mentions == ()
    assert affirmed(only(read, "\x00\x01 chest pain \x7f"))


def test_huge_input_is_read_to_the_end(read):
    big = "nothing to see here. " * 5000 + "chest pain"
    mentions = read(big).mentions
    assert mentions and mentions[-1].concept == "chest_pain"


def test_multiline_transcript_lines_are_sentences(read):
    text = "Doctor: any fever?\nPatient: no fever\nPatient: chest pain since noon"
    mentions = {m.concept: m for m in read(text).mentions}
    assert affirmed(mentions["chest_pain"])


def test_bad_phrase_is_rejected():
    with pytest.raises(ValueError):
        PhraseMatcher({"bad": ["* chest"]})


# -- readings added while tuning triage for adults (session T1): each is a family of wordings ------------------------
def current(read, text: str) -> set[str]:
    return {m.concept for m in read(text).mentions if m.current}


def feature(read, text: str, name: str) -> str | None:
    found = [f.assertion for f in read(text).features if f.concept == name]
    return found[0] if found else None


@pytest.mark.parametrize("text", ["no rash, no fever, nothing sudden", "nothing sudden about it, it built up over a day"])
def test_nothing_denies_what_follows(read, text):
    assert feature(read, text, "sudden_onset") == "absent"
    assert read(text).onset != "sudden"


@pytest.mark.parametrize("text", ["nothing helps the headache", "nothing seems to help my headache"])
def test_nothing_helps_does_not_deny_the_symptom(read, text):
    assert "headache" in current(read, text)


@pytest.mark.parametrize("text", ["during the attacks I feel like I can't breathe", "it felt like I couldn't breathe and I was scared"])
def test_feeling_as_if_breathless_is_not_severe_breathlessness(read, text):
    assert feature(read, text, "breathless_severe") in (None, "absent")


@pytest.mark.parametrize("text", ["I felt like I might pass out", "I thought I was going to pass out in the queue",
                                  "standing up I could faint"])
def test_fearing_a_faint_is_feeling_faint(read, text):
    found = current(read, text)
    assert "fainting" not in found and "dizziness" in found


@pytest.mark.parametrize("text", ["he snores and stops breathing for a few seconds in his sleep",
                                  "she stops breathing at night then gasps"])
def test_pauses_in_breathing_asleep_are_not_an_arrest(read, text):
    assert "unresponsive" not in current(read, text)
    assert feature(read, text, "breathing_pauses") == "present"


@pytest.mark.parametrize("text", ["I've lost my voice with this cold", "my voice has gone hoarse", "hoarseness for a week"])
def test_a_hoarse_voice_is_not_a_closing_throat(read, text):
    assert "throat_tightness" not in current(read, text)
    assert feature(read, text, "hoarse_voice") == "present"


def test_a_swollen_tongue_is_an_airway_warning(read):
    assert "throat_tightness" in current(read, "my tongue and lips are massively swollen")


@pytest.mark.parametrize("text", ["the inhaler helps for a bit", "it eases in a bit then comes back"])
def test_a_time_phrase_is_not_mild(read, text):
    assert feature(read, text, "mild") is None


@pytest.mark.parametrize("text", ["got on the buses to town", "water sprayed everywhere"])
def test_real_words_are_not_corrected_into_misspellings(read, text):
    assert read(text).mentions == ()


def test_a_mask_does_not_hide_the_qualifier_it_spells(read):
    assert feature(read, "I'm on blood thinners and banged my head", "anticoagulated") == "present"
    assert feature(read, "not on blood thinners", "anticoagulated") == "absent"


@pytest.mark.parametrize("text", ["my husband collapsed and isn't breathing", "my mum fainted and won't wake up"])
def test_a_relative_in_trouble_now_is_the_patient(read, text):
    mentions = [m for m in read(text).mentions if m.concept == "unresponsive"]
    assert mentions and mentions[0].experiencer == "patient" and mentions[0].current


def test_my_own_symptom_after_a_relative_is_mine(read):
    mention = only(read, "my husband says I should get my chest pain looked at")
    assert mention.experiencer != "family" and affirmed(mention)


@pytest.mark.parametrize("text", ["more breathless and my phlegm has gone green", "breathless and the sputum went yellow"])
def test_gone_with_a_colour_is_a_change_not_a_resolution(read, text):
    assert affirmed(only(read, text, "shortness_of_breath"))


def test_a_questionnaire_item_scored_zero_is_denied(read):
    assert "self_harm" not in current(read, "EPDS 13, Q10 (self-harm) scored 0")


@pytest.mark.parametrize("text", ["gritty dry eyes in the evenings", "my eyes feel dry and gritty"])
def test_dry_eyes_are_not_dehydration(read, text):
    assert "dehydration" not in current(read, text)
    assert feature(read, text, "dry_eye") == "present"


@pytest.mark.parametrize("text", ["can walk on it ok though limping a little", "walking on it with a slight limp"])
def test_walking_with_a_limp_is_bearing_weight(read, text):
    assert "unable_to_bear_weight" not in current(read, text)


def test_a_status_clause_settles_only_the_finding_it_follows(read):
    # the settling words belong to the headache named just before them, not to the chest pain before that
    assert affirmed(only(read, "chest pain, headache gone now"))
    assert only(read, "chest pain, headache gone now", "headache").resolved


def test_safety_net_advice_makes_its_whole_list_hypothetical(read):
    said = "If he gets a fever, a stiff neck, or a rash that won't fade, or he is very sleepy, bring him straight back."
    assert {m.concept: m.assertion for m in read(said).mentions} == {
        "fever": "hypothetical", "stiff_neck": "hypothetical", "non_blanching_rash": "hypothetical",
        "drowsiness": "hypothetical"}


def test_a_condition_that_ends_in_a_symptom_is_a_report_not_advice(read):
    found = {m.concept: m.assertion for m in read("If I climb a hill, I get chest pain and I'm short of breath.").mentions}
    assert found == {"chest_pain": "present", "shortness_of_breath": "present"}


def test_a_clinicians_safety_net_after_the_speaker_label_is_hypothetical(read):
    found = read("Patient: Thanks.\nDoctor: If she gets a headache, vomits, or goes floppy, ring 999.").mentions
    assert {m.concept: m.assertion for m in found} == {
        "headache": "hypothetical", "vomiting": "hypothetical", "drowsiness": "hypothetical"}
