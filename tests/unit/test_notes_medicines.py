"""Medicines and allergies on the note: details from the parse, allergens and non-medicines kept off the list."""

import pytest

from assistant.notes.from_findings import clean_allergen, read_consultation
from assistant.notes.soap import medicine_text


def read(knowledge, text):
    return read_consultation(knowledge.parse(text), knowledge)[0]


def test_medicines_keep_dose_frequency_and_status(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: What do you take?\n"
                                  "Patient: Ibuprofen 400 mg three times a day and metformin twice a day.\n"
                                  "Doctor: We will add ramipril 2.5 mg once daily.")
    taken = {m["name"]: m for m in draft.medicines}
    assert (taken["ibuprofen"]["dose"], taken["ibuprofen"]["unit"]) == ("400", "mg")
    assert taken["ibuprofen"]["frequency"] == "three times daily" and taken["ibuprofen"]["section"] == "subjective"
    assert taken["metformin"]["frequency"] == "twice daily"
    assert (taken["ramipril"]["status"], taken["ramipril"]["section"]) == ("new", "plan")


def test_an_allergen_named_again_in_the_plan_is_not_a_medicine(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: Any allergies?\nPatient: I'm allergic to penicillin, I had anaphylaxis.\n"
                                  "Doctor: Because of the penicillin allergy I'll prescribe doxycycline.")
    assert [(a["substance"], a["reaction"]) for a in draft.allergies] == [("penicillin", "anaphylaxis")]
    assert [m["name"] for m in draft.medicines] == ["doxycycline"]
    assert not draft.concepts("history")  # the reaction is the allergy's, not past history


def test_junk_allergen_words_are_cleaned_and_nkda_is_no_allergen(notes_knowledge):
    assert clean_allergen("of the penicillin", notes_knowledge) == "penicillin"
    assert clean_allergen("has a peanut", notes_knowledge) == "peanut"
    assert clean_allergen("nkda", notes_knowledge) is None


def test_social_history_is_not_a_medicine(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: Any alcohol?\nPatient: A couple of glasses of wine, alcohol at weekends.\n"
                                  "Doctor: Any medicines?\nPatient: Omeprazole.")
    assert [m["name"] for m in draft.medicines] == ["omeprazole"]


def test_a_number_without_a_unit_is_the_dose_and_the_note_says_the_unit_is_missing(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: What do you take?\n"
                                  "Patient: Bisoprolol 5 in the morning and atorvastatin, 20 at night.\n"
                                  "Nurse: The paramedics gave him 300 of aspirin.")
    taken = {m["name"]: m for m in draft.medicines}
    assert (taken["bisoprolol"]["dose"], taken["bisoprolol"]["unit"]) == ("5", None)
    assert (taken["atorvastatin"]["dose"], taken["atorvastatin"]["frequency"]) == ("20", "at night")
    assert taken["aspirin"]["dose"] == "300"
    assert medicine_text(taken["bisoprolol"]).startswith("bisoprolol 5 (unit not stated)")


@pytest.mark.parametrize("said, frequencies", [
    ("Doctor: The chest is tight and wheezy, peak flow 40 percent.\nDoctor: Acute asthma. Prednisolone 40 mg by "
     "mouth now. I'll give you hydrocortisone 100 mg IV as well.", {"prednisolone": "once only",
                                                                   "hydrocortisone": "once only"}),  # given in the room
    ("Patient: Lansoprazole 30 milligrams a day and warfarin every evening, and I rub ice on it.",
     {"lansoprazole": "once daily", "warfarin": "once daily"}),  # everyday words; "on it" is not "at night"
])
def test_frequencies_as_people_say_them(notes_knowledge, said, frequencies):
    assert {m["name"]: m["frequency"] for m in read(notes_knowledge, said).medicines} == frequencies


def test_a_weight_based_order_keeps_the_total_dose(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: She weighs 20 kilos. Meningitis likely. "
                                  "Ceftriaxone 80 milligrams per kilo, so 1600 milligrams IV now.")
    assert [(m["name"], m["dose"]) for m in draft.medicines] == [("ceftriaxone", "1600")]
