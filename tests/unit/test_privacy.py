"""Redaction of personal details and exception summaries without message text."""

import pytest

from assistant.privacy import KINDS, failure_summary, redact

NOTE = ("Mrs Ann Lee (DOB: 12/03/1961, MRN 12345678) lives at 22 Baker Street, NW1 6XE; call 07700 900123 or "
        "ann.lee@example.com. My name is Ann. BP 150/95, temp 38.2, 3 days of cough, took 500 mg twice, 2/7 hx.")


def test_every_kind_of_detail_is_replaced_and_clinical_numbers_stay():
    cleaned = redact(NOTE)
    for detail in ("Ann Lee", "12/03/1961", "12345678", "Baker Street", "NW1 6XE", "07700", "ann.lee@", "Ann."):
        assert detail not in cleaned, detail
    for kept in ("BP 150/95", "temp 38.2", "3 days of cough", "500 mg", "2/7 hx"):
        assert kept in cleaned, kept
    assert "DOB: [date of birth]" in cleaned and "MRN [record number]" in cleaned and "Mrs [name]" in cleaned


def test_only_the_chosen_kinds_are_redacted():
    cleaned = redact(NOTE, ["emails"])
    assert "[email]" in cleaned and "Baker Street" in cleaned


def test_an_unknown_kind_is_named():
    with pytest.raises(ValueError, match="Unknown redaction kinds"):
        redact("x", ["shoe_size"])
    assert set(KINDS) >= {"names", "phones"}


def test_a_failure_summary_never_holds_the_message():
    try:
        raise ValueError("patient said: I want to end my life")
    except ValueError as err:
        summary = failure_summary(err)
    assert summary.startswith("ValueError at") and "end my life" not in summary


def test_the_facade_logs_no_message_text(settings, caplog):
    from graphs import ClinicalAssistant

    with ClinicalAssistant(settings) as assistant:
        assistant.graph = None  # every turn now fails inside the run
        reply = assistant.send("t", "my secret symptom is ringing ears")
    assert not reply.accepted and "try again" in reply.text.lower()
    assert "ringing ears" not in caplog.text and "turn" in caplog.text.lower()
