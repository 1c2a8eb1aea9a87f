"""`tradeextract extract --engine dask`: the batch command's options, checked for a Dask run."""

from __future__ import annotations

import argparse
import dataclasses

from tradeextract.batch.problems import UsageError
from tradeextract.batch.runner import BatchOptions
from tradeextract.dask.plan import DEFAULT_FILES_PER_PARTITION
from tradeextract.dask.runner import DaskOptions, run_dask


def options_for_dask(args: argparse.Namespace, batch: BatchOptions) -> DaskOptions:
    """The local options as parsed, with what a Dask run adds; refuses what it cannot do."""
    if args.timeout is not None:
        raise UsageError(
            "--timeout needs --engine local: a Dask task cannot be stopped half way through "
            "a document without its worker"
        )
    if args.scheduler is not None and args.jobs != 1:
        raise UsageError("--jobs sizes the local cluster: with --scheduler the cluster has its own")
    if args.output is None:
        raise UsageError("--engine dask needs -o OUT_DIR, a folder for the Parquet parts")
    fields = {f.name: getattr(batch, f.name) for f in dataclasses.fields(BatchOptions)}
    fields["format"] = args.format or "parquet"
    return DaskOptions(
        **fields,
        scheduler=args.scheduler,
        files_per_partition=args.partition_files or DEFAULT_FILES_PER_PARTITION,
    )


def run_from_args(args: argparse.Namespace, batch: BatchOptions) -> int:
    return run_dask(options_for_dask(args, batch)).summary.exit_code
