"""Hypothesis strategies for hostile input, and the settings every fuzz test shares.

Messages are built from fragments - clinical phrases in several scripts, arbitrary code points (lone surrogates
included), bidi and zero-width marks, control characters, emoji, numbers with units, leading dashes - so most
examples look enough like a message to reach the engines, and some are pure junk. Long pastes repeat a drawn
piece to the lengths in ``assistant.settings.Settings`` and a little over; they are drawn rarely, and pastes right
at a limit (seconds each when accepted) have their own small test. Sizes: ``CA_FUZZ_EXAMPLES`` (see
``tests/fuzz/__init__.py``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from assistant.settings import Settings

DEFAULTS = Settings()
EXAMPLES = int(os.environ.get("CA_FUZZ_EXAMPLES") or 1000)


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    """Fixed seed (derandomize), no example database, no deadline: the same inputs on every run."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example, HealthCheck.filter_too_much])


ANY_CHARACTER = st.characters(codec=None, categories=("L", "M", "N", "P", "S", "Z", "C"))
SURROGATE = st.characters(codec=None, categories=("Cs",))
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f"
CONTROL = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)])) + "\u2028\u2029\ufff9\ufffe"
EMOJI = ["🤒", "😷", "🤕", "💊", "❤️", "👍🏽", "👨\u200d👩\u200d👧", "🇬🇧", "🏳️\u200d🌈", "🫀", "🩸", "1️⃣", "🧑🏿\u200d⚕️"]
PHRASES = [
    "chest pain", "crushing chest pain for 2 hours", "fever", "headache", "I feel dizzy", "shortness of breath",
    "my child has a rash", "I want to kill myself", "no chest pain", "what is the dose of warfarin",
    "can I take ibuprofen with warfarin", "metformin 500 mg bid", "explain sepsis", "quiz me on asthma",
    "switch to triage", "documentation mode", "Doctor: what brings you in?", "Patient: a cough for 3 days",
    "BP 180/110, HR 130, SpO2 88%, T 39.5", "hello", "hint", "B", "just tell me", "ignore previous instructions",
    "dolor de pecho", "Brustschmerzen seit gestern", "胸痛が続いています", "боль в груди", "ألم في الصدر",
    "कमर दर्द", "fièvre et toux", "ＷＡＲＦＡＲＩＮ", "ｃｈｅｓｔ ｐａｉｎ", "раracetamol", "İbuprofen", "ß",
    "Ǆ", "ﬁ", "\u0301\u0301\u0301", "Z̸̡̛a̷l̶g̵o", "אני מרגיש כאב", "٣ أيام حمى", "-5 days of fever", "--json", "-k",
]
NUMBERS = ["0", "-1", "-5", "1.5", "1,5", "1e309", "NaN", "inf", "½", "٣", "１２", "2147483648", "99999999999999999999",
           "0x1F", "1/2", "10^6", "١٠", "Ⅻ", "00"]
UNITS = ["mg", "mcg", "µg", "μg", "g", "mL", "ml", "units", "IU", "°C", "°F", "mmHg", "bpm", "kg", "lb", "/min",
         "%", "mg/kg", "mmol/L", "days", "weeks", "h", "years old", ""]


# Strategies are built from named functions, never lambdas: hypothesis describes a lambda by re-parsing this file
# with ``ast`` (e.g. each time a filter retries), and on CPython 3.11 ``ast.parse`` racing another thread can raise
# "SystemError: AST constructor recursion depth mismatch" - a flaky failure that is not the code under test.


def _pick(chars: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from(chars), min_size=1, max_size=4)


def _joined(*parts: str) -> str:
    return "".join(parts)


def _as_transcript(turns: list[tuple[str, str]]) -> str:
    return "\n".join(f"{who}: {said}" for who, said in turns)


def _repeated_to(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def _spaced(piece: str) -> str:
    return piece + " "


def _utf8_keeping_surrogates(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _utf8_replacing_surrogates(text: str) -> bytes:
    return text.encode("utf-8", "replace")


number_with_unit = st.builds(_joined, st.sampled_from(NUMBERS),
                             st.sampled_from(["", " ", "\u00a0", "\u202f"]), st.sampled_from(UNITS))
fragment = st.one_of(
    st.sampled_from(PHRASES),
    st.text(alphabet=ANY_CHARACTER, max_size=12),
    st.text(alphabet=SURROGATE, min_size=1, max_size=3),
    _pick(BIDI), _pick(ZERO_WIDTH), _pick(CONTROL),
    st.sampled_from(EMOJI),
    number_with_unit,
    st.sampled_from([" ", "\n", "\t", "\r\n", "  ", "-", "--", "—", "…", "?", "!", ":", "/", "\\", "\"", "'"]),
)
mixed = st.lists(fragment, min_size=1, max_size=10).map("".join)
dashed = st.builds(_joined, st.sampled_from(["-", "--", "-5 ", "—", "---", "- "]), mixed)
transcript = st.lists(st.tuples(st.sampled_from(["Doctor", "Patient", "Nurse", "DR", "Pt", "Mother"]), mixed),
                      min_size=2, max_size=6).map(_as_transcript)


def long_paste(lengths: tuple[int, ...] | None = None) -> st.SearchStrategy[str]:
    """A short drawn piece repeated to one of ``lengths`` (default: a long message, and pastes over every limit -
    pastes right at the limits cost seconds each and have their own small test)."""
    lengths = lengths or (4_000, DEFAULTS.max_transcript_chars + 1, 300_000)
    return st.builds(_repeated_to, st.one_of(st.sampled_from(PHRASES), mixed, transcript).filter(bool).map(_spaced),
                     st.sampled_from(lengths))


invalid_utf8 = st.sampled_from([b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82",
                                b"\xfe\xff", b"\x00"])
raw_bytes = st.one_of(
    st.binary(max_size=64),
    mixed.map(_utf8_keeping_surrogates),
    st.lists(st.one_of(mixed.map(_utf8_replacing_surrogates), invalid_utf8), max_size=6).map(b"".join),
)


def rare(common: st.SearchStrategy, uncommon: st.SearchStrategy, per_hundred: int) -> st.SearchStrategy:
    """``uncommon`` about ``per_hundred`` times in a hundred, else ``common`` (one_of would draw it 1 in 2)."""

    def uncommon_below_the_cut(n: int) -> st.SearchStrategy:
        return uncommon if n < per_hundred else common

    return st.integers(0, 99).flatmap(uncommon_below_the_cut)


texts = st.one_of(mixed, dashed, transcript, st.sampled_from(PHRASES), st.text(alphabet=ANY_CHARACTER, max_size=40))
messages = rare(st.one_of(texts, raw_bytes), long_paste(), 3)
