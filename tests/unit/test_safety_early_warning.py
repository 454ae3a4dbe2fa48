"""NEWS2 scoring (RCP 2017): parameter bands, totals, bands, scale 2, and the levels the triage model gives them.

Vitals are {kind: {"value": ...}} (the triage case's shape): "sbp" is now blood_pressure (component "systolic"),
"temp_c" is temperature, on_oxygen sits on the spo2 reading, and consciousness is an AVPU letter, a GCS or
``confused=True``. The old result's "level", "complete", "missing" and "scale" keys are gone: levels come from the
triage model's NEWS2 discriminators (news2_high, news2_medium) and a missing parameter is simply absent from
``components``.
"""

import pytest

from assistant.safety.early_warning import news2
from assistant.triage.assess import assess
from assistant.triage.case import Case

NORMAL = {"resp_rate": {"value": 16}, "spo2": {"value": 97, "on_oxygen": False}, "blood_pressure": {"value": 120},
          "heart_rate": {"value": 70}, "avpu": {"value": "A"}, "temperature": {"value": 37.0}}


def with_(**changes):
    vitals = {k: dict(v) for k, v in NORMAL.items()}
    for kind, value in changes.items():
        vitals.setdefault(kind, {})["value"] = value
    return vitals


def score_of(**changes):
    return news2(with_(**changes))["components"]


@pytest.mark.parametrize(("rr", "points"), [(8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3)])
def test_resp_rate(rr, points):
    assert score_of(resp_rate=rr)["resp_rate"] == points


@pytest.mark.parametrize(("spo2", "points"), [(91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0)])
def test_spo2_scale1(spo2, points):
    assert score_of(spo2=spo2)["spo2"] == points


@pytest.mark.parametrize(
    ("spo2", "on_oxygen", "points"),
    [(83, False, 3), (84, False, 2), (86, False, 1), (88, False, 0), (92, False, 0), (95, False, 0),
     (93, True, 1), (95, True, 2), (97, True, 3)],
)
def test_spo2_scale2(spo2, on_oxygen, points):
    vitals = with_(spo2=spo2)
    vitals["spo2"]["on_oxygen"] = on_oxygen
    assert news2(vitals, hypercapnic=True)["components"]["spo2"] == points


@pytest.mark.parametrize(("sbp", "points"), [(90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)])
def test_sbp(sbp, points):
    assert score_of(blood_pressure=sbp)["systolic"] == points


@pytest.mark.parametrize(("hr", "points"), [(40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3)])
def test_pulse(hr, points):
    assert score_of(heart_rate=hr)["heart_rate"] == points


@pytest.mark.parametrize(("temp", "points"), [(35.0, 3), (35.1, 1), (36.0, 1), (36.1, 0), (38.0, 0), (38.1, 1), (39.0, 1), (39.1, 2)])
def test_temperature(temp, points):
    assert score_of(temperature=temp)["temperature"] == points


@pytest.mark.parametrize("letter", ["C", "V", "P", "U"])
def test_consciousness(letter):
    assert score_of(avpu=letter)["consciousness"] == 3


def test_new_confusion_scores_three():
    assert news2(NORMAL, confused=True)["components"]["consciousness"] == 3


def test_oxygen_scores_two():
    vitals = with_()
    vitals["spo2"]["on_oxygen"] = True
    assert news2(vitals)["components"]["air_or_oxygen"] == 2


def test_normal_is_low_band_without_escalation(triage_model):
    result = news2(NORMAL)
    assert result["score"] == 0 and result["band"] == "low"
    assert set(result["components"]) == {"resp_rate", "spo2", "air_or_oxygen", "systolic", "heart_rate",
                                         "consciousness", "temperature"}  # complete
    flags = assess(Case(vitals=NORMAL, age_years=40, sex="male"), triage_model).red_flags
    assert not any(f["id"].startswith("news2") for f in flags)  # old: level None


def test_bands_and_levels(triage_model):
    def flags(vitals, **case):
        assessment = assess(Case(vitals=vitals, age_years=40, sex="male", **case), triage_model)
        return assessment.level, {f["id"] for f in assessment.red_flags}

    medium = with_(resp_rate=22, heart_rate=115, temperature=38.5)  # 2 + 2 + 1
    assert (news2(medium)["score"], news2(medium)["band"]) == (5, "medium")
    level, fired = flags(medium)
    assert level == "urgent" and "news2_medium" in fired
    high = with_(resp_rate=26, spo2=91, heart_rate=115)  # 3 + 3 + 2
    assert (news2(high)["score"], news2(high)["band"]) == (8, "high")
    level, fired = flags(high)
    assert level == "emergency" and "news2_high" in fired
    single = news2(NORMAL, confused=True)
    assert (single["score"], single["band"]) == (3, "low-medium")
    assert flags(NORMAL, present={"confusion": "confused"})[0] == "urgent"


def test_too_few_parameters_gives_none():
    assert news2({"heart_rate": {"value": 120}, "spo2": {"value": 90}}) is None
    assert news2({}) is None


def test_partial_set_is_a_lower_bound():
    result = news2({"heart_rate": {"value": 135}, "resp_rate": {"value": 26}, "spo2": {"value": 90}})
    assert result["score"] == 9
    assert not {"systolic", "consciousness", "temperature"} & set(result["components"])  # missing, not scored
