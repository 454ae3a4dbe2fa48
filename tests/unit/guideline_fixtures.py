"""Small guideline indexes for unit tests (a handful of starter docs, built in a temp folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.corpus import STARTER_DIR

SMALL_DOCS = (
    "uspstf-breast-cancer-screening-2024",
    "aap-acute-otitis-media-2013",
    "ssc-sepsis-septic-shock-2021",
    "stiell-ottawa-ankle-rules-1993",
)


def small_starter_dir(tmp: Path) -> Path:
    folder = tmp / "starter"
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id in SMALL_DOCS:
        shutil.copy(STARTER_DIR / f"{doc_id}.md", folder / f"{doc_id}.md")
    return folder


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer, assembled by hand (no PDF writer needed)."""
    text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
