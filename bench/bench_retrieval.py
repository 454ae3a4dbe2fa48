"""Benchmark guideline retrieval at 1k, 10k and 100k chunks: index build time and query latency for BM25,
Chroma (HNSW) dense, hybrid, and a brute-force numpy search over the same vectors in the same run.

The real starter corpus is embedded with the real model; the rest is synthetic filler: random unit vectors for
the dense side and random corpus words for BM25 (embedding 100k texts at ~20-200/s would take far too long).
Filler is not meant to be found; it only makes the indexes big. Usage:
    python bench/bench_retrieval.py [--sizes 1000 10000 100000] [--queries 30] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from rich.console import Console
from rich.table import Table

from knowledge.chunks import Chunk
from knowledge.corpus import load_starter_corpus
from knowledge.embeddings import DIMENSION, Embedder
from knowledge.ingest.chunking import chunk_document
from knowledge.retrieval.dense import DenseIndex, open_client
from knowledge.retrieval.hybrid import HybridRetriever
from knowledge.tokens import TokenCounter

QUERIES = [
    "when should breast cancer screening start", "amoxicillin dose for otitis media", "sepsis hour-1 bundle",
    "ottawa ankle rules x-ray", "naloxone for opioid overdose", "statin for primary prevention age 40 to 75",
    "signs of severe dehydration in a child", "anaphylaxis adrenaline intramuscular dose",
    "colorectal cancer screening age 45", "fever in an infant under 3 months",
]


def filler_chunks(n: int, vocabulary: list[str], rng: np.random.Generator) -> list[Chunk]:
    words = rng.choice(vocabulary, size=(n, 60))
    return [Chunk(id=f"filler-{i}", doc_id=f"filler-{i // 10}", section="Filler", position=i % 10,
                  text=" ".join(row), tokens=60, metadata={"doc_id": f"filler-{i // 10}", "title": "Filler",
                                                           "section": "Filler", "organisation": "synthetic",
                                                           "year": 0, "specialty": ""})
            for i, row in enumerate(words)]


def random_unit_vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((n, DIMENSION)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def timed(fn, repeats):
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return statistics.median(out), float(np.percentile(out, 95))


def run_size(size: int, real: list[Chunk], real_vectors: np.ndarray, queries: list[str], embedder: Embedder,
             rng) -> dict:
    vocabulary = sorted({w for c in real for w in c.text.lower().split() if w.isalpha()})
    chunks = real + filler_chunks(max(0, size - len(real)), vocabulary, rng)
    vectors = np.vstack([real_vectors, random_unit_vectors(len(chunks) - len(real), rng)])[: len(chunks)]
    chunks = chunks[: len(vectors)]
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        start = time.perf_counter()
        dense = DenseIndex(open_client(Path(tmp)), embedder=embedder)
        dense.upsert([c.id for c in chunks], vectors, [c.text for c in chunks], [c.metadata for c in chunks])
        dense_build = time.perf_counter() - start
        query_vectors = {q: embedder.embed_one(q) for q in queries}
        start = time.perf_counter()
        retriever = HybridRetriever(chunks, dense, lambda q: query_vectors[q], {})
        bm25_build = time.perf_counter() - start
        agree = []
        for q in queries:
            brute = set(np.argsort(-(vectors @ query_vectors[q]))[:5].tolist())
            hnsw = {retriever.position[h.chunk_id] for h in dense.query(query_vectors[q], 5)}
            agree.append(len(brute & hnsw) / 5)
        rounds = max(1, 30 // len(queries))
        lat = {
            "bm25": timed(lambda: [retriever.search(q, 5, mode="bm25") for q in queries], rounds),
            "dense_chroma": timed(lambda: [dense.query(query_vectors[q], 5) for q in queries], rounds),
            "brute_numpy": timed(lambda: [np.argpartition(-(vectors @ query_vectors[q]), 5)[:5] for q in queries],
                                 rounds),
            "hybrid": timed(lambda: [retriever.search(q, 5) for q in queries], rounds),
        }
    per_query = {k: round(v[0] / len(queries), 3) for k, v in lat.items()}
    return {"chunks": len(chunks), "real_chunks": len(real), "build_s": {"chroma": round(dense_build, 2),
            "bm25": round(bm25_build, 2)}, "latency_ms_per_query": per_query,
            "hnsw_top5_agreement_with_brute_force": round(float(np.mean(agree)), 3)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Guideline retrieval benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(7)
    embedder, tokens = Embedder.load(), TokenCounter.load()
    real = [c for d in load_starter_corpus() for c in chunk_document(d, tokens)]
    start = time.perf_counter()
    real_vectors = embedder.embed([c.search_text for c in real])
    embed_s = time.perf_counter() - start
    queries = (QUERIES * (args.queries // len(QUERIES) + 1))[: args.queries]
    rows = [run_size(size, real, real_vectors, queries, embedder, rng) for size in args.sizes]
    report = {"note": "real starter-corpus chunks embedded with MiniLM; filler = random unit vectors (dense) and "
                      "random corpus words (BM25)", "real_embedding_s": round(embed_s, 2),
              "real_chunks_per_s": round(len(real) / embed_s, 1), "results": rows}
    if args.json:
        print(json.dumps(report))
        return report
    table = Table(title="Guideline retrieval benchmark (median ms per query)")
    for column in ("chunks", "build chroma s", "build bm25 s", "bm25", "chroma dense", "numpy brute", "hybrid*",
                   "HNSW=brute top5"):
        table.add_column(column, justify="right")
    for r in rows:
        lat = r["latency_ms_per_query"]
        table.add_row(f"{r['chunks']:,}", f"{r['build_s']['chroma']:.2f}", f"{r['build_s']['bm25']:.2f}",
                      f"{lat['bm25']:.2f}", f"{lat['dense_chroma']:.2f}", f"{lat['brute_numpy']:.2f}",
                      f"{lat['hybrid']:.2f}", f"{r['hnsw_top5_agreement_with_brute_force']:.2f}")
    console = Console()
    console.print(table)
    console.print(f"{report['note']}. Real chunks: {len(real)} embedded in {embed_s:.1f}s "
                  f"({report['real_chunks_per_s']}/s). *hybrid excludes query embedding (cached).")
    return report


if __name__ == "__main__":
    main()
