"""Stand-in extractors for the batch tests (no tests here).

Worker processes import these by name (`test_batch_stand_ins:make_trick_extractor`), so they
live in a small module of their own: importing it costs a worker nothing, unlike loading the
real pipeline, and it lets tests make a document hang, crash the worker or raise on purpose.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
SLOW_SECONDS = 0.1


def with_tests_importable() -> None:
    """Spawned workers get this process's sys.path: make sure this folder is on it."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))


def make_slow_extractor(pipeline: str | None = None) -> Any:
    """One claim per document, slowly, so a run can be interrupted half way."""
    from tradeextract.model import Claim, Document, TextSpan

    def extract(text: str, doc_id: str, doc_date: str | None) -> Document:
        time.sleep(SLOW_SECONDS)
        evidence = TextSpan(start=0, end=len(text), text=text)
        return Document(doc_id=doc_id, doc_date=doc_date, claims=[Claim(evidence=evidence)])

    return extract


def make_trick_extractor(pipeline: str | None = None) -> Any:
    """Hangs on 'HANG', dies on 'CRASH', raises on 'RAISE', else returns no claims."""
    from tradeextract.model import Document

    def extract(text: str, doc_id: str, doc_date: str | None) -> Document:
        if "HANG" in text:
            time.sleep(3600)
        if "CRASH" in text:
            os._exit(3)
        if "RAISE" in text:
            raise RuntimeError("extractor bug")
        return Document(doc_id=doc_id, doc_date=doc_date)

    return extract


PID_LOG_VARIABLE = "TRADEEXTRACT_TEST_PID_LOG"


def make_pid_logging_extractor(pipeline: str | None = None) -> Any:
    """The trick extractor, in a worker that first appends its pid to the file $PID_LOG_VARIABLE."""
    with open(os.environ[PID_LOG_VARIABLE], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    return make_trick_extractor(pipeline)
