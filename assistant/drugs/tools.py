"""LangChain tools over the drug engines (thin wrappers: the engines do the work and return JSON-able dicts).

``drug_tools(catalogue)`` binds the tools to one loaded catalogue, so the model's calls read the same data as the
rest of the assistant.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, tool

from assistant.drugs.doses import Patient, check_dose as run_dose_check
from assistant.drugs.interactions import check_interactions as run_interaction_check
from assistant.drugs.lookup import lookup_drug as run_lookup
from knowledge.drugs.catalogue import DrugCatalogue

LOOKUP_DRUG = ("Look up a drug by generic, brand or international name: class, brands, dosing summary, warnings and "
               "source. Returns found=False with suggested names when the drug is not recognised.")
CHECK_INTERACTIONS = ("Check every pair in a medication list for interactions (severity contraindicated/major/moderate/"
                      "minor/none, mechanism, management, source). Drugs that cannot be checked are listed in "
                      "`unchecked` with the reason.")
CHECK_DOSE = ("Check a dose against labelled limits (single, daily, per-kg, renal). Frequency like 'bid', 'q6h', "
              "'3 times a day'. Status: within_range, above_maximum, renal_adjustment or cannot_check (with the "
              "reason).")


def drug_tools(catalogue: DrugCatalogue) -> list[BaseTool]:
    """lookup_drug, check_interactions and check_dose, reading ``catalogue``."""

    @tool(description=LOOKUP_DRUG)
    def lookup_drug(name: str) -> dict[str, Any]:
        return run_lookup(catalogue, name)

    @tool(description=CHECK_INTERACTIONS)
    def check_interactions(drugs: list[str]) -> dict[str, Any]:
        return run_interaction_check(catalogue, drugs).to_dict()

    @tool(description=CHECK_DOSE)
    def check_dose(drug: str, amount: float, unit: str = "mg", frequency: str | None = None, route: str = "oral",
                   age_years: float | None = None, weight_kg: float | None = None,
                   egfr: float | None = None) -> dict[str, Any]:
        patient = Patient(age_years=age_years, weight_kg=weight_kg, egfr=egfr)
        return run_dose_check(catalogue, drug, amount, unit, frequency, route, patient).to_dict()

    return [lookup_drug, check_interactions, check_dose]
