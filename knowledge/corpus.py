"""Guideline documents as data: YAML front-matter (provenance) + Markdown body split into ``## `` sections.

The starter corpus lives in ``knowledge/guidelines/*.md``; user files are parsed into the same shapes by
``knowledge.ingest.loaders`` so that retrieval and citation never care where a document came from.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.yaml_text import parse_yaml

STARTER_DIR = Path(__file__).parent / "guidelines"
OVERVIEW = "Overview"  # section name for text that comes before the first ``## `` heading
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_SLUG = re.compile(r"[^a-z0-9]+")


class CorpusError(ValueError):
    """A guideline file whose front-matter or structure cannot be read."""


@dataclass
class Section:
    heading: str
    text: str


@dataclass
class GuidelineDoc:
    """One guideline summary with the provenance every citation needs."""

    id: str
    title: str
    organisation: str = "Unknown source"
    source_title: str = ""
    year: int | None = None
    url: str | None = None
    specialty: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    licence_note: str = ""
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    path: str | None = None
    origin: str = "starter"  # starter | user

    def section(self, heading: str) -> Section | None:
        """Find a section by heading, ignoring case and surrounding space."""
        wanted = heading.strip().lower()
        return next((s for s in self.sections if s.heading.lower() == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GuidelineDoc":
        data = dict(data)
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        return cls(**data)


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "document"


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front-matter mapping, body); a file without front-matter gives ({}, text)."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = parse_yaml(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"Front-matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CorpusError("Front-matter must be a YAML mapping")
    return meta, text[match.end() :]


def split_sections(body: str) -> tuple[str | None, list[Section]]:
    """Split Markdown at ``## `` headings; returns (the ``# `` title if any, sections)."""
    title = None
    sections: list[Section] = []
    heading, lines = OVERVIEW, []
    in_code = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("# ") and title is None and not sections and not "".join(lines).strip():
            title = line[2:].strip()
            continue
        if not in_code and line.startswith("## "):
            if "\n".join(lines).strip():
                sections.append(Section(heading, "\n".join(lines).strip()))
            heading, lines = line[3:].strip(), []
            continue
        lines.append(line)
    if "\n".join(lines).strip():
        sections.append(Section(heading, "\n".join(lines).strip()))
    return title, sections


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, dict)):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]  # a string, or a lone number or date


def _as_year(value: Any) -> int | None:
    match = re.search(r"\b(19|20)\d{2}\b", str(value or ""))
    return int(match.group(0)) if match else None


def doc_from_parts(meta: dict[str, Any], title: str | None, sections: list[Section], **extra: Any) -> GuidelineDoc:
    """Build a GuidelineDoc from front-matter values, falling back to what the body says."""
    fallback = extra.pop("fallback_id", None)
    organisation = extra.pop("organisation", None)
    doc_id = str(meta.get("id") or fallback or slugify(title or "document")).strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]+", doc_id):
        doc_id = slugify(doc_id)
    listed = meta.get("recommendations")
    recommendations = [r for r in listed if isinstance(r, dict) and r.get("text")] if isinstance(listed, list) else []
    return GuidelineDoc(
        id=doc_id,
        title=str(meta.get("title") or title or doc_id),
        organisation=str(meta.get("organisation") or meta.get("organization") or organisation or "Unknown source"),
        source_title=str(meta.get("source_title") or ""),
        year=_as_year(meta.get("year")),
        url=meta["url"] if isinstance(meta.get("url"), str) and meta["url"] else None,
        specialty=_as_list(meta.get("specialty")),
        audience=_as_list(meta.get("audience")),
        licence_note=str(meta.get("licence_note") or ""),
        recommendations=recommendations,
        sections=sections,
        **extra,
    )


def parse_guideline(text: str, path: str | Path | None = None, origin: str = "starter") -> GuidelineDoc:
    """Parse one Markdown guideline (front-matter optional) into a GuidelineDoc."""
    meta, body = split_front_matter(text)
    title, sections = split_sections(body)
    if not sections:
        raise CorpusError("The document has no text")
    fallback = slugify(Path(path).stem) if path else None
    return doc_from_parts(meta, title, sections, fallback_id=fallback, path=str(path) if path else None,
                          origin=origin)


def starter_files(folder: Path | None = None) -> list[Path]:
    """The starter corpus files (README excluded), sorted for a stable build order."""
    folder = folder or STARTER_DIR
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def load_starter_corpus(folder: Path | None = None) -> list[GuidelineDoc]:
    """Parse every starter guideline; a broken file raises CorpusError naming it."""
    docs = []
    for path in starter_files(folder):
        try:
            docs.append(parse_guideline(path.read_text(encoding="utf-8"), path))
        except (CorpusError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path.name}: {exc}") from exc
    return docs
