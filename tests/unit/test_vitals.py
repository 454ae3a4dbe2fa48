"""Vital signs as people type them."""

import pytest

from assistant.clinical_text import extract_vitals


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BP 150/95", {"sbp": 150, "dbp": 95}),
        ("blood pressure 85 over 50", {"sbp": 85, "dbp": 50}),
        ("120/80 mmHg", {"sbp": 120, "dbp": 80}),
        ("sats 91%", {"spo2": 91}),
        ("SpO2: 88 % on room air", {"spo2": 88, "on_oxygen": False}),
        ("my oxygen level is 93", {"spo2": 93}),
        ("94% on RA", {"spo2": 94, "on_oxygen": False}),
        ("pulse 120", {"heart_rate": 120}),
        ("HR 88 bpm", {"heart_rate": 88}),
        ("heart rate of 45", {"heart_rate": 45}),
        ("RR 28", {"resp_rate": 28}),
        ("breathing 30 breaths per minute", {"resp_rate": 30}),
        ("temp 39.2", {"temp_c": 39.2}),
        ("T 101.5F", {"temp_c": 38.6}),
        ("temperature 38c", {"temp_c": 38.0}),
        ("fever of 102", {"temp_c": 38.9}),
        ("37.8 °C", {"temp_c": 37.8}),
        ("on 2L O2", {"on_oxygen": True}),
        ("on oxygen via nasal cannula", {"on_oxygen": True}),
    ],
)
def test_single_readings(text, expected):
    vitals = extract_vitals(text)
    for key, value in expected.items():
        assert vitals[key] == value, (text, vitals)


def test_full_set():
    vitals = extract_vitals("BP 150/95, sats 91%, pulse 120, temp 39.2, RR 28, alert")
    assert vitals == {"sbp": 150, "dbp": 95, "spo2": 91, "heart_rate": 120, "temp_c": 39.2, "resp_rate": 28,
                      "consciousness": "alert"}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("he is confused", "confusion"),
        ("she is unresponsive", "unresponsive"),
        ("responds only to pain", "pain"),
        ("responds to voice", "voice"),
        ("GCS 15", "alert"),
        ("GCS 13", "confusion"),
        ("GCS 7", "unresponsive"),
        ("alert and oriented", "alert"),
    ],
)
def test_consciousness(text, level):
    assert extract_vitals(text)["consciousness"] == level


def test_negated_confusion_is_not_confusion():
    assert extract_vitals("not confused").get("consciousness") is None


def test_implausible_values_are_dropped():
    assert extract_vitals("sats 12%") == {}
    assert extract_vitals("pulse 900") == {}
    assert extract_vitals("BP 80/120") == {}
    assert extract_vitals("temp 60") == {}


def test_target_range_is_not_a_reading():
    assert extract_vitals("target sats 88-92, now 86%")["spo2"] == 86


def test_last_reading_wins():
    assert extract_vitals("pulse 80 earlier, now pulse 130")["heart_rate"] == 130


def test_nothing_and_junk():
    assert extract_vitals("") == {}
    assert extract_vitals(None) == {}  # type: ignore[arg-type]
    assert extract_vitals("I feel awful") == {}
    assert extract_vitals("sats" + " " * 10_000 + "x") == {}
