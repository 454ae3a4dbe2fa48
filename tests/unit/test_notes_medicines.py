from assistant.notes.medicines import read_sentence


def test_medicines_statuses_and_negation():
    meds, allergies = read_sentence("I take metformin and I stopped ibuprofen, but I'm not on warfarin.")
    assert {m["name"]: m["status"] for m in meds} == {"metformin": "current", "ibuprofen": "stopped"}
    assert not allergies


def test_allergy_lists_drug_and_non_drug():
    meds, allergies = read_sentence("Allergies: penicillin and peanuts, gets hives.")
    assert not meds
    assert [a["substance"] for a in allergies] == ["penicillin", "peanuts"]
    assert allergies[0]["reaction"] == "hives"


def test_everyday_words_that_are_brand_names_are_not_medicines():
    meds, _ = read_sentence("Your blood pressure is still above target and the ECG shows sinus rhythm.")
    assert meds == []


def test_no_known_allergies_gives_nothing():
    assert read_sentence("No known drug allergies.") == ([], [])
