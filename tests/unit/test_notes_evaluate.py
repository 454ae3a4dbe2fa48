"""The note evaluation: the own set in the blind set's format, the figures it reports, and notes beating the floor
of pasting the transcript."""

from assistant.evaluation.note_matching import MedicineNames, dose_matches, frequency_key, phrase_matches, vital_matches
from assistant.evaluation.notes import FACT_TYPES, compare, copy_floor, evaluate, load_items, score_item
from assistant.notes.build import read_note

SETTINGS = ("primary care", "emergency", "paediatrics", "pregnancy", "mental health")
GOLD_KEYS = {"symptoms_present", "symptoms_absent", "other_person", "history", "vitals", "medicines", "allergies",
             "exam_findings", "impression", "plan"}


def test_at_least_twenty_transcripts_across_settings_in_the_blind_format(notes_knowledge):
    items = load_items()
    assert len(items) >= 20
    for setting in SETTINGS:
        assert any(setting in item["setting"] for item in items), setting
    concepts = set(notes_knowledge.lexicon.concepts)
    for item in items:
        assert set(item["gold"]) == GOLD_KEYS, item["id"]
        used = item["gold"]["symptoms_present"] + item["gold"]["symptoms_absent"] + item["gold"]["history"]
        assert set(used) <= concepts and all(o["concept"] in concepts for o in item["gold"]["other_person"])


def test_matching_rules():
    assert phrase_matches("bring her back", "Bring her back if she becomes drowsy.")
    assert not phrase_matches("growth scan", "We will do a CTG trace now.")
    assert vital_matches({"kind": "blood_pressure", "value": "168/96"},
                         {"kind": "blood_pressure", "value": 168, "diastolic": 96})
    assert vital_matches({"kind": "temperature", "value": 38.3, "unit": "C"},
                         {"kind": "temperature", "value": 38.3, "written_value": 38.3, "written_unit": "C"})
    assert not vital_matches({"kind": "heart_rate", "value": 88}, {"kind": "heart_rate", "value": 140})
    assert frequency_key("tds") == frequency_key("three times a day") == frequency_key("three times daily")
    assert frequency_key("two to three times a day") != frequency_key("three times daily")


def test_the_same_fact_written_another_way_still_matches(notes_knowledge):
    assert phrase_matches("amoxicillin for 7 days", "Amoxicillin 500 milligrams three times a day for seven days.")
    assert phrase_matches("wheezing on the left", "Left-sided wheeze.")
    assert not phrase_matches("amoxicillin for 7 days", "Amoxicillin for five days.")
    assert frequency_key("once, now") == frequency_key("single dose") and frequency_key("once a day") == "once daily"
    assert frequency_key("every evening") == frequency_key("once daily")
    assert dose_matches("120 mg (5 mL)", {"dose": "5", "unit": "millilitres"})
    assert not dose_matches("120 mg (5 mL)", {"dose": "5", "unit": "mg"})
    names = MedicineNames(notes_knowledge.drugs)
    assert names.same("paracetamol (Calpol)", "acetaminophen") and not names.same("paracetamol (Calpol)", "ibuprofen")


def test_a_concept_the_gold_impression_gives_the_patient_is_not_a_wrong_person_fact():
    item = {"transcript": "", "gold": {"other_person": [{"concept": "heart_attack", "who": "father"}],
                                       "impression": ["acute myocardial infarction"]}}
    note = {"facts": {"symptoms_present": [{"concept": "heart_attack"}]}}
    names = MedicineNames(None)
    assert score_item(item, note, names)["wrong_person"] == [{"concept": "heart_attack", "who": "father"}]
    assert score_item(item, note, names, lambda text: {"heart_attack"})["wrong_person"] == []


def test_the_report_has_every_figure_with_n_and_intervals(notes_knowledge):
    items = load_items()[:3]
    report = evaluate(items, lambda text: read_note(text, notes_knowledge), drugs=notes_knowledge.drugs)
    assert report["items"] == 3 and set(report["by_type"]) == set(FACT_TYPES)
    for rate in (report["recall"], report["precision"], report["negation_accuracy"]):
        assert {"value", "k", "n", "low", "high"} <= set(rate) and rate["n"] > 0
    assert set(report["medicine_accuracy"]) == {"dose", "frequency", "route", "status"}
    assert {"count", "of", "rate", "cases"} <= set(report["wrong_person"])


def test_notes_beat_the_copy_floor_on_the_own_set(notes_knowledge):
    result = compare(load_items(), lambda text: read_note(text, notes_knowledge), notes_knowledge.parse,
                     drugs=notes_knowledge.drugs)
    notes, floor = result["notes"], result["copy_floor"]
    assert notes["precision"]["value"] >= 0.85 and notes["precision"]["low"] > floor["precision"]["high"]
    assert notes["recall"]["value"] >= 0.85
    assert notes["negation_accuracy"]["value"] >= 0.9 > floor["negation_accuracy"]["value"]
    assert notes["wrong_person"]["count"] < floor["wrong_person"]["count"]


def test_the_copy_floor_states_every_concept_as_present(notes_knowledge):
    read = copy_floor(notes_knowledge.parse)
    facts = read("Doctor: Any fever?\nPatient: No fever, BP was 120/80.")["facts"]
    assert [f["concept"] for f in facts["symptoms_present"]] == ["fever"] and not facts["symptoms_absent"]
    assert {"value": 120.0, "diastolic": 80.0} .items() <= facts["vitals"][0].items()
