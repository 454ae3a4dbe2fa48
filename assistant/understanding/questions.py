"""What a question asks for, so an answer can lead with that fact: criteria, first-line treatment, a dose or
maximum, a threshold, screening age or interval, when to refer, a definition, a mechanism, a comparison or an
interaction - with its qualifiers (setting, population, severity)."""

from __future__ import annotations

import re

from assistant.understanding.findings import QuestionForm

_I = re.IGNORECASE
_IS_QUESTION = re.compile(
    r"\?\s*$|^\s*(?:what|whats|what's|which|when|why|how|who|where|is|are|can|could|does|do|should|would|will|may|"
    r"explain|define|describe|list|tell\s+me|compare|summari[sz]e|outline|give\s+me|walk\s+me\s+through|teach\s+me)\b"
    r"|\b(?:max(?:imum)?\s+(?:daily\s+)?dose|dose\s+of|dosage\s+of|first[- ]line|criteria\s+for|treatment\s+(?:of|for)|"
    r"management\s+of|screening\s+for|side\s+effects\s+of|signs\s+of|symptoms\s+of|interact\w*\s+with)\b", _I)
_KINDS = (
    ("interaction", re.compile(r"\binteract\w*|\btogether\s+with\b|\bcombin\w*\b|\bmix\w*\b|\bwith\s+(?:my|his|her)\s+\w+|"
                               r"\bsafe\s+to\s+take\b.*\bwith\b|\bcan\s+(?:i|he|she|you)\s+take\b.*\b(?:with|and|while)\b|"
                               r"\bok(?:ay)?\s+to\s+take\b.*\bwith\b", _I)),
    ("side_effects", re.compile(r"\bside[- ]effects?\b|\badverse\s+(?:effects?|reactions?)\b", _I)),
    ("dose", re.compile(r"\bdos(?:e|es|age|ing)\b|\bhow\s+much\b|\bmax(?:imum)?\b|\bhow\s+many\s+(?:tablets|pills|mg)\b|"
                        r"\bmg\b|\bmicrograms?\b|\bhow\s+often\s+(?:can|should)\s+(?:i|you|he|she)\s+(?:take|give|use)\b", _I)),
    ("screening", re.compile(r"\bscreen\w*\b|\bat\s+what\s+age\b|\bwhat\s+age\b|\bhow\s+often\s+should\b|\binterval\b|"
                             r"\bwho\s+should\s+(?:be\s+)?(?:tested|screened|get)\b|\bstart\w*\s+(?:age|at)\b|\bmammogra\w*|"
                             r"\bcolonoscop\w*|\bpap\s+smear|\bsmear\s+test", _I)),
    ("refer", re.compile(r"\brefer\w*\b|\badmi(?:t|ssion)\b|\bwhen\s+(?:to|should\s+\w+)\s+(?:send|go|escalate|call|seek)\b|"
                         r"\bhospitali[sz]\w*\b|\bwhen\s+is\s+\w+\s+needed\b|\bneeds?\s+(?:a\s+)?(?:specialist|hospital)\b", _I)),
    ("first_line", re.compile(r"\bfirst[- ]?line\b|\btreat\w*\b|\bmanag\w*\b|\bdrug\s+of\s+choice\b|\bantibiotics?\s+for\b|"
                              r"\bwhat\s+(?:do|should|would)\s+(?:you|i|we)\s+(?:give|take|use|prescribe|start)\b|"
                              r"\bbest\s+(?:treatment|medication|medicine|drug|antibiotic)\b|\btherapy\b|\bregimen\b|\bprescrib\w*\b", _I)),
    ("threshold", re.compile(r"\bthreshold\b|\bcut[- ]?off\b|\btarget\b|\bgoal\b|\bat\s+what\s+(?:level|value|reading|bp|"
                             r"glucose|number|temperature)\b|\babove\s+what\b|\bbelow\s+what\b|\bhow\s+(?:high|low)\b|"
                             r"\bwhat\s+(?:level|reading|value|number)\b|\bnormal\s+range\b", _I)),
    ("criteria", re.compile(r"\bcriteri\w*\b|\brules?\b|\bscore\b|\bdecision\s+(?:rule|aid|tool)\b|\bwhen\s+(?:to|do\s+you|should\s+you)\s+"
                            r"(?:x-?ray|image|scan|ct|order)\b|\bsigns\s+of\b|\bfeatures\s+of\b|\bred\s+flags?\b|\bdiagnos\w*\b|"
                            r"\brecogni[sz]\w*\b|\bclassif\w*\b|\bstag\w*\b|\bgrad(?:e|ing)\b|\bwarning\s+signs\b", _I)),
    ("mechanism", re.compile(r"\bhow\s+does\s+\w+(?:\s+\w+)?\s+work\b|\bmechanism\b|\bwhy\s+(?:does|do|is|are)\b|"
                             r"\bpathophysiolog\w*\b|\bwhat\s+causes\b", _I)),
    ("comparison", re.compile(r"\bdifference\s+between\b|\bcompar\w*\b|\bversus\b|\bvs\.?\b|\bbetter\s+than\b", _I)),
    ("definition", re.compile(r"^\s*(?:what\s+is|what\s+are|whats|what's|define|definition\s+of|meaning\s+of)\b|\bstands?\s+for\b", _I)),
)
_SETTING = (
    ("icu", re.compile(r"\b(?:icu|itu|intensive\s+care|critical\s+care|septic\s+shock)\b", _I)),
    ("inpatient", re.compile(r"\b(?:inpatients?|in[- ]hospital|hospitali[sz]ed|admitted|ward|non[- ]icu|hospital\s+(?:treatment|setting))\b", _I)),
    ("outpatient", re.compile(r"\b(?:outpatients?|out[- ]of[- ]hospital|community|at\s+home|primary\s+care|general\s+practice|gp|"
                              r"clinic|ambulatory|healthy\s+adults?|otherwise\s+healthy|no\s+comorbidities)\b", _I)),
)
_POPULATION = (
    ("pregnancy", re.compile(r"\bpregnan\w*|\bantenatal\b|\bgestation\w*", _I)),
    ("infant", re.compile(r"\b(?:infants?|newborns?|neonat\w*|babies|baby|under\s+(?:3|three|6|six|12)\s+months)\b", _I)),
    ("child", re.compile(r"\b(?:child(?:ren)?|kids?|paediatric|pediatric|toddlers?|adolescents?|teen\w*|under\s+\d+s?\b|boys?|girls?)\b", _I)),
    ("older_adult", re.compile(r"\b(?:elderly|older\s+(?:adults?|people|patients?|women|men)|over\s+(?:65|70|75|80)s?|geriatric|frail)\b", _I)),
    ("adult", re.compile(r"\badults?\b|\bmen\b|\bwomen\b", _I)),
)
_SEVERITY = re.compile(r"\b(mild|moderate|severe|life[- ]threatening|refractory|acute|chronic)\b", _I)
_STOP = set("""a an the of for in on to is are was were be been what which when why how who where does do did can could
should would will may might with and or about tell me explain define describe list give please i you he she it we they
my your his her our their that this these those there here first line treatment treat management manage dose dosage
maximum max criteria rule rules screening screen refer referral definition mechanism compare difference between versus
vs side effects best usual adult adults child children pregnancy what's whats much many often at age level target""".split())


def question_form(text: str) -> QuestionForm | None:
    """The question's kind and qualifiers, or None when the message is not a question or a request for facts."""
    if not _IS_QUESTION.search(text):
        return None
    kind = next((name for name, pattern in _KINDS if pattern.search(text)), "general")
    setting = next((name for name, pattern in _SETTING if pattern.search(text)), None)
    population = next((name for name, pattern in _POPULATION if pattern.search(text)), None)
    severity = _SEVERITY.search(text)
    words = [w for w in re.findall(r"[a-z][a-z\-']+", text.lower()) if w not in _STOP and len(w) > 2]
    return QuestionForm(kind=kind, setting=setting, population=population,
                        severity=severity.group(1).lower() if severity else None, topic_words=tuple(dict.fromkeys(words)))
