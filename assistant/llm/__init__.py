"""Optional LLM language layer on LangChain chat models: the configured model (models.py), the tool-calling agent
subgraph (agent.py), the composer that keeps the grounded reply and checks every model sentence for faithfulness
(compose.py, faithfulness.py, roles.py), the latency budget (budget.py), sampled votes (sampling.py) and the
model-assisted parse merged under the deterministic floor (understanding.py).

Nothing here is needed for a correct answer: the grounded engines stay the default and the fallback. Models load
when ``Knowledge.language_model`` is first read, so importing this package is free.
"""
