"""NEWS2 scoring (RCP 2017): parameter bands, totals, bands, scale 2."""

import pytest

from assistant.safety.early_warning import news2

NORMAL = {"resp_rate": 16, "spo2": 97, "sbp": 120, "heart_rate": 70, "consciousness": "alert", "temp_c": 37.0,
          "on_oxygen": False}


def score_of(**changes):
    return news2({**NORMAL, **changes})["components"]


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
    result = news2({**NORMAL, "spo2": spo2, "on_oxygen": on_oxygen}, hypercapnic_target=True)
    assert result["components"]["spo2"] == points and result["scale"] == 2


@pytest.mark.parametrize(("sbp", "points"), [(90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)])
def test_sbp(sbp, points):
    assert score_of(sbp=sbp)["sbp"] == points


@pytest.mark.parametrize(("hr", "points"), [(40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3)])
def test_pulse(hr, points):
    assert score_of(heart_rate=hr)["heart_rate"] == points


@pytest.mark.parametrize(("temp", "points"), [(35.0, 3), (35.1, 1), (36.0, 1), (36.1, 0), (38.0, 0), (38.1, 1), (39.0, 1), (39.1, 2)])
def test_temperature(temp, points):
    assert score_of(temp_c=temp)["temp_c"] == points


@pytest.mark.parametrize("level", ["confusion", "voice", "pain", "unresponsive"])
def test_consciousness(level):
    assert score_of(consciousness=level)["consciousness"] == 3


def test_oxygen_scores_two():
    assert score_of(on_oxygen=True)["air_or_oxygen"] == 2


def test_normal_is_low_band_without_escalation():
    result = news2(NORMAL)
    assert result["score"] == 0 and result["band"] == "low" and result["level"] is None and result["complete"]


def test_bands_and_levels():
    medium = news2({**NORMAL, "resp_rate": 22, "heart_rate": 115, "temp_c": 38.5})  # 2 + 2 + 1
    assert (medium["score"], medium["band"], medium["level"]) == (5, "medium", "urgent")
    high = news2({**NORMAL, "resp_rate": 26, "spo2": 91, "heart_rate": 115})  # 3 + 3 + 2
    assert (high["score"], high["band"], high["level"]) == (8, "high", "emergency")
    single = news2({**NORMAL, "consciousness": "confusion"})
    assert (single["score"], single["band"], single["level"]) == (3, "low-medium", "urgent")


def test_too_few_parameters_gives_none():
    assert news2({"heart_rate": 120, "spo2": 90}) is None
    assert news2({}) is None


def test_partial_set_is_marked_incomplete():
    result = news2({"heart_rate": 135, "resp_rate": 26, "spo2": 90})
    assert result["score"] == 9 and not result["complete"]
    assert {"sbp", "consciousness", "temp_c", "on_oxygen"} <= set(result["missing"])
