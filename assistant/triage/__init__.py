"""Triage: a presentation-based decision model over the case built from each turn's Findings."""
