"""NEWS2 (Royal College of Physicians, National Early Warning Score 2, 2017) - our own implementation.

Scored only when at least three parameters are measured; with some missing the total is a lower bound (a missing
value scores 0), which is safe for raising urgency and never used for lowering it.
Vitals come as {kind: {"value": ..., "diastolic": ..., "on_oxygen": ...}} (the triage case's shape).
"""

from __future__ import annotations

from typing import Any

SOURCE = "Royal College of Physicians, National Early Warning Score (NEWS) 2, 2017"
MIN_PARAMETERS = 3


def _resp_rate(rr: float) -> int:
    return 3 if rr <= 8 else 1 if rr <= 11 else 0 if rr <= 20 else 2 if rr <= 24 else 3


def _spo2_scale1(spo2: float) -> int:
    return 3 if spo2 <= 91 else 2 if spo2 <= 93 else 1 if spo2 <= 95 else 0


def _spo2_scale2(spo2: float, on_oxygen: bool) -> int:
    """Scale 2: confirmed hypercapnic respiratory failure with a prescribed 88-92% target."""
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


def _value(vitals: dict[str, Any], kind: str) -> float | None:
    value = (vitals.get(kind) or {}).get("value")
    return float(value) if isinstance(value, (int, float)) else None


def news2(vitals: dict[str, Any], *, confused: bool = False, hypercapnic: bool = False) -> dict | None:
    """{score, components, single_3, band} or None when fewer than three parameters are measured."""
    components: dict[str, int] = {}
    rr, spo2, sbp, hr, temp = (_value(vitals, k) for k in ("resp_rate", "spo2", "blood_pressure", "heart_rate", "temperature"))
    on_oxygen = bool((vitals.get("spo2") or {}).get("on_oxygen"))
    if rr is not None:
        components["resp_rate"] = _resp_rate(rr)
    if spo2 is not None:
        components["spo2"] = _spo2_scale2(spo2, on_oxygen) if hypercapnic else _spo2_scale1(spo2)
        components["air_or_oxygen"] = 2 if on_oxygen else 0
    if sbp is not None:
        components["systolic"] = _sbp(sbp)
    if hr is not None:
        components["heart_rate"] = _pulse(hr)
    avpu = str((vitals.get("avpu") or {}).get("value") or "")
    gcs = _value(vitals, "gcs")
    if avpu or gcs is not None or confused:
        alert = (avpu in ("", "A")) and (gcs is None or gcs >= 15) and not confused
        components["consciousness"] = 0 if alert else 3
    if temp is not None:
        components["temperature"] = _temperature(temp)
    measured = [k for k in components if k != "air_or_oxygen"]
    if len(measured) < MIN_PARAMETERS:
        return None
    score = sum(components.values())
    single_3 = any(value == 3 for value in components.values())
    band = "high" if score >= 7 else "medium" if score >= 5 else "low-medium" if single_3 else "low"
    return {"score": score, "components": components, "single_3": single_3, "band": band, "source": SOURCE}


def news2_score(vitals: dict[str, Any], *, confused: bool = False, hypercapnic: bool = False) -> int | None:
    result = news2(vitals, confused=confused, hypercapnic=hypercapnic)
    return None if result is None else int(result["score"])
