"""Index-build progress is readable in a log as well as on a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from assistant.guidelines.progress import RichProgress


def test_a_log_gets_one_plain_line_per_tenth_of_the_work():
    log = io.StringIO()
    with RichProgress(console=Console(file=log)) as progress:  # a StringIO is not a terminal
        for done in range(67):
            progress(done, 66, f"guideline-{done}")
    lines = log.getvalue().splitlines()
    assert lines[0] == "Indexing guidelines: 0/66 (0%)" and lines[-1] == "Indexing guidelines: 66/66 (100%)"
    assert len(lines) == 11
    assert not any("\x1b" in line for line in lines)  # no terminal control codes in a log


def test_nothing_is_reported_when_there_is_no_work():
    log = io.StringIO()
    with RichProgress(console=Console(file=log)) as progress:
        progress(0, 0, "")
    assert log.getvalue() == ""
