"""A worker's models loaded before its first request, and its start-up heap frozen.

The question parser loads lazily, so without this a worker's first request would pay for it and
the memory it reports at start would leave it out. Freezing (`gc.freeze`) moves the tens of
thousands of long-lived objects the models, the index and the app hold out of the collector's
reach: a full collection otherwise walks them all every few hundred answers and stalls every
request the worker holds for 0.1–0.5 s. Objects made later are collected as usual; the cost is
that reference cycles among start-up objects that die later (the first index generation's, once
a new one is published) stay until the worker stops.
"""

from __future__ import annotations

import gc

from nlp.parse_batches import parse


def load_models_and_freeze() -> int:
    """Load the question parser, collect what start-up left behind, freeze the rest; returns the
    number of objects frozen."""
    parse("Which model answers this question?")  # loads and runs the whole pipeline once
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def thaw() -> None:
    """Hand the frozen objects back to the collector when the worker stops (a process that
    serves several apps in turn, as a test run does, then frees them as usual)."""
    gc.unfreeze()
