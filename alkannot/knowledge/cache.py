"""The compiled knowledge-base cache: a KB that validated once is pickled in the user's cache folder,
keyed by its content hash and by the code that read it, so that a later load of the same content skips
YAML parsing and validation (neither PyYAML nor pydantic's validators are imported on a hit).

The key covers every module of this package and the YAML loader (`CODE_FILES`): the models whose
instances are pickled, the look-up class whose state is restored, and the reading and checking code
that decided the KB was valid. A change to any of them is a miss, never a stale KB."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .base import KBFiles, KnowledgeBase

CACHE_ENV = "ALKANNOT_CACHE_DIR"
_CACHE_FORMAT = "alkannot-kb-cache/2"
_CACHE_KEEP = 8  # compiled KBs kept per cache folder (most recent first)


def code_files() -> list[Path]:
    """The source files a compiled KB depends on: every module of this package, and the YAML loader."""
    here = Path(__file__).resolve().parent
    return [*sorted(here.glob("*.py")), here.parent / "safeyaml.py"]


def kb_cache_dir() -> Path | None:
    """Folder of compiled knowledge bases: $ALKANNOT_CACHE_DIR, else $XDG_CACHE_HOME/alkannot, else
    ~/.cache/alkannot. None (no cache) when ALKANNOT_CACHE_DIR is empty or 'off'."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in {"", "off", "0", "no", "none"} else Path(value).expanduser()
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(base) / "alkannot"


def _cache_key(sha: str) -> str:
    """What a compiled KB depends on: the KB content and the code and versions that pickled it."""
    import sys

    import pydantic

    from .. import __version__

    code = hashlib.sha256()
    for file in code_files():
        code.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return "\n".join([_CACHE_FORMAT, sha, code.hexdigest(), __version__, sys.version, pydantic.VERSION])


def _cache_file(folder: Path, key: str, sha: str) -> Path:
    return folder / f"kb-{sha[:16]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def read_cache(sha: str) -> KnowledgeBase | None:
    """The compiled KB whose stored key is exactly this one; None on any doubt: missing, unreadable,
    corrupt, another key, or a file someone else could have written."""
    folder = kb_cache_dir()
    if folder is None:
        return None
    key = _cache_key(sha)
    file = _cache_file(folder, key, sha)
    try:
        st = file.stat()
        if not file.is_file() or (hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022)):
            return None
        import pickle

        with open(file, "rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - our own file: owner-only, checked key
    except Exception:  # noqa: BLE001 - a cache that cannot be read is a miss, never an error
        return None
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == key and isinstance(data[1], dict)):
        return None
    state = data[1]
    if not (isinstance(state.get("files"), KBFiles) and state.get("sha256") == sha):
        return None
    kb = KnowledgeBase.__new__(KnowledgeBase)
    kb.__dict__.update(state)
    return kb


def write_cache(kb: KnowledgeBase) -> None:
    """Keep a validated KB compiled (atomically: temporary file, then rename); silent when the folder
    cannot be written. Older entries beyond `_CACHE_KEEP` are removed."""
    folder = kb_cache_dir()
    if folder is None:
        return
    import pickle
    import tempfile

    key = _cache_key(kb.sha256)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            state = {k: v for k, v in vars(kb).items() if k in KnowledgeBase.LOADED}
            pickle.dump((key, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _cache_file(folder, key, kb.sha256))
        tmp = None
        entries = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs time
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
