"""lookup_drug: monograph summary with its source, or class-level facts from the FDA NDC directory when we have
no monograph, or a not-found answer with the nearest names."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.drugs.classes import NDC_SOURCE
from knowledge.drugs.monographs import Monograph

_SUMMARY_FIELDS = ("indications", "hepatic", "contraindications", "boxed_warnings", "pregnancy", "lactation",
                   "adverse_effects", "monitoring", "renal")


def _maximum(dose: dict[str, Any]) -> str:
    """The labelled maxima in words: "1000 mg a dose, 4000 mg a day"."""
    parts = [f"{limit['amount']:g} {limit['unit']} {per}" for key, per in (("single_dose_max", "a dose"),
                                                                            ("daily_max", "a day"))
             if isinstance(limit := dose.get(key), dict) and isinstance(limit.get("amount"), (int, float))]
    return ", ".join(parts)


def monograph_summary(catalogue: DrugCatalogue, mono: Monograph) -> dict[str, Any]:
    """The JSON-able summary of one monograph (used by lookup, the CLI and the drug reply)."""
    raw = mono.raw
    summary: dict[str, Any] = {
        "generic": mono.generic,
        "synonyms": list(mono.synonyms),
        "brands": list(mono.brands),
        "components": list(mono.components),
        "class": mono.drug_class,
        "tags": sorted(catalogue.profile(mono.generic).tags | mono.tags) if not mono.components else sorted(mono.tags),
        "dosing": [{**{k: d.get(k) for k in ("route", "population", "indication", "usual") if d.get(k)},
                    **({"maximum": maximum} if (maximum := _maximum(d)) else {})}
                   for d in raw.get("dosing") or []],
        "source": mono.source,
        "source_label": mono.source_label,
        "level": "monograph",
    }
    for key in _SUMMARY_FIELDS:
        summary[key] = raw.get(key)
    return summary


def _ndc_brands(catalogue: DrugCatalogue, generic: str, limit: int = 8) -> list[str]:
    found = sorted(b for b, ingredients in catalogue.classes.brands.items()
                   if ingredients == (generic,) and fuzz.ratio(b, generic) < 80)  # skip generic-looking names
    return [b.title() for b in found[:limit]]


def _class_level(catalogue: DrugCatalogue, generic: str) -> dict[str, Any]:
    prof = catalogue.profile(generic)
    return {
        "generic": generic,
        "brands": _ndc_brands(catalogue, generic),
        "class": prof.class_label,
        "epc_classes": list(prof.classes),
        "tags": sorted(prof.tags),
        "level": "class" if prof.covered else "name_only",
        "source": {"name": NDC_SOURCE if prof.classes else "drug-named-entity-recognition name dictionary "
                   "(DrugBank/MeSH names)"},
        "source_label": NDC_SOURCE if prof.classes else "name dictionary only",
        "note": ("No monograph in our data: class-level information only (no dosing, warnings or pregnancy data)."
                 if prof.covered else "Recognised as a drug name, but we hold no class, monograph or interaction "
                 "data for it."),
    }


def lookup_drug(catalogue: DrugCatalogue, name: str) -> dict[str, Any]:
    """{query, found, generic, brands, class, ...}; when not found: {query, found: False, error, suggestions}."""
    res = catalogue.resolve(name)
    base: dict[str, Any] = {"query": res.query, "matched_by": res.matched_by}
    if not res.found:
        return base | {"found": False, "error": f"Drug not found: {res.reason}.", "suggestions": list(res.suggestions)}
    base |= {"found": True, "resolved_as": res.generic, "score": res.score}
    mono = catalogue.monograph(res.monograph) if res.monograph else None
    if mono:
        return base | monograph_summary(catalogue, mono)
    if len(res.components) == 1:
        return base | _class_level(catalogue, res.components[0])
    parts = []
    for comp in res.components:
        part = catalogue.monograph(comp)
        parts.append(monograph_summary(catalogue, part) if part else _class_level(catalogue, comp))
    return base | {
        "generic": res.generic, "components": list(res.components), "brands": [], "level": "combination",
        "class": "combination product: " + "; ".join(f"{p['generic']} ({p.get('class') or 'class unknown'})"
                                                     for p in parts),
        "component_summaries": parts,
        "source_label": "; ".join(dict.fromkeys(p["source_label"] for p in parts)),
    }
