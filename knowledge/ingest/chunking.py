"""Structure-aware chunking: never across ``## `` sections, prefer paragraph and sub-heading breaks, and cap
each chunk at a token budget (tiktoken cl100k_base) so the embedder (256 word-pieces) sees all of it."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from knowledge.chunks import Chunk
from knowledge.corpus import GuidelineDoc
from knowledge.tokens import TokenCounter

MAX_TOKENS = 180
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
_NEW_BLOCK = re.compile(r"^\s*(?:[-*+] |\d+[.)] |#{3,6} |\|)")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for guideline summaries; abbreviations may over-split)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def text_blocks(text: str) -> list[str]:
    """Paragraphs, list items, table rows and sub-headings, each kept whole."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in paragraph.splitlines():
            if _NEW_BLOCK.match(line) and current:
                blocks.append("\n".join(current))
                current = []
            current.append(line.rstrip())
        if current:
            blocks.append("\n".join(current))
    return [b.strip() for b in blocks if b.strip()]


def _token_windows(text: str, max_tokens: int, tokens: TokenCounter) -> list[str]:
    ids = tokens.encode(text)
    return [tokens.decode(ids[i : i + max_tokens]) for i in range(0, len(ids), max_tokens)]


def _pieces(block: str, max_tokens: int, tokens: TokenCounter) -> list[str]:
    """A block small enough to keep, or its sentences, or (last resort) fixed token windows."""
    if tokens.count(block) <= max_tokens:
        return [block]
    out: list[str] = []
    for sentence in split_sentences(block.replace("\n", " ")):
        fits = tokens.count(sentence) <= max_tokens
        out.extend([sentence] if fits else _token_windows(sentence, max_tokens, tokens))
    return out


def chunk_text(text: str, tokens: TokenCounter, max_tokens: int = MAX_TOKENS) -> list[str]:
    """Pack the blocks of one section greedily into chunks of at most ``max_tokens``."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for block in text_blocks(text):
        for piece in _pieces(block, max_tokens, tokens):
            n = tokens.count(piece)
            starts_subsection = piece.lstrip().startswith("###") and size > max_tokens // 3
            if current and (size + n > max_tokens or starts_subsection):
                chunks.append("\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += n + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def doc_metadata(doc: GuidelineDoc) -> dict[str, Any]:
    """Flat, Chroma-safe metadata (str/int only) copied onto every chunk of a document."""
    return {
        "doc_id": doc.id,
        "title": doc.title,
        "organisation": doc.organisation,
        "year": doc.year or 0,
        "url": doc.url or "",
        "specialty": ",".join(doc.specialty),
        "origin": doc.origin,
    }


def chunk_document(doc: GuidelineDoc, tokens: TokenCounter, max_tokens: int = MAX_TOKENS) -> list[Chunk]:
    """All chunks of a document, in reading order, with identical passages dropped."""
    base = doc_metadata(doc)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in doc.sections:
        for text in chunk_text(section.text, tokens, max_tokens):
            digest = hashlib.sha1(f"{section.heading}\n{text}".encode()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            position = len(chunks)
            chunks.append(Chunk(
                id=f"{doc.id}#{position:03d}-{digest[:10]}", doc_id=doc.id, section=section.heading,
                position=position, text=text, tokens=tokens.count(text),
                metadata={**base, "section": section.heading, "position": position},
            ))
    return chunks
