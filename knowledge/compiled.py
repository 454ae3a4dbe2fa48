"""Compiled tables: a built object kept on disk, rebuilt when any file it was built from changes.

Building the drug name tables and the lexicon from their sources takes seconds, and every one-shot CLI call
used to pay that. ``load_compiled`` keeps the built object as a pickle in the data folder's cache, keyed by the
size and modification time of every source file (data *and* the code that builds it) and by the Python version,
so a changed source, an upgraded package or a new interpreter rebuilds it. The cache is the user's own folder,
written only by this code; a file that cannot be read is rebuilt, and a folder that cannot be written is skipped.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
FORMAT = 1  # bump when the cache layout changes
log = logging.getLogger(__name__)


def files_under(*roots: Path, suffixes: tuple[str, ...] = (".py", ".yaml", ".yml", ".json", ".tsv", ".csv", ".txt")
                ) -> list[Path]:
    """Every source file below ``roots`` (a file given as a root is taken as it is), in a stable order."""
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes)
    return sorted(found)


def source_key(sources: Iterable[Path]) -> str:
    """A digest of the sources' paths, sizes and modification times (missing files count as missing)."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for path in sources:
        try:
            stat = path.stat()
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path}|missing\n".encode())
    return digest.hexdigest()[:20]


def load_compiled(cache_dir: Path | None, name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, read from ``cache_dir`` when it was compiled from these exact sources."""
    if cache_dir is None:
        return build()
    path = cache_dir / f"{name}-{source_key(sources)}.pickle"
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    except Exception as err:  # a truncated or foreign file: rebuild it
        log.warning("compiled %s unreadable (%s); rebuilding", name, type(err).__name__)
    built = build()
    _store(path, name, built)
    return built


def _read(path: Path) -> Any:
    """Unpickle with the cycle collector paused: a table is a million small objects, none of them garbage, and
    collecting while they are created doubled the load time."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # trusted: written by _store below into the user's own data folder
    finally:
        if collecting:
            gc.enable()


def _store(path: Path, name: str, built: object) -> None:
    """Write atomically (a crash leaves the old file or none), then drop this table's stale versions."""
    partial: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}-", delete=False) as handle:
            partial = Path(handle.name)
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as err:
        log.warning("compiled %s not cached (%s)", name, type(err).__name__)
        if partial is not None:
            partial.unlink(missing_ok=True)
        return
    for stale in path.parent.glob(f"{name}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)
