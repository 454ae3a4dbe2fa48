"""The SOAP sections: only what was read, inferred lines marked [verify] and listed."""

from assistant.notes.draft import NoteDraft
from assistant.notes.soap import VERIFY, compose


def finding(concept, group, label=None, source="Patient: ...", **extra):
    return {"concept": concept, "label": label or concept, "group": group, "assertion": "absent" if group == "denied"
            else "present", "source": source, "speaker": "patient", "detail": "", "verify": False, **extra}


def test_inferred_assessment_and_missing_allergy_status_are_marked_for_verification():
    draft = NoteDraft(findings=[finding("cough", "reported", detail="for 3 days")])
    composed = compose(draft, [])
    assert "Presentation with cough; no diagnosis was stated " + VERIFY in composed.sections["assessment"]
    assert any("no impression was stated" in v for v in composed.verify)
    assert any("Allergy status" in v for v in composed.verify)
    assert "No plan was recorded" in composed.sections["plan"]
    assert composed.sections["objective"] == "No examination findings or vital signs were recorded."
    assert "Presenting complaint: cough (for 3 days)." in composed.sections["subjective"]


def test_denials_meds_vitals_and_reported_readings_rendered():
    draft = NoteDraft(
        findings=[finding("fever", "denied")],
        medicines=[{"name": "metformin", "dose": "500", "unit": "mg", "frequency": "twice daily", "status": "current",
                    "section": "subjective", "source": "Patient: metformin 500 mg twice a day"}],
        no_known_allergies="Patient: No known drug allergies.",
        vitals=[{"kind": "blood_pressure", "text": "BP 140/90 mmHg", "source": "Doctor: BP 140/90", "reported": False},
                {"kind": "temperature", "text": "temperature 37 °C", "source": "Mum: it was 37", "reported": True}])
    composed = compose(draft, [], "Interaction check: none.")
    subjective = composed.sections["subjective"]
    assert "Denies: fever." in subjective and "Medicines: metformin 500 mg twice daily." in subjective
    assert "no known drug allergies" in subjective
    assert "BP 140/90 mmHg" in composed.sections["objective"]
    assert "reported, not measured" in composed.sections["objective"]
    assert "Interaction check: none." in composed.sections["plan"]


def test_family_history_possible_findings_and_repeated_readings():
    draft = NoteDraft(findings=[finding("fever", "reported", verify=True, assertion="possible")],
                      family=[{"concept": "stroke", "label": "stroke", "assertion": "historical",
                               "source": "Pt: my dad"}],
                      vitals=[{"kind": "heart_rate", "text": "heart rate 88/min", "source": "a", "reported": False},
                              {"kind": "heart_rate", "text": "heart rate 140/min", "source": "b", "reported": False}])
    composed = compose(draft, [])
    assert f"Presenting complaint: possible fever {VERIFY}." in composed.sections["subjective"]
    assert "Family history: stroke." in composed.sections["subjective"]
    assert any("More than one heart rate reading" in v for v in composed.verify)


def test_codes_are_listed_as_suggestions_with_pregnancy_precedence():
    draft = NoteDraft(demographics={"pregnant": True}, impression=[{"text": "Migraine.", "source": "Dr: migraine"}])
    codes = [{"code": "G43.909", "description": "Migraine, unspecified", "basis": "diagnosis stated",
              "evidence": "Dr: migraine"}]
    composed = compose(draft, codes)
    assert f"- G43.909 Migraine, unspecified - suggestion, diagnosis stated {VERIFY}" in composed.sections["assessment"]
    assert any("chapter 15" in v for v in composed.verify)
