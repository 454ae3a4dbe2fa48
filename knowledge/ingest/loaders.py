"""Read user guideline files into ``GuidelineDoc``s: Markdown, plain text, HTML and PDF.

Every loader either returns a document with at least one non-empty section or raises an ``IngestError``
whose message a clinician can act on (unsupported type, unreadable or empty file).
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any


from knowledge.corpus import (
    CorpusError,
    GuidelineDoc,
    Section,
    doc_from_parts,
    slugify,
    split_front_matter,
    split_sections,
)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 50_000_000


class IngestError(ValueError):
    """A file that could not be ingested; the index is left as it was."""


class UnsupportedFile(IngestError):
    pass


class CorruptFile(IngestError):
    pass


def _printable(value: Any) -> Any:
    """Front-matter values with lone surrogates ("\\uD800" escapes in YAML) made printable: the tokenizer and the
    vector store accept only well-formed text."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def _user_doc(meta: dict, title: str | None, sections: list[Section], path: Path) -> GuidelineDoc:
    meta, title = _printable(meta), _printable(title)
    sections = [s for s in sections if s.text.strip()]
    if not sections:
        raise CorruptFile(f"{path.name}: no readable text found")
    return doc_from_parts(meta, title or path.stem.replace("_", " ").replace("-", " "), sections,
                          fallback_id=f"user-{slugify(path.stem)}", organisation="User-supplied document",
                          path=str(path), origin="user")


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096]:
        raise CorruptFile(f"{path.name}: looks like a binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptFile(f"{path.name}: text encoding not recognised")


def load_markdown(path: Path, data: bytes) -> GuidelineDoc:
    """Markdown with optional front-matter (same fields as the starter corpus); ``## `` starts a section."""
    try:
        meta, body = split_front_matter(_decode(data, path))
    except CorpusError as exc:
        raise CorruptFile(f"{path.name}: {exc}") from exc
    title, sections = split_sections(body)
    return _user_doc(meta, title, sections, path)


_TEXT_HEADING = re.compile(r"^(?:[A-Z][A-Z0-9 ,/&()-]{2,60}|[A-Z][^.!?]{2,60}:)$")


def load_text(path: Path, data: bytes) -> GuidelineDoc:
    """Plain text: a short line in capitals or ending with ':' after a blank line starts a new section."""
    text = _decode(data, path).replace("\r\n", "\n")
    sections, heading, lines, previous_blank = [], "Text", [], True
    for line in text.split("\n"):
        stripped = line.strip()
        if previous_blank and _TEXT_HEADING.match(stripped) and len(stripped.split()) <= 8:
            sections.append(Section(heading, "\n".join(lines).strip()))
            heading, lines = stripped.rstrip(":").strip().capitalize(), []
        else:
            lines.append(line)
        previous_blank = not stripped
    sections.append(Section(heading, "\n".join(lines).strip()))
    return _user_doc({}, None, sections, path)


def load_html(path: Path, data: bytes) -> GuidelineDoc:
    """HTML: the <title> or first <h1> is the title; <h2>/<h3> headings start sections."""
    from bs4 import BeautifulSoup  # imported by the loaders that parse, not by every command that reads guidelines

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript", "form"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = (soup.title.get_text(" ", strip=True) if soup.title else "") or (h1.get_text(" ", strip=True) if h1 else "")
    body = soup.body or soup
    sections, heading, parts = [], "Overview", []
    for element in body.find_all(["h1", "h2", "h3", "p", "li", "td", "pre", "blockquote", "dt", "dd"]):
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name in ("h2", "h3"):
            sections.append(Section(heading, "\n".join(parts)))
            heading, parts = text[:120], []
        elif element.name != "h1" and not element.find_parent(["li", "td", "blockquote"]):
            parts.append(("- " if element.name == "li" else "") + text)
    sections.append(Section(heading, "\n".join(parts)))
    if not any(s.text.strip() for s in sections):  # no block elements: fall back to the visible text
        sections = [Section("Overview", body.get_text("\n", strip=True))]
    return _user_doc({}, title or None, sections, path)


def load_pdf(path: Path, data: bytes) -> GuidelineDoc:
    """PDF: one section per page (PDFs rarely keep heading structure); needs a text layer, not scans."""
    from pypdf import PdfReader  # as for bs4: only an ingest of a PDF pays for the import
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip().startswith(b"%PDF"):
        raise CorruptFile(f"{path.name}: not a PDF file (missing %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise CorruptFile(f"{path.name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except CorruptFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, IndexError, AttributeError) as exc:
        raise CorruptFile(f"{path.name}: the PDF could not be read ({exc.__class__.__name__})") from exc
    sections = [Section(f"Page {n}", re.sub(r"[ \t]+", " ", text).strip()) for n, text in enumerate(pages, 1)]
    if not any(s.text for s in sections):
        raise CorruptFile(f"{path.name}: the PDF has no text layer (scanned images need OCR first)")
    return _user_doc({}, title, sections, path)


LOADERS = {".md": load_markdown, ".markdown": load_markdown, ".txt": load_text, ".text": load_text,
           ".html": load_html, ".htm": load_html, ".pdf": load_pdf}


def load_document(path: str | Path) -> tuple[GuidelineDoc, bytes]:
    """Load one file -> (document, raw bytes for hashing); raises IngestError with a clear reason."""
    path = Path(path)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFile(
            f"{path.name}: unsupported file type '{path.suffix or 'none'}' (use {', '.join(SUPPORTED_SUFFIXES)})"
        )
    if not path.is_file():
        raise IngestError(f"{path}: file not found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise IngestError(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    if not data.strip():
        raise CorruptFile(f"{path.name}: the file is empty")
    return loader(path, data), data
