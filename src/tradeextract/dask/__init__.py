"""Batch extraction on a Dask cluster: `pip install tradeextract[dask]`.

    import tradeextract.dask
    claims = tradeextract.dask.extract(["news/"], client=client, output="claims/")
    claims.groupby("reporter").value_amount.sum().compute()

    tradeextract extract news/ --engine dask [--scheduler tcp://host:8786] -o claims/

Input files are cut into partitions (`plan`); workers read them, the client settles every
doc_id in input order (`naming`), workers extract each partition with a pipeline loaded once
per worker process (`tasks`) and write it as a Parquet part (`store`); `runner` drives a run
and `cluster` provides the client. The documents, claims, doc_ids, errors and warnings are
those of the local batch (`tradeextract.batch`) on the same inputs. The core library never
imports Dask; this package does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tradeextract.dask.runner import DaskOptions, DaskRun, run_dask

__all__ = ["DaskOptions", "DaskRun", "extract", "run_dask"]


def extract(
    paths: str | Iterable[str],
    client: Any = None,
    output: str | None = None,
    **options: Any,
) -> Any:
    """The claims of every article under `paths` as a Dask DataFrame (one row per claim, the
    columns of `--format parquet`), extracted now on `client`'s cluster (default: a local one).

    With `output` (a folder every worker can write, at the same path) the claims are Parquet
    parts there and the errors in `output/errors.jsonl`; without it they stay in the cluster's
    memory and a run with errors warns (use `run_dask` to get them). Other keyword arguments
    are `DaskOptions` fields: `errors`, `resume`, `glob`, `files_per_partition`, `jobs`...
    """
    import warnings

    paths = [paths] if isinstance(paths, str) else list(paths)
    run = run_dask(DaskOptions(paths=paths, output=output, quiet=True, **options), client=client)
    if run.summary.interrupted:
        raise KeyboardInterrupt
    if output is None and options.get("errors") is None and run.summary.errors:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(run.summary.error_kinds.items()))
        warnings.warn(
            f"{run.summary.errors} inputs failed ({kinds}): use tradeextract.dask.run_dask "
            "or errors=FILE to see them",
            stacklevel=2,
        )
    if run.claims is None:
        import dask.dataframe as dd

        from tradeextract.batch.writers import arrow_schema

        return dd.from_pandas(arrow_schema().empty_table().to_pandas(), npartitions=1)
    return run.claims
