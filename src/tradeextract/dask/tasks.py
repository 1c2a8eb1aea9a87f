"""What runs on a Dask worker: read a partition (to note its ids, or to extract it), write its part.

Each worker process loads the extractor once, on first use, and keeps it for every partition
after (`worker_extractor`); a lock lets one thread at a time use it, as spaCy pipelines are not
made for concurrent calls (extraction holds the GIL anyway). Reading and extraction are the
local batch's own (`read_inputs`, `run_task`), so a partition's documents, claims, errors and
warnings are what the local batch gives for the same files.

No per-document time limit: a Dask task cannot be stopped half way without its worker.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from typing import Any

from tradeextract.batch.items import DocResult, DocTask, FileDone, InputError
from tradeextract.batch.pool import PipelineError
from tradeextract.batch.readers import read_inputs
from tradeextract.batch.worker import (
    Extractor,
    load_extractor,
    quiet_library_loggers,
    run_task,
    without_warnings,
)
from tradeextract.batch.writers import arrow_schema, flatten_claims
from tradeextract.dask.naming import Assigned, AssignedIds, IdRecorder, Requests, key_paths_of
from tradeextract.dask.plan import Partition, Settings
from tradeextract.dask.store import PartitionRecord, part_path, write_atomically, write_record

_EXTRACTORS: dict[tuple[str, str | None], tuple[Extractor, threading.Lock]] = {}
_LOADING = threading.Lock()
LOADS: list[tuple[str, str | None]] = []  # every load in this process: once per extractor


def worker_extractor(settings: Settings) -> tuple[Extractor, threading.Lock]:
    """This process's extractor for `settings`, loaded on first use only; PipelineError (which
    ends the run, as in the local batch) if it cannot be loaded."""
    key = (settings.extractor, settings.pipeline)
    with _LOADING:
        if key not in _EXTRACTORS:
            quiet_library_loggers()
            try:
                extractor = load_extractor(*key)
            except Exception:
                raise PipelineError(
                    f"the extraction pipeline failed to load:\n{traceback.format_exc(limit=8)}"
                ) from None
            _EXTRACTORS[key] = (extractor, threading.Lock())
            LOADS.append(key)
        return _EXTRACTORS[key]


def identify_partition(partition: Partition, settings: Settings) -> Requests:
    """Read a partition without extracting it: the doc_id requests its documents make."""
    recorder = IdRecorder(fixed_key_paths=key_paths_of(partition.files, partition.key_paths))
    for _ in read_inputs(iter(partition.entries), settings.reader, recorder):
        pass
    return recorder.requests


@dataclass
class PartitionResult:
    """What an extraction task gives back: the record, and the claims when not written."""

    record: PartitionRecord
    table: Any = None  # pyarrow.Table, only when there is no output folder


def extract_partition(
    partition: Partition,
    requests: Requests,
    assigned: Assigned,
    settings: Settings,
    folder: str | None,
) -> PartitionResult:
    """Read and extract a partition; with `folder`, write its part and then its record."""
    import pyarrow as pa

    extract, lock = worker_extractor(settings)
    ids = AssignedIds(
        fixed_key_paths=key_paths_of(partition.files, partition.key_paths),
        requests=requests,
        assigned=assigned,
    )
    record = PartitionRecord(
        index=partition.index,
        fingerprint=partition.fingerprint,
        requests={
            shown: [list(r) for r in file_requests] for shown, file_requests in requests.items()
        },
        doc_ids=assigned,
    )
    rows: list[dict[str, Any]] = []
    for item in read_inputs(iter(partition.entries), settings.reader, ids):
        if isinstance(item, DocTask):
            record.errors.extend(warning.to_json() for warning in item.warnings)
            with lock:
                outcome = run_task(without_warnings(item), extract)
            if isinstance(outcome, DocResult):
                rows.extend(flatten_claims(outcome.record))
                record.documents += 1
                record.claims += outcome.claims
            else:
                record.errors.append(outcome.to_json())
        elif isinstance(item, InputError):
            record.errors.append(item.to_json())
        elif isinstance(item, FileDone):
            record.files += 1
    table = pa.Table.from_pylist(rows, schema=arrow_schema())
    if folder is None:
        return PartitionResult(record, table)
    write_part(folder, partition.index, table)
    write_record(folder, record)
    return PartitionResult(record)


def write_part(folder: str, index: int, table: Any) -> None:
    import pyarrow.parquet as pq

    write_atomically(part_path(folder, index), lambda target: pq.write_table(table, target))


def claims_frame(result: PartitionResult) -> Any:
    """A partition's claims as a pandas DataFrame (for claims kept in the cluster's memory)."""
    return result.table.to_pandas()


def result_record(result: PartitionResult) -> PartitionRecord:
    return result.record
