"""How a note words what a clinician said aloud: clinical terms for lay ones ("tummy" -> "abdomen"), an impression
without its framing ("I think this is meningococcal sepsis" -> "Suspected meningococcal sepsis"), a finding without
its opener ("There are crackles at the right base" -> "Crackles at the right base"), a plan in a plan's words
("keep the leg raised" -> "elevate the leg").

The words come from knowledge/notes/register.yaml; the clinician's own line always stays the statement's source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_VOCATIVE = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr)\.?\s+[a-z'-]+|[a-z'-]+),\s+(?=\w)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the|some)\s+", re.IGNORECASE)


_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?) (?=(\w))")
_POSSESSIVE = re.compile(r"\byour\s+", re.IGNORECASE)


def _agree(match: re.Match[str]) -> str:
    """"a" or "an" for the word that now follows ("a heart tracing" became "an ECG")."""
    article = "an" if match.group(2).lower() in "aeiou" else "a"
    return (article.capitalize() if match.group(1)[0].isupper() else article) + " "


def _alternation(phrases: list[str]) -> str:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s\-]+") for p in ordered)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class NoteWording:
    clinical: dict[str, str]
    clinical_terms: re.Pattern[str]
    hedged: re.Pattern[str]
    stated: re.Pattern[str]
    exam_opener: re.Pattern[str]
    plan_phrases: tuple[tuple[re.Pattern[str], str], ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "NoteWording":
        clinical = {str(k).lower(): str(v) for k, v in (data.get("clinical") or {}).items()}
        framing = data.get("framing") or {}
        return cls(
            clinical=clinical,
            clinical_terms=re.compile(rf"(?<![\w-])(?:{_alternation(list(clinical))})(?![\w-])", re.IGNORECASE),
            hedged=re.compile(rf"^(?:{_alternation(framing.get('hedged') or [])})\b[\s,:]*(?:that\s+)?", re.IGNORECASE),
            stated=re.compile(rf"^(?:{_alternation(framing.get('stated') or [])})\b[\s,:]*(?:that\s+)?", re.IGNORECASE),
            exam_opener=re.compile(rf"^(?:{_alternation(data.get('exam_framing') or [])})\s+(?=\w)", re.IGNORECASE),
            plan_phrases=tuple((re.compile(pattern, re.IGNORECASE), replacement)
                               for pattern, replacement in data.get("plan_wording") or []),
        )

    def clinical_words(self, text: str) -> str:
        """Lay terms replaced by a note's terms, keeping a capital where the lay word had one."""
        def swap(match: re.Match[str]) -> str:
            said = match.group(0)
            term = self.clinical.get(re.sub(r"[\s\-]+", " ", said.lower()), said)
            return _capital(term) if said[:1].isupper() else term

        return _ARTICLE_BEFORE.sub(_agree, self.clinical_terms.sub(swap, text))

    def impression(self, text: str) -> tuple[str, bool]:
        """(the note's wording, hedged) for a clinician's impression sentence."""
        plain = _VOCATIVE.sub("", text.strip())
        hedged = False
        for _ in range(3):  # "I think this is probably ..." peels in steps
            match = self.hedged.match(plain)
            if match and match.end() < len(plain):
                plain, hedged = plain[match.end():], True
                continue
            match = self.stated.match(plain)
            if match and match.end() < len(plain):
                plain = plain[match.end():]
                continue
            break
        plain = self.clinical_words(_POSSESSIVE.sub("", _ARTICLE.sub("", plain)).strip())
        return ("Suspected " + plain if hedged else _capital(plain)), hedged

    def plan(self, text: str) -> str:
        """A spoken plan in a plan's words ("keep the leg raised" -> "elevate the leg"), clinical terms included."""
        for pattern, replacement in self.plan_phrases:
            text = pattern.sub(replacement, text)
        return self.clinical_words(text)

    def finding(self, text: str) -> str:
        """An examination finding without the opener a clinician uses to say it to the patient."""
        plain = _POSSESSIVE.sub("", self.exam_opener.sub("", text.strip(), count=1))
        return _capital(self.clinical_words(plain))
