"""Imported by multiprocessing's fork server before it forks any worker (see `pool`): spaCy
imported, the default pipeline built and warmed up once, in the server, so that every worker
forked from it starts with the pipeline instead of spending seconds loading its own.

The objects built here are then frozen out of the garbage collector: a worker's collections
never walk them, so they neither cost it time nor copy the pages it shares with the server.
"""

from __future__ import annotations

import gc

from tradeextract.batch.worker import preload_default_pipeline

preload_default_pipeline()
gc.freeze()
