"""Hybrid guideline retrieval: BM25 + dense (Chroma) fused by reciprocal rank."""
