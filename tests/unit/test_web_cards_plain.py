"""ui.web.cards in plain words: no internals, natural ages, each sentence once, votes explained, what is missing."""

import re

import pytest

from assistant.triage.wording import age_words
from ui.web import cards, render

ACS = {"id": "chest_pain_acs_features", "label": "Chest pain with signs of a heart attack", "level": "emergency",
       "rule": "Chest pain with signs of a heart attack", "source": "NICE CG95 (2016)", "kind": "presentation",
       "evidence": "crushing chest pain"}
CONFUSION = {"id": "new_confusion", "label": "New confusion", "level": "emergency", "rule": "New confusion",
             "source": "NICE NG51 sepsis", "kind": "general", "evidence": "I feel confused"}
VOTE = {"samples": [{"voter": "decision_model", "answer": "emergency", "rationale": "New confusion (NICE NG51 sepsis)"},
                    {"voter": "nearest_cases", "answer": "urgent",
                     "rationale": 'Closest reference cases: "Fever and a headache since this morning in my son" (urgent)'},
                    {"voter": "severity_score", "answer": "urgent", "rationale": "Severity score 4"}],
        "distribution": {"emergency": 0.5, "urgent": 0.5, "routine": 0.0, "self_care": 0.0},
        "winner": "emergency", "agreement": 0.5}
QUESTION = "Is there noisy, high-pitched breathing in, or a feeling that the throat is closing?"
THROAT = {"level": "self_care", "complete": False, "red_flags": [],
          "rationale": "You (aged 34 years) described sore throat for about 2 days. Deciding sign: A sore throat "
                       "for less than a week - safe to look after at home (source: NICE NG84).",
          "deciding": {"id": "throat_short_viral", "label": "A sore throat for less than a week", "level": "self_care",
                       "source": "NICE NG84", "kind": "presentation"},
          "missing": ["age", "Is one side much worse?", QUESTION],
          "next_questions": ["Is one side much worse?", QUESTION],
          "would_change": [f"{QUESTION} - if yes, this becomes emergency"],
          "safety_net": ["See a doctor if it is not better after a week.", "See a doctor if it is not better after a week."]}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("raw, shown", [
    ("Emergency core (knowledge/language/emergency); NHS 111", "Emergency core; NHS 111"),
    ("knowledge/safety/crisis.yaml", ""),
    ("rules in triage.yaml", "rules in"),
    ("evidence: triage rule on the intake", "evidence:"),
    ('"Sore throat since yesterday" (self_care); bleeding_risk', '"Sore throat since yesterday" (self-care); bleeding risk'),
    ("age 1 months to 5 years", "age 1 month to 5 years"),
    ("a baby of 0.08 years", "a baby of 4 weeks"),
    ("for 1 weeks, 11 months, 1 years", "for 1 week, 11 months, 1 year"),
])
def test_plain_hides_paths_ids_and_says_ages_naturally(raw, shown):
    assert cards.plain(raw) == shown


@pytest.mark.parametrize("years, words", [(3 / 52.18, "3 weeks"), (1 / 12, "1 month"), (0.25, "3 months"),
                                          (1.0, "12 months"), (2, "2 years"), (1 / 52.18, "1 week"), (40.7, "40 years")])
def test_age_words(years, words):
    assert age_words(years) == words


def test_once_refuses_a_sentence_already_said_or_contained():
    once = cards.Once()
    assert once.new("Chest pain with signs of a heart attack")
    assert not once.new("chest pain with signs of a heart attack.")
    assert not once.new("Chest pain with signs of a heart attack (NICE CG95)")
    assert once.new("New confusion")


def test_a_red_flag_that_decides_comes_first_and_its_rule_is_not_repeated():
    html = cards.triage_card_html({"level": "emergency", "red_flags": [CONFUSION, ACS], "deciding": ACS,
                                   "rationale": "You described chest pain. Deciding sign: Chest pain with signs of a "
                                                "heart attack - an emergency (source: NICE CG95 (2016))."})
    text = text_of(html)
    assert text.count("Chest pain with signs of a heart attack") == 1 and text.count("NICE CG95") == 1
    assert text.index("heart attack") < text.index("New confusion") and "decides the level" in text
    assert "What you described Chest pain." in text


def test_the_vote_is_explained_after_the_deciding_reason_when_it_disagrees():
    triage = {"level": "emergency", "red_flags": [CONFUSION], "deciding": CONFUSION, "vote": VOTE}
    text = text_of(cards.triage_card_html(triage))
    assert "2 of 3 raters: urgent; red flag overrides." in text
    assert text.index("New confusion") < text.index("raters:")
    assert "Decision rules" in text and "Similar reference cases" in text and "decision_model" not in text
    assert "the deciding reason above" in text  # the decision rules' rationale is the flag, not said twice


def test_an_agreeing_vote_names_the_minority():
    assert cards.vote_line(VOTE, "urgent") == "2 of 3 raters: urgent (1 chose emergency)."
    assert cards.vote_line({"samples": [{"answer": "routine"}, {"answer": "urgent"}]}, "urgent", False) \
        == "1 of 2 raters: urgent (1 chose routine)."
    assert cards.vote_line({"samples": []}, "urgent") == ""


def test_missing_information_lists_each_gap_once_and_not_what_was_answered():
    html = cards.triage_card_html(THROAT, answered=["So far: SELF-CARE (provisional).\n\nIs one side much worse?"])
    text = text_of(html)
    assert "Missing information" in text and "Is one side much worse?" not in text
    assert text.count("noisy, high-pitched") == 1 and "if yes: Emergency" in text
    assert "Age" in text and " age " not in text
    assert text.count("not better after a week") == 1
    assert "Why this level A sore throat for less than a week" in text
    assert "What you described Aged 34 years, with sore throat for about 2 days." in text


def test_a_question_listed_as_a_bullet_is_not_taken_as_answered():
    answered = ["This is provisional. What could change it:\n- Is one side much worse?"]
    assert "Is one side much worse?" in cards.open_questions(THROAT, answered)


def test_the_age_gap_is_dropped_when_a_question_asks_it():
    assert cards.open_questions({"missing": ["age"], "next_questions": ["How old is she?"]}) == ["How old is she?"]


def test_answered_texts_are_the_assistant_messages_a_user_replied_to():
    messages = [{"role": "user", "content": "sore throat"}, {"role": "assistant", "content": "Is one side worse?"},
                {"role": "user", "content": [{"type": "text", "text": "no"}]},
                {"role": "assistant", "content": "Any noisy breathing?"}]
    assert render.answered_texts(messages) == ["Is one side worse?"]


def test_the_interaction_table_has_labelled_cells_and_plain_sources():
    html = cards.drugs_html({"interactions": [{"a": "warfarin", "b": "ibuprofen", "severity": "major",
                                               "mechanism": "bleeding", "management": "avoid",
                                               "source": "pair table (knowledge/drugs/interactions)",
                                               "rules": ["nsaid_ssri_bleeding"]}]})
    assert 'class="ca-table-wrap"' in html and 'data-label="Management"' in html and ">Major<" in html
    assert "knowledge/" not in html and "nsaid_ssri" not in html


def test_quiz_progress_is_counted_in_words_without_bank_ids():
    html = render.quiz_html({"question": "Q?", "topic": "septic_shock", "status": "graded", "result": "incorrect",
                             "progress": {"asked": 2, "answered": 2, "correct": 1, "missed": ["b-asthma-04"]}})
    assert "Progress: 2 asked, 2 answered, 1 right first time, 1 to revisit" in html
    assert "b-asthma-04" not in html and "Quiz: septic shock" in html
