"""lookup_drug, the monograph loader and the FDA NDC class map."""

from functools import partial

import pytest

from assistant.drugs import lookup
from knowledge.drugs.monographs import MonographError, read_monographs


@pytest.fixture
def lookup_drug(drug_catalogue):
    return partial(lookup.lookup_drug, drug_catalogue)


def test_monograph_lookup_has_class_brands_and_source(lookup_drug, drug_catalogue):
    if drug_catalogue.monograph("acetaminophen") is None:
        pytest.skip("acetaminophen monograph not written yet")
    info = lookup_drug("Tylenol")
    assert info["found"] and info["level"] == "monograph"
    assert info["query"] == "Tylenol"
    assert info["generic"] == "acetaminophen"
    assert "Tylenol" in info["brands"]
    assert info["class"]
    assert info["source"]["name"] and info["source_label"]


def test_drug_without_monograph_gets_class_level_info(lookup_drug, drug_catalogue):
    if drug_catalogue.monograph("nadolol"):
        pytest.skip("nadolol monograph now exists")
    info = lookup_drug("nadolol")
    assert info["found"] and info["level"] == "class"
    assert "beta-Adrenergic Blocker [EPC]" in info["epc_classes"]
    assert "beta_blocker" in info["tags"]
    assert "FDA National Drug Code" in info["source_label"]


def test_combination_lists_its_components(lookup_drug):
    info = lookup_drug("co-amoxiclav")
    assert info["level"] in {"combination", "monograph"}
    assert set(info["components"]) == {"amoxicillin", "clavulanate"}


def test_combination_without_a_monograph_summarises_each_component(lookup_drug):
    info = lookup_drug("co-careldopa")
    if info["level"] == "monograph":
        pytest.skip("carbidopa/levodopa monograph now exists")
    assert info["level"] == "combination"
    assert [c["generic"] for c in info["component_summaries"]] == ["carbidopa", "levodopa"]


@pytest.mark.parametrize("name", ["qzxwvplol", "", "water", "x" * 10_000, "123"])
def test_not_found_has_error_and_suggestion_list(lookup_drug, name):
    info = lookup_drug(name)
    assert info["found"] is False
    assert info["error"].startswith("Drug not found")
    assert isinstance(info["suggestions"], list)


def test_near_miss_suggests_the_drug(lookup_drug):
    info = lookup_drug("lisinoprilol-xr")
    assert info["found"] is False
    assert "lisinopril" in info["suggestions"]


def test_current_monograph_files_validate():
    result = read_monographs()
    assert result.problems == []
    assert result.records, "no monographs found"


def test_bad_monograph_is_reported_with_file_and_record(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "- generic: fakeomycin\n  class: test\n  tags: [not_a_tag]\n  source: {name: test}\n"
        "- generic: goodomycin\n  class: test\n  tags: [nsaid]\n  source: {name: test}\n")
    result = read_monographs(tmp_path)
    assert list(result.records) == ["goodomycin"]
    assert result.problems and "bad.yaml record 1 (fakeomycin)" in result.problems[0]
    with pytest.raises(MonographError, match="bad.yaml record 1"):
        read_monographs(tmp_path, strict=True)


def test_bad_dose_unit_is_rejected(tmp_path):
    (tmp_path / "units.yaml").write_text(
        "- generic: fakeomycin\n  class: test\n  source: {name: test}\n"
        "  dosing:\n    - {route: oral, population: adult, daily_max: {amount: 5, unit: stone}}\n")
    assert "unit 'stone'" in read_monographs(tmp_path).problems[0]


def test_ndc_class_index_maps_epc_classes_to_tags(drug_catalogue):
    index = drug_catalogue.classes
    assert "statin" in index.tags_for("simvastatin")
    assert {"ssri", "serotonergic"} <= index.tags_for("sertraline")
    assert "ace_inhibitor" in index.tags_for("lisinopril")
    assert index.brands["zocor"] == ("simvastatin",)
