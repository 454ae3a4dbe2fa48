"""LangChain tools over the drug engines (thin wrappers: the engines do the work and return JSON-able dicts)."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import tool

from assistant.drugs.doses import Patient, check_dose as _check_dose
from assistant.drugs.interactions import check_interactions as _check_interactions
from assistant.drugs.lookup import lookup_drug as _lookup_drug


@tool
def lookup_drug(name: str) -> dict[str, Any]:
    """Look up a drug by generic, brand or international name: class, brands, dosing summary, warnings and source.
    Returns found=False with suggested names when the drug is not recognised."""
    return _lookup_drug(name)


@tool
def check_interactions(drugs: list[str]) -> dict[str, Any]:
    """Check every pair in a medication list for interactions (severity contraindicated/major/moderate/minor/none,
    mechanism, management, source). Drugs that cannot be checked are listed in `unchecked` with the reason."""
    return _check_interactions(drugs).to_dict()


@tool
def check_dose(drug: str, amount: float, unit: str = "mg", frequency: str | None = None, route: str = "oral",
               age_years: float | None = None, weight_kg: float | None = None,
               egfr: float | None = None) -> dict[str, Any]:
    """Check a dose against labelled limits (single, daily, per-kg, renal). Frequency like 'bid', 'q6h',
    '3 times a day'. Status: within_range, above_maximum, renal_adjustment or cannot_check (with the reason)."""
    patient = Patient(age_years=age_years, weight_kg=weight_kg, egfr=egfr)
    return _check_dose(drug, amount, unit, frequency, route, patient).to_dict()


DRUG_TOOLS = [lookup_drug, check_interactions, check_dose]
