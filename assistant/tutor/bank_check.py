"""``python -m assistant.tutor.bank_check``: check every quiz item against its cited section, one table row per
bank file (plus the items generated from front-matter grades), then list each broken item. Exit status 1 when
any item is broken or duplicated, so CI can run it.

"far" is advisory only: items whose key terms are not within a few lines of the support phrase (they may still be
right - the support can sit in a different sentence - but they are the first to review by hand).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Mapping

from knowledge.corpus import GuidelineDoc, load_starter_corpus

from assistant.tutor.bank import (
    QuizItem, bank_files, content_stems, defining_terms, docs_by_id, duplicate_problems, item_problems,
    load_bank_file,
)
from assistant.tutor.generated import items_for_doc, load_grade_scales

NEAR_CHARS = 150


def key_near_support(item: QuizItem, docs: Mapping[str, GuidelineDoc]) -> bool:
    """The key's defining terms appear within NEAR_CHARS of the support phrase."""
    doc = docs.get(item.doc_id)
    section = doc.section(item.section) if doc else None
    if section is None:
        return False
    text = " ".join(section.text.split())
    at = text.find(" ".join(item.support.split()))
    if at < 0:
        return False
    window = set(content_stems(text[max(0, at - NEAR_CHARS): at + len(item.support) + NEAR_CHARS]))
    terms = defining_terms(item.answer_text, item.question)
    return bool(terms) and sum(t in window for t in terms) / len(terms) >= 0.5


def check_groups(groups: dict[str, list[QuizItem]],
                 docs: Mapping[str, GuidelineDoc]) -> tuple[list[tuple[str, int, int, int, int, int]], list[str]]:
    """Rows (name, items, sound, broken, duplicates, far) and readable problem lines."""
    rows, lines = [], []
    everything = [item for items in groups.values() for item in items]
    cross = duplicate_problems(everything)
    for name, items in groups.items():
        broken = 0
        for item in items:
            problems = item_problems(item, docs)
            if problems:
                broken += 1
                lines.append(f"{name}:{item.id}: " + "; ".join(problems))
        dupes = [p for p in cross if f"{name}:" in p]
        far = sum(1 for item in items if not item_problems(item, docs) and not key_near_support(item, docs))
        rows.append((name, len(items), len(items) - broken, broken, len(dupes), far))
    lines += cross
    return rows, lines


def render(rows: list[tuple[str, int, int, int, int, int]]) -> str:
    header = ("bank", "items", "sound", "broken", "duplicates", "far (review)")
    table = [header] + [tuple(str(v) for v in row) for row in rows]
    totals = ("total",) + tuple(str(sum(row[i] for row in rows)) for i in range(1, 6))
    table.append(totals)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    out = []
    for number, row in enumerate(table):
        out.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if number in (0, len(table) - 2):
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(folder: Path | None = None) -> int:
    """Check the bank files in ``folder`` (default knowledge/quiz) and the generated items; the exit status."""
    docs = docs_by_id(load_starter_corpus())
    scales = load_grade_scales()
    groups = {path.name: load_bank_file(path) for path in bank_files(folder)}
    groups["generated"] = [item for doc in docs.values() for item in items_for_doc(doc, scales)]
    rows, lines = check_groups(groups, docs)
    print(render(rows))
    if lines:
        print("\nProblems:")
        print("\n".join(f"- {line}" for line in lines))
    return 1 if any(row[3] or row[4] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
