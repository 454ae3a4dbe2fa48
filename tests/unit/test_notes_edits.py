from assistant.notes.edits import apply_edit, dictated_facts, is_new_note, merge_facts


def base():
    return dictated_facts("Cough for 3 days, no fever. Takes metformin. Plan: rest and fluids.")


def test_add_allergy_and_blood_pressure():
    out = apply_edit(base(), "add penicillin allergy")
    assert out.changed and [a["substance"] for a in out.facts["allergies"]] == ["penicillin"]
    assert out.facts["allergies"][0]["evidence"] == "clinician edit: add penicillin allergy"
    out = apply_edit(out.facts, "add that BP was 140/90")
    assert (out.facts["vitals"]["sbp"], out.facts["vitals"]["dbp"]) == (140, 90)


def test_change_plan_replaces_it_and_new_medicines_are_marked_new():
    out = apply_edit(base(), "change the plan to amoxicillin 500 mg three times daily for 5 days")
    assert [p["text"] for p in out.facts["plan_items"]] == ["amoxicillin 500 mg three times daily for 5 days."]
    assert {m["name"]: m["status"] for m in out.facts["medications"]}["amoxicillin"] == "new"


def test_remove_and_negation_edits():
    out = apply_edit(base(), "remove the cough")
    assert "cough" not in {s["id"] for s in out.facts["symptoms_present"]}
    out = apply_edit(base(), "add that he has a fever")
    assert "fever" in {s["id"] for s in out.facts["symptoms_present"]}
    assert "fever" not in {s["id"] for s in out.facts["symptoms_absent"]}
    missing = apply_edit(base(), "remove the unicorn")
    assert not missing.changed and "could not find" in missing.message


def test_unclear_edit_changes_nothing_and_new_note_resets():
    facts = base()
    out = apply_edit(facts, "change the vibe")
    assert not out.changed and out.facts == merge_facts(facts, {})
    assert is_new_note("new note") and apply_edit(facts, "start over").reset


def test_change_assessment_suggests_a_code_from_the_words():
    out = apply_edit(base(), "change the assessment to otitis externa")
    assert out.facts["manual_codes"][0]["code"].startswith("H60")
