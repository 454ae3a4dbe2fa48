"""Vital signs and bedside numbers as people write them, each with its unit.

"T 101.5F", "temp 38.2", "feels hot, 38.2", "sats 86% on air", "BP 90/60", "HR 110", "GCS E2V3M5", "BM 2.1",
"glucose 450 mg/dL", "INR 6.8", "pain 8/10", "peak flow 310, my best is 520" (as a percentage of best). A person's usual
value ("sats 92% (usual 93)") is not a reading, nor is a urine dipstick ("urine ketones 3+" is not blood ketones of 3
mmol/L). A missing unit is inferred from the plausible range (a temperature
of 34-43.5 is Celsius, 93-110 Fahrenheit; a glucose above 35 is mg/dL) and marked ``unit_inferred``; a number
that fits no range is reported as unsure instead of guessed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.understanding.findings import Vital

_I = re.IGNORECASE
_NUM = r"(\d{1,3}(?:\.\d{1,2})?)"
_SEP = (r"(?:\s*(?:(?:is|was|are|were|of|at|about|around|approx|only|reading|reads|now|down\s+to|dropped\s+to|up\s+to|"
        r"went\s+up\s+to|went\s+to|hit|spiked\s+to|spiking\s+to|measured|max|maximum|to)\b|[:=~\-]))*\s*")
_TEMP_UNIT = r"(\s*(?:°\s*[cf]\b|°|deg(?:rees?)?\s*(?:[cf]\b|celsius|fahrenheit)?|celsius|fahrenheit|grades?|[cf]\b))?"

_LABELLED = {
    "temperature": re.compile(r"\b(?:temp(?:erature)?s?|tmax|t(?=\s*[:=]?\s*\d)|fever(?:\s+of)?|a?febrile(?:\s+(?:to|at))?|apyrexial|"
                              r"pyrexi(?:a|al)(?:\s+(?:to|of|at))?|temp\s+spik\w*)" + _SEP + _NUM + _TEMP_UNIT, _I),
    "heart_rate": re.compile(r"\b(?:heart\s*rate|hr|h\.r\.|pulse(?!\s*ox)(?:\s*rate)?|p(?=\s*[:=]\s*\d)|"
                             r"tachy(?:cardic|cardia)?(?:\s+(?:at|to))?|brady(?:cardic|cardia)?(?:\s+(?:at|to))?)" + _SEP + r"(\d{2,3})\b(?!\s*/\s*\d)", _I),
    "resp_rate": re.compile(r"\b(?:rr|resp(?:iratory)?\s*rate|resps|respirations?|breathing\s*rate|breaths|"
                            r"tachypn(?:o|e)ic(?:\s+(?:at|to))?)" + _SEP + r"(\d{1,2})\b(?!\s*/\s*\d)", _I),
    "spo2": re.compile(r"\b(?:spo2|sp02|sao2|o2\s*sats?|o2\s*saturations?|sats?|saturations?|saturating|"
                       r"oxygen\s*(?:saturations?|sats?|levels?|level)?|pulse\s*ox(?:imeter|imetry)?(?:\s+(?:says|reading))?|ox\s*sats?)"
                       + _SEP + r"(\d{2,3}(?:\.\d)?)(?!\s*(?:-|to)\s*\d)\s*(%)?", _I),
    "blood_pressure": re.compile(r"\b(?:bp|b/p|blood\s*pressure|nibp|pressure)" + _SEP + r"(\d{2,3})\s*(?:/|over|\\)\s*(\d{2,3})", _I),
    "systolic": re.compile(r"\b(?:systolic|sbp)" + _SEP + r"(\d{2,3})\b", _I),
    "gcs": re.compile(r"\b(?:gcs|glasgow(?:\s+coma\s+(?:scale|score))?)" + _SEP + r"(\d{1,2})(?:\s*/\s*15)?\b", _I),
    "gcs_parts": re.compile(r"\b(?:gcs\s*:?\s*)?e\s*([1-4])\s*,?\s*v\s*([1-5t])\s*,?\s*m\s*([1-6])\b", _I),
    "avpu": re.compile(r"\b(?:a?c?vpu|avpu\s*score)\s*(?:is|was|of|=|:|-)?\s*(alert|voice|pain|unresponsive|[avpu])\b", _I),
    "avpu_after": re.compile(r"\b([AVPU])\s+(?:on|by|per)\s+(?i:a?c?vpu)\b"),
    "glucose": re.compile(r"\b(?:blood\s*(?:glucose|sugars?)|glucose|gluc|cbg|bgl?|bm|capillary\s*(?:blood\s*)?glucose|"
                          r"sugars?(?:\s+level)?|finger\s*(?:prick|stick))" + _SEP + _NUM
                          + r"(\s*(?:mmol(?:/l)?|mg\s*/\s*dl|mgdl|mg))?", _I),
    "inr": re.compile(r"\binr" + _SEP + r"(\d{1,2}(?:\.\d{1,2})?)\b", _I),
    "lactate": re.compile(r"\b(?:lactate|lac)" + _SEP + r"(\d{1,2}(?:\.\d)?)\b", _I),
    "ketones": re.compile(r"(?<!urine\s)(?<!urinary\s)(?<!urine\s\s)\b(?:blood\s*)?ketones?" + _SEP + r"(\d{1,2}(?:\.\d)?)\b(?!\s*\+)", _I),
    "potassium": re.compile(r"\b(?:potassium|k\+?)(?=\s*(?:of|is|was|:|=)?\s*\d)" + _SEP + r"(\d(?:\.\d{1,2})?)\b", _I),
    "haemoglobin": re.compile(r"\b(?:h(?:a)?emoglobin|hb|hgb)" + _SEP + r"(\d{1,3}(?:\.\d)?)\s*(g\s*/\s*dl|g\s*/\s*l)?", _I),
    "pain_score": re.compile(r"\b(?:pain(?:\s*score)?|severity|rated?|scores?)" + _SEP + r"(\d{1,2}(?:\.\d)?)\s*(?:/|out\s+of)\s*10\b", _I),
}
_UNLABELLED = {
    "temperature": re.compile(r"(?<![\d./])" + _NUM + r"(\s*(?:°\s*[cf]\b|°|deg(?:rees?)?\s*(?:[cf]\b|celsius|fahrenheit)?|celsius|fahrenheit|[cf]\b))", _I),
    "heart_rate": re.compile(r"\b(\d{2,3})\s*(?:bpm|beats\s*(?:per|a|/)\s*min(?:ute)?)\b", _I),
    "resp_rate": re.compile(r"\b(\d{1,2})\s*(?:breaths|resps)\s*(?:per|a|/)\s*min|"
                            r"\bbreath(?:ing|es|s)?\s+(?:only\s+|about\s+|around\s+|roughly\s+|maybe\s+)*(\d{1,2})\s*times?\s*(?:per|a|/|in\s+a)\s*min", _I),
    "blood_pressure": re.compile(r"(?<![\d./])(\d{2,3})\s*/\s*(\d{2,3})(?![\d/])(\s*mm\s*hg)?", _I),
    "spo2": re.compile(r"(?<![\d.])(\d{2,3})\s*%\s*(?:on\s+)?(?:ra|room\s+air|air|o2|oxygen|sats?|\d+\s*l)\b", _I),
    "pain_score": re.compile(r"(?<![\d./])(\d{1,2})\s*(?:/|out\s+of)\s*10\b(?!\s*(?:days?|weeks?|/))", _I),
}
_FEVER_WORDS = re.compile(r"\b(?:hot|fever\w*|feverish|temp\w*|tmax|burning\s+up|a?febrile|pyrex\w*|warm|thermometer)\b", _I)
_FOLLOW_UP = re.compile(r"^[^.;!?\n]{0,45}?\b(?:then|now|recheck(?:ed)?|repeat(?:ed)?|rechecked|(?:came|come|went|gone|got|is|was)\s+(?:back\s+)?(?:up|down)\s+to|"
                        r"back\s+(?:up\s+|down\s+)?to|down\s+to|"
                        r"dropped\s+to|rose\s+to|after\s+\w+\s+(?:it\s+)?(?:was|is)?)\s*(\d{1,3}(?:\.\d{1,2})?)(?![\d/.])", _I)
_PEAK_FLOW = re.compile(r"\b(?:peak\s*(?:expiratory\s*)?flow(?:\s*rate)?|pefr?)\b[^.;!?\n\d]{0,30}?(\d{2,3})\s*(%|l\s*/\s*min|l/m)?"
                        r"(?:[^.;!?\n\d]{0,30}?\b(?:best|predicted|usual|normal)\b[^.;!?\n\d]{0,12}?(\d{2,3})"
                        r"|\s*(?:%\s*)?(?:of\s+)?(?:my\s+|his\s+|her\s+)?(?:best|predicted))?", _I)
_PEAK_BEST_FIRST = re.compile(r"\b(?:best|predicted|usual|normal)\s+(?:peak\s*flow\s+)?(?:is|was|of)?\s*(\d{2,3})\b[^.;!?\n\d]{0,40}?"
                              r"\b(?:peak\s*flow|pefr?|now|today|this\s+morning)\b[^.;!?\n\d]{0,20}?(\d{2,3})\b", _I)
_LOOSE = {
    "inr": re.compile(r"\binr\b[^.;!?\n\d]{1,45}?(\d{1,2}(?:\.\d{1,2})?)(?![\d/%])", _I),
    "glucose": re.compile(r"\b(?:blood\s*sugars?|sugars?|glucose|bm|cbg)\b[^.;!?\n\d]{1,40}?(\d{1,3}(?:\.\d)?)(\s*(?:mmol(?:/l)?|mg\s*/\s*dl))?(?![\d/%])", _I),
    "spo2": re.compile(r"\b(?:sats?|saturations?|oxygen(?:\s+level)?|spo2)\b[^.;!?\n\d]{1,30}?(\d{2,3})\s*%?(?![\d/.])", _I),
    "temperature": re.compile(r"\b(?:temp(?:erature)?|thermometer)\b[^.;!?\n\d]{1,30}?(\d{2,3}(?:\.\d{1,2})?)" + _TEMP_UNIT + r"(?![\d/%])", _I),
}
_BARE_DECIMAL = re.compile(r"(?<![\d./:])(3[4-9]\.\d|4[0-3]\.\d|9[3-9](?:\.\d)?|10[0-8](?:\.\d)?)(?![\d/%])")
# a person's usual value is not a reading now: "sats 92% (usual 93)", "my best is 520", "baseline 150"
_BASELINE = re.compile(r"\b(?:usual(?:ly)?|normal(?:ly)?|baseline|booking|best|target|previous(?:ly)?|before|last\s+time|was\s+\w+\s+before)\W*"
                       r"(?:is|was|of|at|around|about)?\s*$", _I)
_THEN_NUMBER = re.compile(r"\b(?:then|now|up\s+to|rose\s+to|rising\s+to|reached|hit|peaked\s+at)\s+(3[5-9](?:\.\d)?|4[0-2](?:\.\d)?)(?![\d./%])", _I)
_ON_OXYGEN = re.compile(r"\bon\s+(?:\d+(?:\.\d+)?\s*(?:l|litres?|liters?|lpm)(?:\s*/\s*min)?\s*(?:of\s+)?)?"
                        r"(?:o2|oxygen|supplemental\s+oxygen|home\s+oxygen|nasal\s+cannula|nc|a\s+mask|nrb|high\s+flow|\d+\s*l)\b", _I)
_ROOM_AIR = re.compile(r"\b(?:on\s+)?(?:room\s+air|ra|air)\b", _I)
_AVPU_WORDS = [("pain", re.compile(r"\b(?:responds?|responsive|response)\s+(?:only\s+)?to\s+pain\b", _I)),
               ("voice", re.compile(r"\b(?:responds?|responsive|response)\s+(?:only\s+)?to\s+(?:voice|verbal|speech)\b", _I))]

PLAUSIBLE = {
    "temperature": (30.0, 45.0), "heart_rate": (20, 300), "resp_rate": (3, 90), "spo2": (40, 100),
    "systolic": (40, 300), "diastolic": (15, 200), "gcs": (3, 15), "glucose": (0.5, 60.0), "inr": (0.5, 20),
    "lactate": (0.1, 30), "ketones": (0.0, 15), "potassium": (1.5, 10), "haemoglobin": (20, 250), "pain_score": (0, 10),
    "peak_flow_percent": (10, 150),
}
UNITS = {"temperature": "C", "heart_rate": "/min", "resp_rate": "/min", "spo2": "%", "blood_pressure": "mmHg",
         "gcs": "", "avpu": "", "glucose": "mmol/L", "inr": "", "lactate": "mmol/L", "ketones": "mmol/L",
         "potassium": "mmol/L", "haemoglobin": "g/L", "pain_score": "/10", "peak_flow": "L/min", "peak_flow_percent": "%"}


def _ok(kind: str, value: float) -> bool:
    low, high = PLAUSIBLE[kind]
    return low <= value <= high


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def temperature(value: float, unit: str | None) -> tuple[float | None, str | None, bool]:
    """(celsius, written unit C/F, inferred) for a temperature reading; celsius None when implausible."""
    unit = (unit or "").strip().lower().replace("°", "").replace("degrees", "").replace("degree", "").replace("deg", "").strip()
    written = "F" if unit.startswith("f") else "C" if unit.startswith("c") else None
    inferred = written is None
    if written is None:
        if 34.0 <= value <= 43.5:
            written = "C"
        elif 93.0 <= value <= 110.0:
            written = "F"
        else:
            return None, None, True
    celsius = (value - 32) * 5 / 9 if written == "F" else value
    celsius = round(celsius, 1)
    return (celsius if _ok("temperature", celsius) else None), written, inferred


def glucose(value: float, unit: str | None) -> tuple[float | None, str, bool]:
    unit = (unit or "").lower().replace(" ", "")
    if unit.startswith("mg"):
        written, inferred = "mg/dL", False
    elif unit.startswith("mmol"):
        written, inferred = "mmol/L", False
    else:
        written, inferred = ("mg/dL" if value > 35 else "mmol/L"), True
    mmol = round(value / 18.0, 1) if written == "mg/dL" else value
    return (mmol if _ok("glucose", mmol) else None), written, inferred


class _Collector:
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[tuple[int, Vital]] = []
        self.taken: list[tuple[int, int]] = []
        self.unsure: list[str] = []
        self.baseline: set[int] = set()  # positions of a person's usual values (not readings now)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, match: re.Match[str], vital: Vital) -> None:
        self.found.append((match.start(), vital))
        self.taken.append((match.start(), match.end()))


def _labelled(c: _Collector) -> None:
    text = c.text
    for kind, pattern in _LABELLED.items():
        for m in pattern.finditer(text):
            if not c.free(m.start(), m.end()):
                continue
            if _BASELINE.search(text[max(0, m.start() - 25):m.start()]):
                c.baseline.add(m.start())  # "booking BP 116/72", "usual sats 88%, now 84%": read (for follow-ups), then dropped
            surface = m.group(0).strip()
            if kind == "temperature":
                raw = float(m.group(1))
                celsius, written, inferred = temperature(raw, m.group(2))
                if celsius is None:
                    c.unsure.append(f"a temperature I could not read: {surface}")
                    continue
                c.add(m, Vital("temperature", celsius, "C", surface, _number(m.group(1)), written, inferred))
            elif kind == "blood_pressure":
                sbp, dbp = int(m.group(1)), int(m.group(2))
                if _ok("systolic", sbp) and _ok("diastolic", dbp) and dbp < sbp:
                    c.add(m, Vital("blood_pressure", sbp, "mmHg", surface, f"{sbp}/{dbp}", "mmHg", diastolic=dbp))
            elif kind == "systolic":
                sbp = int(m.group(1))
                if _ok("systolic", sbp):
                    c.add(m, Vital("blood_pressure", sbp, "mmHg", surface, sbp, "mmHg"))
            elif kind == "gcs_parts":
                parts = [m.group(1), m.group(2), m.group(3)]
                verbal = 1 if parts[1].lower() == "t" else int(parts[1])
                score = int(parts[0]) + verbal + int(parts[2])
                c.add(m, Vital("gcs", score, "", surface, surface))
            elif kind in ("avpu", "avpu_after"):
                letter = m.group(1)[0].upper()
                c.add(m, Vital("avpu", letter, "", surface, letter))
            elif kind == "glucose":
                mmol, written, inferred = glucose(float(m.group(1)), m.group(2))
                if mmol is not None:
                    c.add(m, Vital("glucose", mmol, "mmol/L", surface, _number(m.group(1)), written, inferred))
            elif kind == "haemoglobin":
                value = float(m.group(1))
                per_litre = value * 10 if (m.group(2) or "").replace(" ", "").lower() == "g/dl" or value < 25 else value
                if _ok("haemoglobin", per_litre):
                    c.add(m, Vital("haemoglobin", _number(str(per_litre)), "g/L", surface, _number(m.group(1)),
                                   (m.group(2) or "").replace(" ", "") or None, m.group(2) is None))
            elif kind == "spo2":
                value = float(m.group(1))
                if _ok("spo2", value):
                    c.add(m, Vital("spo2", _number(m.group(1)), "%", surface, _number(m.group(1)), "%"))
            else:
                value = float(m.group(1))
                if _ok(kind, value):
                    c.add(m, Vital(kind, _number(m.group(1)), UNITS[kind], surface, _number(m.group(1)), UNITS[kind] or None))


def _unlabelled(c: _Collector) -> None:
    text = c.text
    for kind, pattern in _UNLABELLED.items():
        for m in pattern.finditer(text):
            if not c.free(m.start(), m.end()):
                continue
            if _BASELINE.search(text[max(0, m.start() - 25):m.start()]):
                c.baseline.add(m.start())  # "booking 116/72", "normally 120/80": the usual value, not a reading now
            surface = m.group(0).strip()
            if kind == "temperature":
                celsius, written, inferred = temperature(float(m.group(1)), m.group(2))
                if celsius is not None:
                    c.add(m, Vital("temperature", celsius, "C", surface, _number(m.group(1)), written, inferred))
            elif kind == "blood_pressure":
                sbp, dbp = int(m.group(1)), int(m.group(2))
                if sbp >= 60 and dbp >= 25 and dbp < sbp and _ok("systolic", sbp) and _ok("diastolic", dbp):
                    c.add(m, Vital("blood_pressure", sbp, "mmHg", surface, f"{sbp}/{dbp}", "mmHg", diastolic=dbp))
            else:
                raw = next(group for group in m.groups() if group)
                value = float(raw)
                if _ok(kind, value):
                    c.add(m, Vital(kind, _number(raw), UNITS[kind], surface, _number(raw), UNITS[kind] or None))


def _bare_temperatures(c: _Collector) -> None:
    """A bare number near fever words ("feels hot, 38.2", "fever 102") is a temperature with an inferred unit."""
    text = c.text
    for sentence in re.finditer(r"(?:[^.!?\n;]|\.(?=\d))+", text):
        if not _FEVER_WORDS.search(sentence.group(0)):
            continue
        candidates = list(_BARE_DECIMAL.finditer(text, sentence.start(), sentence.end()))
        candidates += list(_THEN_NUMBER.finditer(text, sentence.start(), sentence.end()))
        for m in sorted(candidates, key=lambda match: match.start()):
            if not c.free(m.start(), m.end()) or _BASELINE.search(text[max(0, m.start() - 25):m.start()]):
                continue
            celsius, written, inferred = temperature(float(m.group(1)), None)
            if celsius is not None:
                c.add(m, Vital("temperature", celsius, "C", m.group(0), _number(m.group(1)), written, True))


def _oxygen(c: _Collector) -> None:
    """Whether a saturation was measured on oxygen (NEWS2 scores it differently)."""
    oxygen = [m.start() for m in _ON_OXYGEN.finditer(c.text)]
    air = [m.start() for m in _ROOM_AIR.finditer(c.text)]
    if not oxygen and not air:
        return
    on_oxygen = bool(oxygen) and (not air or max(oxygen) > max(air))
    c.found = [(pos, replace(v, on_oxygen=on_oxygen) if v.kind == "spo2" else v) for pos, v in c.found]


def _follow_ups(c: _Collector) -> None:
    """A second reading of the same kind in the same sentence: "BG 54 mg/dL ... recheck 98", "38.7, now 37.9"."""
    for position, vital in list(c.found):
        if vital.kind not in ("temperature", "glucose", "spo2", "heart_rate", "resp_rate"):
            continue
        end = next(e for s, e in c.taken if s == position)
        m = _FOLLOW_UP.match(c.text[end:])
        if not m or not c.free(end + m.start(1), end + m.end(1)):
            continue
        if c.text[end + m.end(1):end + m.end(1) + 1] == "%" and vital.kind != "spo2":
            continue  # a percentage follows only a saturation
        raw = float(m.group(1))
        if vital.kind == "temperature":
            value, written, inferred = temperature(raw, vital.written_unit if vital.written_unit and not vital.unit_inferred else None)
        elif vital.kind == "glucose":
            value, written, inferred = glucose(raw, vital.written_unit)
            inferred = True
        else:
            value, written, inferred = (raw if _ok(vital.kind, raw) else None), vital.written_unit, False
        if value is None:
            continue
        c.found.append((end + m.start(1), Vital(vital.kind, value if vital.kind != "spo2" else _number(m.group(1)), vital.unit,
                                                 m.group(0).strip(), _number(m.group(1)), written, inferred)))
        c.taken.append((end + m.start(1), end + m.end(1)))


def _loose(c: _Collector) -> None:
    """A label and its number a few words apart ("checked his sugar on the meter, 19")."""
    for kind, pattern in _LOOSE.items():
        if any(v.kind == kind for _, v in c.found):
            continue
        for m in pattern.finditer(c.text):
            if not c.free(m.start(1), m.end(1)):
                continue
            raw = float(m.group(1))
            if kind == "glucose":
                value, written, inferred = glucose(raw, m.group(2))
            elif kind == "temperature":
                value, written, inferred = temperature(raw, m.group(2))
            else:
                value, written, inferred = (raw if _ok(kind, raw) else None), ("%" if kind == "spo2" else UNITS[kind] or None), False
            if _BASELINE.search(c.text[max(0, m.start() - 25):m.start()]) or \
                    _BASELINE.search(c.text[max(0, m.start(1) - 25):m.start(1)]):
                c.baseline.add(m.start(1))  # "target sats 88-92, now 86%": kept so a later "now ..." is read, then dropped
            if value is not None:
                c.found.append((m.start(1), Vital(kind, value if kind != "spo2" else _number(m.group(1)), UNITS[kind],
                                                  m.group(0).strip(), _number(m.group(1)), written, inferred)))
                c.taken.append((m.start(1), m.end(1)))


def _peak_flow(c: _Collector) -> None:
    """Peak flow as a share of the person's best or predicted ("peak flow 310, my best is 520", "PEF 45% predicted"):
    the asthma guidelines grade an attack by it (BTS/SIGN 158: 50-75% moderate, 33-50% acute severe)."""
    text = c.text
    for m in _PEAK_FLOW.finditer(text):
        if _BASELINE.search(text[max(0, m.start() - 25):m.start()]):
            continue  # "my best peak flow is 500" names the best, not today's reading
        reading = float(m.group(1))
        if (m.group(2) or "").strip() == "%":
            percent = reading
        elif m.group(3):
            percent = 100 * reading / float(m.group(3))
            c.found.append((m.start(1), Vital("peak_flow", _number(m.group(1)), "L/min", m.group(0).strip(), _number(m.group(1)), "L/min")))
        else:
            c.found.append((m.start(1), Vital("peak_flow", _number(m.group(1)), "L/min", m.group(0).strip(), _number(m.group(1)), "L/min")))
            continue
        if _ok("peak_flow_percent", percent):
            c.found.append((m.start(), Vital("peak_flow_percent", round(percent), "%", m.group(0).strip(), round(percent), "%")))
        return
    m = _PEAK_BEST_FIRST.search(text)
    if m:
        percent = 100 * float(m.group(2)) / float(m.group(1))
        if _ok("peak_flow_percent", percent):
            c.found.append((m.start(), Vital("peak_flow_percent", round(percent), "%", m.group(0).strip(), round(percent), "%")))


_DECIMAL_COMMA = re.compile(r"(?<=\b\d\d),(?=\d\b)")


def read_vitals(text: str) -> tuple[list[Vital], list[str]]:
    """(vitals in text order, notes on numbers that could not be read)."""
    text = _DECIMAL_COMMA.sub(".", text)  # "38,7" is 38.7 in most of Europe
    c = _Collector(text)
    _labelled(c)
    _unlabelled(c)
    _bare_temperatures(c)
    _follow_ups(c)
    _loose(c)
    _follow_ups(c)  # a loosely labelled value can have its own "..., now 86%"
    _peak_flow(c)
    for level, pattern in _AVPU_WORDS:
        for m in pattern.finditer(text):
            if c.free(m.start(), m.end()):
                c.add(m, Vital("avpu", level[0].upper(), "", m.group(0), level[0].upper()))
    _oxygen(c)
    c.found = [(position, vital) for position, vital in c.found if position not in c.baseline]
    c.found.sort(key=lambda pair: pair[0])
    return [v for _, v in c.found], c.unsure


def shock_index(heart_rate: float | None, systolic: float | None) -> float | None:
    """Heart rate over systolic pressure; >= 1.0 suggests shock (Allgöwer 1967; ATLS)."""
    if not heart_rate or not systolic:
        return None
    return round(float(heart_rate) / float(systolic), 2)


def mean_arterial_pressure(systolic: float | None, diastolic: float | None) -> float | None:
    if systolic is None or diastolic is None:
        return None
    return round((float(systolic) + 2 * float(diastolic)) / 3, 1)
