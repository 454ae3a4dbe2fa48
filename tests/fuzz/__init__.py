"""Fuzz suite: hostile input through every entry point (facade, CLI, ingest, HTTP API); marked ``slow``.

Each test is a hypothesis property with a fixed seed (``derandomize=True``), so CI sees the same inputs on every
run. The size is 1,000 generated inputs per test by default; set ``CA_FUZZ_EXAMPLES`` for another size, e.g. a
nightly run::

    CA_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider

A failure prints the smallest input that broke the property; a fix goes where the bug is, never into the check.
"""
