"""BM25, dense (Chroma) and hybrid retrieval; index open/rebuild/sync; bad queries; unreachable server."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.retrieval.bm25 import BM25Index, tokenize
from knowledge.retrieval.dense import VectorStoreUnavailable, open_client
from knowledge.retrieval.hybrid import SearchFilters
from knowledge.retrieval.index import GuidelineIndex
from tests.unit.guideline_fixtures import small_starter_dir


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("retrieval")
    return GuidelineIndex.open(tmp / "index", starter_dir=small_starter_dir(tmp))


def test_bm25_ranks_matching_text_first():
    bm25 = BM25Index(["breast cancer screening with mammograms", "ear infection antibiotics", "ankle x-ray rules"])
    assert bm25.top("mammogram screening", 3)[0][0] == 0
    assert bm25.top("the of and", 3) == []  # only stop words
    assert bm25.top("x-ray", 3, allowed=np.array([True, True, False])) == []
    assert tokenize("Infants screened") == ["infant", "screen"]


@pytest.mark.parametrize("query, doc_id", [
    ("When should mammography start for women in their 40s?", "uspstf-breast-cancer-screening-2024"),
    ("high-dose amoxicillin for a child with an ear infection", "aap-acute-otitis-media-2013"),
    ("lactate and fluids within the first hour of septic shock", "ssc-sepsis-septic-shock-2021"),
    ("does this twisted ankle need an x-ray", "stiell-ottawa-ankle-rules-1993"),
])
def test_each_mode_finds_the_right_guideline(index, query, doc_id):
    for mode in ("bm25", "dense", "hybrid"):
        hits = index.search(query, 3, mode=mode)
        assert doc_id in [h.chunk.doc_id for h in hits], mode
    top = index.search(query, 1)[0]
    assert top.chunk.doc_id == doc_id and top.relevant and 0 < top.score <= 1


def test_citation_shape(index):
    citation = index.search("sepsis bundle", 1)[0].to_citation()
    assert set(citation) == {"doc_id", "title", "section", "source", "year", "url", "snippet", "score"}
    assert citation["year"] == 2021 and citation["snippet"] and "**" not in citation["snippet"]


def test_filters(index):
    uspstf = index.search("screening", 5, SearchFilters(source="USPSTF"))
    assert uspstf and {h.chunk.doc_id for h in uspstf} == {"uspstf-breast-cancer-screening-2024"}
    assert all(h.chunk.metadata["year"] >= 2020 for h in index.search("antibiotics", 5, SearchFilters(year_min=2020)))
    assert index.search("ankle", 5, SearchFilters(specialty="no-such-specialty")) == []
    pediatric = index.search("fever", 5, SearchFilters(specialty="pediatrics"))
    assert pediatric and all("pediatric" in h.chunk.metadata["specialty"] for h in pediatric)


def test_unrelated_query_is_not_relevant(index):
    hits = index.search("recipe for sourdough bread with a crispy crust", 5)
    assert hits and not any(h.relevant for h in hits)


@pytest.mark.parametrize("query", ["", "   ", "\x00\x01", "?!"])
def test_empty_queries_give_no_results(index, query):
    assert index.search(query, 5, mode="bm25") == [] or query.strip("\x00\x01?! ") == ""
    if not query.strip():
        assert index.search(query, 5) == []


def test_huge_query_does_not_crash(index):
    hits = index.search("mammography screening " * 6000, 3)  # ~130 kB
    assert hits and hits[0].chunk.doc_id == "uspstf-breast-cancer-screening-2024"


def test_topics_and_document(index):
    topics = index.topics()
    assert {t["doc_id"] for t in topics} >= {"aap-acute-otitis-media-2013", "stiell-ottawa-ankle-rules-1993"}
    doc = index.document("aap-acute-otitis-media-2013")
    assert doc is not None and doc.sections
    assert index.document("nope") is None


def test_missing_index_is_rebuilt_with_progress(tmp_path):
    starter = small_starter_dir(tmp_path)
    calls: list[tuple[int, int]] = []
    first = GuidelineIndex.open(tmp_path / "idx", starter_dir=starter, progress=lambda d, t, n: calls.append((d, t)))
    assert calls[-1] == (4, 4) and "Built" in first.notices[0]
    (tmp_path / "idx" / "manifest.json").unlink()
    again = GuidelineIndex.open(tmp_path / "idx", starter_dir=starter)
    assert "Built" in again.notices[0] and again.is_complete()
    assert again.search("ottawa ankle", 1)[0].chunk.doc_id == "stiell-ottawa-ankle-rules-1993"


def test_changed_starter_file_is_synced_on_open(tmp_path):
    starter = small_starter_dir(tmp_path)
    GuidelineIndex.open(tmp_path / "idx", starter_dir=starter)
    path = starter / "stiell-ottawa-ankle-rules-1993.md"
    path.write_text(path.read_text() + "\n## Extra\nThe capybara sign is a test-only phrase.\n")
    (starter / "aap-acute-otitis-media-2013.md").unlink()
    reopened = GuidelineIndex.open(tmp_path / "idx", starter_dir=starter)
    assert "1 updated" in reopened.notices[0]
    assert reopened.search("capybara sign", 1)[0].chunk.section == "Extra"
    assert "aap-acute-otitis-media-2013" not in reopened.manifest.docs
    assert reopened.is_complete()


def test_unreachable_chroma_server_names_the_url(tmp_path):
    with pytest.raises(VectorStoreUnavailable, match="http://127.0.0.1:9"):
        open_client(tmp_path, "http://127.0.0.1:9")


def test_a_loosely_similar_passage_without_the_distinctive_word_is_not_a_source():
    from knowledge.retrieval.hybrid import distinctive_words, is_relevant

    rare = distinctive_words("treatment of chickenpox in adults")
    assert rare == ["chickenpox"]
    assert not is_relevant(0.35, rare, "Levothyroxine is the treatment of choice for hypothyroidism in adults.")
    assert is_relevant(0.35, rare, "Chickenpox (varicella) in adults: consider aciclovir within 24 hours.")
    assert is_relevant(0.62, rare, "A very close passage counts even without the word.")
    assert not is_relevant(0.2, [], "Too far in meaning.")
