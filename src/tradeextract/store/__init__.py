"""The claims store: DuckDB tables of documents, claims, spans and findings, and views for the
common questions (schema.sql, views.sql). `tradeextract store`, `tradeextract query` and
`tradeextract extract --db` use it; so can Python:

    from tradeextract.store import open_store
    with open_store("claims.duckdb") as store:
        store.load(documents)                       # records or Documents
        store.query("SELECT * FROM series_index")   # pandas DataFrame
        store.dataframe()                           # the CSV columns, one row per claim
"""

from tradeextract.store.database import (
    DEFAULT_DB,
    LoadSummary,
    Store,
    StoreError,
    open_store,
)

__all__ = ["DEFAULT_DB", "LoadSummary", "Store", "StoreError", "open_store"]
