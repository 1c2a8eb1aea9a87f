"""The claims store: an embedded DuckDB file (no server) holding documents, claims, the span
behind every field, and findings; schema in schema.sql, views in views.sql.

A document is known by its doc_id. Loading it again unchanged does nothing; loading a changed
version replaces all its rows, in the same transaction that adds the new ones, so the store
never holds half a document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import TYPE_CHECKING, Any

from tradeextract.store.rows import (
    as_record,
    claim_rows,
    document_row,
    finding_rows,
    span_rows,
)
from tradeextract.store.sources import TextRecovery

if TYPE_CHECKING:
    import duckdb
    import pandas

DEFAULT_DB = "claims.duckdb"
SCHEMA_VERSION = "1"
TABLES = ("documents", "claims", "spans", "findings")
CHUNK_DOCUMENTS = 500


class StoreError(Exception):
    """A store that cannot be opened or used: the message names the file and the reason."""


@dataclass
class LoadSummary:
    """What loading did: documents added, replaced (changed) and unchanged, claims written."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    claims: int = 0
    replaced_ids: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.added + self.replaced + self.unchanged

    def merge(self, other: LoadSummary) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.claims += other.claims
        self.replaced_ids += other.replaced_ids


def sql_file(name: str) -> str:
    return resources.files("tradeextract.store").joinpath(name).read_text(encoding="utf-8")


class Store:
    """One store file. `read_only` stores can be opened by several processes at once; a
    writable one by one process only (DuckDB locks the file)."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, read_only: bool = False) -> None:
        import duckdb

        self.path = os.fspath(path)
        if read_only and not os.path.isfile(self.path):
            raise StoreError(
                f"{self.path}: no such store (make one with `tradeextract store` or "
                "`tradeextract extract ... --db`)"
            )
        try:
            if not read_only:
                os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            self.connection: duckdb.DuckDBPyConnection = duckdb.connect(
                self.path, read_only=read_only
            )
        except (duckdb.Error, OSError) as error:
            raise StoreError(f"{self.path}: cannot open the store: {error}") from None
        self.read_only = read_only
        try:
            self._check_or_create()
        except BaseException:
            self.connection.close()
            raise

    def _check_or_create(self) -> None:
        import duckdb

        try:
            version = self.connection.execute(
                "SELECT value FROM store_meta WHERE key = 'schema_version'"
            ).fetchone()
        except duckdb.CatalogException:
            version = None
        if version is not None and version[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version[0]}, this tradeextract reads "
                f"version {SCHEMA_VERSION}"
            )
        if self.read_only:
            if version is None:
                raise StoreError(f"{self.path}: not a tradeextract store (no store_meta table)")
            return
        self.connection.execute(sql_file("schema.sql"))
        self.connection.execute(sql_file("views.sql"))
        self.connection.execute(
            "INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def load(
        self,
        documents: Iterable[Any],
        recovery: TextRecovery | None = None,
        chunk: int = CHUNK_DOCUMENTS,
    ) -> LoadSummary:
        """Add documents (records as the batch writes them, or `Document`s), `chunk` at a time,
        each chunk one transaction."""
        recovery = recovery or TextRecovery()
        summary = LoadSummary()
        batch: list[dict[str, Any]] = []
        for document in documents:
            batch.append(as_record(document))
            if len(batch) >= chunk:
                summary.merge(self._load_chunk(batch, recovery))
                batch = []
        if batch:
            summary.merge(self._load_chunk(batch, recovery))
        return summary

    def _load_chunk(self, records: list[dict[str, Any]], recovery: TextRecovery) -> LoadSummary:
        latest = {record["doc_id"]: record for record in records}  # a later version wins
        rows = {doc_id: document_row(record, None) for doc_id, record in latest.items()}
        known = self._known_hashes(list(latest))
        summary = LoadSummary()
        changed = []
        for doc_id, row in rows.items():
            if doc_id in known and known[doc_id][0] == row["content_sha256"]:
                summary.unchanged += 1
                if not known[doc_id][1]:
                    self._add_text(doc_id, recovery.text_of(latest[doc_id]))
                continue
            if doc_id in known:
                summary.replaced += 1
                summary.replaced_ids.append(doc_id)
            else:
                summary.added += 1
            row["text"] = recovery.text_of(latest[doc_id])
            changed.append(doc_id)
        summary.claims = sum(len(latest[doc_id].get("claims") or []) for doc_id in changed)
        if changed:
            self._replace(changed, [rows[d] for d in changed], [latest[d] for d in changed])
        return summary

    def _known_hashes(self, doc_ids: list[str]) -> dict[str, tuple[str, bool]]:
        """doc_id -> (content_sha256, whether its text is stored) of documents already in."""
        found = self.connection.execute(
            "SELECT doc_id, content_sha256, text IS NOT NULL FROM documents "
            "WHERE list_contains(?, doc_id)",
            [doc_ids],
        ).fetchall()
        return {doc_id: (sha, has_text) for doc_id, sha, has_text in found}

    def _add_text(self, doc_id: str, text: str | None) -> None:
        """The text of a document stored without it, now that a record brings it."""
        if text is not None:
            self.connection.execute(
                "UPDATE documents SET text = ? WHERE doc_id = ?", [text, doc_id]
            )

    def _replace(
        self, doc_ids: list[str], documents: list[dict[str, Any]], records: list[dict[str, Any]]
    ) -> None:
        loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
        tables = {
            "documents": [{**row, "loaded_at": loaded_at} for row in documents],
            "claims": [row for record in records for row in claim_rows(record)],
            "spans": [row for record in records for row in span_rows(record)],
            "findings": [row for record in records for row in finding_rows(record)],
        }
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            for table in TABLES:
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [doc_ids])
            for table, rows in tables.items():
                self._insert(table, rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Rows in one statement, through Arrow typed like the table's own columns."""
        if not rows:
            return
        import pyarrow as pa

        schema = self._arrow_schema(table)
        self.connection.register("incoming", pa.Table.from_pylist(rows, schema=schema))
        try:
            self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
        finally:
            self.connection.unregister("incoming")

    def _arrow_schema(self, table: str) -> Any:
        import pyarrow as pa

        types = {
            "VARCHAR": pa.string(),
            "JSON": pa.string(),
            "INTEGER": pa.int32(),
            "BIGINT": pa.int64(),
            "DOUBLE": pa.float64(),
            "BOOLEAN": pa.bool_(),
            "TIMESTAMP": pa.timestamp("us"),
        }
        columns = self.connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return pa.schema([(name, types[kind]) for name, kind in columns])

    def query(self, sql: str, parameters: list[Any] | None = None) -> pandas.DataFrame:
        """Any SQL over the tables and views, as a pandas DataFrame."""
        return self.connection.execute(sql, parameters or []).df()

    def rows(self, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
        """Any SQL as a list of dicts (no pandas)."""
        cursor = self.connection.execute(sql, parameters or [])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def dataframe(self) -> pandas.DataFrame:
        """One row per claim with the CSV output's columns: what `to_dataframe` gives."""
        from tradeextract.dataframe import typed_frame

        frame = self.query("SELECT * FROM claim_rows ORDER BY doc_id, claim_index")
        return typed_frame(frame)


def open_store(path: str | os.PathLike[str] = DEFAULT_DB, read_only: bool = False) -> Store:
    """The store at `path`, created when missing (unless `read_only`)."""
    return Store(path, read_only=read_only)
