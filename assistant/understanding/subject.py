"""Whom a message is about: the person typing ("self") or someone they describe ("patient"), and which parts of
it are about a relative's own history ("family").

"my 3 week old feels hot" is about the baby; "58M c/o CP" is a clinician describing a patient; "I've got chest
pain, my dad had a heart attack at 50" is about me, with my father's history beside it.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_CLINICIAN = re.compile(
    r"(?:^|[\s,;(])\d{1,3}\s?(?:yo|y/o|y|yr|yrs)?\s?(?:M|F|m|f)(?=[\s,;:)]|$)|\b(?:pt|patient|c/o|o/e|pmh|pmhx|hpi|biba|"
    r"presents?\s+with|presented\s+with|presenting\s+with|brought\s+in|admitted\s+with|on\s+examination|complains?\s+of|"
    r"known\s+to|referred\s+(?:with|for)|\d{1,3}\s*(?:yo|y/o|year\s+old)\s+(?:man|woman|male|female|boy|girl|gentleman|lady))\b", _I)
_DEPENDANT = re.compile(
    r"\b(?:my|our)\s+(?:little\s+|baby\s+|newborn\s+|\d+\s*[- ]?(?:day|week|wk|month|mo|year|yr)s?\s*[- ]?old\s+|"
    r"\d+\s*(?:yo|y/o|yr|yrs|mo|m|wk|w)\s+)?"
    r"(baby|son|daughter|child|kid|toddler|boy|girl|newborn|infant|little\s+one|lo|twins?|grandson|granddaughter|"
    r"baby\s+(?:boy|girl))\b|\b(?:my|our|the)\s+\d+\s*[- ]?(?:day|week|wk|month|mo|year|yr)s?\s*[- ]?old\b|"
    r"\b(?:my|our)\s+\d+\s*(?:yo|y/o|mo|mths?|wks?)\b", _I)
_RELATIVE = re.compile(
    r"(?:\b(?:my|our|his|her)\s+|(?:^|(?<=[.!?\n]\s)|(?<=[.!?\n]))\s*(?=(?:dad|father|mum|mom|mother|husband|wife|partner|"
    r"grand\w+|nan|nana|gran|granny|aunt\w*|uncle|brother|sister|son|daughter)\b))(?:elderly\s+|old\s+|\d+\s*(?:-?\s*year\s*-?\s*old)\s+)?"
    r"(dad|father|mum|mom|mother|"
    r"husband|wife|partner|grandma|grandmother|grandad|granddad|grandfather|grandpa|nan|nana|gran|granny|aunt|aunty|auntie|"
    r"uncle|brother|sister|friend|neighbou?r|boyfriend|girlfriend|fiance|fiancee|flatmate|roommate|colleague|cousin|"
    r"father[- ]in[- ]law|mother[- ]in[- ]law|son|daughter|baby|child|kid|toddler|boy|girl|newborn|infant|parents?|family|"
    r"husbands|wifes|dads|mums|moms|grandson|granddaughter|nephew|niece|stepdad|stepmum|stepmom|carer)(?:'s)?\b"
    r"|\b(mother|father|mum|mom|dad|brother|sister|grandmother|grandfather)\s+(?:had|has|died|passed)\b", _I)
_SELF_SYMPTOM = re.compile(
    r"\b(?:i\s+(?:have|had|got|feel|felt|keep|cant|can't|cannot|am\s+(?:having|feeling|getting|in|so|really|very|being)|"
    r"think\s+i|woke\s+up|started|been|threw|vomited|fainted|passed|fell|hurt|cut|burnt|burned)|i'?ve\s+(?:got|had|been)|"
    r"i'?m\s+(?:having|feeling|getting|in|so|really|very|pregnant|\d+\s*weeks)|found\s+a\s+lump|my\s+(?:chest|head|stomach|tummy|belly|back|breast|bum|skin|mouth|lips|tongue|tooth|teeth|gums|nose|throat|toe|finger|fingers|wrist|hip|shoulder|bladder|bowels|"
    r"throat|leg|legs|arm|arms|eye|eyes|ear|ears|face|skin|heart|knee|ankle|foot|feet|hand|hands|neck|period|urine|pee|boob|boobs|nipple|nipples|stitches|scar|wound|"
    r"wee|poo|stool|breathing|temperature|temp|sugar|bp|blood)|hurts?\s+me|me\s+(?:feel|sick))\b", _I)
_THIRD_PERSON = re.compile(r"\b(?:he|she|they|his|her|him|them|hes|shes|he's|she's)\b", _I)
_BARE_AGE = re.compile(r"(?:^|[\s,(;])\d{1,3}\s*(?:mo|mths?|wks?|yo|y/o|yrs?)(?=[\s,.;)]|$)", _I)
_NAMED_PERSON = re.compile(r"\b[A-Z][a-z]{1,15}\s*\(\s*\d{1,3}\s*(?:y|yo|yrs?|m|mo|months?|w|wks?|weeks?)?\s*\)")
_PERSON_FIRST = re.compile(r"^\s*(?:\d+\s*(?:day|week|wk|month|mo|m|year|yr|y)s?\s*[- ]?old|\d+\s*(?:mo|wk|w|m)\b|\d+\s*/\s*(?:52|12)\b|"
                           r"(?:baby|infant|toddler|newborn|neonate|child|kid|boy|girl|teen|teenager|man|woman|lady|gentleman|elderly)\b)", _I)
_PAST_OR_HISTORY = re.compile(r"\b(?:had\s+(?:a|an)\b[^.,;]{0,30}?(?:years?\s+ago|in\s+(?:19|20)\d\d|when|at\s+\d{2})|died|"
                              r"passed\s+away|history|hx|years?\s+ago|when\s+(?:he|she)\s+was|suffered|diagnosed\s+with|"
                              r"got\s+over|used\s+to|in\s+(?:19|20)\d\d|at\s+(?:age\s+)?\d{2}\b)", _I)
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s*(?:but|and|now|then|today|i|im|i'm|i've|ive|feeling|feel|my|also)\b|"
                         r"\bbut\s+(?:i|im|i'm|i've|my)\b|\band\s+(?:i|im|i'm|i've|ive|my|now)\b|"
                         r"\b(?:i|i'm|im|i've|ive|my|me|myself)\b", _I)  # "my husband says my chest pain...": the pain is mine


def clinician_style(text: str) -> bool:
    """Clinician shorthand ("58M c/o CP", "pt presents with") - not a parent's "my 11 year old boy"."""
    for match in _CLINICIAN.finditer(text):
        before = text[max(0, match.start() - 14):match.start() + 1].rstrip(" 0123456789")
        if not re.search(r"\b(?:my|our|his|her|their)\s*(?:little)?$", before, _I):
            return True
    return False


def find_subject(text: str) -> str:
    """"patient" when the message describes someone else (child, relative, a clinician's patient), else "self"."""
    self_symptom = _SELF_SYMPTOM.search(text)
    if re.search(r"\b(?:i'?m|i\s+am)\s+breast\s*feeding\b|\bmy\s+(?:boob|boobs|nipple|nipples|breast|breasts|stitches|c-?\s*section)\b|"
                 r"\b(?:i'?m|i\s+am)\s+\d{1,2}\s*(?:weeks?|wks?)\b(?!\s*(?:old|ago))|\bbaby\s+(?:is\s+|has\s+)?(?:not\s+|hasn'?t\s+|isn'?t\s+|hasnt\s+|isnt\s+)?(?:moving|kicking|moved|kicked)|"
                 r"\b(?:i'?m|i\s+am)\s+(?:\d+\s*(?:weeks?|wks?)\s+)?pregnant\b|(?:^|\bi\s+|\bjust\s+)(?:gave\s+birth|had\s+my\s+baby|"
                 r"delivered\s+my|had\s+a\s+(?:c-?\s*section|caesarean|baby))\b", text, _I):
        return "self"
    if clinician_style(text) and not (self_symptom and self_symptom.start() < 60):
        return "patient"
    dependant = _DEPENDANT.search(text) or _NAMED_PERSON.search(text) or _PERSON_FIRST.search(text)
    if dependant and (self_symptom is None or dependant.start() < self_symptom.start()):
        return "patient"
    relative = _RELATIVE.search(text)
    if relative and (self_symptom is None or relative.start() < self_symptom.start()):
        tail = text[relative.end():]
        if _THIRD_PERSON.search(text) or re.match(r"\s*(?:\(\s*\d+\s*\)\s*)?(?:\d+\s*(?:years?|yrs?|y|months?)?\s*)?"
                                                     r"(?:is|has|have|'s|s|keeps|cant|can't|just|got|started|was|seems|looks|"
                                                     r"feels|woke|complain|suddenly|fell|had|lips|face|legs?|arms?|\(|,|"
                                                     r"(?:collapsed|fainted|passed\s+out|blacked\s+out|stopped|isnt|isn't|wont|won't|cannot|"
                                                     r"couldnt|couldn't|doesnt|doesn't|didnt|didn't|hasnt|hasn't|went|became|turned|"
                                                     r"developed|vomited|threw\s+up|coughed|hit|banged|cut|burnt|burned|took|swallowed|"
                                                     r"overdosed|appears|sounds|slipped|tripped|choked|seized|keeled|dropped|now)\b)", tail, _I):
            if not relative_history(_clause(text, relative.end())):
                return "patient"
    first_person = re.search(r"\b(?:i|i'm|im|my|me)\b", text, _I)
    if self_symptom is None and not first_person and (_THIRD_PERSON.search(text) or _BARE_AGE.search(text)):
        return "patient"
    return "self"


_CURRENT = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|yesterday|last\s+night|now|just|since|"
                      r"for\s+(?:the\s+)?(?:last|past)?\s*\d*\s*(?:hours?|days?|a\s+week)|is|has\s+been|keeps|started|suddenly)\b", _I)


def _clause(text: str, start: int) -> str:
    end = _CLAUSE_END.search(text, start)
    return text[start:end.start() if end else len(text)]


_BIRTH = re.compile(r"\s*(?:just\s+|recently\s+)?(?:had\s+(?:a|our|the|her|his|their)\s+(?:baby|babies|twins|son|"
                    r"daughter|boy|girl|little\s+one|c-?\s*section|caesarean)|gave\s+birth|delivered)\b", _I)


def relative_history(clause: str) -> bool:
    """True when what is said about a relative is their past history ("had breast cancer at 45", "died of a
    stroke"), not a current illness ("had a fall this morning", "has had diarrhoea for a week")."""
    if re.search(r"\b(?:died|passed\s+away|history|hx|diagnosed|suffered|survived)\b", clause, _I):
        return True
    if _BIRTH.match(clause):
        return False  # "my wife had a baby 10 days ago and ...": the birth starts her postnatal story, not a history
    if re.match(r"\s*(?:\(\s*\d+\s*\)\s*)?had\b", clause, _I):
        return not _CURRENT.search(clause) or bool(_PAST_OR_HISTORY.search(clause))
    return bool(_PAST_OR_HISTORY.search(clause)) and not _CURRENT.search(clause)


def _speaker_label(text: str, match: re.Match[str]) -> bool:
    """A relative's name that opens a line and is followed by a colon labels who speaks ("Mother: ..."); "FH:
    father: MI at 55" (not at a line's start) and "my father: ..." stay about the relative."""
    before = text[:match.start()].rstrip(" \t")
    return (not before or before.endswith("\n")) and not re.match(r"(?:my|our|his|her)\b", match.group(0), _I) and bool(
        re.match(r"[ \t]*:", text[match.end():]))


def relative_spans(text: str, subject: str) -> list[tuple[int, int, str]]:
    """(start, end, experiencer) for each stretch of text about a relative: the person the message is about counts
    as the patient; anyone else's story is family."""
    spans: list[tuple[int, int, str]] = []
    main_taken = subject != "patient" or clinician_style(text)
    first_dependant = _DEPENDANT.search(text)
    for match in _RELATIVE.finditer(text):
        if re.search(r"\b(?:had|delivered|birth\s+to|expecting)\s*$", text[:match.start()], _I):
            continue  # "had my baby" is a birth, not a person's story
        if _speaker_label(text, match):
            continue  # "Father: she's had a cough": a speaker's label, not a story about the father
        end_match = _CLAUSE_END.search(text, match.end())
        end = end_match.start() if end_match else len(text)
        tail = text[match.end():end]
        is_main = False
        if not main_taken:
            if first_dependant is None or first_dependant.start() == match.start() or match.start() <= first_dependant.start():
                is_main = True
            main_taken = True
        if is_main and not relative_history(tail):
            spans.append((match.start(), end, "patient"))
        elif subject == "patient" and not clinician_style(text) and not relative_history(tail):
            spans.append((match.start(), end, "patient" if first_dependant and first_dependant.start() == match.start()
                          else "family"))
        else:
            spans.append((match.start(), end, "family"))
    return spans
