"""Crisis language: detection (incl. indirect phrasing), denial handling, replies and country contacts.

Statuses of the old crisis_mentions map onto the parse's crisis mentions (``Findings.crisis``): negated -> absent,
historical -> historical, educational -> hypothetical.
"""

import re

import pytest

from assistant.safety.crisis import crisis_reply

DOSE_OR_METHOD = re.compile(r"\b\d+\s*(?:mg|g|grams?|ml|pills|tablets)\b|lethal|fatal dose|how (?:many|much) to take", re.I)
KINDS = ("suicide", "overdose_taken", "harm_to_others", "self_harm")




@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [
        # a stated intent is an emergency; thoughts without intent, and self-harm without suicidal intent, need a
        # same-day response (NICE NG225) - both get the crisis reply with its contacts
        ("I want to kill myself", "suicide", "emergency"),
        ("I want to end it all", "suicide", "emergency"),
        ("there's no reason to live anymore", "suicide", "urgent"),
        ("I have nothing to live for", "suicide", "urgent"),
        ("everyone would be better off without me", "suicide", "urgent"),
        ("I don't want to be here anymore", "suicide", "urgent"),
        ("I'm SUCIDAL", "suicide", "urgent"),
        ("im   suicidal", "suicide", "urgent"),
        ("if this doesn't get better I'll kill myself", "suicide", "emergency"),
        ("I feel suicidal but I'm not going to do anything", "suicide", "urgent"),
        ("my friend says she wants to die", "suicide", "emergency"),
        ("I took 30 pills", "overdose_taken", "emergency"),
        ("I've taken an overdose", "overdose_taken", "emergency"),
        ("I swallowed a whole bottle of my tablets", "overdose_taken", "emergency"),
        ("I'm going to kill him", "harm_to_others", "emergency"),
        ("I want to hurt someone", "harm_to_others", "emergency"),
        ("I've been cutting myself", "self_harm", "urgent"),
        ("I want to hurt myself", "self_harm", "urgent"),
    ],
)
def test_detected(screen_turns, text, kind, level):
    result = screen_turns(text)[0]
    assert result.crisis is not None and result.crisis.kind == kind
    assert result.level == level
    assert any(flag["id"] == f"crisis_{kind}" and flag["source"] for flag in result.red_flags)


def test_overdose_outranks_suicide(screen_turns):
    assert screen_turns("I want to die so I took 40 tablets")[0].crisis.kind == "overdose_taken"


@pytest.mark.parametrize(
    ("text", "assertion"),
    [
        ("I'm not suicidal", "absent"),
        ("I have never been suicidal", "absent"),
        ("I tried to kill myself last year", "historical"),
        ("I was suicidal in my teens", "historical"),
        ("what is the suicide rate in the US?", "hypothetical"),
        ("explain suicide risk assessment", "hypothetical"),
    ],
)
def test_not_a_crisis_but_recorded(screen_turns, read, text, assertion):
    """Decision: a denied, past or teaching mention gives no crisis reply, but is kept with its status so
    the dialogue can acknowledge it and offer contacts (see knowledge/safety/README.md)."""
    result = screen_turns(text)[0]
    assert result.crisis is None
    assert not any(flag["id"].startswith("crisis_") for flag in result.red_flags)
    mention = read(text).crisis[0]
    assert (mention.concept, mention.assertion) == ("suicide", assertion)


@pytest.mark.parametrize(
    "text",
    ["this headache is killing me", "I cut myself shaving", "I hurt myself falling off my bike", "I took 2 pills",
     "I took my pills this morning", "kill the process"],
)
def test_everyday_phrasing_is_not_a_crisis(screen_turns, text):
    assert screen_turns(text)[0].crisis is None


def test_every_kind_has_a_reply(safety_book):
    assert set(KINDS) <= set(safety_book.replies) and set(KINDS) <= set(safety_book.priority)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("country", ["US", "UK", "IE", "CA", "AU", "NZ", "IN", "generic"])
def test_replies_have_contacts_and_no_method_or_dose(safety_book, kind, country):
    reply = crisis_reply(safety_book, kind, country)
    assert not DOSE_OR_METHOD.search(reply), reply
    assert safety_book.contacts(country)[0]["number"] in reply  # the emergency number is always there


@pytest.mark.parametrize(
    ("country", "numbers"),
    [
        ("US", ["911", "988", "1-800-222-1222"]),
        ("UK", ["999", "111", "116 123"]),
        ("GB", ["999", "116 123"]),
        ("IE", ["112 or 999", "116 123"]),
        ("CA", ["911", "988"]),
        ("AU", ["000", "13 11 14"]),
        ("NZ", ["111", "1737"]),
        ("IN", ["112", "14416"]),
        ("ZZ", ["findahelpline.com"]),
        ("", ["findahelpline.com"]),
    ],
)
def test_country_contacts(safety_book, country, numbers):
    shown = {c["number"] for c in safety_book.contacts(country)}
    for number in numbers:
        assert number in shown


def test_contacts_follow_the_kind(safety_book):
    suicide = crisis_reply(safety_book, "suicide", "US")
    overdose = crisis_reply(safety_book, "overdose_taken", "US")
    assert "988" in suicide and "1-800-222-1222" not in suicide
    assert "1-800-222-1222" in overdose


def test_screen_uses_country(screen_turns):
    assert "116 123" in screen_turns("I want to end my life", country="UK")[0].crisis.reply
    assert "13 11 14" in screen_turns("I want to end my life", country="au")[0].crisis.reply


def test_unknown_kind_is_a_clear_error(safety_book):
    with pytest.raises(ValueError, match="Unknown crisis kind"):
        crisis_reply(safety_book, "sad", "US")
