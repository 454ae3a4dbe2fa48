"""The compiled vocabulary the parser reads with: concept phrases, clinical abbreviations, qualifiers, crisis
phrases, context triggers and other-language emergency packs. Built once per assistant (see Knowledge)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.understanding.context import ContextRules
from assistant.understanding.languages import LanguageGuesser, LanguagePack
from assistant.understanding.phrases import PhraseMatcher, load_english_words

FEATURE = "feature:"
CRISIS = "crisis:"
NEGATIVE = "negative:"  # a phrase that itself means the concept is absent ("afebrile")
MASK = "_mask"
FRAME = "<frame>"  # phrase text of a hit made by a frame (a site and a finding word near each other)
MARK_PREFIX = "zzabbr"  # token text of a recognised abbreviation (cannot occur in ordinary words)
CRISIS_CONCEPTS = {"suicide": "suicidal_thoughts", "self_harm": "self_harm", "overdose_taken": "overdose"}


def mark_token(key: str) -> str:
    return MARK_PREFIX + re.sub(r"[^a-z0-9]", "", key.lower())


@dataclass(frozen=True)
class Abbreviation:
    key: str
    targets: tuple[str, ...]  # concept ids, "feature:x" or "context:category:direction"
    case_sensitive: bool


@dataclass
class Lexicon:
    """Everything the parser matches against; immutable after construction."""

    concepts: dict[str, dict]
    matcher: PhraseMatcher
    context: ContextRules
    abbreviations: dict[str, Abbreviation]
    abbreviation_pattern: re.Pattern[str] | None
    abbreviation_pattern_nocase: re.Pattern[str] | None
    packs: dict[str, LanguagePack]
    guesser: LanguageGuesser
    paraphrase_phrases: dict[str, list[str]] = field(default_factory=dict)  # concept -> lay phrases (embedding fallback)
    paraphrase_threshold: float = 0.62
    non_symptoms: tuple[str, ...] = ()
    clinical_phrases: frozenset[str] = frozenset()  # phrases only clinicians write ("scleral icterus")
    frame_window: int = 5
    subsumes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    common_words: frozenset[str] = frozenset()  # spelled-right English words the typo corrector leaves alone

    @classmethod
    def build(cls, *, concepts: dict, english: dict, features: dict, context: dict, crisis: dict[str, list[str]],
              packs: list[dict], frames: dict | None = None, common_words: frozenset[str] | None = None) -> "Lexicon":
        """Compile everything once; ``common_words`` defaults to the English word list (``load_english_words``)."""
        common = load_english_words() if common_words is None else frozenset(common_words)
        inventory = concepts["concepts"]
        phrases: dict[str, list[str]] = {}
        for concept, entry in (english.get("concepts") or {}).items():
            if concept not in inventory:
                raise ValueError(f"Lexicon names an unknown concept {concept!r}")
            phrases[concept] = [str(p) for p in (entry.get("terms") or []) + (entry.get("clinical") or [])]
            if entry.get("negative"):
                phrases[NEGATIVE + concept] = [str(p) for p in entry["negative"]]
        for name, entry in (features.get("features") or {}).items():
            phrases[FEATURE + name] = [str(p) for p in entry]
        for kind, entry in crisis.items():
            phrases[CRISIS + kind] = [str(p) for p in entry]
        phrases[MASK] = [str(p) for p in english.get("masks") or [] if not isinstance(p, dict)]
        for entry in (p for p in english.get("masks") or [] if isinstance(p, dict)):  # {phrase: [concepts it hides]}
            for phrase, hidden in entry.items():
                phrases.setdefault(f"{MASK}:{','.join(sorted(hidden))}", []).append(str(phrase))
        for concept, frame in ((frames or {}).get("frames") or {}).items():
            if concept not in inventory:
                raise ValueError(f"Frame names an unknown concept {concept!r}")
            phrases[f"frame:{concept}:site"] = [str(p) for p in frame["site"]]
            phrases[f"frame:{concept}:finding"] = [str(p) for p in frame["finding"]]
        abbreviations: dict[str, Abbreviation] = {}
        for key, target in {**(context.get("abbreviations") or {}), **(english.get("abbreviations") or {})}.items():
            targets = tuple(target) if isinstance(target, list) else (str(target),)
            for t in targets:
                if not (t in inventory or t.startswith((FEATURE, "context:"))):
                    raise ValueError(f"Abbreviation {key!r} points at unknown {t!r}")
            key = str(key)
            case_sensitive = key.upper() == key and any(ch.isalpha() for ch in key) and not re.search(r"[/&+]", key)
            abbreviations[key] = Abbreviation(key, targets, case_sensitive)
            for t in targets:
                bucket = t if not t.startswith("context:") else t.removeprefix("context:")
                if t.startswith("context:"):
                    context.setdefault("triggers", {}).setdefault(bucket, []).append(mark_token(key))
                else:
                    phrases.setdefault(bucket, []).append(mark_token(key))
        rules = ContextRules.from_data(context)
        matcher = PhraseMatcher(phrases, rules.trigger_words(), common_words=common)
        sensitive = sorted((a.key for a in abbreviations.values() if a.case_sensitive), key=len, reverse=True)
        insensitive = sorted((a.key for a in abbreviations.values() if not a.case_sensitive), key=len, reverse=True)
        loaded = [LanguagePack.from_data(pack) for pack in packs]
        paraphrases = {c: [str(e.get("label") or c.replace("_", " "))] + [str(p) for p in (english["concepts"].get(c) or {}).get("terms", [])
                                                                        if "*" not in str(p) and "|" not in str(p)]
                       for c, e in inventory.items() if e.get("kind") in ("symptom", "sign")
                       and c not in set(english.get("paraphrase_excluded") or ())}
        return cls(
            concepts=inventory, matcher=matcher, context=rules, abbreviations=abbreviations,
            abbreviation_pattern=_pattern(sensitive, 0), abbreviation_pattern_nocase=_pattern(insensitive, re.IGNORECASE),
            packs={p.code: p for p in loaded}, guesser=LanguageGuesser(tuple(p.code for p in loaded)),
            paraphrase_phrases=paraphrases,
            paraphrase_threshold=float(english.get("paraphrase_threshold", 0.62)),
            non_symptoms=tuple(english.get("non_symptoms") or ()),
            clinical_phrases=frozenset(str(p) for e in (english.get("concepts") or {}).values() for p in e.get("clinical") or []),
            frame_window=int((frames or {}).get("window", 5)),
            subsumes={k: tuple(v) for k, v in (concepts.get("subsumes") or {}).items()},
            common_words=common,
        )

    def marks(self, text: str) -> list[tuple[int, int, str]]:
        """Spans of abbreviations in ``text`` as (start, end, token text)."""
        found: list[tuple[int, int, str]] = []
        for pattern in (self.abbreviation_pattern, self.abbreviation_pattern_nocase):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                span = (match.start(1), match.end(1))
                if all(span[1] <= s or span[0] >= e for s, e, _ in found):
                    found.append((span[0], span[1], mark_token(match.group(1))))
        return sorted(found)


def _pattern(keys: list[str], flags: int) -> re.Pattern[str] | None:
    if not keys:
        return None
    body = "|".join(re.escape(k) for k in keys)
    if flags & re.IGNORECASE:  # "s/p", "h/o": a slash next to one is part of another shorthand
        return re.compile(rf"(?<![\w/&])({body})(?![\w/&])", flags)
    # capitals: "SOB/CP", "SDH/SAH" are two abbreviations, so a slash between them does not hide either
    return re.compile(rf"(?<![\w&])(?<![a-z]/)({body})(?![\w&])(?!/[a-z])", flags)
