from assistant.notes.icd10 import describe, search_codes, suggest_codes
from assistant.notes.lexicons import diagnosis_data, symptom_data


def test_every_code_in_the_data_exists_in_icd10cm():
    for entry in list(diagnosis_data().values()) + list(symptom_data().values()):
        if entry.get("icd10"):
            assert describe(entry["icd10"]), entry


def test_stated_diagnosis_beats_symptoms_and_every_code_is_a_suggestion():
    facts = {"diagnoses": [{"id": "otitis_media", "status": "stated", "evidence": "This is an ear infection."}],
             "symptoms_present": [{"id": "fever", "evidence": "fever for two days"}]}
    codes = suggest_codes(facts)
    assert [c["code"] for c in codes] == ["H66.90"]
    assert codes[0]["suggestion"] is True and codes[0]["evidence"] == "This is an ear infection."
    assert "laterality" in codes[0]["verify_note"]


def test_symptom_codes_when_no_diagnosis_and_removed_codes_stay_out():
    facts = {"symptoms_present": [{"id": "cough", "evidence": "cough"}, {"id": "fever", "evidence": "hot"}],
             "removed_codes": ["R50.9"]}
    assert [c["code"] for c in suggest_codes(facts)] == ["R05.9"]


def test_search_finds_a_description_by_words():
    assert search_codes("otitis externa")[0][0] == "H60.90"
    assert search_codes("zzzz qqqq") == []
