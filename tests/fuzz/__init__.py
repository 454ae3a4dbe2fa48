"""Fuzz suite: hostile input through every entry point - the facade, the CLI, ingest and the HTTP API handlers.

Each test is a hypothesis property with a fixed seed (``derandomize=True``, no example database), so CI sees the
same inputs on every run; every module is marked ``slow``.

Size: ``CA_FUZZ_EXAMPLES`` generated inputs per test, 1,000 by default (the CI size, a few minutes on 2 cores);
the facade's pastes right at the length limits take ``CA_FUZZ_EXAMPLES // 250`` (at least 3). A nightly run
sets a bigger size::

    CA_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz

A failure prints the smallest input that broke the property (and a ``@reproduce_failure`` blob); fix the bug
where it is, never by weakening the check.
"""
