"""Grounded cited answers: extracted sentences with [n] markers, a Sources list, citations and tool records."""

from __future__ import annotations

import re

import pytest

import knowledge.retrieval.index as index_module
from assistant.guidelines import get_section, list_topics, search
from assistant.guidelines.answer import NO_SOURCE, respond
from assistant.guidelines.search import forget_indexes
from assistant.guidelines.tools import make_search_guidelines_tool
from assistant.settings import Settings
from assistant.turns import TurnInput
from tests.unit.guideline_fixtures import small_starter_dir


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("answer")
    patch = pytest.MonkeyPatch()
    patch.setattr(index_module, "STARTER_DIR", small_starter_dir(tmp))
    forget_indexes()
    yield Settings(data_dir=tmp / "data")
    forget_indexes()
    patch.undo()


def turn(text, settings, audience="student"):
    return TurnInput(text=text, mode="education", intent="question", settings=settings, audience=audience)


def test_answer_cites_every_sentence(settings):
    result = respond(turn("At what age should breast cancer screening with mammography start?", settings))
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


def test_answer_length_follows_audience(settings):
    question = "first-line antibiotic dose for acute otitis media in children"
    student = respond(turn(question, settings, "student")).text
    physician = respond(turn(question, settings, "physician")).text
    count = lambda text: len([line for line in text.split("Sources")[0].splitlines() if line.startswith("- ")])
    assert count(physician) > count(student)
    assert "amoxicillin" in student.lower()
    assert "grade" in physician.lower()


def test_no_relevant_source_says_so_with_nearest_topics(settings):
    result = respond(turn("What is the best sourdough bread recipe?", settings))
    assert result.text.startswith(NO_SOURCE) and "nearest topics" in result.text
    assert result.artifacts["citations"] == []
    assert result.tools[0]["status"] == "done"


def test_empty_and_huge_messages(settings):
    assert "Please type a clinical question" in respond(turn("   ", settings)).text
    huge = respond(turn("septic shock hour-1 bundle " * 4000, settings))
    assert huge.artifacts["citations"] and any("first 4,000 characters" in n for n in huge.notices)


def test_search_and_sections_api(settings):
    results = search("ankle x-ray rule", settings, k=3)
    assert results[0]["doc_id"] == "stiell-ottawa-ankle-rules-1993" and len(results) <= 3
    assert search("ankle", settings, source="NICE") == []
    topics = list_topics(settings)
    assert len(topics) == 4 and all(t["sections"] for t in topics)
    doc_id = "aap-acute-otitis-media-2013"
    first = topics[[t["doc_id"] for t in topics].index(doc_id)]["sections"][0]
    section = get_section(doc_id, first.upper(), settings)
    assert section["section"] == first and section["text"] and section["year"] == 2013
    assert get_section(doc_id, "No such section", settings) is None
    assert get_section("missing-doc", None, settings) is None
    whole = get_section(doc_id, None, settings)
    assert whole["section"] is None and whole["text"].count("## ") == len(whole["sections"])


def test_langchain_tool(settings):
    tool = make_search_guidelines_tool(settings)
    assert tool.name == "search_guidelines"
    output = tool.invoke({"query": "sepsis hour-1 bundle", "k": 2})
    assert '"doc_id": "ssc-sepsis-septic-shock-2021"' in output


def test_unreachable_chroma_is_a_clear_error_not_a_crash(tmp_path):
    settings = Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:9")
    result = respond(turn("sepsis", settings))
    assert "http://127.0.0.1:9" in result.text and result.tools[0]["status"] == "error"
