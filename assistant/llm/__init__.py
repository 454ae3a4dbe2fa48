"""Optional LLM language layer: backends, the tool-calling agent, claim checks and sampled votes.

Nothing here is needed for a correct answer: the grounded engines stay the default and the fallback. Every
module loads its model lazily, on first use, so importing this package is free.
"""
