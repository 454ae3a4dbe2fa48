"""ConText-style trigger lexicon (after Harkema et al. 2009 and Chapman et al. 2001, our own word lists).

Keys are ``category:direction``. Categories: negated, uncertain, historical, resolved, family,
hypothetical, educational (a question or teaching phrasing; treated as hypothetical unless the same
sentence is a personal report), pseudo (looks like a trigger but is not one: blocks it) and
terminate (ends every scope). Directions: forward (modifies concepts after it), backward (before it).
"""

from __future__ import annotations

TRIGGERS: dict[str, list[str]] = {
    "negated:forward": [
        "no", "not", "without", "denies", "denied", "deny", "negative for", "free of", "never had", "never",
        "no sign of", "no signs of", "no evidence of", "dont have", "do not have", "doesnt have", "does not have",
        "didnt have", "did not have", "havent had", "have not had", "havent got", "hasnt had", "not had",
        "absence of", "absent", "ruled out", "rules out", "rule out", "nor", "neither", "none", "no longer",
        "dont get", "didnt get", "dont feel", "isnt", "arent", "wasnt", "werent", "not having", "lack of",
    ],
    "negated:backward": [
        "denied", "is absent", "are absent", "was absent", "not present", "ruled out", "was negative",
        "were negative", "is negative", "not noted", "none", "not seen",
    ],
    "uncertain:forward": [
        "possible", "possibly", "probable", "probably", "maybe", "might", "might be", "may be", "could be",
        "perhaps", "suspected", "suspect", "query", "not sure", "unsure", "i wonder if", "not certain",
        "cant tell if", "unclear if", "dont know if", "questionable", "likely", "unlikely",
    ],
    "uncertain:backward": ["possibly", "maybe", "perhaps", "not sure", "i think", "suspected"],
    "historical:forward": [
        "history of", "hx of", "past history of", "previous", "previously", "prior", "past",
        "in the past", "used to", "used to have", "as a child", "when i was", "back in", "years ago",
        "recovered from",
    ],
    "historical:backward": [
        "last year", "last month", "years ago", "year ago", "months ago", "month ago", "years back",
        "a long time ago", "in the past", "previously", "as a child", "when i was young", "when i was a kid",
        "as a kid", "in my youth", "decades ago", "in my teens", "as a teenager", "when i was younger",
        "in my twenties", "in my 20s", "at school", "at university", "in college",
    ],
    "resolved:forward": ["no longer have", "recovered from"],
    "resolved:backward": [
        "resolved", "has resolved", "went away", "gone now", "is gone", "has gone", "fine now", "ok now",
        "okay now", "better now", "settled", "has settled", "passed", "has passed", "stopped", "has stopped",
        "cleared up", "all gone",
    ],
    "family:forward": [
        "family history of", "family history", "fh of", "fhx", "fhx of", "runs in the family",
        "mother had", "father had", "mom had", "dad had", "mum had", "brother had", "sister had",
        "grandmother had", "grandfather had", "grandma had", "grandpa had", "aunt had", "uncle had",
        "parents had", "mother died of", "father died of", "dad died of", "mom died of", "mum died of",
        "died of", "died from", "passed away from", "relatives with", "family members with",
    ],
    "family:backward": ["runs in the family", "runs in my family", "in my family", "in the family"],
    "hypothetical:forward": [
        "if", "if i get", "if i have", "if i had", "if you get", "if someone", "in case", "in case of",
        "what if", "what happens if", "when to", "when should someone", "when should you", "unless",
        "should i ever", "in the event of", "to prevent", "prevent", "risk of", "chance of", "at risk for",
    ],
    "educational:forward": [
        "what are the signs of", "what are the symptoms of", "signs of", "symptoms of", "warning signs of",
        "red flags for", "red flags of", "red flag", "explain", "tell me about", "teach me", "quiz me",
        "what causes", "what is", "what are", "how do you", "how do i recognise", "how do i recognize",
        "how to recognise", "how to recognize", "how is", "how are", "in a patient with", "in patients with",
        "a patient with", "a patient who", "patients who", "a person with", "someone with", "people with",
        "differential diagnosis", "definition of", "define", "criteria for", "pathophysiology of",
        "management of", "treatment of", "what does", "why does", "why do",
    ],
    "pseudo:forward": [
        "not only", "not just", "no idea", "no matter", "not stop", "no better", "not better",
        "not getting better", "not improving", "not go away", "not going away", "no relief", "no doubt",
        "not normal", "without warning", "no reason", "not able", "not responding", "not breathing",
        "no change", "not sure if", "not sure whether", "if not", "if so", "even if", "as if", "dont know",
        "what if i have", "see if", "check if", "wonder if", "not waking", "not wake",
        "past * hour|hours|minute|minutes|day|days|night|week|few|couple", "last * hour|hours|minutes|night|few",
        "past hour", "past day", "past night", "gone on", "has gone on", "going on", "been going on",
        "for the last month", "for the past month", "for the last year", "for the past year",
        "last * week|weeks|month|months|year", "past * week|weeks|month|months|year", "no energy", "not eating", "not drinking", "not feeding",
        "not peeing", "not passing", "no wet", "not making sense", "not moving", "not himself", "not herself",
    ],
    "terminate:forward": [
        "but", "however", "although", "though", "except", "apart from", "aside from", "yet", "whereas",
        "now", "currently", "today", "tonight", "this morning", "this evening", "right now",
        "which", "since", "and now", "instead", "i have", "ive got", "ive had", "i got", "i am", "im",
        "i feel", "i felt", "there is", "theres", "hes got", "shes got", "he has", "she has", "suddenly",
    ],
}

# Phrases that make a sentence a personal report, cancelling "educational" triggers in that sentence.
REPORT_MARKERS: dict[str, list[str]] = {
    "report": [
        "i have", "ive got", "ive had", "i got", "i am", "im", "i feel", "i felt", "im having", "i keep",
        "i think i", "my", "me", "we", "he has", "she has", "he is", "she is", "hes", "shes", "they have",
        "theyre", "right now", "for the last", "since this", "started", "began", "just now",
    ],
}

FORWARD_WINDOW = {
    "negated": 8, "uncertain": 8, "historical": 8, "resolved": 6, "family": 6, "hypothetical": 40,
    "educational": 40,
}
BACKWARD_WINDOW = {"negated": 5, "uncertain": 4, "historical": 8, "resolved": 6, "family": 6}

# Time words end most scopes ("history of asthma, today wheezy") but not a settling statement that
# follows them ("chest pain this morning, fine now").
TERMINATOR_EXEMPT = {"resolved": ("today", "tonight", "this morning", "this evening")}
