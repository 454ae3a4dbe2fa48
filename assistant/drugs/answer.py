"""respond(turn): the grounded reply to a drug question, in any mode, with no LLM.

Reads the drugs the turn's parse found (``turn.findings.medicines``) and the catalogue (``turn.knowledge.drugs``)
and answers one of: an interaction check (two or more drugs, or "interact"), a dose check ("is 2 g of X ok",
"max dose of X") or a monograph summary ("tell me about X"). Every statement in the reply names its source;
unknown names get the nearest known names.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.drugs.doses import Patient, check_dose
from assistant.drugs.interactions import check_interactions
from assistant.drugs.lookup import lookup_drug
from assistant.turns import Turn, TurnResult
from assistant.understanding.findings import DrugMention
from knowledge.drugs.catalogue import DrugCatalogue

_INTERACT = re.compile(r"\b(interact\w*|together|combin\w*|mix\w*|along with|with my|safe with|contraindicat\w*)\b", re.I)
_MAXIMUM = re.compile(r"\b(max(imum)?|most|upper limit|too much|how many .* (?:a|per|in a) day|daily limit)\b", re.I)
_DOSE = re.compile(r"\b(dose|dosage|dosing|how much|max(imum)?|too much|overdose)\b", re.I)
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mg|mcg|µg|ug|micrograms?|milligrams?|grams?|g|units|iu|ml)\b", re.I)
_AGE = re.compile(r"\b(\d{1,3})\s*(?:-|\s)?(?:years?|yrs?|yo|y/o|year-old)\b|\bage[d]?\s*(\d{1,3})\b", re.I)
_WEIGHT = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s*kg\b", re.I)
_EGFR = re.compile(r"\b(?:e?gfr|crcl|creatinine clearance)\D{0,12}(\d{1,3}(?:\.\d+)?)", re.I)
_ROUTES = {"iv": r"\b(iv|intravenous\w*)\b", "im": r"\b(im|intramuscular\w*)\b", "sc": r"\b(sc|subcut\w*)\b",
           "inhaled": r"\b(inhal\w*)\b", "topical": r"\b(topical\w*|cream|gel)\b", "rectal": r"\b(rectal\w*)\b"}
_FREQ = re.compile(r"(every\s*\d+(?:\s*-\s*\d+)?\s*h\w*|q\s*\d+\s*h\b|\bq\.?i\.?d\b|\bt\.?i\.?d\b|\bb\.?i\.?d\b|\btds\b|"
                   r"\bbd\b|\bonce daily\b|\bonce a day\b|\btwice (?:a day|daily)\b|\b\w+ times? (?:a|per) day\b|"
                   r"\bdaily\b|\bweekly\b|\bonce\b|\bas needed\b|\bprn\b)", re.I)
_PAIR = re.compile(
    r"(?:\b(?:take|taking|give|giving|use|using|mix|mixing|combine|combining|does|do|is|are)\s+)?"
    r"\b(?P<a>[A-Za-z][\w\-]{2,})\s+(?:interact\w*\s+with|react\w*\s+with|with|and)\s+(?P<b>[A-Za-z][\w\-]{2,})",
    re.I,
)
_FOLLOW_UP = re.compile(r"^\s*(?:and|what about|how about|plus|also)\b", re.I)
_NOT_NAMES = frozenset(
    "i me my you your it its this that these those them they he she his her we our the a an any anything each other "
    "something drugs drug medicine medicines medication medications pills tablets interact interacts does do is are "
    "can could should take taking with and together safe ok okay interfere interferes affect affects mix mixed "
    "problem problems issue issues risk risks".split()
)
NO_DRUG = "I could not find a drug name in your message, so nothing was checked."
DISCLAIMER = "Decision support only: confirm with the full prescribing information and the patient's clinician."


def _patient(text: str) -> Patient:
    age = _AGE.search(text)
    weight = _WEIGHT.search(text)
    egfr = _EGFR.search(text)
    return Patient(age_years=float(age.group(1) or age.group(2)) if age else None,
                   weight_kg=float(weight.group(1)) if weight else None,
                   egfr=float(egfr.group(1)) if egfr else None)


def _route(text: str) -> str:
    return next((r for r, pattern in _ROUTES.items() if re.search(pattern, text, re.I)), "oral")


def _unique(mentions: list[DrugMention]) -> list[DrugMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _unknown_hint(catalogue: DrugCatalogue, text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-]{4,}", text[:2000]) if w[0].isupper() or len(w) > 6][:3]
    suggestions: list[str] = []
    for word in words:
        res = catalogue.resolve(word)
        suggestions += [s for s in res.suggestions[:2] if s not in suggestions]
    return f" Did you mean: {', '.join(suggestions[:4])}?" if suggestions else ""


def _interaction_reply(catalogue: DrugCatalogue, names: list[str]) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    report = check_interactions(catalogue, names)
    lines = []
    for f in report.interactions:
        if f.severity == "none":
            lines.append(f"- {f.a} + {f.b}: no interaction found in our data. [Source: {f.source}]")
        else:
            lines.append(f"- {f.a} + {f.b}: {f.severity.upper()}. {f.mechanism} {f.management} [Source: {f.source}]")
    for u in report.unchecked:
        hint = f" Did you mean: {', '.join(u['suggestions'][:3])}?" if u["suggestions"] else ""
        lines.append(f"- Not checked: '{u['name']}' ({u['reason']}).{hint}")
    lines += [f"- Note: {n}" for n in report.notes]
    title = "Checked interactions: " + " + ".join(c["generic"] for c in report.checked) if report.checked else \
        "Checked interactions"
    tool = {"name": "check_interactions", "title": title, "status": "done", "summary": report.summary()}
    data = report.to_dict()
    return ["Interaction check:"] + lines, {"interactions": data["interactions"], "unchecked": data["unchecked"]}, tool


def _dose_reply(catalogue: DrugCatalogue, mention: DrugMention,
                text: str) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    amount = _AMOUNT.search(text)
    freq = _FREQ.search(text)
    frequency = freq.group(0) if freq else None
    generic = mention.name
    if amount is None:
        info = lookup_drug(catalogue, mention.surface)
        dosing = (info.get("dosing") or [])[:6]
        lines = [f"Labelled dosing for {generic}:"]
        adult_max = next((d for d in dosing if d.get("population") == "adult" and d.get("maximum")), None)
        if _MAXIMUM.search(text) and adult_max:  # the asked fact first, in one sentence
            lines.insert(0, f"Maximum for {generic} ({adult_max['route']}, adult): {adult_max['maximum']}.")
        for d in dosing:
            label = ", ".join(str(d[k]) for k in ("route", "population", "indication") if d.get(k))
            limit = f" (maximum {d['maximum']})" if d.get("maximum") else ""
            lines.append(f"- {label}: {d.get('usual', 'see label')}{limit}")
        if len(lines) == 1:
            lines.append("- No dosing data for this drug in our monographs, so no maximum can be given.")
        lines.append(f"[Source: {info.get('source_label', 'not available')}]")
        tool = {"name": "lookup_drug", "title": f"Looked up dosing: {generic}", "status": "done",
                "summary": info.get("level", "not found")}
        return lines, {"drugs": [info] if info.get("found") else []}, tool
    value = float(amount.group(1).replace(",", "."))
    unit = amount.group(2)
    check = check_dose(catalogue, mention.surface, value, unit, frequency, _route(text), _patient(text))
    status = check.status.replace("_", " ").upper()
    lines = [f"Dose check: {generic} {value:g} {unit}" + (f" {frequency}" if frequency else "") +
             f" ({check.route}): {status}."] + [f"- {m}" for m in check.messages]
    if not frequency:
        lines.append("- No frequency given, so only the single dose was checked.")
    if check.source:
        lines.append(f"[Source: {check.source}]")
    tool = {"name": "check_dose", "title": f"Checked dose: {generic} {value:g} {unit}", "status": "done",
            "summary": check.status}
    return lines, {"doses": [check.to_dict()]}, tool


def _lookup_reply(catalogue: DrugCatalogue, mention: DrugMention) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    info = lookup_drug(catalogue, mention.surface)
    generic = info.get("generic") or mention.surface
    brands = f" ({', '.join(info['brands'][:4])})" if info.get("brands") else ""
    lines = [f"{generic}{brands}: {info.get('class') or 'class not known'}."]
    if info.get("level") == "monograph":
        if info.get("indications"):
            lines.append("- Used for: " + "; ".join(info["indications"][:5]) + ".")
        adult = [d for d in info.get("dosing") or [] if d.get("population") == "adult"][:2]
        lines += [f"- Usual adult {d['route']} dose: {d.get('usual')}" for d in adult if d.get("usual")]
        if info.get("boxed_warnings"):
            lines.append("- Boxed warning: " + " ".join(info["boxed_warnings"][:2]))
        if info.get("contraindications"):
            lines.append("- Contraindications: " + "; ".join(info["contraindications"][:4]) + ".")
    else:
        lines.append(f"- {info.get('note', 'No monograph in our data.')}")
    lines.append(f"[Source: {info.get('source_label', 'not available')}]")
    tool = {"name": "lookup_drug", "title": f"Looked up {generic}", "status": "done", "summary": info.get("level", "")}
    return lines, {"drugs": [info]}, tool


def _unrecognised_pair_names(text: str, mentions: list[DrugMention]) -> list[str]:
    """Names in "X interacts with Y" slots that are not recognised drugs (so they are reported, not dropped)."""
    covered = [(m.start, m.end) for m in mentions]
    found: list[str] = []
    for match in _PAIR.finditer(text[:2000]):
        for slot in ("a", "b"):
            word, start = match.group(slot), match.start(slot)
            if word.lower() in _NOT_NAMES or any(s <= start < e for s, e in covered):
                continue
            if word not in found:
                found.append(word)
    return found


def respond(turn: Turn) -> TurnResult:
    """Grounded drug reply; artifacts carry {"drugs": {...}} and tool-call records."""
    catalogue = turn.knowledge.drugs
    text = turn.findings.text if isinstance(turn.findings.text, str) else ""
    text = text[: turn.settings.max_input_chars]
    memory = dict(turn.memory)
    if not text.strip():
        return TurnResult(text="Please name a drug or a medication list to check.", memory=memory)
    mentions = _unique([m for m in turn.findings.medicines if m.known and m.end <= len(text)])
    drugs: dict[str, Any] = {"drugs": [], "interactions": [], "unchecked": [], "doses": []}
    if not mentions:
        return TurnResult(text=NO_DRUG + _unknown_hint(catalogue, text), artifacts={"drugs": drugs}, memory=memory)
    names = [m.surface for m in mentions]
    unknown = _unrecognised_pair_names(text, mentions)
    wants_interaction = len(mentions) + len(unknown) >= 2 or bool(_INTERACT.search(text))
    wants_dose = bool(_AMOUNT.search(text) or _DOSE.search(text))
    if unknown and wants_interaction:
        names += unknown  # an unknown name goes to the check, which reports it as unchecked with suggestions
    elif (len(mentions) == 1 and memory.get("last_drugs") and not wants_dose
          and (wants_interaction or _FOLLOW_UP.search(text))):
        names = list(dict.fromkeys(memory["last_drugs"] + names))  # follow-up: "and with aspirin?"
        wants_interaction = True
    if wants_dose and len(mentions) == 1:
        lines, part, tool = _dose_reply(catalogue, mentions[0], text)
    elif wants_interaction and len(names) >= 2:
        lines, part, tool = _interaction_reply(catalogue, names)
    elif len(mentions) == 1:
        lines, part, tool = _lookup_reply(catalogue, mentions[0])
        if wants_interaction:
            lines.append("Name a second drug to check interactions.")
    else:
        lines, part, tool = _interaction_reply(catalogue, names)
    if tool["name"] != "check_interactions":  # the interaction report already notes spelling matches
        lines += [f"(Read '{m.surface}' as {m.name}.)" for m in mentions if catalogue.spelling_match(m.surface)]
    for key, value in part.items():
        drugs[key] = value
    memory["last_drugs"] = names[-10:]
    return TurnResult(text="\n".join(lines + [DISCLAIMER]), artifacts={"drugs": drugs}, memory=memory, tools=[tool])
