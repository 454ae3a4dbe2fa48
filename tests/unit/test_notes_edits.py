"""Edits by chat: each reads the one parse of the edit message and names the edit as its source."""

from assistant.notes.edits import apply_edit, is_new_note, is_undo
from assistant.notes.from_findings import read_consultation

DICTATED = "Cough for 3 days, no fever. Takes metformin. Plan: rest and fluids."


def base(knowledge):
    draft, _ = read_consultation(knowledge.parse(DICTATED), knowledge)
    return draft


def edit(knowledge, draft, text):
    return apply_edit(draft, knowledge.parse(text), knowledge)


def test_add_allergy_with_reaction_and_blood_pressure(notes_knowledge):
    out = edit(notes_knowledge, base(notes_knowledge), "add penicillin allergy - hives")
    assert out.changed and [(a["substance"], a["reaction"]) for a in out.draft.allergies] == [("penicillin", "hives")]
    assert out.draft.allergies[0]["source"] == "clinician edit: add penicillin allergy - hives"
    assert "hives" not in out.draft.concepts("reported")  # the reaction, not a new complaint
    out = edit(notes_knowledge, out.draft, "add that BP was 140/90")
    bp = next(v for v in out.draft.vitals if v["kind"] == "blood_pressure")
    assert (bp["value"], bp["diastolic"]) == (140, 90)


def test_change_plan_replaces_it_and_new_medicines_are_marked_new(notes_knowledge):
    out = edit(notes_knowledge, base(notes_knowledge),
               "change the plan to amoxicillin 500 mg three times daily for 5 days")
    assert [p["text"] for p in out.draft.plan] == ["amoxicillin 500 mg three times daily for 5 days."]
    planned = {m["name"]: m for m in out.draft.medicines if m["section"] == "plan"}
    assert planned["amoxicillin"]["status"] == "new" and planned["amoxicillin"]["dose"] == "500"


def test_remove_and_negation_edits(notes_knowledge):
    out = edit(notes_knowledge, base(notes_knowledge), "remove the cough")
    assert "cough" not in out.draft.concepts("reported")
    assert out.draft.plan  # removing a finding leaves the plan alone
    out = edit(notes_knowledge, base(notes_knowledge), "add that he has a fever")
    assert "fever" in out.draft.concepts("reported") and "fever" not in out.draft.concepts("denied")
    missing = edit(notes_knowledge, base(notes_knowledge), "remove the unicorn")
    assert not missing.changed and "could not find" in missing.message


def test_unclear_edit_changes_nothing_and_new_note_resets(notes_knowledge):
    draft = base(notes_knowledge)
    out = edit(notes_knowledge, draft, "change the vibe")
    assert not out.changed and out.draft == draft
    assert is_new_note("new note") and edit(notes_knowledge, draft, "start over").reset
    assert is_undo("undo") and is_undo("Undo that.") and not is_undo("undo the plan to rest")


def test_change_assessment_suggests_a_code_from_the_words(notes_knowledge):
    out = edit(notes_knowledge, base(notes_knowledge), "change the assessment to otitis externa")
    assert out.draft.codes_added[0]["code"].startswith("H60")
    assert [i["text"] for i in out.draft.impression] == ["otitis externa."]


def test_codes_can_be_added_and_removed(notes_knowledge):
    out = edit(notes_knowledge, base(notes_knowledge), "add code J02.0")
    assert out.changed and out.draft.codes_added[0]["code"] == "J02.0"
    assert not edit(notes_knowledge, base(notes_knowledge), "add code Q99.99").changed
    out = edit(notes_knowledge, out.draft, "remove code J02.0")
    assert "J02.0" in out.draft.codes_removed and not out.draft.codes_added
