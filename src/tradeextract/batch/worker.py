"""What runs inside a worker process: load the pipeline once, then extract task after task.

Extraction always happens here, never in the main process, so that a document that hangs or
crashes the extractor costs one worker (which the pool replaces), not the batch. HTML main
text is extracted here too, from the string alone: trafilatura never sees a URL.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeextract.batch.items import DocResult, DocTask, InputError
from tradeextract.html import html_main_text
from tradeextract.limits import TextTooLong
from tradeextract.normalise.periods import real_iso_date

if TYPE_CHECKING:
    from tradeextract.model import Document

Extractor = Callable[[str, str, "str | None"], "Document"]
DEFAULT_EXTRACTOR = "tradeextract.batch.worker:load_default_extractor"
MAX_REASON_CHARS = 500
BATCH_FIELDS = frozenset({"path", "source", "text"})
# The default pipeline, built before this process was forked from the fork server (`preload`):
# workers forked from it start with the pipeline instead of building one each.
PRELOADED: dict[str, Any] = {}
WARMUP_ARTICLE = Path(__file__).with_name("warmup.txt")  # touches every rule loaded on first use


def preload_default_pipeline() -> None:
    """Build the default pipeline in this process, for the workers it will fork, and extract
    a short built-in article (batch/warmup.txt) with it, so that what the pipeline loads on
    first use (inflect, for plurals: ~2 s) is loaded here once too. A failure is left for each
    worker to meet again and report (the fork server must not die of it)."""
    import tradeextract

    try:
        nlp = tradeextract.load()
        warmup = WARMUP_ARTICLE.read_text(encoding="utf-8")
        tradeextract.extract(warmup, "warm-up", nlp=nlp)
        PRELOADED["default"] = nlp
    except Exception:
        PRELOADED.clear()


def load_default_extractor(pipeline: str | None = None) -> Extractor:
    """The public API's pipeline, loaded once per worker (~2 s), or the preloaded one."""
    import tradeextract

    nlp = PRELOADED.get("default") if pipeline is None else None
    if nlp is None:
        nlp = tradeextract.load(pipeline) if pipeline else tradeextract.load()

    def extract(text: str, doc_id: str, doc_date: str | None) -> Document:
        return next(tradeextract.extract_many([(text, doc_id, doc_date)], nlp=nlp))

    return extract


def load_extractor(factory: str, pipeline: str | None) -> Extractor:
    """Import `module:function` and call it: tests swap in extractors that hang or crash."""
    module_name, _, function_name = factory.partition(":")
    return getattr(importlib.import_module(module_name), function_name)(pipeline)


def worker_main(
    conn: Connection,
    factory: str,
    pipeline: str | None,
    include_text: bool,
    environ: dict[str, str] | None = None,
) -> None:
    """Entry point of a worker process: answer ('result', seq, outcome) to each (seq, task).

    `environ` is the starting process's environment at the time: a worker forked from the
    fork server would otherwise have the server's, from whenever that started.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if environ is not None:
        os.environ.clear()
        os.environ.update(environ)
    quiet_library_loggers()
    preloaded = bool(PRELOADED) and factory == DEFAULT_EXTRACTOR and pipeline is None
    try:
        extract = load_extractor(factory, pipeline)
    except BaseException:
        send_to_parent(conn, ("fatal", traceback.format_exc(limit=8)))
        return
    if not send_to_parent(conn, ("ready", os.getpid(), preloaded)):
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, task = message
        if not send_to_parent(conn, ("result", seq, run_task(task, extract, include_text))):
            return


def send_to_parent(conn: Connection, message: tuple[Any, ...]) -> bool:
    """Send a message; False when the parent is gone (killed), so the worker ends quietly."""
    try:
        conn.send(message)
    except (OSError, EOFError):  # BrokenPipeError among them
        return False
    return True


def run_task(
    task: DocTask, extract: Extractor, include_text: bool = False
) -> DocResult | InputError:
    """One document's output record, or the error that stopped it."""
    text, source, doc_date = task.text, dict(task.source), task.doc_date
    if task.markup == "html":
        try:
            text, html_date, method = html_main_text(task.text)
        except Exception as error:  # lxml or trafilatura choking on a hostile page
            return task_error(
                task, f"HTML could not be parsed: {error}"[:MAX_REASON_CHARS], "no_text"
            )
        if not text.strip():
            return task_error(task, "no text found in the HTML page", "no_text")
        source.update(text_extracted=True, text_extractor=method)
        if html_date and doc_date is None and real_iso_date(html_date):
            doc_date = real_iso_date(html_date)
            source["doc_date_from"] = "html metadata"
    source["text_sha256"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    source["text_chars"] = len(text)
    try:
        document = extract(text, task.doc_id, doc_date)
        extracted = document.model_dump(mode="json")
    except TextTooLong as error:  # main text of an HTML page, or a --max-bytes over the limit
        return task_error(task, str(error)[:MAX_REASON_CHARS], "too_large")
    except Exception as error:  # the extractor's bug must not end the batch
        reason = f"extractor raised {type(error).__name__}: {error}"[:MAX_REASON_CHARS]
        return task_error(task, reason, "extract_failed")
    return DocResult.of(
        task.doc_id, task.path, output_record(extracted, task, source, text, include_text)
    )


def output_record(
    extracted: dict[str, Any], task: DocTask, source: dict[str, Any], text: str, include_text: bool
) -> dict[str, Any]:
    """The spec's document object with where it came from: doc_id, doc_date, path, source, claims.

    `path`, `source` and `text` belong to the batch: a field of that name from the extractor
    would not be overwritten silently but renamed `extractor_<name>`.
    """
    record: dict[str, Any] = {
        "doc_id": extracted.pop("doc_id", task.doc_id),
        "doc_date": extracted.pop("doc_date", None),
        "path": task.path,
        "source": source,
    }
    for key, value in extracted.items():
        record[f"extractor_{key}" if key in BATCH_FIELDS else key] = value
    if include_text:
        record["text"] = text
    return record


def task_error(task: DocTask, reason: str, kind: Any) -> InputError:
    return InputError(task.path, reason, kind, record=task.record, doc_id=task.doc_id)


def without_warnings(task: DocTask) -> DocTask:
    """The task as sent to a worker: warnings stay with the main process."""
    return dataclasses.replace(task, warnings=[]) if task.warnings else task


def quiet_library_loggers() -> None:
    for name in ("trafilatura", "htmldate", "charset_normalizer", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
