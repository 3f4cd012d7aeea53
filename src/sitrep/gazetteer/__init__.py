"""The offline gazetteer: an index built once (at `make install` or on first use) and read-only after.

`open_index()` returns the GeoNames import when the user made one (`sitrep gazetteer import`), else the
embedded index, building it first when it is missing.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sitrep.gazetteer.store import Entry, Index, NameHit, default_path

__all__ = ["Entry", "Index", "NameHit", "default_path", "ensure_built", "imported_path", "open_index"]


def imported_path() -> Path:
    """Where `sitrep gazetteer import` writes: next to the embedded index."""
    base = default_path()
    return base.with_name(base.name.replace("gazetteer-", "gazetteer-geonames-"))


def ensure_built(path: Path | None = None, force: bool = False) -> tuple[Path, bool]:
    """Builds the embedded index unless it exists. Returns (path, whether it was built now).

    A lock file makes concurrent first uses (parallel tests, Spark executors) build it only once.
    """
    path = path or default_path()
    if path.exists() and not force and _current(path):
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists() and not force and _current(path):
                return path, False
            _remove_abandoned(path)
            from sitrep.gazetteer.build import build_embedded

            missing = build_embedded(path)
            if missing:
                raise ValueError("place_aliases.yaml names places the gazetteer lacks: " + "; ".join(missing))
            return path, True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_abandoned(path: Path) -> None:
    """A build killed mid-way leaves `<index>.tmp<pid>`; we hold the lock, so none is in progress."""
    for tmp in path.parent.glob(path.name + ".tmp*"):
        tmp.unlink(missing_ok=True)


def knowledge_hash() -> str:
    """Fingerprint of the curated sections the index is built from (not the cue lexicons, which are
    read at run time): an index built from older ones is rebuilt."""
    import hashlib
    import json
    from importlib import resources

    import yaml

    text = resources.files("sitrep.knowledge").joinpath("place_aliases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    built_from = {
        k: data.get(k) for k in ("country_names", "country_aliases", "demonyms", "aliases", "not_places")
    }
    return hashlib.sha256(json.dumps(built_from, sort_keys=True).encode()).hexdigest()[:16]


def _current(path: Path) -> bool:
    import sqlite3

    try:
        index = Index(path)
    except sqlite3.Error:
        return False  # unreadable or half-written: build again
    try:
        return index.meta.get("knowledge") == knowledge_hash()
    finally:
        index.close()


def open_index(path: Path | None = None) -> Index:
    if path is None:
        if os.environ.get("SITREP_GAZETTEER") is None and imported_path().exists():
            return Index(imported_path())
        path = default_path()
    if not path.exists() or (path == default_path() and not _current(path)):
        ensure_built(path)
    return Index(path)
