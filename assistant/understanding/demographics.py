"""Age, sex, pregnancy and the postnatal period as people state them.

"my 3 week old", "3/52 old", "58M", "F 34", "72-year-old", "I'm 45", "in her 80s", "newborn", "toddler",
"32 weeks pregnant", "28/40", "G2P1 at 36 weeks", "gave birth 5 days ago", "day 3 post c-section".
When several ages appear, the age of the person the message is about wins (the child, not the parent).
"""

from __future__ import annotations

import re

from assistant.understanding.findings import Demographics

_I = re.IGNORECASE
_UNIT = r"(days?|d|weeks?|wks?|wk|w|months?|mths?|mos?|mo|m(?=\s*old)|years?|yrs?|yr|y)"
_TO_YEARS = {"d": 1 / 365.25, "w": 7 / 365.25, "m": 1 / 12, "y": 1.0}
_DEPENDANT = (r"baby|babe|son|daughter|child|kid|boy|girl|infant|newborn|toddler|grandson|granddaughter|nephew|niece|"
              r"little\s+one|lo|bub|bubba|twins?|brother|sister")
_RELATIVE = (r"dad|father|mom|mum|mother|husband|wife|partner|grandma|grandmother|grandad|granddad|grandfather|"
             r"grandpa|nan|nana|gran|granny|aunt|uncle|friend|neighbou?r|boyfriend|girlfriend|fiance|fiancee|flatmate|"
             r"roommate|colleague|patient|client|resident|man|woman|lady|gentleman|guy|pt")
_FEMALE_WORDS = r"woman|female|girl|lady|mother|mom|mum|wife|daughter|sister|grandmother|grandma|nan|nana|gran|granny|" \
                r"aunt|niece|granddaughter|girlfriend|fiancee|she|her|mrs|ms|miss"
_MALE_WORDS = r"man|male|boy|gentleman|guy|father|dad|husband|son|brother|grandfather|grandpa|grandad|granddad|uncle|" \
              r"nephew|grandson|boyfriend|fiance|he|him|his|mr"

# capitalised words that are not a person's name: "since Tuesday (2 days)" is a duration, not an age
_NOT_NAMES = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
              r"august|september|october|november|december|today|yesterday|since|ago|last|for|about|around|approx|"
              r"approximately|roughly|nearly|almost|over|under|hours?|days?|weeks?|months?|years?)")
_ADULT_RELATIVE = (r"dad|father|mom|mum|mother|husband|wife|partner|grandma|grandmother|grandad|granddad|grandfather|"
                   r"grandpa|nan|nana|gran|granny|aunt|uncle|boyfriend|girlfriend|fiance|fiancee|man|woman|lady|gentleman")
_P = {
    "dependant_age": re.compile(rf"\b(?:my|our|his|her|the|a|an)\s+(?:little\s+|baby\s+|tiny\s+)?(\d{{1,3}}(?:\.\d)?|one|two|three|"
                                rf"four|five|six|seven|eight|nine|ten|eleven|twelve)\s*[- ]?{_UNIT}\s*[- ]?old\b", _I),
    "n_old": re.compile(rf"\b(\d{{1,3}}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*[- ]?{_UNIT}"
                        rf"\s*[- ]?old\b", _I),
    "is_age": re.compile(rf"\b(?:{_DEPENDANT}|{_RELATIVE}|he|she|they)\s*(?:is|was|'s|s|aged|age)\s+(?:only\s+|just\s+|now\s+)?"
                         rf"(\d{{1,3}}(?:\.\d)?)\s*{_UNIT}?\b(?!\s*(?:weeks?\s+)?(?:pregnant|gestation|along|%|kg|lbs?|cm|times|mg))", _I),
    "aged": re.compile(rf"\b(?:aged?|age\s*[:=]|age\s+is|dob\s+makes\s+(?:him|her))\s*(\d{{1,3}}(?:\.\d)?)\s*{_UNIT}?\b", _I),
    "slash_age": re.compile(r"\b(\d{1,2})/(52|12)\s*(?:old)?\b(?=[^/]|$)", _I),
    "i_am": re.compile(r"\b(?:i'?m|i\s+am|im)\s+(?:a\s+)?(\d{1,3})\b(?!\s*(?:%|kg|lbs?|pounds|cm|mins?|minutes|hours?|hrs?|days?|"
                       r"weeks?|wks?|months?|times|pills|tablets|mg|/|\.\d|\s*-\s*\d))(?:\s*(?:years?|yrs?|y/?o))?", _I),
    "yo": re.compile(r"(?<!for )(?<!past )(?<!last )(?<!over )(?<!in )(?<!about )(?<!than )(?<!every )"
                     r"\b(\d{1,3})\s*(?:y/?o|yrs?|years?|yr)\b(?!\s*(?:ago|of|later|before|since|back|now|history|hx|smok))", _I),
    "compact": re.compile(r"(?:^|[\s,(;:])(\d{1,3})\s?(m|f|yom|yof|yo\s?m|yo\s?f|y\s?m|y\s?f)(?![a-z0-9])", _I),
    "compact_sex_first": re.compile(r"(?:^|[\s,(;:])(m|f)\s?(\d{1,3})(?![a-z0-9./])", _I),
    "n_unit_noun": re.compile(rf"\b(\d{{1,3}}(?:\.\d)?)\s*[- ]?{_UNIT}\s*[- ]?(?:old\s+)?(?:{_DEPENDANT})\b", _I),
    "paren_age": re.compile(rf"\b(?:{_DEPENDANT}|{_RELATIVE}|(?!{_NOT_NAMES}\b)(?-i:[A-Z][a-z]+))(?:'s)?\s*\(\s*(\d{{1,3}}(?:\.\d)?)\s*{_UNIT}?\s*(?:old)?\s*\)", _I),
    "noun_age": re.compile(rf"\b(?:my|our|his|her)\s+(?:{_DEPENDANT}|{_RELATIVE})\s*,?\s+(\d{{1,3}}(?:\.\d)?)\s*{_UNIT}?\b"
                           rf"(?!\s*(?:%|kg|times|mg|ml|days?\s+ago|weeks?\s+ago))", _I),
    "start_noun_age": re.compile(rf"^\s*(?:{_DEPENDANT}|{_RELATIVE})\s*,?\s+(\d{{1,3}}(?:\.\d)?)\s*{_UNIT}?(?=[\s,.;)]|$)", _I),
    "has_years": re.compile(rf"\b(?:has|have|is|am|i'?m)\s+(\d{{1,3}})\s+(years?|yrs?|months?)\b(?!\s+(?:ago|pregnant))", _I),
    "bare_unit_age": re.compile(r"(?:^|[\s,(;])(\d{1,2})\s*(mo|mth|mths|wk|wks)(?=[\s,.;)]|$)(?!\s*(?:ago|late|overdue|pregnant|gestation|hx|history|of|post))", _I),
    "decade": re.compile(r"\b(?:in\s+(?:my|his|her|their)\s+)(?:early\s+|mid\s+|late\s+)?(\d0)s\b", _I),
}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12}
# "newborn" with no stated age: the middle of the neonatal period (28 days), i.e. about two weeks
_NEWBORN_YEARS = round(14 / 365.25, 3)
_BANDS = [
    ("newborn", re.compile(r"\b(?:newborn|new\s*born|neonate|neonatal|just\s+born|born\s+(?:yesterday|today|last\s+week))\b", _I), _NEWBORN_YEARS),
    ("infant", re.compile(r"\b(?:infant|my\s+baby|our\s+baby|the\s+baby|her\s+baby|his\s+baby|baby\s+(?:boy|girl)|bub|bubba)\b", _I), None),
    ("toddler", re.compile(r"\b(?:toddler)\b", _I), None),
    ("child", re.compile(r"\b(?:my\s+(?:son|daughter|child|kid|little\s+boy|little\s+girl)|school\s*age|schoolchild)\b", _I), None),
    ("adolescent", re.compile(r"\b(?:teen|teenager|teenage|adolescent)\b", _I), None),
    ("older_adult", re.compile(r"\b(?:elderly|grandma|grandmother|grandad|granddad|grandfather|grandpa|nan|nana|granny|"
                               r"care\s+home|nursing\s+home|pensioner|frail)\b", _I), None),
    ("adult", re.compile(r"\b(?:my|our|his|her)\s+(?:husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|colleague|"
                         r"flatmate|roommate|boss|housemate)\b|\b(?:husband|wife|partner)'?s\b", _I), None),
]
_PREGNANT = re.compile(r"\b(?:pregnant|pregnancy|preg|(?:i'?m|i\s+am|she'?s|she\s+is|im|(?:wife|partner|girlfriend|fiancee|missus)(?:'s|\s+is))\s+"
                       r"\d{1,2}\s*(?:\+\s*\d\s*)?(?:weeks?|wks?)(?!\s*(?:old|ago|post))|"
                       r"fetal\s+movements?|baby\s+(?:is\s+|has\s+)?(?:not\s+|hasn'?t\s+|isn'?t\s+)?(?:moving|kicking|moved)|my\s+bump|expecting(?:\s+a\s+baby)?|gestation(?:al)?|antenatal|prenatal|"
                       r"with\s+child|g\d\s*p\d|primigravida|multigravida|primip|multip|trimester|weeks?\s+along|"
                       r"(?:\d{1,2})\s*/\s*40|(?:\d{1,2})\s*\+\s*\d\s*(?:weeks?|wks?)|iup)\b", _I)
_NOT_PREGNANT = re.compile(r"\b(?:not|never\s+been|isnt|isn't|am\s+not|im\s+not|i'm\s+not|cant\s+be|can't\s+be|"
                           r"definitely\s+not|no\s+chance\s+(?:of\s+being|(?:that\s+)?(?:i|she)\s+(?:am|is|could\s+be)))\s+"
                           r"(?:currently\s+)?pregnant\b|\bneg(?:ative)?\s+(?:preg(?:nancy)?\s+test|upt|hcg|bhcg)\b|"
                           r"\b(?:upt|hcg|bhcg|preg(?:nancy)?\s+test)\s+(?:was\s+|is\s+)?neg\w*|\bpost[- ]?menopaus\w*\b|"
                           r"\b(?:nobody|no\s*one|none\s+of\s+(?:us|them))\b[^.;!?\n]{0,40}?\b(?:is|are|was|were|could\s+be)\s+pregnant\b|"
                           r"\bno\s+(?:chance|possibility|way)\s+(?:of\s+(?:a\s+)?pregnancy|(?:that\s+)?(?:i|she)(?:'?m|\s+am|'?s|\s+is|\s+could\s+be)\s+pregnant)\b|"
                           r"\b(?:not|never)\s+(?:been\s+)?expecting\b|\bpregnancy\s+(?:is\s+|was\s+|has\s+been\s+|been\s+)?(?:ruled\s+out|excluded|not\s+possible)\b", _I)
_MAYBE_PREGNANT = re.compile(r"\b(?:might|could|may)\s+be\s+pregnant\b|\bperiod\s+(?:is\s+)?(?:late|overdue)\b|"
                             r"\bmissed\s+(?:a\s+|my\s+|her\s+)?period\b|\bpossibly\s+pregnant\b|\bchance\s+(?:i|she)\s+(?:could|might)\s+be\s+pregnant\b", _I)
_GESTATION = re.compile(r"\b(?:i'?m|i\s+am|she'?s|she\s+is|im|at|(?:wife|partner|girlfriend|fiancee|missus)(?:'s|\s+is))\s+(\d{1,2})(?:\s*\+\s*\d)?\s*(?:weeks?|wks?)\b(?!\s*(?:old|ago|postpartum|post))|"
                        r"\b(\d{1,2})(?:\s*\+\s*\d)?\s*(?:weeks?|wks?|wk|w)\s*(?:\+\s*\d\s*(?:days?|d)?\s*)?(?:pregnant|gestation|along|preg|"
                        r"into\s+(?:my|her|the)\s+pregnancy|of\s+pregnancy|pg)\b|"
                        r"\b(\d{1,2})\s*\+\s*\d\s*/\s*40\b|\b(\d{1,2})\s*/\s*40\b|\b(?:at|@)\s*(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?|w)\b(?=[^.]*\b(?:pregnan|g\d|gestation))|"
                        r"\bpregnan\w*\s*(?:\(|,|-|at|with)?\s*(\d{1,2})\s*(?:weeks?|wks?|w)\b|"
                        r"\b(\d{1,2})(?:\+\d)?\s*(?:weeks?|wks?|w)\s+(?:gestation|pregnant)|"
                        r"\b(first|second|third|1st|2nd|3rd)\s+trimester\b", _I)
# A message that opens with 13-42 weeks and no "old" and no child named is a pregnancy: babies past three months are
# described in months ("30wks, heartburn", "19 weeks, my nose is blocked").
_BARE_GESTATION = re.compile(r"^\s*(1[3-9]|2\d|3\d|4[0-2])\s*(?:\+\s*\d\s*)?(?:weeks?|wks?|w)\b(?!\s*(?:old|ago|post|postnatal|postpartum|pp|of|history|hx|since|now|later)\b)", _I)
_POSTPARTUM = re.compile(r"\b(?:(?:in|during)\s+labou?r\s+\d{1,2}\s*(?:days?|weeks?)\s+ago|post\s*-?\s*partum|postnatal|post\s*-?\s*natal|puerper\w*|gave\s+birth|given\s+birth|"
                         r"had\s+(?:my|her|the|a|our|their)\s+(?:baby|son|daughter|little\s+(?:boy|girl|one)|boy|girl|twins)\b(?!\s+(?:is|was|has|had|to)\b)|breast\s*feeding|breastfeed\w*|delivered|since\s+(?:the\s+)?(?:birth|delivery)|after\s+(?:the\s+)?"
                         r"(?:birth|delivery|giving\s+birth)|c[- ]?section|caesarean|cesarean|lscs|svd|nvd|pp\s*day|ppd\s*\d|"
                         r"day\s+\d+\s+post|new\s+mum|new\s+mom|recently\s+delivered)\b", _I)
_POSTPARTUM_DAYS = re.compile(r"\b(?:(?:in\s+labou?r|epidural\s+in\s+labou?r|gave\s+birth|given\s+birth|had\s+(?:my|her|the|a|our|their)\s+(?:baby|son|daughter|little\s+(?:boy|girl|one)|boy|girl|twins)|delivered|c[- ]?section|"
                              r"caesarean|cesarean|lscs|svd|nvd)\D{0,20}?(\d{1,2})\s*(days?|d|weeks?|wks?|w)\s+ago|"
                              r"(\d{1,2})\s*(days?|d|weeks?|wks?|w)\s+(?:post\s*-?\s*partum|postnatal|post\s*-?\s*natal|"
                              r"after\s+(?:giving\s+)?birth|after\s+(?:my|her|the)\s+(?:c[- ]?section|caesarean|delivery)|post\s+(?:c[- ]?section|"
                              r"delivery|svd|lscs|caesarean))|(?:pp\s*day|ppd|day)\s*(\d{1,2})\s*(?:post\s*-?\s*partum|pp|post\b|$)?)", _I)
_HYPOTHETICAL_PREG = re.compile(r"\b(?:if|when)\s+(?:i|she)\s+(?:am|is|get|gets|were|was|become|becomes)\s+pregnant\b|"
                                r"\b(?:trying\s+(?:for\s+a\s+baby|to\s+conceive|to\s+get\s+pregnant)|planning\s+(?:a\s+)?pregnancy|"
                                r"(?:safe|take|taken|use|used|allowed|ok|okay|recommended|common|normal|dangerous|risky?|happen\w*)\s+(?:\w+\s+){0,3}"
                                r"(?:in|during)\s+pregnancy\b|pregnant\s+women|pregnant\s+patients?)", _I)
_FEMALE = re.compile(rf"\b(?:{_FEMALE_WORDS})\b", _I)
_MALE = re.compile(rf"\b(?:{_MALE_WORDS})\b", _I)


def _unit_years(unit: str | None) -> float:
    if not unit:
        return 1.0
    unit = unit.lower()
    if unit.startswith("mo") or unit.startswith("mth") or unit == "m":
        return _TO_YEARS["m"]
    return _TO_YEARS.get(unit[0], 1.0)


def _value(text: str) -> float:
    return float(_WORD_NUMBERS.get(text.lower(), text))


def _age(text: str, subject: str) -> tuple[float | None, str | None]:
    """(age in years, band word) of the person the message is about."""
    candidates: list[tuple[int, float]] = []  # (priority, years)
    for m in _P["dependant_age"].finditer(text):
        candidates.append((0, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["slash_age"].finditer(text):
        unit = "w" if m.group(2) == "52" else "m"
        follows_old = re.match(r"\s*old\b", text[m.end():], _I)
        after_person = re.search(rf"\b(?:{_DEPENDANT}|boy|girl|infant|baby)\s*,?\s*$", text[:m.start()], _I) or m.start() < 3
        if re.match(r"\s*(?:post\s*-?\s*natal|post\s*-?\s*partum|pp|pn|post\b|after|since|ago|gestation|pregnant)", text[m.end():], _I):
            continue  # "5/52 postnatal" counts weeks since the birth, not the age
        if follows_old or after_person:
            candidates.append((1, _value(m.group(1)) * _TO_YEARS[unit]))
    for m in _P["paren_age"].finditer(text):
        candidates.append((0, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["start_noun_age"].finditer(text):
        candidates.append((1, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["noun_age"].finditer(text):
        candidates.append((1, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["has_years"].finditer(text):
        candidates.append((2, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["bare_unit_age"].finditer(text):
        if not re.search(r"\b(?:for|x|since|past|last|over|lmp|d|day|hx|period|is|am|im|i'm|she's|shes|wife's|partner's)\s*$", text[:m.start()], _I):
            candidates.append((4, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["n_unit_noun"].finditer(text):
        candidates.append((1, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["n_old"].finditer(text):
        if re.search(r"\b(?:since|from)\s*(?:about|around|~)?\s*$", text[:m.start()], _I):
            continue  # "watery eye since ~2 wks old": when it started, not how old the baby is now
        candidates.append((1, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["is_age"].finditer(text):
        unit = m.group(2)
        if unit is None and float(m.group(1)) > 120:
            continue
        if unit and not unit.lower().startswith("y") and re.match(rf"(?:{_ADULT_RELATIVE})\b", m.group(0), _I):
            continue  # "my wife is 32 weeks" is a pregnancy, "mum's 3 days into it" a duration: adults' ages are in years
        candidates.append((2, _value(m.group(1)) * _unit_years(unit)))
    for m in _P["aged"].finditer(text):
        candidates.append((2, _value(m.group(1)) * _unit_years(m.group(2))))
    for m in _P["compact"].finditer(text):
        candidates.append((3, float(m.group(1))))
    for m in _P["compact_sex_first"].finditer(text):
        candidates.append((3, float(m.group(2))))
    for m in _P["yo"].finditer(text):
        candidates.append((3, float(m.group(1))))
    for m in _P["decade"].finditer(text):
        candidates.append((4, float(m.group(1)) + 5))
    if subject == "self" or not candidates:
        for m in _P["i_am"].finditer(text):
            candidates.append((2 if subject == "self" else 5, float(m.group(1))))
    candidates = [(p, round(a, 3)) for p, a in candidates if 0 <= a <= 120]
    candidates = [c for c in candidates if c not in _ago(text)]
    band = next((name for name, pattern, _ in _BANDS if pattern.search(text)), None)
    if candidates:
        return min(candidates)[1], band
    newborn = next((years for name, pattern, years in _BANDS if name == "newborn" and pattern.search(text)), None)
    return newborn, band


def _ago(text: str) -> set[tuple[int, float]]:
    """Candidates that are a time since something ("had our daughter 9 days ago", "my baby 2 weeks ago"): not ages."""
    found = set()
    for name, priority in (("noun_age", 1), ("n_unit_noun", 1), ("is_age", 2), ("has_years", 2), ("bare_unit_age", 4)):
        for m in _P[name].finditer(text):
            if re.match(r"\s*(?:ago|before|later|earlier|after)\b", text[m.end():], _I):
                groups = [g for g in m.groups() if g]
                number = next((g for g in groups if re.match(r"^\d", g) or g.lower() in _WORD_NUMBERS), None)
                unit = next((g for g in groups[1:] if not re.match(r"^\d", g)), None)
                if number is not None:
                    found.add((priority, round(_value(number) * _unit_years(unit), 3)))
    return found


def _sex(text: str) -> str | None:
    candidates = []
    for m in _P["compact"].finditer(text):
        candidates.append((m.start(), "female" if "f" in m.group(2).lower() else "male"))
    for m in _P["compact_sex_first"].finditer(text):
        candidates.append((m.start(), "female" if m.group(1).lower() == "f" else "male"))
    female, male = _FEMALE.search(text), _MALE.search(text)
    if female:
        candidates.append((female.start() + 10_000, "female"))
    if male:
        candidates.append((male.start() + 10_000, "male"))
    return min(candidates)[1] if candidates else None


def _gestation(text: str) -> float | None:
    m = _GESTATION.search(text)
    if not m:
        return None
    for group in m.groups()[:-1]:
        if group:
            weeks = float(group)
            return weeks if 3 <= weeks <= 44 else None
    trimester = (m.groups()[-1] or "").lower()
    return {"first": 8.0, "1st": 8.0, "second": 20.0, "2nd": 20.0, "third": 32.0, "3rd": 32.0}.get(trimester)


def _postpartum_days(text: str) -> float | None:
    m = _POSTPARTUM_DAYS.search(text)
    if not m:
        return None
    if m.group(1):
        return float(m.group(1)) * (7 if m.group(2).lower().startswith("w") else 1)
    if m.group(3):
        return float(m.group(3)) * (7 if m.group(4).lower().startswith("w") else 1)
    if m.group(5):
        return float(m.group(5))
    return None


def read_demographics(text: str, subject: str = "self") -> Demographics:
    age, band = _age(text, subject)
    sex = _sex(text)
    pregnant: bool | None = None
    gestation = None
    hypothetical = bool(_HYPOTHETICAL_PREG.search(text))
    bare_weeks = _BARE_GESTATION.match(text)
    if _NOT_PREGNANT.search(text):
        pregnant = False
    elif _PREGNANT.search(text) and not hypothetical:
        pregnant = True
        gestation = _gestation(text)
    elif bare_weeks and not _P["dependant_age"].search(text) and not re.search(rf"\b(?:{_DEPENDANT})\b", text, _I):
        pregnant, gestation = True, float(bare_weeks.group(1))  # "30wks, heartburn after meals": a gestation
        if age is not None and age < 1:
            age = None
    maybe = bool(_MAYBE_PREGNANT.search(text)) and pregnant is not True
    postpartum = None
    days = None
    if _POSTPARTUM.search(text) and not hypothetical:
        days = _postpartum_days(text)
        if days is None or days <= 84:
            postpartum = True
            if pregnant and gestation is None:
                pregnant = None  # "gave birth" after "pregnancy" talk: now postnatal
    if pregnant or postpartum or maybe:
        sex = "female"
    if age is None and band == "newborn":
        age = _NEWBORN_YEARS
    return Demographics(age_years=age, age_band=band, sex=sex, pregnant=pregnant, pregnancy_possible=maybe,
                        gestation_weeks=gestation, postpartum=postpartum, postpartum_days=days)
