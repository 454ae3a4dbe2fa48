"""Vital signs as people type them, read by the one parse (``Findings.vitals``) and by ``read_vitals``.

Ported from the old ``extract_vitals`` dict ({sbp, dbp, spo2, heart_rate, resp_rate, temp_c, on_oxygen,
consciousness}) to typed readings: blood_pressure (value = systolic, ``diastolic``), spo2 (``on_oxygen``),
heart_rate, resp_rate, temperature (canonical °C), gcs and avpu. The old "consciousness" level is now a reading
(GCS, AVPU letter) or a concept (confusion, drowsiness, unresponsive) - see each test.
"""

import pytest

from assistant.safety.early_warning import news2
from assistant.understanding.vitals import read_vitals


@pytest.mark.parametrize(
    ("text", "kind", "value", "extra"),
    [
        ("BP 150/95", "blood_pressure", 150, {"diastolic": 95}),
        ("blood pressure 85 over 50", "blood_pressure", 85, {"diastolic": 50}),
        ("120/80 mmHg", "blood_pressure", 120, {"diastolic": 80}),
        ("sats 91%", "spo2", 91, {}),
        ("SpO2: 88 % on room air", "spo2", 88, {"on_oxygen": False}),
        ("my oxygen level is 93", "spo2", 93, {}),
        ("94% on RA", "spo2", 94, {"on_oxygen": False}),
        ("pulse 120", "heart_rate", 120, {}),
        ("HR 88 bpm", "heart_rate", 88, {}),
        ("heart rate of 45", "heart_rate", 45, {}),
        ("RR 28", "resp_rate", 28, {}),
        ("breathing 30 breaths per minute", "resp_rate", 30, {}),
        ("temp 39.2", "temperature", 39.2, {}),
        ("T 101.5F", "temperature", 38.6, {}),
        ("temperature 38c", "temperature", 38.0, {}),
        ("fever of 102", "temperature", 38.9, {}),
        ("37.8 °C", "temperature", 37.8, {}),
    ],
)
def test_single_readings(read, text, kind, value, extra):
    reading = read(text).vital(kind)
    assert reading is not None and reading.value == value, (text, read(text).vitals)
    for name, expected in extra.items():
        assert getattr(reading, name) == expected, (text, reading)


@pytest.mark.parametrize("text", ["sats 95% on 2L O2", "sats 95% on oxygen via nasal cannula"])
def test_on_oxygen(read, text):
    # Oxygen is now recorded on the saturation it qualifies (NEWS2 scores SpO2 on oxygen differently), so the old
    # bare phrases "on 2L O2" / "on oxygen via nasal cannula" are checked together with a saturation reading.
    assert read(text).vital("spo2").on_oxygen is True


def test_full_set(read):
    findings = read("BP 150/95, sats 91%, pulse 120, temp 39.2, RR 28, alert")
    got = {v.kind: (v.value, v.diastolic) if v.kind == "blood_pressure" else v.value for v in findings.vitals}
    assert got == {"blood_pressure": (150, 95), "spo2": 91, "heart_rate": 120, "temperature": 39.2, "resp_rate": 28}
    # "alert": no reduced consciousness is read (drowsiness denied, nothing of confusion/drowsiness/unresponsive)
    assert "drowsiness" in findings.absent
    assert not findings.present & {"confusion", "drowsiness", "unresponsive"}


@pytest.mark.parametrize(("text", "concept"), [("he is confused", "confusion"), ("she is unresponsive", "unresponsive")])
def test_consciousness_words(read, text, concept):
    assert concept in read(text).present


@pytest.mark.parametrize(("text", "letter"), [("responds only to pain", "P"), ("responds to voice", "V")])
def test_consciousness_avpu(read, text, letter):
    assert read(text).vital("avpu").value == letter


NORMAL_OTHERS = {"resp_rate": {"value": 16}, "spo2": {"value": 97}, "heart_rate": {"value": 70}}


@pytest.mark.parametrize(("text", "alert"), [("GCS 15", True), ("GCS 13", False), ("GCS 7", False)])
def test_consciousness_from_gcs(read, text, alert):
    # Old levels: GCS 15 -> alert, 13 -> confusion, 7 -> unresponsive. Now the GCS is a reading, scored by NEWS2
    # (alert 0, anything less 3), and a very low GCS also reads as unresponsive.
    gcs = read(text).vital("gcs")
    assert gcs.value == int(text.split()[1])
    assert news2({**NORMAL_OTHERS, "gcs": {"value": gcs.value}})["components"]["consciousness"] == (0 if alert else 3)


def test_very_low_gcs_reads_as_unresponsive(read):
    assert "unresponsive" in read("GCS 7").present


def test_alert_and_oriented(read):
    findings = read("alert and oriented")
    assert {"confusion", "drowsiness"} <= findings.absent
    assert findings.vital("avpu") is None or findings.vital("avpu").value == "A"


def test_negated_confusion_is_not_confusion(read):
    findings = read("not confused")
    assert "confusion" not in findings.present and "confusion" in findings.absent


@pytest.mark.parametrize("text", ["sats 12%", "pulse 900", "BP 80/120", "temp 60"])
def test_implausible_values_are_dropped(read, text):
    assert read(text).vitals == ()


def test_target_range_is_not_a_reading(read):
    assert read("target sats 88-92, now 86%").vital("spo2").value == 86


def test_last_reading_wins(read):
    assert read("pulse 80 earlier, now pulse 130").vital("heart_rate").value == 130


def test_nothing_and_junk(read):
    assert read("").vitals == ()
    assert read(None).vitals == ()
    assert read("I feel awful").vitals == ()
    assert read("sats" + " " * 10_000 + "x").vitals == ()
    assert read_vitals("") == ([], [])
    assert read_vitals("I feel awful") == ([], [])


# -- readings that are baselines, labels a few words away, and shares of a best value (session T1) ------------------
def kinds(text: str) -> dict[str, float]:
    return {v.kind: v.value for v in read_vitals(text)[0]}


def test_a_usual_value_is_not_a_reading():
    assert kinds("sats 92% (usual 93), temp 37.8") == {"spo2": 92, "temperature": 37.8}
    assert kinds("BP 148/96 today; booking BP 116/72")["blood_pressure"] == 148
    assert kinds("her usual sats are 88%, now 84%") == {"spo2": 84}


def test_a_label_and_its_number_a_few_words_apart():
    assert kinds("the clinic rang about her INR this morning and it's 8.2") == {"inr": 8.2}


def test_breaths_counted_in_words():
    assert kinds("he's only breathing about 6 times a minute")["resp_rate"] == 6


@pytest.mark.parametrize(("text", "percent"), [("peak flow this morning was 310, my best is 520", 60), ("PEF 45% predicted", 45),
                                               ("my best peak flow is 500 and today it is 200", 40)])
def test_peak_flow_as_a_share_of_the_best(text, percent):
    assert kinds(text)["peak_flow_percent"] == percent


def test_a_urine_dipstick_is_not_a_blood_ketone_reading():
    assert "ketones" not in kinds("urine ketones 3+, HR 108")


def test_a_recovered_reading_is_the_latest():
    found = [v.value for v in read_vitals("sugar was 3.5 so I had juice and it came back up to 6")[0] if v.kind == "glucose"]
    assert found[-1] == 6


def test_a_target_range_alone_is_no_reading(read):
    assert read("her target sats are 88-92").vitals == ()
