"""What a report is made from: a store, documents JSON Lines files, or articles to extract.

A `.duckdb` file is read as it is (read-only). Anything else is loaded into a temporary store:
documents files as they are, articles (files and folders) through the batch extraction.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tradeextract.store.database import Store
from tradeextract.store.sources import ProblemCounter, is_documents_file, read_documents

STORE_SUFFIXES = (".duckdb", ".db")


@dataclass
class Opened:
    """The store to report on, and how many inputs failed on the way (each said on stderr)."""

    store: Store
    problems: int = 0


def is_store(path: str) -> bool:
    return path.lower().endswith(STORE_SUFFIXES) and os.path.isfile(path)


@contextmanager
def store_for(paths: list[str], glob: str | None = None, jobs: int = 1) -> Iterator[Opened]:
    """The store holding what `paths` name; a temporary one is removed afterwards."""
    if len(paths) == 1 and is_store(paths[0]):
        with Store(paths[0], read_only=True) as store:
            yield Opened(store)
        return
    with tempfile.TemporaryDirectory(prefix="tradeextract-report-") as folder:
        db = os.path.join(folder, "report.duckdb")
        problems = extract_articles([p for p in paths if not is_documents_file(p)], db, glob, jobs)
        with Store(db) as store:
            problems += load_documents([p for p in paths if is_documents_file(p)], store)
            yield Opened(store, problems)


def extract_articles(paths: list[str], db: str, glob: str | None, jobs: int) -> int:
    """Articles through the batch into the store; the batch says each error on stderr."""
    if not paths:
        return 0
    from tradeextract.batch.runner import BatchOptions, run_batch

    summary = run_batch(BatchOptions(paths=paths, db=db, glob=glob, jobs=jobs, quiet=True))
    return summary.errors


def load_documents(paths: list[str], store: Store) -> int:
    if not paths:
        return 0
    problems = ProblemCounter("tradeextract report")
    store.load(problems.documents(read_documents(paths)))
    return problems.count
