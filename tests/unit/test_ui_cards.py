"""ui.web.cards: the triage card, vote bars, sources and medicine checks as escaped HTML."""

from assistant.artifacts import LEVEL_ADVICE
from tests.unit.ui_fakes import CITATION, TRIAGE
from ui.web import cards


def test_triage_card_has_level_colour_advice_flags_and_next_questions():
    html = cards.triage_card_html(TRIAGE)
    assert "ca-level-emergency" in html and LEVEL_ADVICE["emergency"] in html
    assert "Chest pain spreading to the arm with sweating" in html and "NICE CG95" in html
    assert "Missing information" in html and "How old are you?" in html
    assert "Possible heart attack &lt;script&gt;" in html and "<script>" not in html


def test_each_level_maps_to_its_own_advice():
    for level, advice in LEVEL_ADVICE.items():
        assert advice in cards.triage_card_html({"level": level})


def test_no_triage_no_card():
    assert cards.triage_card_html(None) == ""
    assert cards.triage_card_html({"red_flags": []}) == ""


def test_vote_split_is_drawn_as_bars_in_level_order():
    html = cards.vote_bars_html(TRIAGE["vote"])
    assert "width:60%" in html and "width:40%" in html
    assert html.index("Emergency") < html.index("Urgent")
    assert "agreement 60%" in html and "2 raters" in html
    assert cards.vote_bars_html(None) == "" and cards.vote_bars_html({"distribution": {}}) == ""


def test_bad_vote_fractions_are_clamped():
    html = cards.vote_bars_html({"distribution": {"routine": 7, "urgent": "x"}})
    assert "width:100%" in html and "width:0%" in html


def test_sources_open_to_the_cited_passage_with_metadata():
    html = cards.sources_html([CITATION])
    assert "<details" in html and "Asthma management" in html
    assert "Reliever therapy" in html and "GINA" in html and "2024" in html
    assert "as-needed reliever &lt;b&gt;inhaler&lt;/b&gt;" in html
    assert 'href="https://ginasthma.org/report"' in html and 'rel="noopener noreferrer"' in html


def test_unsafe_urls_are_not_links_and_no_citations_no_panel():
    html = cards.sources_html([{**CITATION, "url": "javascript:alert(1)"}])
    assert "href" not in html and "javascript" not in html
    assert cards.sources_html([]) == "" and cards.sources_html(None) == ""


def test_drug_card_lists_interactions_by_severity_and_unchecked_loudly():
    drugs = {"interactions": [{"a": "x", "b": "y", "severity": "minor"},
                              {"a": "warfarin", "b": "ibuprofen", "severity": "major", "mechanism": "bleeding",
                               "management": "avoid", "source": "FDA label"}],
             "unchecked": [{"name": "foozole", "reason": "unknown drug", "suggestions": ["fluconazole"]}]}
    html = cards.drugs_html(drugs)
    assert html.index("warfarin") < html.index("x + y")
    assert "Not checked" in html and "foozole" in html and "fluconazole" in html
    assert cards.drugs_html({}) == "" and cards.drugs_html({"drugs": []}) == ""


def test_drug_card_names_the_medicines_looked_up():
    html = cards.drugs_html({"drugs": [{"generic": "warfarin", "class": "anticoagulant <x>"}]})
    assert "warfarin" in html and "anticoagulant &lt;x&gt;" in html
