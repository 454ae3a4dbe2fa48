"""Loaders (md/txt/html/pdf), chunking, and the incremental, per-file atomic ingest pipeline."""

from __future__ import annotations

import json

import pytest

from knowledge.corpus import load_starter_corpus
from knowledge.ingest.chunking import chunk_document, chunk_text
from knowledge.ingest.loaders import CorruptFile, UnsupportedFile, load_document
from knowledge.retrieval.library import GuidelineIndex
from tests.unit.guideline_fixtures import make_pdf, small_starter_dir

HTML = b"""<html><head><title>Zebra fever guide</title><script>var x = 1;</script></head><body>
<h1>Zebra fever</h1><p>Zebra fever is a made-up illness used in tests.</p>
<h2>Treatment</h2><ul><li>Rest and fluids for three days.</li><li>Review if the stripes spread.</li></ul>
</body></html>"""


def test_markdown_loader_keeps_front_matter(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\nid: my-guide\ntitle: Mine\nyear: 2022\n---\n## Dosing\nGive water.\n", encoding="utf-8")
    doc, _ = load_document(path)
    assert (doc.id, doc.title, doc.year, doc.origin) == ("my-guide", "Mine", 2022, "user")
    assert doc.organisation == "User-supplied document"


def test_escaped_lone_surrogate_in_front_matter_becomes_printable(tmp_path):
    # YAML turns "\\udc80" into a lone surrogate, which the tokenizer and the vector store refuse
    path = tmp_path / "odd.md"
    path.write_bytes(b'---\ntitle: "Sepsis \\udc80 notes"\nsource: "\\ud83d"\n---\n## Care\nGive fluids early.')
    doc, _ = load_document(path)
    assert doc.title == "Sepsis ? notes"
    assert all(not 0xD800 <= ord(ch) <= 0xDFFF for ch in doc.title + str(doc.organisation))


def test_text_loader_finds_headings(tmp_path):
    path = tmp_path / "zebra.txt"
    path.write_text("Intro line about zebra fever.\n\nTREATMENT\nRest and fluids.\n\nWhen to refer:\nIf worse.\n")
    doc, _ = load_document(path)
    assert doc.id == "user-zebra"
    assert [s.heading for s in doc.sections] == ["Text", "Treatment", "When to refer"]


def test_html_loader_drops_scripts_and_splits_on_h2(tmp_path):
    path = tmp_path / "zebra.html"
    path.write_bytes(HTML)
    doc, _ = load_document(path)
    assert doc.title == "Zebra fever guide"
    assert [s.heading for s in doc.sections] == ["Overview", "Treatment"]
    assert "- Rest and fluids" in doc.section("Treatment").text
    assert "var x" not in json.dumps(doc.to_dict())


def test_pdf_loader_reads_text_layer(tmp_path):
    path = tmp_path / "zebra.pdf"
    path.write_bytes(make_pdf(["Zebra fever is treated with rest.", "Seek care if the rash spreads."]))
    doc, _ = load_document(path)
    assert doc.sections[0].heading == "Page 1" and "rest" in doc.sections[0].text


@pytest.mark.parametrize("name, data, error", [
    ("bad.pdf", b"%PDF-1.4 this is not really a pdf", CorruptFile),
    ("fake.pdf", b"hello", CorruptFile),
    ("empty.md", b"   \n", CorruptFile),
    ("binary.txt", b"\x00\x01\x02abc", CorruptFile),
    ("sheet.xlsx", b"PK\x03\x04", UnsupportedFile),
])
def test_bad_files_raise_clear_errors(tmp_path, name, data, error):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=name.replace(".", r"\.")):
        load_document(path)


def test_chunks_respect_sections_and_token_budget(token_counter):
    count_tokens = token_counter.count
    text = "\n\n".join(f"Paragraph {i}. " + "Sentence about screening intervals. " * 12 for i in range(6))
    chunks = chunk_text(text, token_counter, max_tokens=120)
    assert len(chunks) > 1
    assert all(count_tokens(c) <= 125 for c in chunks)
    huge = chunk_text("x" * 5000, token_counter, max_tokens=100)  # one unbreakable "word": split by token windows
    assert all(count_tokens(c) <= 100 for c in huge) and "".join(huge) == "x" * 5000


def test_chunk_metadata_and_ids(tmp_path, token_counter):
    doc = load_starter_corpus(small_starter_dir(tmp_path))[0]
    chunks = chunk_document(doc, token_counter)
    assert {c.section for c in chunks} == {s.heading for s in doc.sections}
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(c.metadata["doc_id"] == doc.id and c.metadata["title"] == doc.title for c in chunks)


@pytest.fixture
def index(tmp_path, embedder, token_counter):
    """A private four-document index: these tests add files to it."""
    return GuidelineIndex.open(tmp_path / "index", embedder, tokens=token_counter,
                               starter_dir=small_starter_dir(tmp_path))


@pytest.fixture
def embed_calls(monkeypatch, embedder):
    """Record how many texts each embedding call receives."""
    calls: list[int] = []
    original = type(embedder).embed

    def counting(self, texts):
        calls.append(len(texts))
        return original(self, texts)

    monkeypatch.setattr(type(embedder), "embed", counting)
    return calls


def test_incremental_reingest_embeds_only_changed_files(index, tmp_path, embed_calls):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("## Zebra\nZebra fever needs rest and fluids.\n")
    b.write_text("## Okapi\nOkapi cough needs honey.\n")
    first = index.ingest([a, b])
    assert [o.status for o in first.outcomes] == ["added", "added"] and len(embed_calls) == 2
    embed_calls.clear()
    b.write_text("## Okapi\nOkapi cough needs honey and warm drinks.\n")
    second = index.ingest([a, b])
    assert [o.status for o in second.outcomes] == ["unchanged", "updated"]
    assert len(embed_calls) == 1
    assert index.search("okapi cough honey warm drinks", 1)[0].chunk.doc_id == "user-b"


def test_duplicate_content_is_not_indexed_twice(index, tmp_path):
    a, copy = tmp_path / "a.md", tmp_path / "copy.md"
    a.write_text("## Zebra\nZebra fever needs rest.\n")
    copy.write_text("## Zebra\nZebra fever needs rest.\n")
    report = index.ingest([a, copy])
    assert [o.status for o in report.outcomes] == ["added", "duplicate"]


def test_corrupt_file_is_reported_and_index_unchanged(index, tmp_path):
    before_docs, before_count = dict(index.manifest.docs), index.dense.count()
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    odd = tmp_path / "slides.pptx"
    odd.write_bytes(b"PK")
    report = index.ingest([bad, odd])
    assert [o.status for o in report.failed] == ["failed", "failed"]
    assert "broken.pdf" in report.failed[0].message and "unsupported" in report.failed[1].message
    assert index.manifest.docs == before_docs and index.dense.count() == before_count


def test_failure_while_embedding_leaves_index_as_it_was(index, tmp_path, monkeypatch):
    good = tmp_path / "good.md"
    good.write_text("## Zebra\nZebra fever needs rest.\n")
    index.ingest([good])
    before_docs, before_count = json.dumps(index.manifest.docs), index.dense.count()
    good.write_text("## Zebra\nZebra fever needs rest and a lot more water.\n")

    def broken(self, texts):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(type(index.embedder), "embed", broken)
    report = index.ingest([good])
    assert report.failed and "simulated crash" in report.failed[0].message
    assert json.dumps(index.manifest.docs) == before_docs and index.dense.count() == before_count
    reopened = GuidelineIndex.connect(index.index_dir, index.embedder, tokens=index.tokens,
                                      starter_dir=index.starter_dir)
    assert reopened.is_complete()


def test_folders_are_expanded_and_pdf_html_txt_indexed(index, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "z.pdf").write_bytes(make_pdf(["Quokka rash responds to cool compresses."]))
    (folder / "z.html").write_bytes(HTML)
    (folder / "z.txt").write_text("Wombat wheeze: use a spacer with the inhaler.\n")
    (folder / "ignored.bin").write_bytes(b"\x00")
    report = index.ingest([folder])
    assert sorted(o.status for o in report.outcomes) == ["added", "added", "added"]
    assert index.search("quokka rash", 1)[0].chunk.doc_id.startswith("user-z")
