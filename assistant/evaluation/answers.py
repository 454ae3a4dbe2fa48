"""Answers: does the reply a learner reads carry the asked fact, and does a question the library cannot answer get
an honest "no source" with nothing cited?

Items (own set: ``knowledge/eval/answers_own.yaml``; blind set: ``knowledge/eval/blind/answers/``, format in its
BRIEF.md) give the question, its kind (guideline | drug | out_of_library), the guideline title it belongs to, and
the key fact as acceptable strings (any one counts). The reply is scored as a user reads it, through the whole turn.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Callable

from assistant.evaluation.sets import read_set, written_sets
from assistant.evaluation.stats import proportion

Answer = Callable[[str], dict[str, Any]]  # question -> {"text", "citations", "drugs", "tools"}
DRUG_TOOLS = frozenset({"lookup_drug", "check_interactions", "check_dose"})
# What an honest reply says when the library has nothing: wording-level, not item-level
_NO_SOURCE = re.compile(r"\b(?:no source|don'?t have a source|do not have a source|not in the (?:guideline )?library|"
                        r"no guideline (?:in the library )?covers)\b", re.IGNORECASE)


def own_items() -> list[dict[str, Any]]:
    return read_set("answers_own.yaml")


def dev_items() -> list[dict[str, Any]]:
    """Written blind like the blind set, then studied while fixing mechanisms (knowledge/eval/dev/answers)."""
    return written_sets("dev", "answers")


def blind_items() -> list[dict[str, Any]]:
    return written_sets("blind", "answers")


def normalise(text: str) -> str:
    """Lower case, compatibility forms, one kind of dash and space, no thousands separators ("4,000 mg" = "4000 mg")."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("\u00b5g", "mcg").replace("\u03bcg", "mcg")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return re.sub(r"\s+", " ", text)


def carries(reply_text: str, key_fact: list[str]) -> bool:
    """Any acceptable string appears in the reply (whole words at its edges; a plural counts)."""
    said = normalise(reply_text)
    for fact in key_fact:
        wanted = normalise(str(fact)).strip()
        if wanted and re.search(rf"(?<![\w]){re.escape(wanted)}(?:s|es)?(?![\w])", said):  # plurals count
            return True
    return False


def honest_no_source(reply: dict[str, Any]) -> bool:
    return not (reply.get("citations") or []) and bool(_NO_SOURCE.search(reply.get("text") or ""))


def cites(reply: dict[str, Any], title: str | None) -> bool:
    """A citation of the item's guideline (the brief's list names each as "Title (organisation, year)")."""
    wanted = normalise(title or "")
    return bool(wanted) and any(
        (cited := normalise(str(c.get("title") or ""))) and (wanted == cited or wanted.startswith(cited + " ("))
        for c in reply.get("citations") or [])


def used_drug_engines(reply: dict[str, Any]) -> bool:
    return bool(reply.get("drugs")) or any(t.get("name") in DRUG_TOOLS for t in reply.get("tools") or [])


def evaluate(items: list[dict[str, Any]], answer: Answer) -> dict[str, Any]:
    """Key fact carried (in-library questions, by kind and question type), the expected guideline cited, drug
    questions answered by the drug engines, and out-of-library questions answered honestly."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = []
    for item in items:
        reply = answer(str(item["question"]))
        kind = item.get("kind", "guideline")
        row = {"id": item.get("id"), "kind": kind, "question_type": item.get("question_type")}
        if kind == "out_of_library":
            row["honest"] = honest_no_source(reply)
            _count(counts, "out_of_library_honest", row["honest"])
            _count(counts, "out_of_library_cited_nothing", not (reply.get("citations") or []))
        else:
            row["carried"] = carries(reply.get("text") or "", list(item.get("key_fact") or []))
            _count(counts, "key_fact", row["carried"])
            _count(counts, f"key_fact_{kind}", row["carried"])
            _count(counts, f"type:{item.get('question_type')}", row["carried"])
            if kind == "guideline":
                row["cited"] = cites(reply, item.get("guideline"))
                _count(counts, "cites_expected_guideline", row["cited"])
                _count(counts, "said_no_source_wrongly", honest_no_source(reply))
            if kind == "drug":
                row["drug_engines"] = used_drug_engines(reply)
                _count(counts, "drug_engines_used", row["drug_engines"])
        rows.append(row)
    figures = {name: proportion(k, n) for name, (k, n) in counts.items() if not name.startswith("type:")}
    return {"n": len(items), **figures,
            "by_question_type": {name[5:]: proportion(k, n) for name, (k, n) in sorted(counts.items())
                                 if name.startswith("type:")},
            "rows": rows}


def _count(counts: dict[str, list[int]], name: str, ok: bool) -> None:
    counts[name][0] += int(ok)
    counts[name][1] += 1
