"""Guideline front-matter and section parsing, and the shipped starter corpus."""

from __future__ import annotations

import pytest

from knowledge.corpus import (
    OVERVIEW,
    CorpusError,
    GuidelineDoc,
    load_starter_corpus,
    parse_guideline,
    split_front_matter,
    starter_files,
)

SAMPLE = """---
id: test-doc-2020
title: Test guideline
organisation: Test Society
year: 2020
url: https://example.org/x
specialty: [cardiology, primary-care]
audience: [nurse]
recommendations:
  - {text: Do the thing., grade: A, section: Key points}
---
# Test guideline

Intro text before any section.

## Key points
- First point.

```
## not a heading inside code
```

## Second
More text.
"""


def test_front_matter_and_sections():
    doc = parse_guideline(SAMPLE, "x/test-doc-2020.md")
    assert (doc.id, doc.title, doc.organisation, doc.year) == ("test-doc-2020", "Test guideline", "Test Society", 2020)
    assert doc.specialty == ["cardiology", "primary-care"]
    assert [s.heading for s in doc.sections] == [OVERVIEW, "Key points", "Second"]
    assert "## not a heading" in doc.section("key points").text
    assert doc.recommendations[0]["grade"] == "A"


def test_round_trip_through_dict():
    doc = parse_guideline(SAMPLE)
    assert GuidelineDoc.from_dict(doc.to_dict()) == doc


def test_missing_front_matter_uses_file_name_and_title():
    doc = parse_guideline("# My notes\n\n## Part\nSome text.", "folder/My Notes.md")
    assert doc.id == "my-notes" and doc.title == "My notes" and doc.year is None


def test_bad_yaml_and_empty_body_are_errors():
    with pytest.raises(CorpusError, match="YAML"):
        split_front_matter("---\nid: [unclosed\n---\nbody")
    with pytest.raises(CorpusError, match="no text"):
        parse_guideline("---\nid: x\n---\n\n")


def test_starter_corpus_is_well_formed():
    docs = load_starter_corpus()
    assert len(docs) == len(starter_files()) and len(docs) >= 20
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids)
    for doc, path in zip(docs, starter_files()):
        assert doc.id == path.stem, path.name
        assert doc.organisation != "Unknown source" and doc.year, doc.id
        assert doc.sections and all(s.text for s in doc.sections), doc.id
