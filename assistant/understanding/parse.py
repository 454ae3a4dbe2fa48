"""``parse``: one message in, ``Findings`` out - the only place the product reads raw text.

Order: clean -> speakers -> abbreviations and tokens -> concept, qualifier and crisis phrases, plus frames (a body
part and a finding word near each other, in any grammar) -> context (assertion, experiencer) -> answers to the
question just asked (the assistant's, or the clinician's line before in a transcript) -> paraphrases the lexicon
missed (embeddings) -> vitals, demographics, course, medicines, allergies, question form, language and
other-language emergencies.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Callable, Protocol

from assistant.understanding import allergies as allergy_reader
from assistant.understanding import course
from assistant.understanding.answers import answer_part, answer_value, asked_from, read_answer
from assistant.understanding.context import assertion_of, find_triggers, modifiers
from assistant.understanding.demographics import read_demographics
from assistant.understanding.findings import AskedQuestion, DrugMention, Findings, Mention, SpeakerTurn, Vital
from assistant.understanding.lexicon import CRISIS, CRISIS_CONCEPTS, FEATURE, FRAME, MASK, NEGATIVE, Lexicon
from assistant.understanding.overdose import overdose_spans
from assistant.understanding.phrases import PhraseHit
from assistant.understanding.questions import question_form
from assistant.understanding.speakers import speaker_turns
from assistant.understanding.subject import find_subject, relative_spans
from assistant.understanding.text import Token, clean_text, sentence_ids, tokenize
from assistant.understanding.vitals import read_vitals

MAX_PARSE_CHARS = 100_000  # the longest transcript accepted (Settings.max_transcript_chars) is read in full
TAIL_CHARS = 20_000  # past the limit, the end is still read: the latest words are the ones a red flag may be in
ROMANISED_TWINS = {"hi": ("ur",), "ur": ("hi",)}  # written in Latin letters, Hindi and Urdu read the same
FEVER_FROM_TEMPERATURE = 38.0  # °C: a measured temperature at or above this is a fever (NICE NG143)


class Paraphraser(Protocol):
    def match(self, clauses: list[str]) -> list[tuple[str, str, float]]: ...


DrugFinder = Callable[[str], list[DrugMention]]
_LATERALITY = re.compile(r"\b(left|right|both|bilateral|l|r)\b(?:\s+sided)?", re.IGNORECASE)
_SEVERE = re.compile(r"\b(severe|worst|unbearable|excruciating|agony|terrible|really bad|very bad|10/10|9/10)\b", re.I)
_MILD = re.compile(r"\b(mild|slight|a bit|a little|minor|not too bad|niggl\w*)\b", re.I)
_GENERAL_QUESTION = re.compile(r"^\s*(?:what|which|when|why|how|is|are|can|could|does|do|should|would|will|explain|"
                               r"define|describe|list|tell me about)\b", re.I)
_PERSONAL = re.compile(r"\b(?:i|im|i'm|i've|ive|my|me|mine|we|our|he|she|his|her|him|they|their|baby|son|daughter|"
                       r"husband|wife|mum|mom|dad)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|i|I'm|i'm|Im|im|I've|i've|Ive|ive|I'd|i'd|my|My|MY|me|Me|mine|myself)\b")
_CLINICAL_LABEL = re.compile(r"\b(?:GCS|INR|SpO2|sats|RR|HR|BP|AVPU|BM|BG|CBG|Hb|CRT|ETOH|EtOH|o/e|O/E|imp|Imp|PMH|c/o|hx|Hx|obs|"
                             r"x\d|\d+/52|\d+/12|\d+/7|[A-Z]{2,5}\s*\+ve)\b|\+\+")
# Embeddings do not keep polarity ("baby moving normally" sits next to "baby not moving"), so clauses that deny
# or call something normal are left to the lexicon; nor quantity ("barely slept" sits next to "barely awake",
# "passing very little urine" next to "passing urine a lot", "temperature was 37" next to "had a temperature"), so
# clauses that say how little of something there is, or hold a number, are left to the lexicon and the vitals
# reader; very short clauses are too vague to embed.
_POLARITY = re.compile(r"\b(?:no|not|never|none|nothing|without|normal(?:ly)?|fine|ok|okay|well|good|usual|"
                       r"\w+n't|cant|wont|dont|doesnt|isnt|wasnt|arent|werent|havent|hasnt|hadnt|didnt|couldnt|wouldnt|shouldnt|aint)\b", re.I)
_QUANTITY = re.compile(r"\d|\b(?:barely|hardly|scarcely|little|less|fewer|small\s+amounts?|only|reduced|"
                       r"more|most|much|lots?)\b", re.I)
PARAPHRASE_MIN_WORDS = 4
_CLAUSE_SPLIT = re.compile(r"[.;!?\n]+|,|\bbut\b|\band\b|\balso\b", re.I)
_PAST_EVENT = re.compile(r"\b(?:had|has\s+had|died|passed\s+away|suffered|survived|history|hx|years?\s+ago|"
                         r"in\s+(?:19|20)\d\d|at\s+(?:age\s+)?\d{2}\b|when\s+(?:he|she|they)\s+was)\b", re.I)
_RECENT = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|now|just|currently|right\s+now|"
                     r"an?\s+hour\s+ago|\d+\s*(?:min\w*|hours?|hrs?)\s+ago|since|having|is\s+having|going\s+on)\b", re.I)
_AGO = re.compile(r"^[^.;!?\n]{0,30}?\b(?:\d+|a|an|one|two|few|couple\s+of)\s*(?:days?|d|weeks?|wks?|w|months?|mths?|years?|yrs?|y)\s+ago\b|"
                  r"^[^.;!?\n]{0,30}?(?:@|\bat\s+(?:age\s+)?)\s*\d{2}\b", re.I)
_HAD_BEFORE = re.compile(r"\b(?:had|has\s+had|previous|prior|known)\s+(?:a|an|the|his|her|my)?\s*(?:mini\s+|small\s+|big\s+|massive\s+)?$", re.I)
_YEAR = re.compile(r"^[^.;!?\n]{0,40}?\b(?:in|back\s+in|since)\s+((?:19|20)\d\d)\b", re.I)
_FRAME_BREAK = frozenset({".", "!", "?", ";", "\n", ",", "but", "however"})


def parse(text: object, lexicon: Lexicon, *, asked: AskedQuestion | None = None,
          drugs: DrugFinder | None = None, paraphraser: Paraphraser | None = None) -> Findings:
    """Read one message. Never raises on odd input: unreadable parts become ``unsure`` notes."""
    cleaned = clean_text(text)
    unsure: list[str] = []
    if len(cleaned) > MAX_PARSE_CHARS:
        skipped = len(cleaned) - MAX_PARSE_CHARS
        unsure.append(f"The message was too long to read whole: {skipped:,} characters in its middle were skipped.")
        cleaned = cleaned[:MAX_PARSE_CHARS - TAIL_CHARS] + "\n" + cleaned[-TAIL_CHARS:]
    if not cleaned.strip():
        return Findings(text=cleaned, language="und", language_confident=False, unsure=tuple(unsure))
    language, confident = lexicon.guesser.guess(cleaned)
    emergency_core = _emergency_core(cleaned, lexicon, language) if language != "en" or not confident else {}
    switched = bool(emergency_core) and language == "en"
    if switched:
        language, confident = next(iter(emergency_core.values())), True
    turns = tuple(speaker_turns(cleaned))
    subject = "patient" if turns else find_subject(cleaned)
    if asked is not None and asked.subject and not turns:
        subject = asked.subject
    mentions, features, crisis, subject = _read_concepts(cleaned, lexicon, turns, subject)
    if switched and (mentions or crisis):
        language, emergency_core = "en", {}  # short English the identifier was unsure of ("im suicidal")
    pack = lexicon.packs.get(language)
    if pack is not None and pack.asks(cleaned):  # "ano ang sintomas ng stroke?": English words in a question
        mentions = [replace(m, assertion="hypothetical") if m.assertion in ("present", "possible") else m
                    for m in mentions]
    answer = read_answer(cleaned) if not turns else None
    if asked is not None and answer is not None:
        mentions = _apply_answer(mentions, asked, answer, cleaned, subject)
    if asked is not None and not turns and (asked.general or asked.item == "allergies"):
        # what someone knows about a condition, or the reaction an allergy gives, is not a finding now
        settled = "hypothetical" if asked.general else "historical"
        mentions = [replace(m, assertion=settled) if m.assertion in ("present", "possible") else m for m in mentions]
    if paraphraser is not None and not turns and language == "en":
        mentions += _paraphrases(cleaned, mentions, paraphraser, lexicon, subject)
    vitals, vital_notes = read_vitals(cleaned)
    unsure += vital_notes
    vitals += _asked_readings(cleaned, vitals, asked, turns, lexicon)
    mentions = _fever_from_temperature(mentions, vitals, subject)
    demographics = read_demographics(cleaned, subject)
    age_answer = _asked_age(cleaned, asked, turns, lexicon)
    if age_answer is not None and demographics.age_years is None:
        demographics = replace(demographics, age_years=age_answer)
    demographics = _asked_demographics(demographics, answer, asked, turns, cleaned)
    severity = course.severity_score(cleaned)
    if severity is None:
        severity = _asked_severity(cleaned, answer, asked, turns, vitals)
    if subject == "self" and demographics.age_band in ("infant", "newborn", "toddler", "child") and demographics.postpartum:
        demographics = replace(demographics, age_band=None)
    medicines = tuple(drugs(cleaned)) if drugs is not None else ()
    found_allergies, no_known = allergy_reader.read_allergies(cleaned)
    for question, reply in _allergy_replies(cleaned, asked, turns, lexicon):
        reading = read_answer(reply)
        if reading is not None and reading.polarity == "no":
            no_known = not found_allergies
        else:
            known = {a.substance for a in found_allergies}
            found_allergies += [a for a in allergy_reader.read_allergy_answer(reply) if a.substance not in known]
            no_known = False
    return Findings(
        text=cleaned, language=language, language_confident=confident,
        mentions=tuple(sorted(mentions, key=lambda m: m.start)), features=tuple(features), vitals=tuple(vitals),
        demographics=demographics, medicines=medicines, allergies=tuple(found_allergies), no_known_allergies=no_known,
        turns=turns, subject=subject, duration_days=course.duration_days(cleaned), onset=course.onset(cleaned),
        severity_score=severity, answer=answer, question=question_form(cleaned) if not turns else None,
        emergency_core=tuple(emergency_core), crisis=tuple(crisis), unsure=tuple(unsure),
    )


def question_asked(text: str, lexicon: Lexicon) -> AskedQuestion:
    """What a question (typed by a clinician or written into an evaluation item) asks about."""
    return _specific(asked_from(parse(text, lexicon), text), lexicon)


def _specific(asked: AskedQuestion, lexicon: Lexicon) -> AskedQuestion:
    """A question about a specific finding is not about its general one: "does the rash fade?" asks about a
    non-blanching rash, so "no" makes that present and says nothing against the rash itself."""
    general = {g for c in asked.concepts for g in lexicon.subsumes.get(c, ())}
    if not general & set(asked.concepts):
        return asked
    return replace(asked, concepts=tuple(c for c in asked.concepts if c not in general),
                   history=tuple(c for c in asked.history if c not in general))


def _emergency_core(text: str, lexicon: Lexicon, language: str) -> dict[str, str]:
    """Other-language emergency categories -> the language that named them (only the message's language when it
    is known; every supported language when it is not)."""
    found: dict[str, str] = {}
    codes = [language] if language in lexicon.packs else sorted(lexicon.packs)
    codes += [code for code in ROMANISED_TWINS.get(language, ()) if code in lexicon.packs]
    for code in codes:
        for category in lexicon.packs[code].emergencies(text):
            found.setdefault(category, code)
    return found


# -- concepts -----------------------------------------------------------------------------------------------------
def _read_concepts(text: str, lexicon: Lexicon, turns: tuple[SpeakerTurn, ...],
                   subject: str) -> tuple[list[Mention], list[Mention], list[Mention], str]:
    tokens = tokenize(text, lexicon.marks(text))
    if not tokens:
        return [], [], [], subject
    words = lexicon.matcher.normalise(tokens)
    found = lexicon.matcher.find(words)
    hits = _unmasked(found)
    masks = [hit for hit in found if hit.concept.startswith(MASK)]
    hits += _unmasked(masks + _frames(hits, words, lexicon))  # a mask hides a frame's finding too ("dry eyes")
    hits += _overdoses(text, tokens)
    hits = _subsumed(hits, lexicon.subsumes)
    hits = _features_outside_concepts(hits, words)
    if not hits:
        return [], [], [], subject
    if subject == "self" and not _FIRST_PERSON.search(text) and not _GENERAL_QUESTION.match(text) and (
            sum(h.phrase in lexicon.clinical_phrases for h in hits) >= 2 or _CLINICAL_LABEL.search(text)
            or any(any(w.startswith("zzabbr") for w in words[h.first:h.last + 1]) for h in hits if not h.concept.startswith("frame:"))):
        subject = "patient"  # clinician shorthand with no "I" or "my" describes a patient
    concept_hits = [h for h in hits if not h.concept.startswith(FEATURE)]
    triggers = find_triggers(lexicon.context, words, concept_hits)
    sentence_of = sentence_ids(tokens)
    reports = {sentence_of[t.first] for t in triggers if t.concept == "report"}
    by_sentence: dict[int, list[PhraseHit]] = {}
    for trigger in triggers:
        by_sentence.setdefault(sentence_of[trigger.first], []).append(trigger)
    relatives = relative_spans(text, subject)
    general = _general_question_sentences(tokens, sentence_of, text) if not turns else set()
    mentions: list[Mention] = []
    features: list[Mention] = []
    crisis: list[Mention] = []
    starts = frozenset(h.first for h in hits if not h.concept.startswith(FEATURE))
    for hit in hits:
        flags = modifiers(lexicon.context, hit, by_sentence.get(sentence_of[hit.first], []), words, sentence_of, reports,
                          starts, through_lists=not _says_normal(hit))
        if hit.first > 0 and words[hit.first - 1] == "?" and tokens[hit.first].attached_before:
            flags.add("uncertain")  # clinical shorthand "?PE"
        start, end = tokens[hit.first].start, tokens[hit.last].end
        assertion, resolved = assertion_of(flags)
        if sentence_of[hit.first] in general:
            assertion, resolved = "hypothetical", False  # "can you have appendicitis without a fever?"
        experiencer = _experiencer(start, flags, relatives, subject)
        if experiencer == "patient" and _about_their_relative(text, start, relatives, _turn_at(turns, start)):
            experiencer = "family"
        if assertion == "present" and (experiencer == "family" or _past_year(text, end)):
            if experiencer != "family" or _PAST_EVENT.search(text[max(0, start - 40):end + 40]):
                assertion = "historical"
        if assertion == "present" and lexicon.concepts.get(hit.concept, {}).get("kind") == "event" and _past_event(text, start, end):
            assertion = "historical"  # "had a DVT after my knee op", "TIA 2 wks ago"
        concept = hit.concept
        if concept.startswith(NEGATIVE):
            concept = concept.removeprefix(NEGATIVE)
            assertion = {"absent": "present", "present": "absent"}.get(assertion, assertion)
        turn = _turn_at(turns, start)
        source = "frame" if hit.phrase == FRAME else "abbreviation" if any(
            w.startswith("zzabbr") for w in words[hit.first:hit.last + 1]) else "lexicon"
        mention = Mention(concept=concept, surface=text[start:end], start=start, end=end, assertion=assertion,
                          experiencer=experiencer, source=source, speaker=turn.role if turn else None, resolved=resolved,
                          **_attributes(text, tokens, hit, sentence_of))
        if concept.startswith(FEATURE):
            features.append(replace(mention, concept=concept.removeprefix(FEATURE)))
        elif concept.startswith(CRISIS):
            kind = concept.removeprefix(CRISIS)
            crisis.append(replace(mention, concept=kind))
            if kind in CRISIS_CONCEPTS:
                mentions.append(replace(mention, concept=CRISIS_CONCEPTS[kind]))
        else:
            mentions.append(mention)
    if turns:
        mentions = _resolve_transcript(mentions, turns, lexicon)
    return _one_per_concept(mentions), features, crisis, subject


_NORMAL_FEATURES = frozenset({FEATURE + "reassurance", FEATURE + "improving", FEATURE + "usual_pattern"})


def _says_normal(hit: PhraseHit) -> bool:
    """A phrase that says something is normal or reassuring: the concept's ``negative`` phrases ("breathing fine",
    "afebrile") and the reassurance qualifiers."""
    return hit.concept.startswith(NEGATIVE) or hit.concept in _NORMAL_FEATURES


def _unmasked(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Masks hide hits inside them ("blood pressure" is not chest "pressure") and never fire themselves; a
    targeted mask hides only the concepts it names ("coughing fit" is not a seizure), an untargeted one only what is
    shorter than itself (the mask "blood thinner" hides the "blood" of a bleeding frame, not the qualifier
    "blood thinner" that means anticoagulated)."""
    masks = [hit for hit in hits if hit.concept.startswith(MASK)]

    def hidden(hit: PhraseHit, mask: PhraseHit) -> bool:
        targets = mask.concept.partition(":")[2]
        if not (mask.first <= hit.first and hit.last <= mask.last):
            return False
        if targets:
            return hit.concept in targets.split(",")
        return (hit.first, hit.last) != (mask.first, mask.last)
    return [hit for hit in hits if not hit.concept.startswith(MASK) and not any(hidden(hit, m) for m in masks)]


def _frames(hits: list[PhraseHit], words: list[str], lexicon: Lexicon) -> list[PhraseHit]:
    """A site word and a finding word of one frame within the window, in one clause, make a concept hit."""
    parts: dict[str, dict[str, list[PhraseHit]]] = {}
    for hit in hits:
        if hit.concept.startswith("frame:"):
            _, concept, role = hit.concept.split(":")
            parts.setdefault(concept, {}).setdefault(role, []).append(hit)
    made: list[PhraseHit] = []
    plain = [h for h in hits if not h.concept.startswith("frame:")]
    for concept, roles in parts.items():
        for site in roles.get("site", []):
            for finding in roles.get("finding", []):
                first, last = min(site.first, finding.first), max(site.last, finding.last)
                if site.first <= finding.last and finding.first <= site.last:
                    continue  # the same words cannot be both
                if last - first + 1 > lexicon.frame_window + (site.last - site.first) + (finding.last - finding.first):
                    continue
                if any(words[i] in _FRAME_BREAK for i in range(first, last + 1)):
                    continue
                if any(h.concept == concept and h.first <= last and first <= h.last for h in plain + made):
                    continue
                covered = set(range(site.first, site.last + 1)) | set(range(finding.first, finding.last + 1))
                skipped = tuple(i for i in range(first, last + 1) if i not in covered)
                made.append(PhraseHit(concept, FRAME, first, last, skipped))
    return made


def _overdoses(text: str, tokens: list[Token]) -> list[PhraseHit]:
    """Overdose stated as an amount or an accident ("took 20 of her tablets", "ate some of grandma's pills")."""
    made = []
    for start, end in overdose_spans(text):
        first = next((i for i, t in enumerate(tokens) if t.end > start), None)
        last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].start < end), None)
        if first is not None and last is not None and first <= last:
            made.append(PhraseHit("overdose", "overdose pattern", first, last))
    return made


def _subsumed(hits: list[PhraseHit], subsumes: dict[str, tuple[str, ...]]) -> list[PhraseHit]:
    """Drop a general concept said within the words of a more specific one ("non-blanching rash" is not "rash")."""
    kept = []
    for hit in hits:
        if hit.concept.startswith(("frame:", FEATURE, CRISIS)):
            if not hit.concept.startswith("frame:"):
                kept.append(hit)
            continue
        inside = any(hit.concept in subsumes.get(other.concept, ()) and other.first <= hit.first and hit.last <= other.last
                     for other in hits if other is not hit)
        if not inside:
            kept.append(hit)
    return kept


def _features_outside_concepts(hits: list[PhraseHit], words: list[str]) -> list[PhraseHit]:
    """A qualifier inside a concept phrase that turns it around belongs to the concept ("isn't feeding well" is poor
    feeding, not the reassurance "feeding well"); a describing one stays ("crushing chest pain" is crushing), and so
    does one that carries the turning word itself ("baby moving less" says the movements are fewer)."""
    concepts = [h for h in hits if not h.concept.startswith((FEATURE, CRISIS))]

    def swallowed(feature: PhraseHit) -> bool:
        return any(c.first <= feature.first and feature.last <= c.last and (c.last - c.first) > (feature.last - feature.first)
                   and any(words[i] in _TURNING for i in range(c.first, c.last + 1) if not feature.first <= i <= feature.last)
                   for c in concepts)

    return [h for h in hits if not h.concept.startswith(FEATURE) or not swallowed(h)]


_TURNING = frozenset({"no", "not", "isnt", "isn't", "wasnt", "arent", "cant", "cannot", "wont", "dont", "doesnt", "didnt",
                      "never", "without", "less", "reduced", "poor", "poorly", "hasnt", "havent", "stopped", "off"})


def _general_question_sentences(tokens: list[Token], sentence_of: list[int], text: str) -> set[int]:
    """Sentences that ask in general ("can stress cause chest pain?"): no person in them, a question form."""
    sentences: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        sentences.setdefault(sentence_of[index], []).append(index)
    general = set()
    for number, indexes in sentences.items():
        first, last = tokens[indexes[0]], tokens[indexes[-1]]
        sentence = text[first.start:last.end]
        if last.norm == "?" and _GENERAL_QUESTION.match(sentence) and not _PERSONAL.search(sentence):
            general.add(number)
    return general


def _experiencer(start: int, flags: set[str], relatives: list[tuple[int, int, str]], subject: str) -> str:
    if "family" in flags:
        return "family"
    for span_start, span_end, who in relatives:
        if span_start <= start < span_end:
            return who
    return subject


_PRONOUN_LEAD = re.compile(r"(?:he|she|they)\b", re.I)


def _about_their_relative(text: str, start: int, relatives: list[tuple[int, int, str]],
                          turn: SpeakerTurn | None) -> bool:
    """In a patient's own turn of a consultation, a sentence that opens with "he", "she" or "they" right after a
    sentence about a relative goes on about that relative ("My father did, type 2. He had a heart attack in the
    end."): the speaker would say "I". Only the patient's turns - a parent's "he" is the child being seen."""
    if turn is None or turn.role != "patient":
        return False
    sentence = max(text.rfind(mark, turn.start, start) for mark in (".", "!", "?", ";")) + 1
    if sentence <= turn.start or not _PRONOUN_LEAD.match(text[sentence:start].lstrip()):
        return False
    return any(who == "family" and turn.start <= span_start < sentence <= span_end + 2
               for span_start, span_end, who in relatives)


def _past_event(text: str, start: int, end: int) -> bool:
    """A named event that happened before this illness: "had a stroke", "MI 3 years ago" (not "just had a fit")."""
    sentence_start = max(text.rfind(mark, 0, start) for mark in ".;!?\n") + 1
    before = text[sentence_start:start]
    after = text[end:end + 60]
    if _RECENT.search(before[-30:]) or _RECENT.match(after[:25].lstrip(" ,")):
        return False
    return bool(_HAD_BEFORE.search(before[-25:]) or _AGO.match(after))


def _past_year(text: str, end: int) -> bool:
    """A past year right after the mention ("a stroke in 2010") makes it history."""
    match = _YEAR.match(text[end:end + 60])
    return bool(match) and int(match.group(1)) < date.today().year


def _turn_at(turns: tuple[SpeakerTurn, ...], position: int) -> SpeakerTurn | None:
    return next((t for t in turns if t.start <= position <= t.end), None)


def _attributes(text: str, tokens: list[Token], hit: PhraseHit, sentence_of: list[int]) -> dict:
    """Laterality, onset and severity said in the same sentence, near the mention."""
    sentence = sentence_of[hit.first]
    window = [t for i, t in enumerate(tokens) if sentence_of[i] == sentence and abs(i - hit.first) <= 6]
    if not window:
        return {}
    span = text[window[0].start:window[-1].end]
    side = _LATERALITY.search(span)
    laterality = None
    if side:
        word = side.group(1).lower()
        laterality = {"l": "left", "r": "right", "bilateral": "both"}.get(word, word)
    severity = "severe" if _SEVERE.search(span) else "mild" if _MILD.search(span) else None
    return {"laterality": laterality, "onset": course.onset(span), "severity": severity}


# -- transcripts and answers ------------------------------------------------------------------------------------
def _reply_to(turns: tuple[SpeakerTurn, ...], question: SpeakerTurn) -> SpeakerTurn | None:
    """The reply to a clinician's question: the next line, when someone else says it and it is not itself a
    question (a patient, a carer, or a nurse answering the doctor) - None when the asker moved on."""
    index = turns.index(question)
    following = turns[index + 1:index + 2]
    if not following:
        return None
    reply = following[0]
    if reply.role != "clinician":
        return reply
    return reply if reply.label.lower() != question.label.lower() and not reply.is_question else None


def _allergy_replies(text: str, asked: AskedQuestion | None, turns: tuple[SpeakerTurn, ...],
                     lexicon: Lexicon) -> list[tuple[str, str]]:
    """(question, reply) pairs where the question asked about allergies."""
    if asked is not None and asked.item == "allergies" and not turns:
        return [("", text)]
    pairs = []
    for turn in turns:
        if turn.role == "clinician" and turn.is_question and asked_from(Findings(text=turn.text), turn.text).item == "allergies":
            reply = _reply_to(turns, turn)
            if reply is not None:
                pairs.append((turn.text, reply.text))
    return pairs


def _resolve_transcript(mentions: list[Mention], turns: tuple[SpeakerTurn, ...], lexicon: Lexicon) -> list[Mention]:
    """A clinician's question is answered by the next patient or carer line: "Any chest pain?" "No." -> absent.

    Every finding in a transcript belongs to the patient, whoever says it (a relative's history stays family).
    """
    resolved: list[Mention] = []
    for mention in mentions:
        turn = _turn_at(turns, mention.start)
        experiencer = "family" if mention.experiencer == "family" else "patient"
        mention = replace(mention, experiencer=experiencer)
        if turn is not None and not turn.is_question and experiencer != "family":
            mention = _in_reply(mention, turn, turns)
        if turn is None or not turn.is_question or experiencer == "family":
            resolved.append(mention)
            continue
        reply = _reply_to(turns, turn)
        if reply is None:
            resolved.append(replace(mention, assertion="hypothetical"))
            continue
        if any(m.concept == mention.concept and reply.start <= m.start <= reply.end for m in mentions):
            continue  # the reply names the concept itself; its own reading stands
        asked = asked_from_mentions([mention], turn.text)
        if asked.item == "allergies":
            resolved.append(replace(mention, assertion="historical"))  # a reaction an allergy gives
            continue
        if asked.general:
            resolved.append(replace(mention, assertion="hypothetical"))
            continue
        answer = read_answer(reply.text)
        if answer:
            settled = _settle(mention.concept, asked, answer)
        else:
            in_question = {m.concept for m in mentions if turn.start <= m.start <= turn.end} - {mention.concept}
            named_others = {m.concept for m in mentions if reply.start <= m.start <= reply.end} & in_question
            settled = _denied_by_name(mention.surface, reply.text) or (
                None if named_others else _elaborated(reply.text))
        resolved.append(replace(mention, assertion=settled or "hypothetical", source="transcript"))
    return resolved


def _in_reply(mention: Mention, turn: SpeakerTurn, turns: tuple[SpeakerTurn, ...]) -> Mention:
    """A finding named in the reply to "any allergies?" is the reaction the allergy gives (history); in the reply
    to "do you know the signs of ...?" it is knowledge, not a finding."""
    index = turns.index(turn)
    if index == 0 or mention.assertion not in ("present", "possible"):
        return mention
    question = turns[index - 1]
    if not (question.role == "clinician" and question.is_question and _reply_to(turns, question) == turn):
        return mention
    asked = asked_from(Findings(text=question.text), question.text)
    if asked.item == "allergies":
        return replace(mention, assertion="historical")
    if asked.general:
        return replace(mention, assertion="hypothetical")
    return mention


_REPLY_DENIES = re.compile(r"^\W*(?:(?:i|he|she|they|it|we)\s+)?(?:no|not|never|none|nothing|nope|nah|don'?t|doesn'?t|"
                           r"didn'?t|hasn'?t|haven'?t|isn'?t|wasn'?t|am\s+not|is\s+not)\b", re.I)
_REPLY_PAST = re.compile(r"\b(?:when\s+i\s+was|as\s+a\s+(?:child|kid|teenager|baby)|years?\s+ago|in\s+(?:19|20)\d\d|once\s+(?:before|when)|"
                         r"used\s+to|in\s+the\s+past|a\s+long\s+time\s+ago)\b", re.I)


def _denied_by_name(asked: str, reply: str) -> str | None:
    """ "Any nausea, vomiting, tummy pain?" "I feel sick ... No pain." - the reply denies the pain by its last word."""
    head = re.sub(r"s$", "", asked.strip().split()[-1].lower()) if asked.strip() else ""
    if len(head) < 3:
        return None
    denial = rf"\b(?:no|not|without|never|nor)\s+(?:\w+\s+)?{re.escape(head)}s?\b"
    return "absent" if re.search(denial, reply, re.IGNORECASE) else None


def _elaborated(reply: str) -> str | None:
    """A reply that talks about the asked symptom without yes or no ("burns like crazy", "6 times today"):
    a denial at the start is absent, a past time is history, anything else affirms it."""
    if not reply.strip() or reply.strip().endswith("?"):
        return None
    if _REPLY_DENIES.match(answer_part(reply)):
        return "absent"
    if _REPLY_PAST.search(reply):
        return "historical"
    return "present"


def asked_from_mentions(mentions: list[Mention], question: str) -> AskedQuestion:
    return asked_from(Findings(text=question, mentions=tuple(mentions)), question)


def _settle(concept: str, asked: AskedQuestion, answer) -> str | None:
    """The assertion a yes/no/unsure answer gives an asked concept (None when the answer is not yes/no)."""
    polarity = answer.polarity
    if polarity is None:
        return None
    if polarity == "unsure":
        return "possible"
    yes = polarity == "yes"
    if concept in asked.inverted:
        yes = not yes
    if not yes:
        return "absent"
    if concept in asked.history:
        return "historical"
    return "present" if len(asked.concepts) == 1 or concept in asked.inverted else "possible"


def _apply_answer(mentions: list[Mention], asked: AskedQuestion, answer, text: str, subject: str) -> list[Mention]:
    """A short yes/no reply to a question about concepts settles those concepts (a "yes" to several is possible)."""
    if not asked.concepts:
        return mentions
    named = {m.concept for m in mentions}
    experiencer = "family" if asked.family else subject
    added = []
    for concept in asked.concepts:
        if concept in named:
            continue
        assertion = _settle(concept, asked, answer)
        if assertion is None:
            continue
        if asked.family and assertion in ("present", "possible", "historical"):
            assertion = "historical" if concept in asked.history else "present"
        added.append(Mention(concept=concept, surface=text.strip()[:60], start=0, end=min(len(text), 60),
                             assertion=assertion, experiencer=experiencer, source="answer"))
    return mentions + added


def _asked_readings(text: str, vitals: list[Vital], asked: AskedQuestion | None, turns: tuple[SpeakerTurn, ...],
                    lexicon: Lexicon) -> list[Vital]:
    """Bare numbers given in answer to a question about a measurement ("temp?" "38.9")."""
    readings: list[Vital] = []
    taken = {(v.kind, str(v.written_value)) for v in vitals}
    pairs: list[tuple[AskedQuestion, str]] = []
    if asked is not None and asked.vital and not turns:
        pairs.append((asked, text))
    for index, turn in enumerate(turns):
        if turn.role == "clinician" and turn.is_question:
            question = asked_from(Findings(text=turn.text), turn.text)
            reply = next((t for t in turns[index + 1:index + 2] if not t.is_question), None)
            if reply is not None and question.vital:
                pairs.append((question, reply.text))
    for question, reply in pairs:
        vital = answer_value(reply, question.vital or "")
        if isinstance(vital, Vital) and (vital.kind, str(vital.written_value)) not in taken:
            readings.append(vital)
            taken.add((vital.kind, str(vital.written_value)))
    return readings


def _asked_age(text: str, asked: AskedQuestion | None, turns: tuple[SpeakerTurn, ...], lexicon: Lexicon) -> float | None:
    if asked is not None and asked.item == "age" and not turns:
        value = answer_value(text, "age")
        return value if isinstance(value, float) else None
    for turn in turns:
        if turn.role == "clinician" and turn.is_question and asked_from(Findings(text=turn.text), turn.text).item == "age":
            reply = _reply_to(turns, turn)
            value = answer_value(reply.text, "age") if reply else None
            if isinstance(value, float):
                return value
    return None


_SEX_ANSWER = (("female", re.compile(r"^\W*(?:f|fem|female|woman|girl|lady|she|her)\b", re.I)),
               ("male", re.compile(r"^\W*(?:m|male|man|boy|gentleman|he|him)\b", re.I)))


def _asked_demographics(demographics, answer, asked: AskedQuestion | None, turns: tuple[SpeakerTurn, ...], text: str):
    """A bare reply to the pregnancy or sex question: "no" to "any chance of pregnancy?" is not pregnant, "yes" is
    (unless the reply itself says a birth), "not sure" is possibly pregnant; "female" / "F" answers the sex."""
    if asked is None or turns:
        return demographics
    if asked.item == "pregnancy" and demographics.pregnant is None and not demographics.postpartum and answer is not None:
        if answer.polarity == "no":
            return replace(demographics, pregnant=False, sex=demographics.sex or "female")
        if answer.polarity == "yes":
            return replace(demographics, pregnant=True, sex="female")
        if answer.polarity == "unsure":
            return replace(demographics, pregnancy_possible=True, sex="female")
    if asked.item == "sex" and demographics.sex is None:
        sex = next((name for name, pattern in _SEX_ANSWER if pattern.match(text)), None)
        if sex is not None:
            return replace(demographics, sex=sex)
    return demographics


_SEVERITY_WORDS_ALONE = ((re.compile(r"\bnot\s+(?:too|that|very|so)\s+bad\b", re.I), 2.0),
                         (re.compile(r"\b(?:worst|unbearable|excruciating|agony|severe|terrible|really\s+bad|very\s+bad|awful|"
                                     r"horrendous|intense)\b", re.I), 8.0),
                         (re.compile(r"\b(?:moderate|quite\s+bad|pretty\s+bad|fairly\s+bad|bad)\b", re.I), 5.0),
                         (re.compile(r"\b(?:mild|slight|not\s+(?:too|that|very)\s+bad|a\s+(?:bit|little)|manageable|ok|okay)\b", re.I), 2.0))


def _asked_severity(text: str, answer, asked: AskedQuestion | None, turns: tuple[SpeakerTurn, ...],
                    vitals: list[Vital]) -> float | None:
    """How bad it is, given as the answer to "how bad is it, 0 to 10?": a bare number ("7", "about 8"), or a word
    alone ("pretty bad"); a pain score read as a measurement ("pain 6/10" in a transcript reply) counts too."""
    score = next((float(v.value) for v in vitals if v.kind == "pain_score" and isinstance(v.value, (int, float))), None)
    if score is not None:
        return score
    if asked is None or turns or not (asked.item == "severity" or asked.vital == "pain_score"):
        return None
    if answer is not None and answer.number is not None:
        return answer.number if 0 <= answer.number <= 10 else None
    if len(text.split()) > 8:
        return None
    return next((value for pattern, value in _SEVERITY_WORDS_ALONE if pattern.search(text)), None)


NORMAL_TEMPERATURE_BELOW = 37.5  # °C; NICE NG143 counts 38 °C as fever, 37.5-37.9 is left to the word used
_TEMPERATURE_WORD = re.compile(r"\btemp(?:erature|rature|reture)?s?\b", re.I)


def _fever_from_temperature(mentions: list[Mention], vitals: list[Vital], subject: str) -> list[Mention]:
    """A measured temperature of 38 °C or more is a fever, said or not (the concept's own definition); and "has a
    temperature of 37.2" is a reading, not a fever: a fever read only from the word "temperature" yields to a normal
    reading in the same message."""
    readings = [v.value for v in vitals if v.kind == "temperature" and isinstance(v.value, (int, float))]
    if readings and max(readings) < NORMAL_TEMPERATURE_BELOW:
        mentions = [replace(m, assertion="absent") if m.concept == "fever" and m.assertion == "present"
                    and _TEMPERATURE_WORD.search(m.surface) else m for m in mentions]
    if any(m.concept == "fever" and m.experiencer != "family" for m in mentions):
        return mentions
    hot = next((v for v in vitals if v.kind == "temperature" and isinstance(v.value, (int, float))
                and v.value >= FEVER_FROM_TEMPERATURE), None)
    if hot is None:
        return mentions
    return mentions + [Mention(concept="fever", surface=hot.surface, start=0, end=0, assertion="present",
                               experiencer="patient" if subject == "patient" else subject, source="vital")]


def _one_per_concept(mentions: list[Mention]) -> list[Mention]:
    """One mention per concept and experiencer: the reading that applies now wins (present > possible > absent)."""
    rank = {"present": 0, "possible": 1, "absent": 2, "historical": 3, "hypothetical": 4}
    best: dict[tuple[str, str], Mention] = {}
    for mention in mentions:
        key = (mention.concept, mention.experiencer)
        current = best.get(key)
        if current is None or rank[mention.assertion] < rank[current.assertion]:
            best[key] = mention
    return list(best.values())


def _paraphrases(text: str, mentions: list[Mention], paraphraser: Paraphraser, lexicon: Lexicon,
                 subject: str) -> list[Mention]:
    """Clauses with no concept found: the nearest lay phrase by embedding, when close enough."""
    covered = [(m.start, m.end) for m in mentions]  # a qualifier alone ("crushing") leaves the clause open
    clauses: list[tuple[str, int]] = []
    position = 0
    for part in _CLAUSE_SPLIT.split(text):
        if not part or not part.strip():
            continue
        start = text.find(part, position)
        position = start + len(part)
        words = part.split()
        if len(words) < PARAPHRASE_MIN_WORDS or len(words) > 25 or _POLARITY.search(part) or _QUANTITY.search(part):
            continue
        if any(s < start + len(part) and e > start for s, e in covered):
            continue
        if part.strip().endswith("?") or _GENERAL_QUESTION.match(part):
            continue
        clauses.append((part.strip(), start))
    if not clauses:
        return []
    found = []
    named = {m.concept for m in mentions}
    for (clause, start), (_, concept, score) in zip(clauses, paraphraser.match([c for c, _ in clauses][:12])):
        if concept and concept not in named and score >= lexicon.paraphrase_threshold:
            negated = bool(re.match(r"^\s*(?:no|not|never|without|dont|don't|didnt|didn't|isnt|isn't|havent|haven't)\b", clause, re.I))
            found.append(Mention(concept=concept, surface=clause, start=start, end=start + len(clause),
                                 assertion="absent" if negated else "present", experiencer=subject, source="paraphrase"))
            named.add(concept)
    return found
