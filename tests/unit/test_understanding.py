"""The one parse per turn: concepts with assertion and experiencer, answers read against the question asked,
speakers in transcripts, and the mechanisms behind them. Sentences here are our own."""

from __future__ import annotations

import pytest

from assistant.understanding.answers import read_answer
from assistant.understanding.findings import AskedQuestion
from assistant.understanding.parse import question_asked


def readings(findings):
    return {m.concept: (m.assertion, m.experiencer) for m in findings.mentions}


def test_feels_hot_is_a_fever_and_weeks_are_an_age(read):
    findings = read("my 3 week old baby feels hot, 38.2")
    assert readings(findings)["fever"] == ("present", "patient")
    assert findings.demographics.age_years == pytest.approx(3 * 7 / 365.25, abs=0.005)
    assert findings.vital("temperature").value == 38.2


@pytest.mark.parametrize("text, celsius, unit", [
    ("temp 98.2", 36.8, "F"), ("T=104", 40.0, "F"), ("temperature 99.1 this morning", 37.3, "F"),
    ("temp 39.4 C", 39.4, "C"), ("fever of 101.3F", 38.5, "F"), ("38,7 depuis hier", None, None),
])
def test_temperatures_take_the_unit_the_number_implies(read, text, celsius, unit):
    reading = read(text).vital("temperature")
    if celsius is None:
        assert reading is None  # a bare number with no label and no fever word is not guessed
    else:
        assert (reading.value, reading.written_unit) == (celsius, unit)


def test_blood_pressure_and_pulse_give_a_shock_reading(read):
    findings = read("BP 90/60 HR 110")
    assert findings.vital("blood_pressure").value == 90 and findings.vital("blood_pressure").diastolic == 60
    assert findings.vital("heart_rate").value == 110


def test_clinician_shorthand(read):
    findings = read("58M c/o CP radiating to L arm, SOB, N/V, h/o MI. GCS 10, INR 6.8, SpO2 86% on air")
    got = readings(findings)
    assert findings.subject == "patient" and findings.demographics.age_years == 58 and findings.demographics.sex == "male"
    for concept in ("chest_pain", "pain_radiation", "shortness_of_breath", "nausea", "vomiting"):
        assert got[concept] == ("present", "patient")
    assert got["heart_attack"][0] == "historical"
    assert findings.vital("gcs").value == 10 and findings.vital("inr").value == 6.8
    assert findings.vital("spo2").value == 86 and findings.vital("spo2").on_oxygen is False


def test_exam_findings_without_first_person_belong_to_a_patient(read):
    got = readings(read("scleral icterus, asterixis, INR 6.8, GCS 10"))
    assert got["jaundice"] == ("present", "patient") and got["asterixis"] == ("present", "patient")


def test_a_doctors_question_answered_no_is_a_denial(read):
    findings = read("Doctor: any trouble breathing? Patient: No, breathing is fine")
    assert readings(findings)["shortness_of_breath"] == ("absent", "patient")


def test_an_answer_after_an_aside_or_in_reported_speech_is_still_an_answer(read):
    through = read("Doctor: Any headache?\nPatient: (through the interpreter) No, my head is fine.")
    assert readings(through)["headache"] == ("absent", "patient")
    relayed = read("Call handler: Is he short of breath?\nCaller: He says no, he's just tired.")
    assert readings(relayed)["shortness_of_breath"] == ("absent", "patient")


def test_a_reply_that_describes_the_symptom_affirms_it(read):
    findings = read("Doctor: Any pain when you pee?\nPatient: it burns like fire")
    assert readings(findings)["painful_urination"][0] == "present"


def test_an_unanswered_question_is_not_a_finding(read):
    findings = read("Doctor: any chest pain?\nDoctor: and have you been sick?\nPatient: a couple of times")
    assert readings(findings)["chest_pain"][0] == "hypothetical"


def test_signs_questions_and_family_history_are_not_present(read):
    assert readings(read("what are the signs of a stroke?"))["stroke"][0] == "hypothetical"
    assert readings(read("my father had a stroke in 2010"))["stroke"] == ("historical", "family")
    got = readings(read("I've got chest pain and my dad had a heart attack at 50"))
    assert got["chest_pain"] == ("present", "self") and got["heart_attack"] == ("historical", "family")


def test_a_relative_who_is_the_patient_is_not_family(read):
    got = readings(read("Mum (82) had a fall this morning and hit her head, she's not drowsy"))
    assert got["head_injury"] == ("present", "patient")
    assert got["drowsiness"] == ("absent", "patient")


def test_negation_runs_through_a_list_but_not_into_a_new_statement(read):
    got = readings(read("no fever, cough or rash"))
    assert {c: a for c, (a, _) in got.items()} == {"fever": "absent", "cough": "absent", "rash": "absent"}
    got = readings(read("no wheeze, off his food, feverish since yesterday"))
    assert got["wheeze"][0] == "absent" and got["fever"][0] == "present"
    got = readings(read("no fever, no cough, just a sore throat for 2 days"))
    assert got["sore_throat"][0] == "present"


@pytest.mark.parametrize("question, answer, concept, assertion", [
    ("Any trouble breathing?", "no", "shortness_of_breath", "absent"),
    ("Any trouble breathing?", "yes since monday", "shortness_of_breath", "present"),
    ("Is your baby feeding normally?", "no, only taking a little", "poor_feeding", "present"),
    ("Have you ever had a stroke?", "yes, years back", "stroke", "historical"),
    ("¿Vómitos?", "sí, dos veces", "vomiting", "present"),
])
def test_short_answers_are_read_against_the_question(read, lexicon, question, answer, concept, assertion):
    asked = question_asked(question, lexicon)
    assert readings(read(answer, asked)).get(concept, (None,))[0] == assertion


def test_a_number_answers_a_question_about_a_measurement(read, lexicon):
    asked = question_asked("What was his highest temperature?", lexicon)
    reading = read("102.5", asked).vital("temperature")
    assert reading.written_unit == "F" and reading.value == pytest.approx(39.2, abs=0.1)
    assert read("about 7 weeks", AskedQuestion(item="age")).demographics.age_years == pytest.approx(7 * 7 / 365.25, abs=0.01)


def test_a_general_question_without_a_person_is_hypothetical(read):
    got = readings(read("can you have appendicitis without a fever?"))
    assert got["fever"][0] == "hypothetical"


def test_frames_catch_free_word_order(read):
    got = readings(read("her legs is swelling more and she breathe difficult when lying"))
    assert got["leg_swelling"][0] == "present" and got["shortness_of_breath"][0] == "present"
    assert readings(read("the baby isn't moving as much today"))["reduced_fetal_movements"][0] == "present"


def test_specific_findings_stand_alone(read):
    got = readings(read("purple non blanching rash on his legs"))
    assert "non_blanching_rash" in got and "rash" not in got


def test_targeted_masks_keep_the_real_concept(read):
    got = readings(read("he has coughing fits at night"))
    assert "cough" in got and "seizure" not in got


def test_overdose_said_as_an_amount_or_an_accident(read):
    assert "overdose" in readings(read("my brother took a load of paracetamol about 2 hours ago"))
    assert "overdose" in readings(read("my 2 year old ate some of her grandmother's heart pills"))
    assert "overdose" not in readings(read("I took my tablets this morning as usual"))


def test_pregnancy_weeks_are_gestation_not_age(read):
    demographics = read("I'm 33 weeks and the baby has gone quiet").demographics
    assert demographics.pregnant is True and demographics.gestation_weeks == 33 and demographics.age_years is None


def test_odd_input_never_raises(read):
    for text in ["", "\ud800 lone surrogate", "🤒" * 50, "x" * 70_000, "38", "\x00\x01 binary", "مرحبا hello 你好"]:
        findings = read(text)
        assert findings.text is not None


# -- course of the illness (session T1) -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "score"), [("my asthma is really bad", None), ("severe asthma, chest tight", None),
                                              ("really bad pain in my tummy", 8.0), ("worst headache of my life", 8.0),
                                              ("no severe pain", None)])
def test_a_severity_word_scores_pain_only(read, text, score):
    assert read(text).severity_score == score


@pytest.mark.parametrize(("text", "days"), [("grazed my knee today. tetanus jab was 3 years ago", 0.3),
                                             ("had a knee replacement 2 weeks ago, since yesterday my calf is swollen", 1),
                                             ("cold sores a couple of times a year, tingling since yesterday", 1),
                                             ("panic attacks that pass in minutes, for months now", 60)])
def test_duration_is_this_illness(read, text, days):
    assert read(text).duration_days == days


# -- replies read against the asked item (session T3) ---------------------------------------------------------------
@pytest.mark.parametrize(("reply", "score"), [("8", 8.0), ("about 4", 4.0), ("pretty bad", 5.0), ("not too bad", 2.0),
                                              ("unbearable", 8.0), ("hello there", None), ("12", None)])
def test_a_reply_to_the_severity_question_is_a_score(read, reply, score):
    assert read(reply, AskedQuestion(item="severity")).severity_score == score
    assert read(reply).severity_score is None or reply in ("unbearable",)  # unasked, a bare number means nothing


@pytest.mark.parametrize(("reply", "pregnant", "possible"), [("nope", False, False), ("yes I am", True, False),
                                                              ("not sure, my period is a week late", None, True),
                                                              ("maybe", None, True)])
def test_a_reply_to_the_pregnancy_question(read, reply, pregnant, possible):
    demographics = read(reply, AskedQuestion(item="pregnancy")).demographics
    assert (demographics.pregnant, demographics.pregnancy_possible) == (pregnant, possible)


def test_a_reply_to_the_sex_question(read):
    assert read("F", AskedQuestion(item="sex")).demographics.sex == "female"
    assert read("he's a boy", AskedQuestion(item="sex")).demographics.sex == "male"
    assert read("F").demographics.sex is None


@pytest.mark.parametrize("text", ["nobody here is pregnant", "none of us could be pregnant", "no chance of pregnancy",
                                  "pregnancy has been ruled out"])
def test_denied_pregnancy_is_not_pregnant(read, text):
    assert read(text).demographics.pregnant is False


def test_a_usual_value_without_a_label_is_not_a_reading(read):
    findings = read("BP today 162/101, his normal is 125/80")
    assert (findings.vital("blood_pressure").value, findings.vital("blood_pressure").diastolic) == (162, 101)


def test_days_without_sleep_are_sleep_loss_not_strange_beliefs(read):
    findings = read("she has barely slept for three nights")
    assert {f.concept for f in findings.features} >= {"sleep_loss"}
    assert "strange_beliefs" not in {f.concept for f in findings.features}


def test_common_words_belong_to_the_lexicon(lexicon):
    from assistant.understanding.phrases import PhraseMatcher
    plain = PhraseMatcher({"bruise": ["bruises"]})
    guarded = PhraseMatcher({"bruise": ["bruises"]}, common_words=frozenset({"buses"}))
    assert plain.corrector.correct("buses") == "bruses" or plain.corrector.correct("buses") == "buses"
    assert guarded.corrector.correct("buses") == "buses"
    assert lexicon.common_words and "buses" in lexicon.common_words


def test_a_prefix_of_opposite_meaning_is_not_a_typo(read):
    # one letter apart, opposite meanings: a low temperature must never be read as a fever
    found = {m.concept for m in read("brought in cold and hypothermic, temp 34.1").mentions}
    assert "fever" not in found and "hypothermia" in found


def test_capital_abbreviations_either_side_of_a_slash(read):
    found = {m.concept for m in read("62F w/ SOB/CP since 0400").mentions}
    assert {"shortness_of_breath", "chest_pain"} <= found
    assert {m.concept for m in read("scan shows SDH/SAH").mentions} == {"intracranial_bleed"}


def test_status_post_an_acute_event_is_the_reason_for_coming_in(read):
    mention = next(m for m in read("CC: s/p cardiac arrest, ROSC in the field").mentions if m.concept == "cardiac_arrest")
    assert mention.assertion == "present"


@pytest.mark.parametrize("reply, polarity", [
    ("I do.", "yes"), ("she does, a bit", "yes"), ("I have", "yes"), ("he is now", "yes"),
    ("I am 41", None), ("I have a cold as well", None), ("she is six and not pregnant", None),
    ("he did his homework", None),
])
def test_i_am_or_she_does_is_a_yes_only_when_nothing_new_follows(reply, polarity):
    answer = read_answer(reply)
    assert (answer.polarity if answer else None) == polarity


def test_giving_an_age_instead_of_an_answer_settles_nothing(read, lexicon):
    asked = question_asked("Is your skin peeling or blistering anywhere?", lexicon)
    findings = read("I am 52", asked)
    assert not [m for m in findings.mentions if m.assertion == "present"]
    assert findings.demographics.age_years == 52


def test_in_a_patients_own_turn_he_or_she_after_a_relative_is_the_relative(read):
    said = read("Doctor: Anything in the family?\nPatient: My mother has diabetes. She had a stroke last year.")
    assert readings(said)["stroke"][1] == "family"
    parent = read("Doctor: What's been happening?\nMother: My son was fine yesterday. He had a fit this morning.")
    assert readings(parent)["seizure"][1] == "patient"  # a parent's "he" is the child being seen


def test_i_dont_think_so_is_a_no(read):
    findings = read("Doctor: Did you pass out?\nPatient: I don't think so, I was just dizzy.")
    assert readings(findings)["fainting"] == ("absent", "patient")


def test_a_reply_to_a_list_settles_only_what_it_speaks_to(read):
    findings = read("Doctor: Any cough, fever or earache?\nMother: She's been coughing all night. No fever.")
    got = readings(findings)
    assert got["cough"][0] == "present" and got["fever"][0] == "absent"
    assert got["ear_pain"][0] == "hypothetical"  # asked, not answered: neither stated nor denied


def test_a_speakers_label_is_not_a_story_about_that_relative(read):
    findings = read("Doctor: What's the matter?\nMum: He's had diarrhoea since Friday and a rash today.")
    assert readings(findings)["diarrhoea"] == ("present", "patient")
    assert readings(read("Family history: sister: asthma. Presenting with cough."))["asthma"][1] == "family"


def test_an_age_something_began_at_is_not_the_age_now(read):
    findings = read("8/52, noisy breathing since about 3 weeks old, feeding well.")
    assert round(findings.demographics.age_years * 52) == 8
