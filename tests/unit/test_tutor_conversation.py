"""The tutor's conversation behaviours, driven through ``respond`` as the graph calls it (issue "Answers that carry
the asked fact"): hints that narrow without revealing, quizzes that keep to their topic, questions mid-quiz that
are answered and then resume the quiz, the learner's level, and missed items carried across conversations."""

from __future__ import annotations

import json

import pytest

from assistant.tutor import quiz_flow
from assistant.tutor.dialogue import respond
from assistant.tutor.progress import missed_items
from tests.fixtures.tutor import tutor_turn


class Learner:
    """One conversation with the tutor: each ``say`` feeds the returned memory into the next turn."""

    def __init__(self, knowledge, settings, audience="student", others=None):
        self.knowledge, self.settings, self.audience, self.others = knowledge, settings, audience, others or {}
        self.memory: dict = {}

    def say(self, text, intent="question", *, question=None, audience=None):
        level = self.audience if audience is None else audience
        result = respond(tutor_turn(self.knowledge, self.settings, text, intent, self.memory, level,
                                    question=question, others=self.others))
        json.dumps(result.memory)  # memory is checkpointed: it must stay plain JSON
        self.memory = result.memory
        return result

    @property
    def item(self):
        return self.knowledge.tutor.item((self.memory.get("quiz") or {}).get("id"))

    @property
    def progress(self):
        return self.memory["progress"]


@pytest.fixture
def learner(tutor_knowledge, tutor_settings):
    return Learner(tutor_knowledge, tutor_settings)


def _wrong(item) -> list[str]:
    return [letter for letter in "ABCDE"[: len(item.options)] if letter != item.answer]


def _on(item, word: str) -> bool:
    return word in f"{item.topic} {item.doc_id}".lower()


# -- (a) hints narrow the options, never reveal the key, and are not scored ---------------------------------------

@pytest.mark.parametrize("text, intent", [("give me a hint", "hint_request"), ("hint", "hint_request"),
                                          ("clue", "hint_request"), ("give me a hint", "quiz_answer"),
                                          ("hint please", "quiz_answer")])
def test_a_hint_rules_options_out_without_the_key_and_is_not_an_answer(learner, text, intent):
    learner.say("quiz me on asthma", "quiz_request")
    item = learner.item
    hint = learner.say(text, intent)
    ruled_out = learner.memory["quiz"]["ruled_out"]
    assert hint.artifacts["quiz"]["status"] == "open" and hint.artifacts["quiz"]["result"] == "hint"
    assert hint.artifacts["quiz"]["answer"] is None and hint.tools[0]["name"] == "quiz"
    assert ruled_out and item.answer not in ruled_out and len(item.options) - len(ruled_out) >= 2
    assert "rule out" in hint.text.lower() and "the answer is" not in hint.text.lower()
    assert item.answer_text.lower() not in hint.text.lower() and item.explanation not in hint.text
    assert learner.memory["quiz"]["attempts"] == 0 and learner.progress["answered"] == 0


def test_hints_narrow_step_by_step_to_two_options_and_the_next_answer_still_counts(learner):
    learner.say("quiz me on colorectal cancer screening", "quiz_request")
    item = learner.item
    for _ in range(len(item.options)):
        hint = learner.say("hint", "hint_request")
        assert item.answer_text.lower() not in hint.text.lower()
    assert "cannot narrow it further" in hint.text
    ruled_out = learner.memory["quiz"]["ruled_out"]
    assert len(item.options) - len(ruled_out) == 2 and item.answer not in ruled_out
    assert learner.memory["quiz"]["hints"] == len(item.options) and learner.memory["quiz"]["attempts"] == 0
    done = learner.say(item.answer, "quiz_answer")
    assert done.artifacts["quiz"]["result"] == "correct" and "Correct" in done.text
    assert learner.progress["correct"] == 1 and learner.progress["missed"] == []


def test_a_hint_after_a_wrong_answer_narrows_instead_of_revealing(learner):
    learner.say("quiz me on sepsis", "quiz_request")
    item = learner.item
    wrong = _wrong(item)[0]
    learner.say(wrong, "quiz_answer")
    hint = learner.say("give me a hint", "hint_request")
    assert learner.memory["quiz"] is not None and "the answer is" not in hint.text.lower()
    assert f"{wrong})" not in hint.text.split("leaves")[-1]  # the tried option is not offered again
    final = learner.say(_wrong(item)[1] if _wrong(item)[1] != wrong else _wrong(item)[2], "quiz_answer")
    assert final.artifacts["quiz"]["result"] == "incorrect" and f"The answer is {item.answer})" in final.text


def test_a_hint_with_nothing_open(learner):
    assert learner.say("give me a hint", "hint_request").text == quiz_flow.NO_QUIZ
    learner.say("give me a practice case on chest pain", "case_request")
    assert "not asked about" in learner.say("give me a hint", "hint_request").text


# -- (b) a quiz keeps to its topic until the learner changes it ----------------------------------------------------

def test_next_question_stays_on_the_topic_until_it_runs_out(learner):
    first = learner.say("quiz me on asthma", "quiz_request")
    assert learner.memory["quiz_topic"] == "asthma" and _on(learner.item, "asthma")
    asked = [learner.item.id]
    reply = first
    for turn in range(20):
        learner.say(learner.item.answer, "quiz_answer")
        reply = learner.say("another" if turn % 2 else "next question", "statement" if turn % 2 else "quiz_request")
        if "every question I have on asthma" in reply.text:
            break
        assert _on(learner.item, "asthma"), reply.text
        asked.append(learner.item.id)
    assert len(asked) == len(set(asked)) >= 4
    assert "every question I have on asthma" in reply.text and not _on(learner.item, "asthma")
    assert learner.memory["quiz_topic"] is None


def test_a_new_topic_or_anything_changes_the_topic(learner):
    learner.say("quiz me on asthma", "quiz_request")
    learner.say("quiz me on sepsis", "quiz_request")
    assert learner.memory["quiz_topic"] == "sepsis" and _on(learner.item, "sepsis")
    learner.say("next question", "quiz_request")
    assert _on(learner.item, "sepsis")
    learner.say("quiz me on anything", "quiz_request")
    assert learner.memory["quiz_topic"] is None and learner.memory["quiz"] is not None


def test_the_follow_up_line_names_the_topic(learner):
    learner.say("quiz me on asthma", "quiz_request")
    done = learner.say(learner.item.answer, "quiz_answer")
    assert 'another on asthma' in done.text and "quiz me on anything" in done.text


def test_another_means_a_question_only_once_quizzing(learner, tutor_knowledge_with_guidelines, tutor_settings):
    fresh = Learner(tutor_knowledge_with_guidelines, tutor_settings)
    assert "quiz" not in fresh.say("another", "statement").artifacts
    learner.say("quiz me on asthma", "quiz_request")
    learner.say(learner.item.answer, "quiz_answer")
    assert learner.say("another one", "statement").artifacts["quiz"]["status"] == "open"


# -- (c) a question mid-quiz is answered, then the open item is shown again --------------------------------------

@pytest.fixture
def scholar(tutor_knowledge_with_guidelines, tutor_settings):
    return Learner(tutor_knowledge_with_guidelines, tutor_settings)


@pytest.mark.parametrize("text, intent", [("what are the warning signs of a severe asthma attack?", "question"),
                                          ("how is a severe asthma attack treated?", "quiz_answer")])
def test_a_question_mid_quiz_is_answered_and_the_item_resumes(scholar, text, intent):
    scholar.say("quiz me on asthma", "quiz_request")
    item, before = scholar.item, dict(scholar.memory["quiz"])
    reply = scholar.say(text, intent, question=True)
    assert reply.artifacts["citations"] and "[1]" in reply.text
    assert "still open" in reply.text and item.question in reply.text
    assert all(option in reply.text for option in item.options)
    assert reply.text.index("[1]") < reply.text.index(item.question)  # answer first, then the item again
    assert reply.artifacts["quiz"]["id"] == item.id and reply.artifacts["quiz"]["status"] == "open"
    assert scholar.memory["quiz"] == before and scholar.progress["asked"] == 1 and scholar.progress["answered"] == 0
    assert "test yourself" not in reply.text.lower()  # no offer of a quiz while one is open
    done = scholar.say(item.answer, "quiz_answer")
    assert done.artifacts["quiz"]["result"] == "correct" and scholar.progress["correct"] == 1


def test_a_short_question_that_names_an_option_is_an_answer(learner):
    learner.say("quiz me on asthma", "quiz_request")
    item = learner.item
    graded = learner.say(f"is it {item.answer}?", "question", question=True)
    assert graded.artifacts["quiz"]["result"] == "correct"


# -- (d) the learner's level shapes item choice and explanation depth, remembered for the conversation --------

@pytest.mark.parametrize("audience", ["student", "nurse", "physician"])
def test_the_first_item_on_a_topic_is_at_the_learner_level(tutor_knowledge, tutor_settings, audience):
    learner = Learner(tutor_knowledge, tutor_settings, audience=audience)
    learner.say("quiz me on sepsis", "quiz_request")
    assert learner.item.level == audience and learner.memory["audience"] == audience


def test_the_explanation_depth_follows_the_level(tutor_knowledge, tutor_settings):
    student = Learner(tutor_knowledge, tutor_settings, audience="student")
    student.say("quiz me on asthma", "quiz_request")
    assert "In the guideline's words" in student.say(student.item.answer, "quiz_answer").text
    physician = Learner(tutor_knowledge, tutor_settings, audience="physician")
    physician.say("quiz me on asthma", "quiz_request")
    shown = physician.say(physician.item.answer, "quiz_answer").text
    assert "Primary source:" in shown and "In the guideline's words" not in shown


def test_the_level_is_remembered_when_a_turn_does_not_say(tutor_knowledge, tutor_settings):
    learner = Learner(tutor_knowledge, tutor_settings, audience="nurse")
    learner.say("quiz me on sepsis", "quiz_request")
    learner.say("next question", "quiz_request", audience="")
    assert learner.memory["audience"] == "nurse" and learner.item.level in ("nurse", "student", "physician")
    picked = Learner(tutor_knowledge, tutor_settings)
    picked.memory = {"audience": "physician"}
    picked.say("quiz me on sepsis", "quiz_request", audience="")
    assert picked.item.level == "physician"


def test_a_nurse_explanation_has_escalation_points(scholar):
    reply = scholar.say("how is sepsis defined?", "question", question=True, audience="nurse")
    assert "When to escalate:" in reply.text and scholar.memory["audience"] == "nurse"


# -- (e) missed items come back in a later conversation of the same learner --------------------------------------

def test_a_miss_comes_back_first_in_the_next_conversation(tutor_knowledge, tutor_settings):
    first = Learner(tutor_knowledge, tutor_settings)
    first.say("quiz me on sepsis", "quiz_request")
    missed = first.item
    first.say(_wrong(missed)[0], "quiz_answer")
    first.say(_wrong(missed)[1], "quiz_answer")
    assert missed_items(first.memory) == [missed.id]

    later = Learner(tutor_knowledge, tutor_settings, others={"learner": {"missed": missed_items(first.memory)}})
    later.say("quiz me", "quiz_request")
    assert later.item.id == missed.id
    assert missed_items(later.memory) == [missed.id]  # still owed until it is answered right
    later.say(missed.answer, "quiz_answer")
    assert missed_items(later.memory) == []


def test_carried_misses_respect_the_topic_and_ignore_unknown_ids(tutor_knowledge, tutor_settings, tutor_library):
    asthma = next(i for i in tutor_library.bank if _on(i, "asthma"))
    learner = Learner(tutor_knowledge, tutor_settings, others={"learner": {"missed": ["no-such-item", asthma.id]}})
    learner.say("quiz me on sepsis", "quiz_request")
    assert _on(learner.item, "sepsis")
    assert missed_items(learner.memory) == [asthma.id]  # not met yet: still owed
    learner.say("quiz me on asthma", "quiz_request")
    assert learner.item.id == asthma.id


def test_missed_items_reads_memory_without_changing_it():
    assert missed_items({}) == [] and missed_items({"progress": {"missed": ["a"], "carried": ["b", "a"]}}) == ["b", "a"]
    memory: dict = {"quiz": None}
    missed_items(memory)
    assert memory == {"quiz": None}
