"""Fewer garbage collections while a document's claims are built.

A document with thousands of numbers builds tens of thousands of small objects (mentions,
drafts, claims), none of them in reference cycles that outlive the call; CPython's cyclic
collector would walk them over and over (about 40% of the time on a page of figures). The
young and middle generations' thresholds are raised for the duration of one call and restored
after it: with the defaults, a document with hundreds of thousands of numbers sets off
collections of the oldest generation, the whole heap, again and again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000  # CPython's default is 700 allocations
MIDDLE_THRESHOLD = 100  # young collections between middle ones; CPython's default is 10


@contextmanager
def fewer_collections() -> Iterator[None]:
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), max(middle, MIDDLE_THRESHOLD), old)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
