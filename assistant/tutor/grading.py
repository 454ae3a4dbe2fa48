"""Grading a learner's reply to an open quiz item, and the Socratic hint given after a first wrong answer.

Learners answer with a letter ("b", "I think it's C") or with words ("colonoscopy"); words are matched to the
option texts fuzzily, and a reply that matches no option, or two equally, is sent back rather than guessed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.tutor.bank import LETTERS, QuizItem, content_stems

_LETTER = re.compile(
    r"^\s*(?:(?:i think|i'?d say|i guess|i choose|i pick|my answer is|final answer|answer|it'?s|it is|is it|"
    r"option|letter|go with|maybe)\s*:?\s*)*\(?([a-e])\)?\s*[.)!?]?\s*(?:please|final)?\s*[.!?]?\s*$",
    re.IGNORECASE,
)
_DONT_KNOW = re.compile(r"\b(i don'?t know|no idea|not sure|hint|give me a hint|clue|dunno|pass)\b", re.IGNORECASE)
_REVEAL = re.compile(r"\b(skip|show (?:me )?the answer|reveal|give up|what'?s the answer|tell me the answer)\b",
                     re.IGNORECASE)
_STOP_QUIZ = re.compile(r"\b(stop|end|quit|exit|cancel|finish)\b.{0,20}\b(quiz|questions?|test)\b|"
                        r"^\s*(stop|quit|exit|enough|end)\s*[.!]?\s*$", re.IGNORECASE)
ACCEPT = 80.0  # fuzzy score an option needs to count as chosen
MARGIN = 8.0  # and how far ahead of the runner-up it must be
BLANK = "___"


@dataclass(frozen=True)
class Choice:
    """What the reply means: a chosen letter, a request (hint / reveal / stop) or nothing recognisable."""

    letter: str | None = None
    kind: str = "answer"  # answer | hint | reveal | stop | unclear | ambiguous
    candidates: tuple[str, ...] = ()


def looks_like_letter(text: str) -> bool:
    """A bare option letter ("b", "answer: C"), which only makes sense as a quiz answer."""
    return bool(_LETTER.match(text or ""))


def wants_stop(text: str) -> bool:
    return bool(_STOP_QUIZ.search(text or ""))


def _option_score(reply: str, option: str) -> float:
    reply_l, option_l = reply.lower().strip(" .!?"), option.lower().strip(" .!?")
    if reply_l == option_l:
        return 100.0
    scores = [fuzz.ratio(reply_l, option_l), fuzz.token_set_ratio(reply_l, option_l)]
    if len(reply_l) >= 4:
        scores.append(fuzz.partial_ratio(reply_l, option_l) * (0.9 if len(reply_l) < len(option_l) / 3 else 1.0))
    terms, option_terms = set(content_stems(reply)), set(content_stems(option))
    if terms and terms <= option_terms:
        scores.append(85.0 + 15.0 * len(terms) / max(len(option_terms), 1))
    return max(scores)


def read_choice(text: str, item: QuizItem) -> Choice:
    """Interpret a reply to ``item``: letter first, then requests, then fuzzy option text."""
    text = (text or "").strip()
    letters = LETTERS[: len(item.options)]
    match = _LETTER.match(text)
    if match:
        letter = match.group(1).upper()
        return Choice(letter=letter) if letter in letters else Choice(kind="unclear")
    exact = [letters[i] for i, option in enumerate(item.options) if _plain(option).lower() == _plain(text).lower()]
    if len(exact) == 1:
        return Choice(letter=exact[0])
    if wants_stop(text):
        return Choice(kind="stop")
    if _REVEAL.search(text):
        return Choice(kind="reveal")
    if _DONT_KNOW.search(text):
        return Choice(kind="hint")
    scored = sorted(((_option_score(text, option), letters[i]) for i, option in enumerate(item.options)),
                    reverse=True)
    best, runner_up = scored[0], scored[1]
    if best[0] < ACCEPT:
        return Choice(kind="unclear")
    if best[0] - runner_up[0] < MARGIN:
        tied = tuple(letter for score, letter in scored if best[0] - score < MARGIN)
        return Choice(kind="ambiguous", candidates=tied)
    return Choice(letter=best[1])


def _plain(text: str) -> str:
    return " ".join(re.sub(r"\*\*|__|`", "", text).split()).strip(" -")


def cloze(support: str, answer: str) -> str | None:
    """The support phrase with the key's words blanked out, or None when that would hide nothing or too much."""
    plain = _plain(support)
    words = {w for w in re.findall(r"[A-Za-z0-9.]+", answer) if w.lower() not in {"a", "an", "the", "of", "to",
                                                                                     "and", "or", "in", "for"}}
    masked = plain
    for word in sorted(words, key=len, reverse=True):
        masked = re.sub(rf"(?<![A-Za-z0-9]){re.escape(word.strip('.'))}(?![A-Za-z0-9])", BLANK, masked,
                        flags=re.IGNORECASE)
    if masked == plain or _plain(answer).lower() in masked.lower():
        return None
    if len(masked.replace(BLANK, "").strip(" ,.;:()")) < 12:
        return None  # nothing but blanks left: no help
    return masked


def socratic_hint(item: QuizItem, chosen: str | None, title: str, source: str) -> str:
    """A leading question that points at the cited section without naming the key."""
    lead = f"Not quite: {chosen}) is not the best answer. " if chosen else ""
    where = f"the \"{item.section}\" section of {title} ({source})"
    gap = cloze(item.support, item.answer_text)
    if gap:
        return (f"{lead}Think about {where}. It says: \"{gap}\". Which option fills the gap? "
                "Try once more (a letter or the option text).")
    return (f"{lead}What does {where} say about {item.topic}? Which option fits that best? "
            "Try once more (a letter or the option text).")


def _elimination_order(item: QuizItem) -> list[str]:
    """Wrong options in the stable order hints rule them out (repeatable, and not simply A, B, C)."""
    wrong = [letter for letter in LETTERS[: len(item.options)] if letter != item.answer]
    return sorted(wrong, key=lambda letter: hashlib.sha1(f"{item.id}:{letter}".encode()).hexdigest())


def narrow(item: QuizItem, ruled_out: list[str]) -> list[str]:
    """The wrong options a further hint rules out: about half of those still standing, always leaving at least
    one beside the key (so a hint never gives the answer away). Empty when it cannot narrow any further."""
    standing = [letter for letter in _elimination_order(item) if letter not in ruled_out]
    drop = min(len(standing) - 1, max(1, len(standing) // 2))
    return standing[:drop] if drop > 0 else []


def narrowing_hint(item: QuizItem, ruled_out: list[str], newly_out: list[str], title: str, source: str) -> str:
    """A hint that rules options out (never the key) and points at the cited section, as a question."""
    left = [letter for letter in LETTERS[: len(item.options)] if letter not in ruled_out and letter not in newly_out]
    where = f"the \"{item.section}\" section of {title} ({source})"
    gap = cloze(item.support, item.answer_text)
    pointer = (f"Think about {where}. It says: \"{gap}\"." if gap else f"Think about what {where} says about "
               f"{item.topic}.")
    shown = [f"{letter})" for letter in left]
    choices = ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else "".join(shown)
    if newly_out:
        gone = "; ".join(f"{letter}) {item.options[LETTERS.index(letter)]}" for letter in newly_out)
        lead = f"Hint: you can rule out {gone}. That leaves {choices}."
    else:
        lead = f"Hint: it is one of {choices} - I cannot narrow it further without giving the answer away."
    return f"{lead} {pointer} Which fits best? (A hint is not an answer, so it does not count against you.)"
