"""ICD-10-CM suggestions: from the clinician's stated impression first, else the reported symptoms; every code
checked against the index and marked a suggestion."""

from assistant.notes.coding import suggest_codes
from assistant.notes.draft import NoteDraft


def reported(concept, source="Patient: ..."):
    return {"concept": concept, "label": concept, "group": "reported", "assertion": "present", "source": source}


def test_every_code_in_the_data_exists_in_icd10cm(note_vocabulary, icd10_index):
    entries = list(note_vocabulary.diagnoses.values()) + list(note_vocabulary.concept_codes.values())
    for entry in entries:
        for key in ("icd10", "history_icd10"):
            if entry.get(key):
                assert icd10_index.describe(entry[key]) and icd10_index.billable(entry[key]), entry


def test_stated_diagnosis_beats_symptoms_and_every_code_is_a_suggestion(note_vocabulary, icd10_index):
    draft = NoteDraft(impression=[{"text": "This is an ear infection.", "source": "Doctor: This is an ear infection.",
                                   "hedged": False, "diagnoses": ["otitis_media"], "concepts": []}],
                      findings=[reported("fever")])
    codes = suggest_codes(draft, note_vocabulary, icd10_index)
    assert [c["code"] for c in codes] == ["H66.90"]
    assert codes[0]["suggestion"] is True and codes[0]["evidence"] == "Doctor: This is an ear infection."
    assert codes[0]["status"] == "confirmed" and "laterality" in codes[0]["verify_note"]


def test_hedged_impression_is_provisional(note_vocabulary, icd10_index):
    draft = NoteDraft(impression=[{"text": "I suspect appendicitis.", "source": "Dr: I suspect appendicitis.",
                                   "hedged": True, "diagnoses": ["appendicitis"], "concepts": []}])
    (code,) = suggest_codes(draft, note_vocabulary, icd10_index)
    assert code["code"] == "K35.80" and code["status"] == "provisional"


def test_symptom_codes_when_no_diagnosis_and_removed_codes_stay_out(note_vocabulary, icd10_index):
    draft = NoteDraft(findings=[reported("cough"), reported("fever")], codes_removed=["R50.9"])
    assert [c["code"] for c in suggest_codes(draft, note_vocabulary, icd10_index)] == ["R05.9"]


def test_known_conditions_and_past_events(note_vocabulary, icd10_index):
    draft = NoteDraft(findings=[
        {"concept": "hypertension", "label": "high blood pressure", "group": "history", "assertion": "present",
         "source": "a"},
        {"concept": "stroke", "label": "stroke", "group": "history", "assertion": "historical", "source": "b"}])
    assert [c["code"] for c in suggest_codes(draft, note_vocabulary, icd10_index)] == ["I10", "Z86.73"]


def test_search_finds_a_description_by_words(icd10_index):
    assert icd10_index.search("otitis externa")[0][0] == "H60.90"
    assert icd10_index.search("zzzz qqqq") == []
    assert icd10_index.describe("h6690") == icd10_index.describe("H66.90")
    assert icd10_index.describe("H66.90") == "Otitis media, unspecified, unspecified ear"
