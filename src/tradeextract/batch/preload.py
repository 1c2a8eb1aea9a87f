"""Imported by multiprocessing's fork server before it forks any worker (see `pool`): spaCy
imported and the default pipeline built once, in the server, so that every worker forked from
it starts with the pipeline instead of spending ~2 s building its own."""

from __future__ import annotations

from tradeextract.batch.worker import preload_default_pipeline

preload_default_pipeline()
