"""Text fields are cleaned at the schema layer: control characters (NUL included), bidi
overrides and tag characters are removed, so SQLite and PostgreSQL store the same text and
nothing invisible can reorder or hide what a reader sees."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, StringConstraints

# C0 controls but tab, newline and carriage return; DEL and C1 controls; bidi embeddings,
# overrides and isolates (and the Arabic letter mark); Unicode tag characters.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069"
    "\U000e0000-\U000e007f\ufff9-\ufffb]"
)
# Lone surrogates cannot be encoded as UTF-8 (PostgreSQL and JSON output would fail).
SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: object) -> object:
    """The string without unsafe characters; anything else is left for pydantic to reject."""
    if isinstance(value, str):
        return SURROGATE.sub("", UNSAFE.sub("", value))
    return value


CleanStr = Annotated[str, BeforeValidator(clean_text)]
"""A `str` field whose unsafe characters are removed before its length is checked."""

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
IdStr = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64)]
"""An identifier made by this service (conversation, message): letters, digits, `_` and `-`."""

# `Field(pattern=VISIBLE)`: one character that is neither white space nor removed by
# `clean_text` (a search, not a full match), so the schema says "not blank once cleaned";
# the same expression works in pydantic's regex engine and in JSON Schema tools.
VISIBLE = (
    r"[^\s\x00-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\U000e0000-\U000e007f]"
)
