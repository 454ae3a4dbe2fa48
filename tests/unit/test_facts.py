"""Patient facts: one text at a time, merged across turns."""

from assistant.clinical_text import extract_patient_facts, merge_facts


def test_extract_combines_demographics_and_vitals():
    facts = extract_patient_facts("72M, BP 150/95, pulse 120")
    assert facts["age_years"] == 72 and facts["sex"] == "male"
    assert facts["vitals"] == {"sbp": 150, "dbp": 95, "heart_rate": 120}


def test_no_vitals_key_without_vitals():
    assert "vitals" not in extract_patient_facts("I'm 40")


def test_newer_wins_and_vitals_merge():
    old = {"age_years": 30, "vitals": {"heart_rate": 80, "spo2": 97}, "conditions": ["copd"]}
    new = {"age_years": 31, "vitals": {"heart_rate": 120}, "conditions": ["diabetes"], "sex": None}
    merged = merge_facts(old, new)
    assert merged["age_years"] == 31
    assert merged["vitals"] == {"heart_rate": 120, "spo2": 97}
    assert merged["conditions"] == ["copd", "diabetes"]
    assert "sex" not in merged
    assert old["vitals"] == {"heart_rate": 80, "spo2": 97}  # inputs untouched


def test_merge_with_nothing():
    assert merge_facts(None, None) == {}
    assert merge_facts({"pregnant": True}, {}) == {"pregnant": True}
    assert merge_facts({"pregnant": True}, {"pregnant": False}) == {"pregnant": False}
