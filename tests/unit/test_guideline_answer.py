"""Grounded cited answers: extracted sentences with [n] markers, a Sources list, citations and tool records."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from assistant.guidelines import get_section, list_topics, search
from assistant.guidelines.answer import NO_SOURCE, respond
from assistant.guidelines.tools import make_search_guidelines_tool
from assistant.settings import Settings
from assistant.turns import Turn
from assistant.understanding.findings import Findings
from knowledge.retrieval.dense import VectorStoreUnavailable


@dataclass
class GuidelinesOnlyKnowledge:
    """A stand-in for assistant.knowledge.Knowledge holding only what the guideline engine reads."""

    guidelines: object


@pytest.fixture
def ask(small_guideline_index):
    """ask(text, audience) -> the guideline engine's reply over the four-document test index."""
    knowledge = GuidelinesOnlyKnowledge(small_guideline_index)

    def ask(text, audience="student"):
        return respond(Turn(findings=Findings(text=text), knowledge=knowledge, settings=Settings(data_dir="/tmp/ca-test"),
                            mode="education", intent="question", audience=audience))

    return ask


def test_answer_cites_every_sentence(ask):
    result = ask("At what age should breast cancer screening with mammography start?")
    bullets = [line for line in result.text.splitlines() if line.startswith("- ")]
    assert 2 <= len(bullets) <= 4
    assert all(re.search(r"\[\d+\]$", line) for line in bullets)
    citations = result.artifacts["citations"]
    assert citations and citations[0]["doc_id"] == "uspstf-breast-cancer-screening-2024"
    assert "Sources" in result.text
    assert f"[1] {citations[0]['title']} — {citations[0]['section']} ({citations[0]['source']}, 2024)" in result.text
    assert "40" in result.text
    assert result.tools == [{"name": "search_guidelines", "status": "done", "summary": "5 passages",
                             "title": "Searched guidelines: At what age should breast cancer screening with "
                                      "mammography start?"}]


def test_answer_length_follows_audience(ask):
    question = "first-line antibiotic dose for acute otitis media in children"
    student = ask(question, "student").text
    physician = ask(question, "physician").text
    count = lambda text: len([line for line in text.split("Sources")[0].splitlines() if line.startswith("- ")])
    assert count(physician) > count(student)
    assert "amoxicillin" in student.lower()
    assert "grade" in physician.lower()


def test_no_relevant_source_says_so_with_nearest_topics(ask):
    result = ask("What is the best sourdough bread recipe?")
    assert result.text.startswith(NO_SOURCE) and "nearest topics" in result.text
    assert result.artifacts["citations"] == []
    assert result.tools[0]["status"] == "done"


def test_empty_and_huge_messages(ask):
    assert "Please type a clinical question" in ask("   ").text
    huge = ask("septic shock hour-1 bundle " * 4000)
    assert huge.artifacts["citations"] and any("first 4,000 characters" in n for n in huge.notices)


def test_search_and_sections_api(small_guideline_index):
    index = small_guideline_index
    results = search(index, "ankle x-ray rule", k=3)
    assert results[0]["doc_id"] == "stiell-ottawa-ankle-rules-1993" and len(results) <= 3
    assert search(index, "ankle", source="NICE") == []
    topics = list_topics(index)
    assert len(topics) == 4 and all(t["sections"] for t in topics)
    doc_id = "aap-acute-otitis-media-2013"
    first = topics[[t["doc_id"] for t in topics].index(doc_id)]["sections"][0]
    section = get_section(index, doc_id, first.upper())
    assert section["section"] == first and section["text"] and section["year"] == 2013
    assert get_section(index, doc_id, "No such section") is None
    assert get_section(index, "missing-doc", None) is None
    whole = get_section(index, doc_id, None)
    assert whole["section"] is None and whole["text"].count("## ") == len(whole["sections"])


def test_langchain_tool(small_guideline_index):
    tool = make_search_guidelines_tool(small_guideline_index)
    assert tool.name == "search_guidelines"
    output = tool.invoke({"query": "sepsis hour-1 bundle", "k": 2})
    assert '"doc_id": "ssc-sepsis-septic-shock-2021"' in output


class UnreachableLibrary:
    """Knowledge whose guideline index cannot be opened, as when the Chroma server is down."""

    @property
    def guidelines(self):
        raise VectorStoreUnavailable("Chroma server at http://127.0.0.1:9 is not reachable")


def test_unreachable_chroma_is_a_clear_error_not_a_crash():
    result = respond(Turn(findings=Findings(text="sepsis"), knowledge=UnreachableLibrary(),
                          settings=Settings(data_dir="/tmp/ca-test")))
    assert "http://127.0.0.1:9" in result.text and result.tools[0]["status"] == "error"
