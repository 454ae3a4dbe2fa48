"""Fuzz ingest (``GuidelineIndex.ingest``, what ``clinical-assistant ingest`` calls, and the command itself) with
hostile files: Markdown with odd front-matter, text in several encodings, HTML, PDFs real and broken, bytes,
empty and huge files, odd file names.

Every file gets one outcome; a file that cannot be used gets a clear message naming it (never an exception's
repr); the index on disk stays whole after every file and opens again at the end. The index is a small one in a
temporary folder, and file names come from a short list, so files are also updated and found unchanged.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from knowledge.ingest.loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES
from knowledge.retrieval.library import GuidelineIndex
from tests.fuzz.strategies import PHRASES, fuzz_settings, long_paste, mixed, rare, raw_bytes, texts, transcript
from tests.unit.guideline_fixtures import make_pdf, small_starter_dir
from ui.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()
UNEXPECTED = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\(")  # the pipeline's last-resort f"{name}: {exc!r}"
STATUSES = {"added", "updated", "unchanged", "duplicate", "failed"}

yaml_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts, st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["text", "x", "grade"]),
                                                                         inner, max_size=2)),
    max_leaves=6)
meta_fields = st.dictionaries(st.sampled_from(["id", "title", "organisation", "year", "url", "specialty", "audience",
                                               "recommendations", "licence_note", "source_title", "other"]),
                              yaml_value, max_size=6).map(lambda meta: yaml.safe_dump(meta, allow_unicode=True))
front_matter = st.one_of(
    meta_fields, meta_fields, mixed, st.sampled_from(["", "- a list", "just: [unclosed", "!!python/object:os.system {}", "a: *alias"]),
)
body = st.lists(st.one_of(st.builds(lambda h: f"## {h}", mixed), st.builds(lambda h: f"# {h}", mixed), mixed,
                          transcript, st.sampled_from(PHRASES), st.just("```"), st.just("")),
                min_size=1, max_size=8).map("\n".join)
markdown = st.builds(lambda meta, text, fenced: (f"---\n{meta}\n---\n" if fenced else "") + text,
                     front_matter, body, st.sampled_from([True, True, False]))
html = st.builds(lambda title, parts: f"<html><head><title>{title}</title><script>x()</script></head><body>"
                 + "".join(parts) + "</body></html>", mixed,
                 st.lists(st.builds(lambda tag, text: f"<{tag}>{text}</{tag}>",
                                    st.sampled_from(["h1", "h2", "h3", "p", "li", "td", "pre", "div", "span"]), mixed),
                          max_size=8))
pdf = st.one_of(st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126,
                                                        exclude_characters="()\\"), max_size=40),
                         min_size=1, max_size=5).map(make_pdf),
                st.builds(lambda lines, cut: make_pdf(lines)[:cut], st.lists(st.sampled_from(PHRASES), min_size=1,
                                                                               max_size=3), st.integers(0, 600)),
                st.builds(lambda junk: b"%PDF-1.7\n" + junk, raw_bytes))
codec = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "shift_jis"])
encode = lambda kind: st.builds(lambda text, name: text.encode(name, "replace"), kind, codec)  # noqa: E731
huge_text = long_paste((100_000,)).map(lambda text: text.encode("utf-8", "replace"))
typed_content = st.one_of(  # (suffix, bytes): mostly a file that is what its name says
    st.tuples(st.sampled_from([".md", ".markdown", ".MD"]), encode(markdown)),
    st.tuples(st.just(".md"), markdown.map(lambda text: text.encode("utf-8", "replace"))),
    st.tuples(st.sampled_from([".html", ".htm"]), encode(html)),
    st.tuples(st.sampled_from([".txt", ".text"]), encode(st.one_of(texts, transcript, body))),
    st.tuples(st.sampled_from([".pdf", ".Pdf"]), pdf),
    st.tuples(st.sampled_from([*SUPPORTED_SUFFIXES, ".docx", "", ".md.exe"]),
              st.one_of(raw_bytes, pdf, encode(st.one_of(markdown, html)),
                        st.sampled_from([b"", b"   \n\t", b"\x00" * 10, b"\xef\xbb\xbf"]))),
)
document = rare(typed_content, st.tuples(st.sampled_from([".md", ".txt"]), huge_text), 1)
file_stem = st.sampled_from(["guide", "notes", "-dash", "Ünïcødé", "with space", "[brackets]", "a" * 120, "日本語",
                             "\u202eevil", ".hidden"])

@pytest.fixture(scope="module")
def library(tmp_path_factory, knowledge):
    """A small index (four starter documents) in a temporary folder, and a folder for the fuzzed files."""
    tmp = tmp_path_factory.mktemp("fuzz-ingest")
    index = GuidelineIndex.open(tmp / "index", knowledge.embedder, tokens=knowledge.tokens,
                                starter_dir=small_starter_dir(tmp))
    files = tmp / "files"
    files.mkdir()
    return index, files


@fuzz_settings()
@given(stem=file_stem, document=document, huge=st.integers(0, 99), via_cli=st.integers(0, 3))
def test_every_file_gets_a_clear_outcome_and_the_index_stays_whole(library, stem, document, huge, via_cli):
    index, files = library
    suffix, data = document
    path = files / (stem + suffix)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
    if huge == 0:  # over the size limit without writing 50 MB: a sparse file
        with path.open("r+b") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)
    if via_cli == 0:
        result = runner.invoke(app, ["ingest", "--json", "--", str(path)], obj=index)
        assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        assert (result.exit_code == 1) == bool(report.get("error")), report
        outcomes = report["files"]
    else:
        outcomes = [vars(o) for o in index.ingest([path]).outcomes]
    assert len(outcomes) == 1, outcomes
    outcome = outcomes[0]
    event(outcome["status"])
    assert outcome["status"] in STATUSES, outcome
    if outcome["status"] == "failed":
        assert outcome["message"] and path.name in outcome["message"] or str(path) in outcome["message"], outcome
        assert not UNEXPECTED.search(outcome["message"]), outcome["message"]
    else:
        assert outcome["doc_id"] in index.manifest.docs, outcome
    assert index.is_complete(), "the manifest on disk and the vector store disagree"


def test_the_index_opens_again_and_searches(library, knowledge):
    index, _ = library
    reopened = GuidelineIndex.open(index.index_dir, knowledge.embedder, tokens=knowledge.tokens,
                                   starter_dir=index.starter_dir)
    assert reopened.is_complete() and reopened.notices == []  # nothing had to be rebuilt
    assert reopened.search("sepsis bundle", 3)
