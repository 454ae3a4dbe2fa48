import pytest

from assistant.input_check import InputRejected, clean_user_text


def test_plain_text_passes_unchanged():
    assert clean_user_text("  I have a cough  ", limit=100).text == "I have a cough"


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t \r\n"])
def test_empty_is_rejected_with_a_message(raw):
    with pytest.raises(InputRejected, match="empty"):
        clean_user_text(raw, limit=100)


def test_too_long_names_both_sizes():
    with pytest.raises(InputRejected) as err:
        clean_user_text("a" * 1_048_576, limit=20_000)
    assert "1,048,576" in str(err.value) and "20,000" in str(err.value)


def test_control_characters_removed_with_notice():
    cleaned = clean_user_text("hel\x00lo\x07 there\u202e", limit=100)
    assert cleaned.text == "hello there"
    assert any("Control characters" in notice for notice in cleaned.notices)


def test_invalid_utf8_bytes_replaced_with_notice():
    cleaned = clean_user_text("fever since Monday ".encode() + b"\xff\xfe", limit=100)
    assert cleaned.text.startswith("fever since Monday")
    assert any("UTF-8" in notice for notice in cleaned.notices)


def test_binary_junk_is_rejected():
    blob = bytes(range(256)) * 8
    with pytest.raises(InputRejected, match="binary"):
        clean_user_text(blob, limit=100_000)


# Language detection moved from input_check.looks_non_english to the one parse (Findings.language).
@pytest.mark.parametrize("text", [
    "Tengo un dolor de cabeza muy fuerte desde hace tres días",
    "У меня болит голова уже три дня и температура",
    "我头痛三天了，还发烧，怎么办才好呢请告诉我",
])
def test_non_english_is_detected(read, text):
    assert read(text).language != "en"


@pytest.mark.parametrize("text", ["I have had a headache for three days", "BP 150/90, HR 88", "quiz me"])
def test_english_is_not_flagged(read, text):
    assert read(text).language == "en"
