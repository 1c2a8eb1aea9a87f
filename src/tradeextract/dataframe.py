"""Claims as a pandas DataFrame: one row per claim, the columns of the CSV output.

The rows are the CSV writer's (`batch.writers.flatten_claims`) and the column types its
Parquet schema's, so a DataFrame, a CSV file, a Parquet file and the store's `claim_rows` view
hold the same table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tradeextract.batch.writers import CLAIM_COLUMNS, COLUMNS, flatten_claims
from tradeextract.store.rows import as_record

if TYPE_CHECKING:
    import pandas

PANDAS_TYPES = {"string": "string", "int64": "Int64", "float64": "float64"}


def to_dataframe(documents: Iterable[Any] | str | os.PathLike[str]) -> pandas.DataFrame:
    """One row per claim of `documents`: `Document`s, batch records (dicts), or the path of a
    documents JSON Lines file written by `tradeextract extract`."""
    import pandas as pd

    if isinstance(documents, (str, os.PathLike)):
        documents = documents_of_file(os.fspath(documents))
    rows = [row for document in documents for row in flatten_claims(as_record(document))]
    return typed_frame(pd.DataFrame.from_records(rows, columns=list(COLUMNS)))


def typed_frame(frame: pandas.DataFrame) -> pandas.DataFrame:
    """The CSV columns, in order, with nullable types: strings, Int64 and float64."""
    typed = frame.reindex(columns=list(COLUMNS))
    for name, kind in CLAIM_COLUMNS:
        typed[name] = typed[name].astype(PANDAS_TYPES[kind])
    return typed.reset_index(drop=True)


def documents_of_file(path: str) -> Iterable[dict[str, Any]]:
    """The records of a documents JSON Lines file; a line that is not one is an error."""
    from tradeextract.store.sources import LoadProblem, read_documents_file

    for found in read_documents_file(path):
        if isinstance(found, LoadProblem):
            raise ValueError(found.describe())
        yield found
