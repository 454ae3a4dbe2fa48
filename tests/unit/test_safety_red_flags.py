"""Red flags over the real triage model: positive, negated and conditional cases per family.

The old rulebook (knowledge/safety/red_flags.yaml) is gone: red flags are now the discriminators of the triage model
(knowledge/triage/general.yaml and presentations/*.yaml), and a presentation's usual level (chest pain is urgent
unless a discriminator says more) is no longer a red flag of its own. Each case therefore asserts the level the
person is given (``assess`` on the case) and that a rule with the old flag's meaning decided or fired - the new ids
with that meaning are listed per family below. Negative cases assert that the safety screen raises no red flag.
"""

import pytest

from assistant.artifacts import LEVELS
from assistant.triage.assess import assess
from assistant.triage.case import Case

# old rule id -> new ids with the same meaning (general discriminators, presentation discriminators, or the
# presentation whose usual level now carries it)
MEANING = {
    "chest_pain_cardiac_features": {"chest_pain_acs_features", "chest_pain_new_exertional"},
    "heart_attack_named": set(),  # no rule names a heart attack any more: the level alone is checked
    "chest_pain_unexplained": {"chest_pain_adult"},
    "syncope_high_risk": {"faint_cardiac_features"},
    "stroke_signs": {"stroke_signs_settled", "stroke_face_speech", "stroke_limb", "stroke_named", "vision_sudden_loss"},
    "anaphylaxis": {"anaphylaxis_named", "anaphylaxis_features", "airway_compromise", "anaphylaxis_exposure_breathing"},
    "airway_swelling": {"airway_compromise", "anaphylaxis_features"},
    "severe_breathing_difficulty": {"breathing_distress", "sob_severe"},
    "low_oxygen": {"low_oxygen"},
    "unresponsive": {"unresponsive"},
    "seizure_prolonged": {"seizure_prolonged"},
    "first_seizure": {"seizure_first", "seizure_child_first"},
    "new_confusion": {"confusion_sudden", "confusion_new"},
    "thunderclap_headache": {"headache_thunderclap"},
    "meningitis_neck": {"meningitis_neck"},
    "meningitis_rash": {"meningitis_rash"},
    "vomiting_blood": {"vomiting_blood"},
    "melaena": {"stool_black", "blood_in_stool_adult"},
    "melaena_with_shock": {"stool_blood_faint", "faint_bleeding"},
    "heavy_bleeding": {"haemorrhage", "bleed_prolonged"},
    "sepsis_features": {"confusion_with_illness"},
    "mottled_skin": {"poor_perfusion"},
    "sepsis_named": {"sepsis_named"},
    "paracetamol_overdose": {"overdose"},
    "opioid_toxicity": {"overdose", "drowsy"},
    "swallowed_battery_or_caustic": {"swallowed_button_battery_magnets", "overdose"},
    "cauda_equina": {"back_cauda_equina", "back_older_cauda_equina", "limb_saddle_or_bladder", "retention_cauda_equina"},
    "testicular_torsion": {"testis_torsion"},
    "testicular_pain_vomiting": {"testis_vomiting"},
    "testicular_pain": {"testicular_pain_adult"},
    "head_injury_red_signs": {"hi_knocked_out", "hi_vomiting", "hi_seizure", "hi_neuro"},
    "head_injury_anticoagulant": {"head_injury_anticoagulant"},
    "head_injury_older_adult": {"fall_head_or_unwell"},
    "older_adult_fall_cant_get_up": {"fall_long_lie", "fall_cannot_bear_weight", "limb_older_cannot_walk"},
    "fall_cant_get_up": {"limb_cannot_bear_weight"},
    "dka": {"dka_features", "hyperglycaemia_unwell", "ketones_high", "dm_dka_signs", "dv_diabetes", "urine_child_dka"},
    "acute_abdomen": {"abdo_peritonism", "abdo_older_peritonism"},
    "severe_abdominal_pain": {"abdo_severe", "severe_pain"},
    "ectopic_pregnancy_unstable": {"ectopic_possible_unstable", "early_pain_shoulder_tip", "early_pain_faint", "early_pain_ectopic"},
    "ectopic_pregnancy_possible": {"ectopic_possible", "early_pain_ectopic", "abdominal_pain_early_pregnancy"},
    "infant_fever_under_3_months": {"fever_under_3_months", "febrile_newborn_under_4_weeks"},
    "infant_fever_3_to_6_months": {"fever_3_to_6_months_high"},
    "child_red_features": {"crying_weak_high_pitched", "drowsy", "fever_u5_weak_cry", "febrile_baby_cry"},
    "child_dehydration_severe": {"dehydration_child_two_signs", "baby_sunken_fontanelle", "feeding_baby_dry", "febrile_baby_dry_nappies"},
    "child_dehydration": {"dehydration_child", "baby_dehydration", "child_vomit_dehydration", "fever_u5_dry", "fever_older_child_dry",
                          "throat_child_not_drinking"},
    "pregnancy_heavy_bleeding": {"early_bleed_heavy", "later_bleed_heavy", "pph_heavy", "haemorrhage"},
    "pregnancy_bleeding": {"bleeding_early_pregnancy", "bleeding_later_pregnancy"},
    "pregnancy_headache_vision": {"headache_with_vision", "preeclampsia_two_signs", "raised_bp_with_symptoms"},
    "pregnancy_headache_or_vision": {"preeclampsia_warning_signs"},
    "fetal_movements_absent": {"rfm_from_24_weeks", "later_pain_reduced_movements"},
    "fetal_movements_reduced": {"reduced_fetal_movements", "rfm_from_24_weeks"},
    "pregnancy_severe_abdominal_pain": {"early_pain_ectopic", "later_pain_constant_severe"},
    "pregnancy_seizure": {"eclampsia_seizure"},
    "pregnancy_severe_hypertension": {"pregnancy_severe_hypertension", "severe_hypertension"},
    "pregnancy_hypertension": {"pregnancy_hypertension"},
    "pregnancy_breathing_chest": {"breathless_sudden_or_pe", "breathless_low_oxygen", "fever_breathless",
                                  "chest_pain_pregnancy"},
    "low_oxygen_copd": {"low_oxygen_copd"},
    "low_oxygen_copd_borderline": set(),  # no rule for 88-91% with COPD: the level alone is checked
    "news2_high": {"news2_high"},
    "news2_medium": {"news2_medium"},
}


def judged(read, triage_model, text: str, **facts) -> tuple[str, set[str]]:
    """(level, ids of the rules that fired or decided) for one message, with facts known from earlier turns."""
    case = Case.of(read(text))
    for name, value in facts.items():
        setattr(case, name, value)
    assessment = assess(case, triage_model)
    ids = {f["id"] for f in assessment.fired} | {(assessment.deciding or {}).get("id")}
    return assessment.level, ids


def check(read, triage_model, text: str, old_id: str, level: str, **facts) -> None:
    got_level, ids = judged(read, triage_model, text, **facts)
    assert got_level == level, (text, got_level, ids)
    if MEANING[old_id]:
        assert ids & MEANING[old_id], (text, ids, MEANING[old_id])


POSITIVE = [
    # heart
    pytest.param("I have crushing chest pain", "chest_pain_cardiac_features", "emergency"),
    ("chest pain spreading to my left arm", "chest_pain_cardiac_features", "emergency"),
    ("chest pain and I'm sweating a lot", "chest_pain_cardiac_features", "emergency"),
    ("I get chest pain when I walk up stairs", "chest_pain_cardiac_features", "emergency"),
    ("pressure in my chest going into my jaw", "chest_pain_cardiac_features", "emergency"),
    ("chest pian and sweaty", "chest_pain_cardiac_features", "emergency"),
    pytest.param("I think I'm having a heart attack", "heart_attack_named", "emergency"),
    ("I've got some chest pain", "chest_pain_unexplained", "urgent"),
    ("I fainted and had chest pain", "syncope_high_risk", "emergency"),
    # stroke
    ("my face is drooping on one side", "stroke_signs", "emergency"),
    ("his speech is slurred and he can't lift his arm", "stroke_signs", "emergency"),
    ("sudden loss of vision in one eye", "stroke_signs", "emergency"),
    ("I think my mum is having a stroke", "stroke_signs", "emergency"),
    # breathing / allergy
    ("ate peanuts and now my throat is swelling", "anaphylaxis", "emergency"),
    ("stung by a bee and I'm short of breath", "anaphylaxis", "emergency"),
    ("my tongue is swelling up", "airway_swelling", "emergency"),
    ("I can't breathe", "severe_breathing_difficulty", "emergency"),
    ("he can't speak in full sentences", "severe_breathing_difficulty", "emergency"),
    ("her lips are turning blue", "severe_breathing_difficulty", "emergency"),
    pytest.param("sats 89%", "low_oxygen", "emergency"),
    # consciousness, seizures, confusion
    ("my husband is unconscious", "unresponsive", "emergency"),
    ("she's not breathing", "unresponsive", "emergency"),
    ("he has been fitting for 10 minutes, seizure won't stop", "seizure_prolonged", "emergency"),
    ("seizure lasting more than 5 minutes", "seizure_prolonged", "emergency"),
    ("my son just had his first seizure", "first_seizure", "emergency"),
    ("grandad is suddenly confused", "new_confusion", "emergency"),
    # headache
    ("worst headache of my life, came on suddenly", "thunderclap_headache", "emergency"),
    ("sudden severe headache like being hit on the head with a bat", "thunderclap_headache", "emergency"),
    ("fever and a stiff neck", "meningitis_neck", "emergency"),
    ("headache, neck is stiff", "meningitis_neck", "emergency"),
    ("she has a rash that doesn't fade under a glass", "meningitis_rash", "emergency"),
    # bleeding
    ("I've been vomiting blood", "vomiting_blood", "emergency"),
    ("threw up what looks like coffee grounds vomit", "vomiting_blood", "emergency"),
    # NHS website "Bleeding from the bottom" (2023): black or dark red poo - go to A&E or call 999, so emergency
    ("black tarry stools since yesterday", "melaena", "emergency"),
    ("black tarry stools and I nearly fainted", "melaena_with_shock", "emergency"),
    ("the cut won't stop bleeding", "heavy_bleeding", "emergency"),
    pytest.param("blood is spurting from his leg", "heavy_bleeding", "emergency"),
    # sepsis
    ("I have a fever and I'm confused", "sepsis_features", "emergency"),
    ("UTI and now my skin is mottled", "mottled_skin", "emergency"),
    ("I think it's sepsis", "sepsis_named", "emergency"),
    # overdose, poisoning
    ("I took too many paracetamol", "paracetamol_overdose", "emergency"),
    pytest.param("took more than the maximum dose of tylenol", "paracetamol_overdose", "emergency"),
    ("he took oxycodone and is very drowsy", "opioid_toxicity", "emergency"),
    ("my toddler swallowed a button battery", "swallowed_battery_or_caustic", "emergency"),
    # cauda equina, torsion
    ("back pain and numbness between my legs", "cauda_equina", "emergency"),
    ("bad back pain and I can't pee", "cauda_equina", "emergency"),
    ("saddle numbness", "cauda_equina", "emergency"),
    ("sudden pain in my testicle", "testicular_torsion", "emergency"),
    ("testicle pain and vomiting", "testicular_pain_vomiting", "emergency"),
    ("my testicle hurts", "testicular_pain", "urgent"),
    # head injury, falls
    ("hit my head and was knocked out", "head_injury_red_signs", "emergency"),
    ("banged his head and has been vomiting", "head_injury_red_signs", "emergency"),
    ("bumped my head, I take apixaban", "head_injury_anticoagulant", "emergency"),
    ("I'm 70 and I hit my head", "head_injury_older_adult", "urgent"),
    ("my 80 year old mum fell and can't get up", "older_adult_fall_cant_get_up", "emergency"),
    ("my elderly neighbour had a fall and is lying on the floor", "older_adult_fall_cant_get_up", "emergency"),
    ("I fell and can't put weight on my leg", "fall_cant_get_up", "urgent"),
    # metabolic, abdomen
    pytest.param("I'm type 1 diabetic, vomiting and my ketones are high", "dka", "emergency"),
    ("diabetic with stomach pain and deep fast breathing", "dka", "emergency"),
    ("stomach pain and my belly is hard as a board", "acute_abdomen", "emergency"),
    ("severe abdominal pain", "severe_abdominal_pain", "urgent"),
    # ectopic
    ("missed my period and have one sided pain with shoulder tip pain", "ectopic_pregnancy_unstable", "emergency"),
    ("positive pregnancy test and pain on one side", "ectopic_pregnancy_possible", "urgent"),
]


@pytest.mark.parametrize(("text", "old_id", "level"), POSITIVE)
def test_positive(read, triage_model, text, old_id, level):
    check(read, triage_model, text, old_id, level)


NEGATIVE = [
    "no chest pain",
    "I don't have chest pain or sweating",
    "denies chest pain, shortness of breath",
    "I had chest pain last year, fine now",
    "what are the signs of a stroke?",
    "explain the signs of meningitis to me",
    "my mother had a stroke",
    "family history of heart attack",
    "if I get chest pain what should I do?",
    "what should I do in case of anaphylaxis?",
    "in a patient with crushing chest pain, what is the first test?",
    "my face is not drooping and my speech is fine",
    "no fever, no stiff neck",
    "I'm not vomiting blood",
    "my blood pressure is high",
    "I'm confused about my medication",
    "the union strike starts today",
    "no seizure",
    "I'm fit and well",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(screen_turns, text):
    assert screen_turns(text)[0].red_flags == [], text


def test_never_had_a_headache_like_this_fires(read, triage_model):
    check(read, triage_model, "I've never had a headache like this", "thunderclap_headache", "emergency")


def test_infant_fever_depends_on_age(read, triage_model):
    check(read, triage_model, "my 6 week old has a temperature of 38.2", "infant_fever_under_3_months", "emergency")
    check(read, triage_model, "my 2 month old has a fever", "infant_fever_under_3_months", "emergency")
    check(read, triage_model, "my newborn feels hot, temp 38", "infant_fever_under_3_months", "emergency")
    assert not judged(read, triage_model, "my 2 year old has a temperature of 38.2")[1] & MEANING["infant_fever_under_3_months"]
    check(read, triage_model, "my 4 month old has a temp of 39.4", "infant_fever_3_to_6_months", "urgent")


def test_normal_temperature_in_a_young_baby_is_not_a_fever(read, triage_model):
    assert not judged(read, triage_model, "my 6 week old has a temperature of 37.2")[1] & MEANING["infant_fever_under_3_months"]


def test_infant_fever_from_earlier_age(read, triage_model):
    check(read, triage_model, "she has a fever of 38.4", "infant_fever_under_3_months", "emergency", age_years=0.1)


def test_child_red_features(read, triage_model):
    check(read, triage_model, "my baby is floppy and has a high pitched cry", "child_red_features", "emergency")


def test_child_dehydration_severe(read, triage_model):
    check(read, triage_model, "my toddler has sunken eyes and no wet nappy for 12 hours", "child_dehydration_severe",
          "emergency")


def test_child_dehydration(read, triage_model):
    check(read, triage_model, "my 3 year old has sunken eyes", "child_dehydration", "urgent")


def test_child_rules_need_a_child(read, triage_model):
    assert not judged(read, triage_model, "I'm 40 and have sunken eyes")[1] & MEANING["child_dehydration"]


@pytest.mark.parametrize(
    ("text", "old_id", "level"),
    [
        ("I'm 30 weeks pregnant and bleeding heavily", "pregnancy_heavy_bleeding", "emergency"),
        ("I'm pregnant and have some spotting", "pregnancy_bleeding", "urgent"),
        ("I'm 34 weeks pregnant with a severe headache and blurred vision", "pregnancy_headache_vision", "emergency"),
        ("pregnant, bad headache that won't go away", "pregnancy_headache_or_vision", "urgent"),
        pytest.param("I'm 36 weeks pregnant and the baby has stopped moving", "fetal_movements_absent", "emergency"),
        ("32 weeks pregnant, baby moving less than usual", "fetal_movements_reduced", "urgent"),
        ("I'm pregnant with severe abdominal pain", "pregnancy_severe_abdominal_pain", "emergency"),
        ("pregnant and had a seizure", "pregnancy_seizure", "emergency"),
        ("BP 165/112, 34 weeks pregnant", "pregnancy_severe_hypertension", "emergency"),
        ("28 weeks pregnant, BP 145/92", "pregnancy_hypertension", "urgent"),
        pytest.param("I gave birth last week and I'm soaking a pad every hour", "pregnancy_heavy_bleeding", "emergency"),
        ("pregnant and short of breath", "pregnancy_breathing_chest", "emergency"),
    ],
)
def test_pregnancy_rules(read, triage_model, text, old_id, level):
    check(read, triage_model, text, old_id, level)


def test_pregnancy_rules_need_pregnancy(read, triage_model):
    assert not judged(read, triage_model, "some spotting")[1] & MEANING["pregnancy_bleeding"]
    assert not judged(read, triage_model, "BP 145/92")[1] & MEANING["pregnancy_hypertension"]
    assert not judged(read, triage_model, "I'm not pregnant")[1] & MEANING["fetal_movements_absent"]


def test_pregnancy_known_from_earlier_turn(read, triage_model):
    check(read, triage_model, "I have a terrible headache and flashing lights", "pregnancy_headache_vision",
          "emergency", pregnant=True)


def test_copd_changes_oxygen_threshold(screen_turns):
    flags = screen_turns("I have COPD and my sats are 85%")[0].red_flags
    assert {f["id"]: f["level"] for f in flags} == {"low_oxygen_copd": "emergency"}


def test_copd_borderline_oxygen_is_urgent(read, triage_model):
    check(read, triage_model, "I have COPD and my sats are 90%", "low_oxygen_copd_borderline", "urgent")


def test_low_oxygen_explains_the_copd_nuance(screen_turns):
    flags = screen_turns("sats 90%")[0].red_flags
    assert {f["id"]: f["level"] for f in flags} == {"low_oxygen": "emergency"}
    low = [f for f in flags if f["id"] == "low_oxygen"][0]
    assert "88-92%" in low["rule"] + low["source"]


def test_news2_rules_and_adult_scope(read, triage_model):
    check(read, triage_model, "RR 26, sats 91%, pulse 115, BP 120/80, temp 37, alert", "news2_high", "emergency")
    assert "news2_medium" in judged(read, triage_model, "RR 22, pulse 115, temp 38.5, BP 120/80, sats 97%, alert")[1]
    assert "news2_high" not in judged(read, triage_model, "my 2 year old: RR 26, sats 95%, pulse 140, temp 38")[1]


def test_resolved_stroke_fires_as_tia_urgent(screen_turns):
    flags = screen_turns("my face drooped for 10 minutes and then it went away")[0].red_flags
    assert [(f["id"] in MEANING["stroke_signs"], f["level"]) for f in flags] == [(True, "urgent")]
    assert "24 hours" in flags[0]["rule"]


def test_groups_keep_only_most_urgent(screen_turns):
    flags = screen_turns("crushing chest pain")[0].red_flags
    assert [(f["id"] in MEANING["chest_pain_cardiac_features"], f["level"]) for f in flags] == [(True, "emergency")]


def test_every_flag_has_rule_source_and_evidence(screen_turns):
    for param in POSITIVE:
        text = param.values[0] if hasattr(param, "values") else param[0]
        for flag in screen_turns(text)[0].red_flags:
            assert flag["rule"] and flag["source"] and flag["evidence"], (text, flag)
            assert any(ch.isdigit() for ch in flag["source"]), flag["source"]  # a year


def test_rulebook_is_complete_and_cited(triage_model):
    rules = triage_model.general + [d for p in triage_model.presentations for d in p.discriminators]
    assert len(rules) >= 50
    for rule in rules:
        assert rule.level in LEVELS
        assert any(ch.isdigit() for ch in rule.source), rule.id
