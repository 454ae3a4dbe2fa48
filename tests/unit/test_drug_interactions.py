"""Interaction data loading and check_interactions (assistant/drugs/interactions.py)."""

from functools import partial

import pytest

from assistant.drugs import interactions
from assistant.drugs.interactions import MAX_DRUGS, NO_INTERACTION
from knowledge.drugs.interaction_data import InteractionDataError, read_interaction_data


@pytest.fixture
def check_interactions(drug_catalogue):
    return partial(interactions.check_interactions, drug_catalogue)


@pytest.fixture
def check_pair(drug_catalogue):
    return partial(interactions.check_pair, drug_catalogue)


def test_pair_table_is_large_and_every_name_resolves(drug_catalogue):
    data = read_interaction_data()
    assert len(data.pairs) >= 300
    assert {p.severity for p in data.pairs.values()} >= {"contraindicated", "major", "moderate", "minor"}
    unresolved = [n for n in data.known_drugs() if not drug_catalogue.resolve(n).found]
    assert unresolved == []


def test_every_entry_names_a_source(drug_catalogue):
    data = drug_catalogue.interactions
    assert all(p.source and p.mechanism and p.management for p in data.pairs.values())
    assert all(r.source for r in data.rules)


def test_bad_data_file_is_reported_with_its_name(tmp_path):
    (tmp_path / "pairs_bad.yaml").write_text("- a: [warfarin]\n  b: [aspirin]\n  severity: catastrophic\n"
                                             "  mechanism: x\n  management: y\n  source: z\n")
    (tmp_path / "class_rules.yaml").write_text("rules: []\n")
    with pytest.raises(InteractionDataError, match=r"pairs_bad.yaml entry 1: severity"):
        read_interaction_data(tmp_path)


def test_duplicate_pairs_are_rejected(tmp_path):
    entry = "- a: [warfarin]\n  b: [aspirin]\n  severity: major\n  mechanism: x\n  management: y\n  source: z\n"
    (tmp_path / "pairs_one.yaml").write_text(entry + entry.replace("a: [warfarin]\n  b: [aspirin]",
                                                                   "a: [aspirin]\n  b: [warfarin]"))
    (tmp_path / "class_rules.yaml").write_text("rules: []\n")
    with pytest.raises(InteractionDataError, match="already defined"):
        read_interaction_data(tmp_path)


def test_unknown_tag_in_rule_is_rejected(tmp_path):
    (tmp_path / "pairs_x.yaml").write_text("[]\n")
    (tmp_path / "class_rules.yaml").write_text(
        "rules:\n  - id: r\n    a: {tags: [not_a_tag]}\n    b: {tags: [nsaid]}\n    severity: major\n"
        "    mechanism: m\n    management: g\n    source: s\n")
    with pytest.raises(InteractionDataError, match="unknown tags"):
        read_interaction_data(tmp_path)


def test_major_pair_from_pair_table(check_interactions):
    report = check_interactions(["warfarin", "ibuprofen"])
    [finding] = report.interactions
    assert (finding.a, finding.b, finding.severity, finding.basis) == ("warfarin", "ibuprofen", "major", "pair")
    assert "FDA label" in finding.source
    assert report.to_dict()["complete"] is True


def test_class_rule_applies_when_no_pair_entry(check_pair):
    finding = check_pair("fluconazole", "citalopram")
    assert finding.basis == "class_rule"
    assert finding.severity == "major"
    assert "qt_combination" in finding.rules


def test_pair_entry_overrides_class_rule(check_pair):
    # lithium + hydrochlorothiazide matches the lithium_thiazide rule too; the pair table wins.
    assert check_pair("lithium", "hydrochlorothiazide").basis == "pair"
    # triptan + SSRI: the specific rule overrides the general serotonergic rule.
    finding = check_pair("eletriptan", "fluvoxamine")
    assert finding.severity == "moderate"
    assert "serotonergic_combination" not in finding.rules


def test_safe_pair_reports_none_not_silence(check_interactions):
    report = check_interactions(["amlodipine", "lisinopril"])
    [finding] = report.interactions
    assert finding.severity == "none"
    assert finding.mechanism == NO_INTERACTION


def test_brands_and_misspellings_are_checked_and_noted(check_interactions):
    report = check_interactions(["Coumadin", "asprin"])
    assert report.worst == "major"
    assert any("asprin" in note for note in report.notes)


def test_combination_product_is_checked_by_component(check_interactions):
    report = check_interactions(["Bactrim", "warfarin"])
    assert ("sulfamethoxazole", "warfarin", "major") in {(f.a, f.b, f.severity) for f in report.interactions}
    assert all(f.a_input == "Bactrim" for f in report.interactions)


def test_duplicate_ingredient_is_flagged(check_interactions):
    report = check_interactions(["Tylenol", "paracetamol"])
    assert [f.basis for f in report.interactions] == ["duplicate"]


def test_unknown_and_non_drug_names_go_to_unchecked(check_interactions):
    report = check_interactions(["warfarin", "qzxwv", "water", "", "12"])
    names = {u["name"]: u for u in report.unchecked}
    assert set(names) == {"qzxwv", "water", "", "12"}
    assert all(u["reason"] for u in report.unchecked)
    assert report.interactions == []
    assert report.notes and report.to_dict()["complete"] is False


def test_unknown_near_miss_gets_suggestions(check_interactions):
    report = check_interactions(["warfarin", "clopidogrelxx-brand"])
    assert report.unchecked and report.unchecked[0]["suggestions"]


def test_huge_inputs_do_not_crash(check_interactions):
    report = check_interactions(["x" * 10_000, "warfarin"])
    assert "too long" in report.unchecked[0]["reason"]
    many = check_interactions(["warfarin"] * 200)
    overflow = [u for u in many.unchecked if "longer than" in u["reason"]]
    assert len(overflow) == 200 - MAX_DRUGS


@pytest.mark.parametrize("bad", [[], "warfarin", None])
def test_degenerate_lists(check_interactions, bad):
    report = check_interactions(bad)
    assert report.interactions == []
    assert report.notes


def test_twenty_drug_list_checks_all_190_pairs(check_interactions):
    drugs = ["warfarin", "ibuprofen", "simvastatin", "clarithromycin", "sertraline", "tramadol", "lisinopril",
             "spironolactone", "sildenafil", "nitroglycerin", "acetaminophen", "metformin", "amoxicillin",
             "omeprazole", "amlodipine", "metoprolol", "levothyroxine", "furosemide", "aspirin", "albuterol"]
    report = check_interactions(drugs)
    assert len({(f.a_input, f.b_input) for f in report.interactions}) == 190
    assert report.counts["contraindicated"] == 2
    assert report.interactions[0].severity == "contraindicated"  # sorted most severe first


def test_bare_insulin_gets_class_level_checks(check_interactions):
    report = check_interactions(["ciprofloxacin", "insulin"]).to_dict()
    assert report["interactions"][0]["severity"] not in ("none", None)
