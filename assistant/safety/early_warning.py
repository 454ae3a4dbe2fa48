"""NEWS2 (Royal College of Physicians, National Early Warning Score 2, 2017) — our own implementation.

Scored only when at least three of the measured parameters are known; with some missing the total is
a lower bound (a missing value scores 0), which is still safe for raising urgency, never for lowering.
"""

from __future__ import annotations

SOURCE = "Royal College of Physicians, National Early Warning Score (NEWS) 2, 2017"
MEASURED = ("resp_rate", "spo2", "sbp", "heart_rate", "consciousness", "temp_c")
MIN_PARAMETERS = 3


def _resp_rate(rr: float) -> int:
    return 3 if rr <= 8 else 1 if rr <= 11 else 0 if rr <= 20 else 2 if rr <= 24 else 3


def _spo2_scale1(spo2: float) -> int:
    return 3 if spo2 <= 91 else 2 if spo2 <= 93 else 1 if spo2 <= 95 else 0


def _spo2_scale2(spo2: float, on_oxygen: bool) -> int:
    """Scale 2: for confirmed hypercapnic respiratory failure with a prescribed 88-92% target."""
    if spo2 <= 83:
        return 3
    if spo2 <= 85:
        return 2
    if spo2 <= 87:
        return 1
    if spo2 <= 92 or not on_oxygen:
        return 0
    return 1 if spo2 <= 94 else 2 if spo2 <= 96 else 3


def _sbp(sbp: float) -> int:
    return 3 if sbp <= 90 else 2 if sbp <= 100 else 1 if sbp <= 110 else 0 if sbp <= 219 else 3


def _pulse(hr: float) -> int:
    return 3 if hr <= 40 else 1 if hr <= 50 else 0 if hr <= 90 else 1 if hr <= 110 else 2 if hr <= 130 else 3


def _temperature(temp_c: float) -> int:
    return 3 if temp_c <= 35.0 else 1 if temp_c <= 36.0 else 0 if temp_c <= 38.0 else 1 if temp_c <= 39.0 else 2


def news2(vitals: dict, *, hypercapnic_target: bool = False) -> dict | None:
    """``{score, band, level, components, missing, complete, scale, source}`` or None if too few vitals.

    Bands: 0-4 low, a 3 in any single parameter low-medium, 5-6 medium, 7+ high. Levels on the
    product's scale: high -> emergency, medium and low-medium -> urgent, low -> None (no escalation;
    a low score never lowers anything).
    """
    known = [name for name in MEASURED if vitals.get(name) is not None]
    if len(known) < MIN_PARAMETERS:
        return None
    on_oxygen = bool(vitals.get("on_oxygen"))
    components: dict[str, int] = {}
    if "resp_rate" in known:
        components["resp_rate"] = _resp_rate(vitals["resp_rate"])
    if "spo2" in known:
        spo2 = vitals["spo2"]
        components["spo2"] = _spo2_scale2(spo2, on_oxygen) if hypercapnic_target else _spo2_scale1(spo2)
    components["air_or_oxygen"] = 2 if on_oxygen else 0
    if "sbp" in known:
        components["sbp"] = _sbp(vitals["sbp"])
    if "heart_rate" in known:
        components["heart_rate"] = _pulse(vitals["heart_rate"])
    if "consciousness" in known:
        components["consciousness"] = 0 if vitals["consciousness"] == "alert" else 3
    if "temp_c" in known:
        components["temp_c"] = _temperature(vitals["temp_c"])
    score = sum(components.values())
    single_3 = any(value == 3 for value in components.values())
    if score >= 7:
        band, level = "high", "emergency"
    elif score >= 5:
        band, level = "medium", "urgent"
    elif single_3:
        band, level = "low-medium", "urgent"
    else:
        band, level = "low", None
    missing = [name for name in MEASURED if name not in known]
    if "on_oxygen" not in vitals:
        missing.append("on_oxygen")
    return {
        "score": score,
        "band": band,
        "level": level,
        "components": components,
        "single_parameter_3": single_3,
        "missing": missing,
        "complete": not missing,
        "scale": 2 if hypercapnic_target else 1,
        "source": SOURCE,
    }
