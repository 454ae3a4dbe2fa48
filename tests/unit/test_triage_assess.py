"""Assessing a case against the decision model: levels, the rule that decided, the questions that could change it,
and which complaints (presentations) are recognised.

Ported from the old complaint rules (``level_from_rules``/``evaluate_rule``), next-question (``next_questions``) and
symptom-matching (``match_symptoms``) tests. Old rule ids map to the model's discriminators and presentations with the
same meaning; "complaints" are the recognised presentations; an assessment always has a level (never None).
"""

import pytest

from assistant.artifacts import LEVELS
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.model import truth
from assistant.understanding.findings import AskedQuestion


def case_of(read, text: str, **facts) -> Case:
    case = Case.of(read(text))
    for name, value in facts.items():
        setattr(case, name, value)
    return case


def rule(triage_model, rule_id: str):
    every = triage_model.general + [d for p in triage_model.presentations for d in p.discriminators]
    return next(r for r in every if r.id == rule_id)


def answer_no_until(read, triage_model, case: Case, stop, rounds: int = 25):
    """Answer "no" to each question asked (as the dialogue asks it) until ``stop(question)``; returns that question
    or None when the questions ran out or kept coming."""
    for _ in range(rounds):
        questions = assess(case, triage_model).questions
        if not questions:
            return None
        question = questions[0]
        if stop(question):
            return question
        case.add(read("no", AskedQuestion(item=question.id, concepts=question.concepts, subject=case.subject)))
    return None


# -- rules ----------------------------------------------------------------------------------------------------------
def test_every_rule_has_a_level_reason_and_source(triage_model):
    for item in triage_model.general + [d for p in triage_model.presentations for d in p.discriminators]:
        assert item.level in LEVELS
        assert item.label.strip() and item.source.strip()
    for presentation in triage_model.presentations:
        assert presentation.level in LEVELS and presentation.label.strip() and presentation.source.strip()


def test_fever_over_five_days_is_urgent(read, triage_model):
    result = assess(case_of(read, "fever for 6 days"), triage_model)
    assert result.level == "urgent"
    assert "fever_long" in [f["id"] for f in result.fired]  # old: fever_over_5_days


def test_uti_in_a_man_is_urgent_but_undecided_without_sex(read, triage_model):
    assert assess(case_of(read, "it burns when I pee", sex="male"), triage_model).level == "urgent"
    uti_man = rule(triage_model, "uti_male")
    assert truth(uti_man, case_of(read, "it burns when I pee")) is None
    # the one unknown item is sex: settling it settles the rule
    assert truth(uti_man, case_of(read, "it burns when I pee", sex="male")) is True
    assert truth(uti_man, case_of(read, "it burns when I pee", sex="female")) is False


def test_short_sore_throat_without_fever_is_self_care(read, triage_model):
    assert assess(case_of(read, "sore throat since yesterday, no fever"), triage_model).level == "self_care"


def test_sore_throat_with_fever_and_glands_is_routine(read, triage_model):
    assert assess(case_of(read, "sore throat, fever and swollen glands for 2 days"), triage_model).level == "routine"


def test_pregnancy_rule_cannot_apply_to_a_man(read, triage_model):
    case = case_of(read, "stomach pain", sex="male")
    presentation = triage_model.presentation("abdominal_pain_early_pregnancy")
    assert presentation.population.holds(case) is False
    assert all(truth(r, case) is False for r in presentation.discriminators)


def test_emergency_rules_are_shaped_as_red_flags(read, triage_model):
    result = assess(case_of(read, "my baby has a fever", age_years=0.1), triage_model)
    assert result.level == "emergency"
    flag = result.red_flags[0]
    assert flag["id"] == "fever_under_3_months" and flag["source"]  # old: rule:fever_young_infant


def test_no_complaint_no_level(triage_model):
    # by design an assessment always has a level; with nothing described nothing fires and nothing decides
    result = assess(Case(), triage_model)
    assert not result.fired and result.red_flags == []
    assert result.deciding["id"] == "unrecognised" and result.provisional


# -- questions ------------------------------------------------------------------------------------------------------
def test_no_complaint_asks_for_the_complaint(triage_model):
    assert assess(Case(), triage_model).questions[0].id == "complaint"


def is_sex_question(question) -> bool:
    return "male or female" in question.text.lower()


def is_warning_sign(question) -> bool:
    return bool(question.concepts) and question.level_if_yes is not None


def test_urinary_symptoms_ask_about_warning_signs_or_sex_first(read, triage_model):
    first = assess(case_of(read, "it burns when I pee"), triage_model).questions[0]
    assert is_warning_sign(first) or is_sex_question(first)


def test_urinary_symptoms_ask_about_sex_once_warning_signs_are_settled(read, triage_model):
    case = case_of(read, "it burns when I pee", pregnant=False)
    question = answer_no_until(read, triage_model, case, lambda q: not is_warning_sign(q))
    assert question is not None and is_sex_question(question)


def test_question_text_names_the_complaint_warning_signs(read, triage_model):
    question = assess(case_of(read, "chest pain"), triage_model).questions[0]
    assert is_warning_sign(question) and "arm" in question.text


def test_emergency_leaves_nothing_to_raise(read, triage_model):
    # old: next_questions(...) == [] at emergency; the dialogue now answers at once (test_triage_dialogue)
    result = assess(case_of(read, "chest pain spreading to my left arm"), triage_model)
    assert result.level == "emergency"
    assert not [q for q in result.questions if q.level_if_yes]


def test_stops_when_level_cannot_change(read, triage_model):
    case = case_of(read, "sore throat for 10 days", age_years=30, sex="male")
    answer_no_until(read, triage_model, case, lambda q: False)
    assert assess(case, triage_model).questions == []


def test_missing_lists_unanswered_items(read, triage_model):
    missing = assess(case_of(read, "headache for 2 days"), triage_model).missing
    assert "how long it has been going on" not in missing and "age" in missing


# -- complaints (presentations) -------------------------------------------------------------------------------------
def test_lexicon_terms_and_associated_symptoms(read, triage_model):
    case = case_of(read, "Bad headache since this morning with a stiff neck")
    assert assess(case, triage_model).presentation_ids == ["headache_adult"]
    assert "stiff_neck" in case.present


def test_negated_symptom_is_absent_not_present(read, triage_model):
    case = case_of(read, "Sore throat for two days, no fever")
    assert "sore_throat_adult" in assess(case, triage_model).presentation_ids
    assert "fever" in case.absent and "fever" not in case.present


def test_family_history_is_not_a_current_complaint(embedded_knowledge, triage_model):
    case = Case.of(embedded_knowledge.parse("My dad had chest pain last year. I have a runny nose."))
    assert "chest_pain" not in case.present
    assert "cold_flu_adult" in assess(case, triage_model).presentation_ids  # old: cold_symptoms


def test_heavy_pressure_in_chest_is_chest_pain(embedded_knowledge, triage_model):
    case = Case.of(embedded_knowledge.parse("heavy pressure in my chest"))
    assert assess(case, triage_model).presentation_ids == ["chest_pain_adult"]


def test_paraphrase_found_by_embedding_only(read, embedded_knowledge, lexicon):
    text = "there is a heavy weight pressing down on my breastbone"
    assert read(text).present == set()
    findings = embedded_knowledge.parse(text)
    assert findings.present == {"chest_pain"}
    paraphrase = [m for m in findings.mentions if m.source == "paraphrase"][0]
    assert paraphrase.concept == "chest_pain"  # the old score >= threshold check: parse keeps only those


def test_negated_clause_is_not_a_paraphrase(embedded_knowledge):
    assert "chest_pain" not in embedded_knowledge.parse("no heavy weight pressing down on my breastbone").present


@pytest.mark.parametrize("text", ["What is the usual dose of ibuprofen?", "I feel fine today, thanks", "hello there"])
def test_unrelated_text_matches_nothing(embedded_knowledge, triage_model, text):
    case = Case.of(embedded_knowledge.parse(text))
    assert case.present == {} and assess(case, triage_model).presentation_ids == []


def test_most_urgent_complaint_comes_first(read, triage_model):
    assert assess(case_of(read, "a cough and chest pain"), triage_model).presentation_ids[0] == "chest_pain_adult"


def test_lexicon_vectors_are_built_once(embedded_knowledge, paraphraser):
    first = paraphraser.vectors
    embedded_knowledge.parse("my belly is killing me and I feel rough")
    assert paraphraser.vectors is first
    assert first.shape == (len(paraphraser.labels), 384)


# -- engine regressions (populations, questions) --------------------------------------------------------------------
def test_not_pregnant_never_overlaps_pregnant_or_postpartum():
    from assistant.triage.model import Population
    not_pregnant = Population(16, 200, "not_pregnant")
    for other in ("pregnant", "postpartum", "pregnant_or_postpartum"):
        assert not not_pregnant.overlaps(Population(16, 200, other))
    assert Population(16, 200, "pregnant").overlaps(Population(16, 200, "pregnant_or_postpartum"))
    assert not_pregnant.overlaps(Population(16, 200, "any"))


def test_a_no_to_the_immune_question_does_not_erase_the_fever(read, triage_model):
    case = case_of(read, "I've got a fever", age_years=40, sex="male")
    question = answer_no_until(read, triage_model, case, lambda q: q.id == "fever_immunosuppressed")
    assert question is not None and "fever" not in question.concepts and "immunosuppression" in question.history
    case.add(read("no", AskedQuestion(item=question.id, concepts=question.concepts, history=question.history)))
    assert case.concept("fever") is True and case.condition("immunosuppression") is False
    assert "fever_immunosuppressed" not in [q.id for q in assess(case, triage_model).questions]


def test_a_yes_to_the_immune_question_is_a_history(read, triage_model):
    case = case_of(read, "I've got a fever", age_years=40, sex="male")
    question = next(q for q in assess(case, triage_model).questions if q.id == "fever_immunosuppressed") if any(
        q.id == "fever_immunosuppressed" for q in assess(case, triage_model).questions) else None
    if question is None:
        question = answer_no_until(read, triage_model, case, lambda q: q.id == "fever_immunosuppressed")
    case.add(read("yes", AskedQuestion(item=question.id, concepts=question.concepts, history=question.history)))
    assert assess(case, triage_model).level == "emergency"


def test_a_rule_waiting_on_a_reading_is_not_asked_about(read, triage_model):
    case = case_of(read, "sore throat", age_years=30, sex="male")
    case.add(read("no", AskedQuestion(item="x", concepts=("fever", "chills"))))
    from assistant.triage.conditions import evaluate, open_references
    when = rule(triage_model, "fever_immunosuppressed").when
    assert evaluate(when, case) is None and open_references(when, case) == set()  # only a reading could make it hold


@pytest.mark.parametrize("text, expected", [
    ("I'm 24 weeks pregnant and have heartburn after meals", "heartburn_pregnancy"),
    ("I'm 26 weeks pregnant and I get cramp in my calves at night", "calf_pain_pregnancy_postpartum"),
    ("I'm 30 weeks pregnant and my ankles are swollen by the evening", "leg_swelling_pregnancy_postpartum"),
])
def test_pregnancy_presentation_replaces_the_general_one_for_the_same_complaint(read, triage_model, text, expected):
    ids = assess(case_of(read, text), triage_model).presentation_ids
    assert ids == [expected]  # no adult heartburn, calf pain or joint pain presentation alongside


def test_night_cramps_in_pregnancy_are_self_care(read, triage_model):
    assert assess(case_of(read, "I'm 26 weeks pregnant and I get cramp in my calves at night"), triage_model).level == "self_care"


def test_a_general_presentation_for_another_complaint_stays_in_pregnancy(read, triage_model):
    ids = assess(case_of(read, "I'm 24 weeks pregnant, I have heartburn and my knee hurts"), triage_model).presentation_ids
    assert "heartburn_pregnancy" in ids and "heartburn_adult" not in ids
    assert any(i.startswith(("joint", "knee", "limb")) for i in ids)


def test_a_reading_alone_brings_up_high_blood_pressure_in_pregnancy(read, triage_model):
    result = assess(case_of(read, "I'm 30 weeks pregnant, the midwife measured my BP at 148/96, I feel fine"), triage_model)
    assert "preeclampsia_warning_signs" in result.presentation_ids and result.level == "urgent"


def test_a_young_child_is_never_pregnant(read, triage_model):
    case = case_of(read, "my 4 year old has chickenpox", pregnant=True)
    assert case.fact("pregnant") is False
    assert not any("pregnan" in p for p in assess(case, triage_model).presentation_ids)


def test_a_vote_raises_only_to_a_level_a_majority_holds_needed():
    from assistant.triage.assess import Assessment, Question
    from assistant.triage.result import settle_with_vote
    base = Assessment(level="self_care", provisional=True, deciding=None, red_flags=[], fired=[], presentations=[],
                      presentation_ids=[], missing=[], questions=[Question("q", "?", ("fever",), "emergency"),
                                                                  Question("r", "?", ("cough",), "routine")])
    ballot = {"samples": [{"answer": "self_care"}, {"answer": "emergency"}, {"answer": "routine"}]}
    assert settle_with_vote(base, ballot).level == "routine"  # one says emergency, one routine: routine is the majority
    ballot = {"samples": [{"answer": "self_care"}, {"answer": "emergency"}, {"answer": "emergency"}]}
    assert settle_with_vote(base, ballot).level == "emergency"


def test_the_first_named_complaint_keeps_its_presentation(read, triage_model):
    # the sign named second joins the first complaint's red flag; named alone, it is its own complaint
    assert assess(case_of(read, "stiff neck and a headache"), triage_model).presentation_ids == ["neck_pain_adult"]
    assert assess(case_of(read, "I have a stiff neck"), triage_model).presentation_ids == ["neck_pain_adult"]


def test_long_standing_exertional_chest_pain_is_not_called_new(read, triage_model):
    assessment = assess(case_of(read, "I've had chest pain when walking uphill for 3 months"), triage_model)
    assert assessment.level == "urgent"
    assert "chest_pain_new_exertional" not in {f["id"] for f in assessment.fired}


def test_mild_breathlessness_on_effort_in_pregnancy_is_not_an_emergency(read, triage_model):
    assessment = assess(case_of(read, "I'm 28 weeks pregnant and a bit breathless walking upstairs"), triage_model)
    assert assessment.level == "urgent"


@pytest.mark.parametrize("text, deciding", [
    ("ED note. Chief complaint: transfer from an outside hospital. HR 88, BP 130/80.", "transferred_in"),
    ("My GP phoned: abnormal bloods, low platelets. I feel fine.", "abnormal_result_sent_in"),
    ("Diabetic, had a hypo this morning and is still shaky.", "hypoglycaemia_named"),
    ("Referred with bradycardia, pulse 44.", "heart_rate_named"),
])
def test_a_referral_or_a_named_danger_is_never_routine(read, triage_model, text, deciding):
    result = assess(case_of(read, text), triage_model)
    assert result.level == "urgent" and result.deciding["id"] == deciding


@pytest.mark.parametrize("text", [
    "At her review she rolls, reaches and transfers toys from hand to hand.",
    "He is independent with transfers from bed to chair.",
    "Had a hypo years ago on insulin, none since.",
])
def test_the_same_words_about_something_else_raise_nothing(read, triage_model, text):
    result = assess(case_of(read, text), triage_model)
    fired = {f["id"] for f in result.fired}
    assert not fired & {"transferred_in", "hypoglycaemia_named", "abnormal_result_sent_in", "heart_rate_named"}


def test_a_partners_postnatal_story_is_about_her(read, triage_model):
    for text in ("My partner gave birth 9 days ago and she is convinced the neighbours are spying on her.",
                 "my girlfriend had our son a week ago and she has the worst headache and blurry vision"):
        result = assess(case_of(read, text), triage_model)
        assert result.level == "emergency", (text, result.deciding)


def test_colloquial_paranoia_is_not_psychosis_but_described_paranoia_is(read, triage_model):
    calm = assess(case_of(read, "28 weeks, baby kicking as usual, mild heartburn. First baby so I'm just paranoid."),
                  triage_model)
    assert calm.level != "emergency"
    described = read("I'm paranoid people are following me and I hear voices at night.")
    assert {m.concept for m in described.mentions} >= {"hallucinations"}


def test_an_ectopic_is_not_considered_in_the_second_half_of_pregnancy(read, triage_model):
    late = assess(case_of(read, "25 weeks pregnant, ache on one side of my back when I turn over in bed."), triage_model)
    assert "ectopic_possible" not in {f["id"] for f in late.fired}
    early = assess(case_of(read, "7 weeks pregnant with pain low down on one side."), triage_model)
    assert "ectopic_possible" in {f["id"] for f in early.fired}
