"""Batch extraction over files and folders of articles (`tradeextract extract`).

The flow is one-way: `paths` checks the outputs against the inputs before anything is
opened, `discover` finds input files (each once), `readers` turn each into documents to
extract (or input errors) named by `identity`, `pool` runs the extractor in worker processes
and hands results back in input order, `writers` stream them to JSON Lines, CSV or Parquet,
and `runner` ties these together with limits, `resume` and the summary. `cli` only parses
arguments.
"""

from __future__ import annotations

from tradeextract.batch.runner import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
