"""The answers scorer: a key fact counts only when the reply says it, an out-of-library reply only when it says
there is no source and cites nothing, and a citation only when it is the item's own guideline."""

from assistant.evaluation.answers import blind_items, carries, cites, evaluate, honest_no_source, own_items

ITEMS = [
    {"id": "g", "question": "q-guideline", "kind": "guideline", "guideline": "Gout (ACR, 2020)", "question_type": "first_line",
     "key_fact": ["colchicine"]},
    {"id": "d", "question": "q-drug", "kind": "drug", "question_type": "dose", "key_fact": ["4 g", "4000 mg"]},
    {"id": "o", "question": "q-outside", "kind": "out_of_library", "question_type": "first_line", "key_fact": []},
]


def test_a_fact_counts_as_said_in_any_of_its_forms_and_only_as_whole_words():
    assert carries("Maximum 4,000 mg in 24 hours.", ["4 g", "4000 mg"])
    assert carries("Give COLCHICINE early", ["colchicine"])
    assert not carries("Maximum 14 g", ["4 g"])
    assert not carries("nothing relevant", ["colchicine"])


def test_honest_means_saying_so_and_citing_nothing():
    assert honest_no_source({"text": "I don't have a source for that in the guideline library.", "citations": []})
    assert not honest_no_source({"text": "I don't have a source for that.", "citations": [{"title": "x"}]})
    assert not honest_no_source({"text": "Cellulitis is treated with ...", "citations": []})


def test_the_expected_guideline_is_matched_by_its_title():
    assert cites({"citations": [{"title": "Gout"}]}, "Gout (ACR, 2020)")
    assert not cites({"citations": [{"title": "Gouty things"}]}, "Gout (ACR, 2020)")
    assert not cites({"citations": []}, "Gout (ACR, 2020)")


def test_evaluate_counts_each_kind_against_its_own_figure():
    replies = {
        "q-guideline": {"text": "Colchicine [1]", "citations": [{"title": "Gout"}], "tools": []},
        "q-drug": {"text": "Usual dose 500 mg", "citations": [], "drugs": {"name": "acetaminophen"}, "tools": []},
        "q-outside": {"text": "Cellulitis sentences [1]", "citations": [{"title": "Skin infections"}], "tools": []},
    }
    report = evaluate(ITEMS, replies.__getitem__)
    assert report["key_fact"]["k"] == 1 and report["key_fact"]["n"] == 2
    assert report["cites_expected_guideline"]["k"] == 1
    assert report["drug_engines_used"]["k"] == 1
    assert report["out_of_library_honest"]["k"] == 0 and report["out_of_library_cited_nothing"]["k"] == 0


def test_both_sets_load_in_the_briefed_format():
    for items in (own_items(), blind_items()):
        assert items and all({"id", "question", "kind", "key_fact"} <= set(item) for item in items)
        assert {item["kind"] for item in items} <= {"guideline", "drug", "out_of_library"}
