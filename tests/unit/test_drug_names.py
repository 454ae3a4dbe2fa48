"""Drug name resolution and mention finding (DrugCatalogue.resolve / find_mentions: knowledge/drugs/names.py,
mentions.py, mention_policy.py)."""

import pytest

from knowledge.drugs.classes import strip_salt
from knowledge.drugs.interaction_data import read_interaction_data


@pytest.fixture
def resolve(drug_catalogue):
    return drug_catalogue.resolve


@pytest.fixture
def find_mentions(drug_catalogue):
    return drug_catalogue.find_mentions


@pytest.mark.parametrize(
    "name, generic",
    [
        ("acetaminophen", "acetaminophen"),
        ("Tylenol", "acetaminophen"),
        ("paracetamol", "acetaminophen"),
        ("salbutamol", "albuterol"),
        ("Zocor", "simvastatin"),
        ("rifampicin", "rifampin"),
        ("glyceryl trinitrate", "nitroglycerin"),
        ("GTN", "nitroglycerin"),
        ("lithium carbonate", "lithium"),
        ("  WARFARIN  ", "warfarin"),
        ("metformin 500 mg tablets", "metformin"),
    ],
)
def test_resolves_generic_brand_and_international_names(resolve, name, generic):
    res = resolve(name)
    assert res.found
    assert res.components == (generic,)


@pytest.mark.parametrize("typo, generic", [("warfarine", "warfarin"), ("ibuprofin", "ibuprofen"),
                                           ("sertralin", "sertraline"), ("amoxicilin", "amoxicillin"),
                                           ("paracetomol", "acetaminophen")])
def test_misspellings_resolve_by_fuzzy_match(resolve, typo, generic):
    res = resolve(typo)
    assert res.components == (generic,)
    assert res.matched_by == "fuzzy"
    assert 85 <= res.score < 100


@pytest.mark.parametrize("name, components", [("Bactrim", ("sulfamethoxazole", "trimethoprim")),
                                              ("co-amoxiclav", ("amoxicillin", "clavulanate")),
                                              ("Augmentin", ("amoxicillin", "clavulanate"))])
def test_combination_products_resolve_to_components(resolve, name, components):
    assert set(resolve(name).components) == set(components)


def test_combination_brand_points_at_its_monograph_when_there_is_one(resolve, drug_catalogue):
    if drug_catalogue.monograph("sacubitril/valsartan") is None:
        pytest.skip("sacubitril/valsartan monograph not written yet")
    res = resolve("Entresto")
    assert res.monograph == "sacubitril/valsartan"
    assert set(res.components) == {"sacubitril", "valsartan"}


@pytest.mark.parametrize("word", ["water", "coffee", "Coffee beans", "banana", "hello"])
def test_everyday_words_are_not_drugs(resolve, word):
    res = resolve(word)
    assert not res.found
    assert res.reason


@pytest.mark.parametrize("bad, reason", [("", "empty"), ("   ", "empty"), ("12345", "no letters"),
                                         ("x" * 10_000, "too long")])
def test_bad_input_gives_a_reason_not_a_crash(resolve, bad, reason):
    res = resolve(bad)
    assert not res.found
    assert reason in res.reason


@pytest.mark.parametrize("bad", [None, 42, ["warfarin"]])
def test_non_text_input_is_rejected(resolve, bad):
    assert resolve(bad).reason == "not a text name"


def test_unknown_name_gets_suggestions(resolve, drug_catalogue):
    res = resolve("simvastatinn-xr-brandname")
    assert not res.found or res.components == ("simvastatin",)
    assert "acetaminophen" in drug_catalogue.suggest("acetaminofenn")


def test_find_mentions_in_free_text(find_mentions):
    text = "Pt on Coumadin 5 mg, takes ibuprofin for pain and Zoloft; drinks coffee and water."
    found = [(m.surface, m.resolution.components) for m in find_mentions(text)]
    assert found == [("Coumadin", ("warfarin",)), ("ibuprofin", ("ibuprofen",)), ("Zoloft", ("sertraline",))]
    mention = find_mentions(text)[0]
    assert text[mention.start:mention.end] == "Coumadin"


def test_find_mentions_prefers_the_longest_name(find_mentions):
    mentions = find_mentions("started potassium chloride today")
    assert [m.resolution.components for m in mentions] == [("potassium chloride",)]


@pytest.mark.parametrize("text", ["", "hello there, how are you today?", "a" * 10_000, "\x00\x01 binary"])
def test_find_mentions_without_drugs_is_empty(find_mentions, text):
    assert find_mentions(text) == []


@pytest.mark.parametrize("raw, generic", [("SERTRALINE HYDROCHLORIDE", "sertraline"), ("losartan potassium", "losartan"),
                                          ("potassium chloride", "potassium chloride"), ("warfarin sodium", "warfarin")])
def test_strip_salt(raw, generic):
    assert strip_salt(raw) == generic


def test_clinical_prose_gives_no_false_mentions(find_mentions):
    text = ("Chest pain, troponin and creatinine pending; follow up with primary care; antibiotics if fever. "
            "Medications: lisinopril.")
    assert [m.resolution.components for m in find_mentions(text)] == [("lisinopril",)]


# --- Free-text precision: everyday English is not a drug (find_mentions), explicit lookups stay permissive ---

@pytest.mark.parametrize("text", [
    "what is the recommended treatment for dragon pox in wizards?",
    "my sinus is blocked and I feel rough",
    "patient alert and oriented, fast heart rate, regular rhythm",
    "nothing helps; what is the target blood pressure?",
    "living on the edge; is there a solution?",
    "runny nose and cough for three days",
    "mucous membranes moist; contractions every five minutes",
    "what is the dose of treatment for anaphylaxis?",
    "saline solution for the wound",
])
def test_everyday_words_in_free_text_are_not_drug_mentions(find_mentions, text):
    assert find_mentions(text) == []


def test_clinical_note_with_lab_words_gives_no_mentions(find_mentions):
    text = ("Seen in ED with chest pain. Troponin raised at 3 hours; ECG shows ST depression. "
            "Previous anaphylaxis to peanuts. Creatine kinase and procalcitonin normal. Plan: cardiology review.")
    assert find_mentions(text) == []


@pytest.mark.parametrize("text, expected", [
    ("I take warfarin and ibuprofen", [("warfarin",), ("ibuprofen",)]),
    ("on Lipitor 40 mg", [("atorvastatin",)]),
    ("paracetamol", [("acetaminophen",)]),
    ("salbutamol inhaler", [("albuterol",)]),
    ("she takes sertralin", [("sertraline",)]),
    ("amoxicillin-clavulanate", [("amoxicillin", "clavulanate")]),
    ("started on regular insulin", [("insulin",)]),
    ("magnesium oxide with ciprofloxacin", [("magnesium oxide",), ("ciprofloxacin",)]),
])
def test_real_mentions_are_still_found(find_mentions, text, expected):
    assert [tuple(sorted(m.resolution.components)) for m in find_mentions(text)] == [tuple(sorted(e)) for e in expected]


def test_combination_brand_found_in_free_text(find_mentions):
    [mention] = find_mentions("Bactrim twice a day")
    assert set(mention.resolution.components) == {"sulfamethoxazole", "trimethoprim"}


def test_misspelling_in_free_text_matches_by_fuzzy(find_mentions):
    [mention] = find_mentions("she takes sertralin at night")
    assert mention.surface == "sertralin"
    assert mention.resolution.matched_by == "fuzzy"


def test_explicit_lookup_stays_permissive_for_brand_words(resolve):
    # One word typed into a drug lookup means a drug: the NDC brand "Dragon" is ibuprofen there,
    # even though in a chat message it is just a word.
    assert resolve("Dragon").components == ("ibuprofen",)
    assert not resolve("water").found and not resolve("coffee").found


def test_international_and_us_spellings_resolve_to_one_generic(resolve):
    assert resolve("beclometasone").generic == resolve("beclomethasone").generic == "beclomethasone"
    assert resolve("norethisterone").components == ("norethindrone",)


def test_every_interaction_table_name_is_found_in_free_text(resolve, find_mentions):
    missed = [n for n in sorted(read_interaction_data().known_drugs())
              if [m.resolution.generic for m in find_mentions(n)] != [resolve(n).generic]]
    assert missed == []


def test_a_dosage_form_said_with_the_name_names_the_same_medicine(drug_catalogue):
    # a form-specific dictionary entry ("nitroglycerin spray") must not hide the medicine the interaction data knows
    for said, generic in [("nitroglycerin spray", "nitroglycerin"), ("fentanyl patch", "fentanyl"),
                          ("salbutamol inhaler", "albuterol")]:
        assert drug_catalogue.resolve(said).generic == generic
    assert not drug_catalogue.resolve("spray").found
