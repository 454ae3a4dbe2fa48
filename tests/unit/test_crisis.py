"""Crisis language: detection (incl. indirect phrasing), denial handling, replies and country contacts."""

import re

import pytest

from assistant.safety import contacts_for, crisis_reply, screen
from assistant.safety.crisis import KINDS

DOSE_OR_METHOD = re.compile(r"\b\d+\s*(?:mg|g|grams?|ml|pills|tablets)\b|lethal|fatal dose|how (?:many|much) to take", re.I)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I want to kill myself", "suicide"),
        ("I want to end it all", "suicide"),
        ("there's no reason to live anymore", "suicide"),
        ("I have nothing to live for", "suicide"),
        ("everyone would be better off without me", "suicide"),
        ("I don't want to be here anymore", "suicide"),
        ("I'm SUCIDAL", "suicide"),
        ("im   suicidal", "suicide"),
        ("if this doesn't get better I'll kill myself", "suicide"),
        ("I feel suicidal but I'm not going to do anything", "suicide"),
        ("my friend says she wants to die", "suicide"),
        ("I took 30 pills", "overdose_taken"),
        ("I've taken an overdose", "overdose_taken"),
        ("I swallowed a whole bottle of my tablets", "overdose_taken"),
        ("I'm going to kill him", "harm_to_others"),
        ("I want to hurt someone", "harm_to_others"),
        ("I've been cutting myself", "self_harm"),
        ("I want to hurt myself", "self_harm"),
    ],
)
def test_detected(text, kind):
    result = screen(text)
    assert result.crisis is not None and result.crisis.kind == kind
    assert result.level == "emergency"
    assert any(flag.id == f"crisis_{kind}" and flag.source for flag in result.red_flags)


def test_overdose_outranks_suicide():
    assert screen("I want to die so I took 40 tablets").crisis.kind == "overdose_taken"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("I'm not suicidal", "negated"),
        ("I have never been suicidal", "negated"),
        ("I tried to kill myself last year", "historical"),
        ("I was suicidal in my teens", "historical"),
        ("what is the suicide rate in the US?", "educational"),
        ("explain suicide risk assessment", "educational"),
    ],
)
def test_not_a_crisis_but_recorded(text, status):
    """Decision: a denied, past or teaching mention gives no crisis reply, but is kept with its status so
    the dialogue can acknowledge it and offer contacts (see knowledge/safety/README.md)."""
    result = screen(text)
    assert result.crisis is None
    assert not any(flag.id.startswith("crisis_") for flag in result.red_flags)
    assert {"kind": "suicide", "status": status} == {k: result.crisis_mentions[0][k] for k in ("kind", "status")}


@pytest.mark.parametrize(
    "text",
    ["this headache is killing me", "I cut myself shaving", "I hurt myself falling off my bike", "I took 2 pills",
     "I took my pills this morning", "kill the process"],
)
def test_everyday_phrasing_is_not_a_crisis(text):
    assert screen(text).crisis is None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("country", ["US", "UK", "IE", "CA", "AU", "NZ", "IN", "generic"])
def test_replies_have_contacts_and_no_method_or_dose(kind, country):
    reply = crisis_reply(kind, country)
    assert not DOSE_OR_METHOD.search(reply), reply
    assert contacts_for(country)[0]["number"] in reply  # the emergency number is always there


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
def test_country_contacts(country, numbers):
    shown = {c["number"] for c in contacts_for(country)}
    for number in numbers:
        assert number in shown


def test_contacts_follow_the_kind():
    suicide = crisis_reply("suicide", "US")
    overdose = crisis_reply("overdose_taken", "US")
    assert "988" in suicide and "1-800-222-1222" not in suicide
    assert "1-800-222-1222" in overdose


def test_screen_uses_country():
    assert "116 123" in screen("I want to end my life", country="UK").crisis.reply
    assert "13 11 14" in screen("I want to end my life", country="au").crisis.reply


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown crisis kind"):
        crisis_reply("sad", "US")
