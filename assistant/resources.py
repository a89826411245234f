"""Where the files the package needs live: the checkout, or the data shipped inside the wheel.

A checkout uses its own `prompts/`, `web/`, `corpus/` (edits show up at once); an installed wheel
carries copies under `assistant/_data/` (see `[tool.hatch.build.targets.wheel.force-include]`),
so `pip install review-assistant` works from any folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_ROOT = PACKAGE_DIR.parent
BUNDLED = PACKAGE_DIR / "_data"


def is_checkout() -> bool:
    """True when running from a source checkout (editable install or `uv run`)."""
    return (CHECKOUT_ROOT / "pyproject.toml").is_file() and (CHECKOUT_ROOT / "assistant").is_dir()


def resource(name: str) -> Path:
    """A shipped folder or file by its checkout-relative name, e.g. `prompts` or `web`."""
    return CHECKOUT_ROOT / name if is_checkout() else BUNDLED / name


def default_data_dir() -> Path:
    """`data/` in a checkout; the user's data folder for an installed package."""
    if is_checkout():
        return CHECKOUT_ROOT / "data"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "review-assistant"
