"""kill -9 at random moments: no replied turn is lost, no half-turn hides in the history, the stores stay sound.

A child process chats on one thread (SQLite sessions, as served) and logs each turn number once its reply is back.
The test kills it with SIGKILL at a seeded random moment, 20 times, and after each kill opens the same data folder
and checks: both SQLite files pass ``integrity_check``; every turn the child saw answered is in the history with
its reply; every user message without a reply is marked interrupted (shown as "this reply was interrupted"); no
turn appears twice.
"""

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from assistant.knowledge import Knowledge
from assistant.settings import Settings
from graphs import ClinicalAssistant
from graphs.facade import INTERRUPTED
from tests.conftest import shared_index_dir

pytestmark = pytest.mark.integration
KILLS = 20
THREAD = "crash-thread"
CHILD = """
import os, sys
from pathlib import Path
from assistant.settings import Settings
from graphs import ClinicalAssistant
data, index, log, first = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
messages = ["what is the first-line treatment for asthma in adults?", "I have had a mild headache since yesterday",
            "can I take ibuprofen with warfarin?", "no fever and no stiff neck", "how is a copd flare managed?"]
assistant = ClinicalAssistant(Settings(data_dir=data, index_dir=index, sessions="sqlite"))
for message in messages:  # load what the turns need, so the kills land among turns, not in start-up
    assistant.send("warm-up", message)
print("ready", flush=True)
for number in range(first, first + 10_000):
    assistant.send("%s", f"{messages[number %% len(messages)]} (turn {number})")
    with log.open("a") as handle:
        handle.write(f"{number}\\n")
        handle.flush()
        os.fsync(handle.fileno())
""" % THREAD


def _sound(path) -> bool:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _turn_of(text: str) -> int | None:
    head, _, tail = str(text).rpartition("(turn ")
    return int(tail.rstrip(")")) if head and tail.rstrip(")").isdigit() else None


def test_twenty_kills_lose_no_replied_turn_and_leave_no_unmarked_half_turn(tmp_path):
    index = shared_index_dir()
    Knowledge(Settings(data_dir=tmp_path / "warm", index_dir=index, sessions="memory")).guidelines  # built once
    data, log = tmp_path / "data", tmp_path / "replied.log"
    log.touch()
    chance = random.Random(20261207)
    for kill in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(index), str(log), str(kill * 1000)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.0, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        assert _sound(data / "sessions.sqlite") and _sound(data / "threads.sqlite")
        with ClinicalAssistant(Settings(data_dir=data, index_dir=index, sessions="sqlite")) as assistant:
            rows = assistant.history(THREAD)
        replied = {int(line) for line in log.read_text().split()}
        answered, marked = [], []
        for user, reply in zip(rows[::2], rows[1::2]):
            assert user["role"] == "user" and reply["role"] == "assistant", rows
            if user.get("interrupted"):
                assert reply["text"] == INTERRUPTED
                marked.append(_turn_of(user["text"]))
            else:
                assert not reply.get("interrupted") and reply["text"] and reply["text"] != INTERRUPTED
                answered.append(_turn_of(user["text"]))
        assert len(rows) % 2 == 0
        assert replied <= set(answered), f"kill {kill}: replied turns lost: {sorted(replied - set(answered))}"
        assert len(answered) == len(set(answered)), f"kill {kill}: a turn stored twice"
        assert not set(marked) & set(answered), f"kill {kill}: an answered turn also shown as interrupted"
    assert len(replied) >= KILLS  # the kills landed while the child was chatting, not only while it started
