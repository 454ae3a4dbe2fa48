"""Short replies read as answers: "no", "yes since monday", "not sure", "about 8", "none".

A reply only means something against the question it answers; the parser pairs this reading with the asked
question (the assistant's own, or the clinician's line before it in a transcript).
"""

from __future__ import annotations

import re

from assistant.understanding.findings import Answer, AskedQuestion, Findings, Vital
from assistant.understanding.vitals import glucose, temperature

_I = re.IGNORECASE
_NO = re.compile(r"^\W*(?:no+|nope|nah|naw|non|nein|nao|não|nie|nyet|нет|hindi|nahi|nahin|không|khong|لا|不是|没有|not\s+really|not\s+at\s+all|none|nothing|never|negative|neg|nil|denies|"
                 r"no\s+(?:he|she|they|it|i)\s+(?:doesnt|does\s+not|isnt|hasnt|dont|didnt|havent|wasnt)|"
                 r"(?:he|she|they|i|it)\s+(?:doesnt|does\s+not|dont|do\s+not|didnt|hasnt|havent|isnt|wasnt|aint)|n)\b", _I)
_YES = re.compile(r"^\W*(?:yes+|yeah|yea|yep|yup|ya|y|sí|si|oui|ja|sim|tak|да|opo|oo|haan|jee|có|نعم|是|有|sure|definitely|absolutely|correct|affirmative|indeed|"
                  r"a\s+(?:bit|little|little\s+bit)|slightly|sometimes|a\s+lot|loads|lots|uh\s*huh|mm\s*hm+|ok\s+yes|"
                  r"kind\s+of|sort\s+of|pretty\s+much|some)\b", _I)
# "I am." / "she does, a bit" answer yes by ellipsis; followed by anything else ("I am 30", "I have a cold") the
# words are a new statement, read for its own content, not a yes to whatever was asked.
_ELLIPTICAL_YES = re.compile(r"^\W*(?:i\s+do|he\s+does|she\s+does|they\s+do|it\s+does|i\s+have|he\s+has|she\s+has|"
                             r"they\s+have|it\s+has|i\s+am|he\s+is|she\s+is|they\s+are|it\s+is|i\s+did|he\s+did|"
                             r"she\s+did|they\s+did|it\s+did)\s*(?:$|[.,;!]|\s(?:yes|a\s+bit|a\s+little|a\s+lot|sometimes|"
                             r"though|actually|now|still)\b)", _I)
_UNSURE = re.compile(r"^\W*(?:not\s+sure|unsure|dont\s+know|don't\s+know|do\s+not\s+know|no\s+idea|maybe|possibly|"
                     r"perhaps|i\s+think\s+so|might\s+be|could\s+be|hard\s+to\s+say|cant\s+tell|can't\s+tell|dunno)\b", _I)
_NONE = re.compile(r"^\W*(?:none|nothing(?:\s+else)?|no(?:ne)?\s+(?:other|others|more|else)|nope,?\s+nothing|nil|n/?a|"
                   r"not\s+that\s+i\s+know(?:\s+of)?|no\s+allergies|no\s+medic\w*|no\s+meds)\b", _I)
_NUMBER = re.compile(r"^\W*(?:about|around|maybe|roughly|approx\w*|like|probably)?\s*(\d{1,3}(?:\.\d)?)\s*(?:/\s*10|out\s+of\s+10)?\W*$", _I)


# What comes before the answer itself in a reply: a bracketed aside ("(via interpreter) No.") or reported speech
# ("She says no.", "Mum said yes") - the answer is what follows.
_PREAMBLE = re.compile(r"^\W*(?:\([^()]{0,40}\)|\[[^\[\]]{0,40}\]|(?:she|he|they|mum|mom|dad|the\s+\w+|my\s+\w+)\s+"
                       r"(?:says?|said|is\s+saying|'s\s+saying|tells\s+me|told\s+me)\b[\s,:]*)\s*", _I)


def answer_part(text: str) -> str:
    """The reply without its preamble: "(via interpreter) No, the eyes are fine." -> "No, the eyes are fine."."""
    stripped = text.strip()
    for _ in range(2):
        match = _PREAMBLE.match(stripped)
        if not match or match.end() >= len(stripped):
            break
        stripped = stripped[match.end():]
    return stripped


def read_answer(text: str) -> Answer | None:
    """The answer reading of a reply, or None when it does not look like a short answer."""
    stripped = re.sub(r"['\u2019]", "", answer_part(text))  # "I don't think so" reads as "i dont think so"
    if not stripped:
        return None
    words = len(stripped.split())
    number = _NUMBER.match(stripped)
    if number:
        return Answer(number=float(number.group(1)))
    if _UNSURE.match(stripped):
        return Answer(polarity="unsure")
    none = bool(_NONE.match(stripped))
    if _NO.match(stripped) and not re.match(r"^\W*no\s+(?:idea|doubt|problem|worries)\b", stripped, _I):
        return Answer(polarity="no", none=none)
    if none:
        return Answer(polarity="no", none=True)
    if (_YES.match(stripped) or _ELLIPTICAL_YES.match(stripped)) and words <= 40:
        return Answer(polarity="yes")
    return None


_VITAL_QUESTIONS = (
    ("temperature", re.compile(r"\b(?:temp(?:erature)?s?|tmax|fever|febrile|how\s+hot|thermometer)\b", _I)),
    ("glucose", re.compile(r"\b(?:blood\s+sugar|sugars?|glucose|bm|bg|cbg|meter\s+read\w*)\b", _I)),
    ("spo2", re.compile(r"\b(?:sats?|saturations?|spo2|oxygen(?:\s+level)?|pulse\s*ox\w*)\b", _I)),
    ("heart_rate", re.compile(r"\b(?:pulse|heart\s*rate|hr)\b", _I)),
    ("resp_rate", re.compile(r"\b(?:resp(?:iratory)?\s*rate|breathing\s+rate|breaths?\s+(?:a|per)\s+min\w*|rr|how\s+fast\s+is\s+\w+\s+breathing)\b", _I)),
    ("blood_pressure", re.compile(r"\b(?:blood\s+pressure|bp)\b", _I)),
    ("gcs", re.compile(r"\b(?:gcs|glasgow)\b", _I)),
    ("avpu", re.compile(r"\b(?:avpu|respond\w*\s*(?:to|:)|alert,?\s+(?:to\s+)?voice)\b", _I)),
    ("pain_score", re.compile(r"\b(?:pain\s+(?:score|scale)|out\s+of\s+(?:10|ten)|scale\s+of\s+(?:0|1|one|zero)|0\s*-\s*10|1\s*-\s*10)\b", _I)),
)
_AGE_QUESTION = re.compile(r"\bhow\s+old\b|\bwhat\s+age\b|\bage\?|\bdate\s+of\s+birth\b", _I)
_HISTORY_QUESTION = re.compile(r"\b(?:ever|before|previous(?:ly)?|in\s+the\s+past|history|hx|pmh|long[- ]term|"
                               r"medical\s+conditions?|health\s+problems?)\b", _I)
_ALLERGY_QUESTION = re.compile(r"\ballerg\w*|\breactions?\s+to\s+(?:any\s+)?(?:medicines?|medications?|drugs?)\b", _I)
_GENERAL_ASKED = re.compile(r"\b(?:do|did)\s+you\s+know\s+(?:the|what|which|how|when)|\bwhat\s+(?:are|were|would\s+be)\s+"
                            r"(?:the\s+)?(?:signs?|symptoms?|warning\s+signs?|red\s+flags?)\b|\bwhat\s+(?:would|should|will)\s+you\s+"
                            r"(?:do|look\s+(?:out\s+)?for|watch\s+for)\b|\bwhat\s+to\s+(?:look|watch)\s+(?:out\s+)?for\b|"
                            r"\btold\s+you\s+what\s+to\s+do\s+if\b|\bwhat\s+to\s+do\s+if\b|\bif\s+(?:she|he|you|they)\s+(?:has|have|gets?)\b", _I)
_FAMILY_QUESTION = re.compile(r"\b(?:family|relatives?|parents?|mother|father|mum|mom|dad|siblings?|runs\s+in)\b", _I)
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him|they|their|the\s+baby|your\s+(?:baby|son|daughter|child|little\s+one|dad|mum|mom|husband|wife))\b", _I)
_NUMBER_IN = re.compile(r"(?<![\d./])(\d{1,3}(?:[.,]\d{1,2})?)(?:\s*(?:/|over)\s*(\d{2,3}))?")
_AVPU_ANSWER = (("P", re.compile(r"\bpain\b", _I)), ("V", re.compile(r"\b(?:voice|shout\w*|talk\w*|speak\w*)\b", _I)),
                ("U", re.compile(r"\b(?:nothing|not\s+at\s+all|unresponsive|no\s+response)\b", _I)),
                ("A", re.compile(r"\balert\b", _I)))


def asked_from(findings: Findings, text: str) -> AskedQuestion:
    """What a question asks, from its own reading: the concepts in it, whether it asks about normal function
    (inverted), the past (history), relatives (family), a measurement (vital) or an age."""
    concepts = tuple(dict.fromkeys(m.concept for m in findings.mentions))
    if _ALLERGY_QUESTION.search(text):
        return AskedQuestion(item="allergies", concepts=(), subject="patient" if _THIRD_PERSON.search(text) else None)
    inverted = tuple(m.concept for m in findings.mentions if m.assertion == "absent" and m.source != "transcript")
    history = tuple(concepts) if _HISTORY_QUESTION.search(text) else ()
    vital = next((kind for kind, pattern in _VITAL_QUESTIONS if pattern.search(text)), None)
    subject = "patient" if _THIRD_PERSON.search(text) else None
    item = "age" if _AGE_QUESTION.search(text) else "vital" if vital and not concepts else "concepts"
    return AskedQuestion(item=item, concepts=concepts, subject=subject, inverted=inverted, history=history,
                         vital=vital, family=bool(_FAMILY_QUESTION.search(text)),
                         general=bool(_GENERAL_ASKED.search(text)))


def answer_value(text: str, kind: str) -> Vital | float | None:
    """A measurement or an age given as a bare answer ("38.9", "3.2 on the meter", "only to pain", "5 weeks")."""
    stripped = text.strip()
    if len(stripped.split()) > 12:
        return None
    if kind == "avpu":
        letter = next((code for code, pattern in _AVPU_ANSWER if pattern.search(stripped)), None)
        return Vital("avpu", letter, "", stripped, letter) if letter else None
    if kind == "age":
        match = re.search(r"(\d{1,3}(?:\.\d)?)\s*(days?|d|weeks?|wks?|w|months?|mths?|mo|years?|yrs?|y)?\b", stripped, _I)
        if not match:
            return None
        unit = (match.group(2) or "y").lower()
        factor = 1 / 365.25 if unit.startswith("d") else 7 / 365.25 if unit.startswith("w") else 1 / 12 if unit.startswith("m") else 1.0
        return round(float(match.group(1)) * factor, 3)
    match = _NUMBER_IN.search(stripped)
    if not match:
        return None
    raw = match.group(1).replace(",", ".")
    value = float(raw)
    number = int(value) if value.is_integer() else value
    if kind == "temperature":
        unit = re.search(r"\d\s*(°?\s*[cf])\b", stripped, _I)
        celsius, written, inferred = temperature(value, unit.group(1) if unit else None)
        return Vital("temperature", celsius, "C", stripped, number, written, inferred) if celsius is not None else None
    if kind == "glucose":
        unit = re.search(r"(mmol|mg)", stripped, _I)
        mmol, written, inferred = glucose(value, unit.group(1) if unit else None)
        return Vital("glucose", mmol, "mmol/L", stripped, number, written, inferred) if mmol is not None else None
    if kind == "blood_pressure" and match.group(2):
        return Vital("blood_pressure", int(value), "mmHg", stripped, f"{int(value)}/{match.group(2)}", "mmHg",
                     diastolic=float(match.group(2)))
    units = {"spo2": "%", "heart_rate": "/min", "resp_rate": "/min", "gcs": "", "pain_score": "/10"}
    ranges = {"spo2": (40, 100), "heart_rate": (20, 300), "resp_rate": (3, 90), "gcs": (3, 15), "pain_score": (0, 10)}
    if kind in ranges and ranges[kind][0] <= value <= ranges[kind][1]:
        return Vital(kind, number, units[kind], stripped, number, units[kind] or None)
    return None
