"""Deterministic drug engines: lookup, interaction checks, dose checks, and the grounded drug reply.

Import the submodules directly (e.g. ``from assistant.drugs.interactions import check_interactions``). Each engine
takes the loaded ``DrugCatalogue`` (knowledge.drugs.catalogue) as its first argument; nothing is loaded on import.
"""
