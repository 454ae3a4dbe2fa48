"""BM25, dense (Chroma) and hybrid retrieval; index open/rebuild/sync; bad queries; unreachable server."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.guidelines.search import search, search_hits
from assistant.guidelines.sections import get_section, list_topics
from assistant.guidelines.tools import make_search_guidelines_tool
from knowledge.retrieval.bm25 import BM25Index, tokenize
from knowledge.retrieval.dense import VectorStoreUnavailable, open_client
from knowledge.retrieval.hybrid import SearchFilters, distinctive_words, is_relevant
from knowledge.retrieval.library import GuidelineIndex
from tests.unit.guideline_fixtures import small_starter_dir


@pytest.fixture
def index(small_guideline_index):
    """The session's four-document index (tests/fixtures/guidelines.py); searched here, never changed."""
    return small_guideline_index


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
    uspstf = index.search("screening", 5, filters=SearchFilters(source="USPSTF"))
    assert uspstf and {h.chunk.doc_id for h in uspstf} == {"uspstf-breast-cancer-screening-2024"}
    assert all(h.chunk.metadata["year"] >= 2020
               for h in index.search("antibiotics", 5, filters=SearchFilters(year_min=2020)))
    assert index.search("ankle", 5, filters=SearchFilters(specialty="no-such-specialty")) == []
    pediatric = index.search("fever", 5, filters=SearchFilters(specialty="pediatrics"))
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
    topics = index.list_topics()
    assert {t["doc_id"] for t in topics} >= {"aap-acute-otitis-media-2013", "stiell-ottawa-ankle-rules-1993"}
    doc = index.document("aap-acute-otitis-media-2013")
    assert doc is not None and doc.sections
    assert index.document("nope") is None


def test_missing_index_is_rebuilt_with_progress(tmp_path, embedder, token_counter):
    starter = small_starter_dir(tmp_path)
    calls: list[tuple[int, int]] = []
    first = GuidelineIndex.open(tmp_path / "idx", embedder, tokens=token_counter, starter_dir=starter,
                                progress=lambda d, t, n: calls.append((d, t)))
    assert calls[-1] == (4, 4) and "Built" in first.notices[0]
    (tmp_path / "idx" / "manifest.json").unlink()
    again = GuidelineIndex.open(tmp_path / "idx", embedder, tokens=token_counter, starter_dir=starter)
    assert "Built" in again.notices[0] and again.is_complete()
    assert again.search("ottawa ankle", 1)[0].chunk.doc_id == "stiell-ottawa-ankle-rules-1993"


def test_changed_starter_file_is_synced_on_open(tmp_path, embedder, token_counter):
    starter = small_starter_dir(tmp_path)
    GuidelineIndex.open(tmp_path / "idx", embedder, tokens=token_counter, starter_dir=starter)
    path = starter / "stiell-ottawa-ankle-rules-1993.md"
    path.write_text(path.read_text() + "\n## Extra\nThe capybara sign is a test-only phrase.\n")
    (starter / "aap-acute-otitis-media-2013.md").unlink()
    reopened = GuidelineIndex.open(tmp_path / "idx", embedder, tokens=token_counter, starter_dir=starter)
    assert "1 updated" in reopened.notices[0]
    assert reopened.search("capybara sign", 1)[0].chunk.section == "Extra"
    assert "aap-acute-otitis-media-2013" not in reopened.manifest.docs
    assert reopened.is_complete()


def test_unreachable_chroma_server_names_the_url(tmp_path):
    with pytest.raises(VectorStoreUnavailable, match="http://127.0.0.1:9"):
        open_client(tmp_path, "http://127.0.0.1:9")


def test_a_loosely_similar_passage_without_the_distinctive_word_is_not_a_source():
    rare = distinctive_words("treatment of chickenpox in adults")
    assert rare == ["chickenpox"]
    assert not is_relevant(0.35, rare, "Levothyroxine is the treatment of choice for hypothyroidism in adults.")
    assert is_relevant(0.35, rare, "Chickenpox (varicella) in adults: consider aciclovir within 24 hours.")
    assert is_relevant(0.62, rare, "A very close passage counts even without the word.")
    assert not is_relevant(0.2, [], "Too far in meaning.")


def test_search_embeds_the_query_once_and_reuses_a_given_vector(index, monkeypatch):
    calls: list[int] = []
    original = type(index.embedder).embed

    def counting(self, texts):
        calls.append(len(texts))
        return original(self, texts)

    monkeypatch.setattr(type(index.embedder), "embed", counting)
    query = "amoxicillin for an ear infection"
    hits = index.search(query, 3)
    assert calls == [1]
    vector = index.embed_query(query)
    calls.clear()
    again = index.search(query, 3, query_vector=vector)
    assert calls == []
    assert [(h.chunk.id, h.score, h.relevant) for h in again] == [(h.chunk.id, h.score, h.relevant) for h in hits]


def test_sections_and_documents(index):
    section = index.get_section("ssc-sepsis-septic-shock-2021", "THE HOUR-1 BUNDLE")
    assert section["section"] == "The hour-1 bundle" and section["text"] and section["year"] == 2021
    whole = index.get_section("ssc-sepsis-septic-shock-2021")
    assert whole["section"] is None and whole["text"].startswith("## ")
    assert index.get_section("ssc-sepsis-septic-shock-2021", "Nope") is None
    assert index.get_section("nope") is None
    assert [d.id for d in index.documents()] == sorted(t["doc_id"] for t in index.list_topics())


def test_assistant_search_and_tool_are_bound_to_the_index_they_are_given(index):
    citations = search(index, "mammography starting age", 3, source="USPSTF")
    assert citations and {c["doc_id"] for c in citations} == {"uspstf-breast-cancer-screening-2024"}
    assert [h.to_citation() for h in search_hits(index, "mammography starting age", 3, source="USPSTF")] == citations
    assert len(list_topics(index)) == 4 and get_section(index, "aap-acute-otitis-media-2013") is not None
    tool = make_search_guidelines_tool(index)
    payload = json.loads(tool.invoke({"query": "ottawa ankle rules", "k": 2}))
    assert payload["results"][0]["doc_id"] == "stiell-ottawa-ankle-rules-1993"


def test_a_word_mentioned_in_passing_does_not_make_a_guideline_the_source():
    rare = ["gout"]
    passage = "Mimics include venous stasis dermatitis, contact dermatitis, gout and deep vein thrombosis."
    assert not is_relevant(0.40, rare, passage, about=lambda stem: False)  # named once, as a mimic
    assert is_relevant(0.40, rare, passage, about=lambda stem: True)


def test_the_topic_is_the_rarest_word_read_through_misspelling_and_past_abbreviations(index):
    retriever = index.retriever
    assert retriever.topic_word("how is otitis media treated in children") == "otitis"
    assert retriever.topic_word("mamography screening age") == "mammography"  # a misspelling of a library word
    assert retriever.topic_word("what about the nebs") is None  # an unknown short word is an abbreviation
    assert retriever.topic_word("how do you treat scabies") == "scabies"  # unknown to the library: still the topic
    assert not [h for h in index.search("how do you treat scabies", 5) if h.relevant and (h.similarity or 0) < 0.5]


def test_a_sentence_that_introduces_a_list_brings_the_list():
    from knowledge.retrieval.sentences import list_after

    section = ("Applies to adults with minor head injury.\n\nImaging is needed if any of these is present.\n"
               "High risk:\n- Age 65 or older.\n- Vomiting twice or more.\nMedium risk:\n- Dangerous mechanism.\n\n"
               "Exclusions: children.")
    assert list_after(section, "Imaging is needed if any of these is present.") == [
        "High risk:", "Age 65 or older.", "Vomiting twice or more.", "Medium risk:", "Dangerous mechanism."]
    assert list_after(section, "Age 65 or older.") == []  # an item introduces nothing
    assert list_after(section, "Applies to adults with minor head injury.") == []  # no list follows
