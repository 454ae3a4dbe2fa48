"""Deterministic drug engines: lookup, interaction checks, dose checks, and the grounded drug reply.

Import the submodules directly (e.g. ``from assistant.drugs.interactions import check_interactions``);
nothing is loaded until first use.
"""
