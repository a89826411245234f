"""Imports every module that defines tables, so `create_all` sees them all."""

from assistant import conversations  # noqa: F401
