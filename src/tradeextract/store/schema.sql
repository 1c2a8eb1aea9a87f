-- The tradeextract store: one DuckDB file (no server). Schema version 1.
--
-- documents  one row per article, keyed by doc_id; content_sha256 tells an unchanged document
--            (skipped when loaded again) from a changed one (its rows are replaced).
-- claims     one row per claim: the CSV output's claim columns, and the claim as extracted
--            (JSON, every field) in `claim`.
-- spans      the characters behind every field of every claim: evidence, value, change,
--            alt_value (item = its position), and each entry of the claim's `spans`
--            (reporter, partner, product, period, flow, hs_code). `inherited` is true when the
--            field was read outside the claim's evidence (carried from an earlier sentence,
--            the headline or the section).
-- findings   consistency findings about claims (a document record's `findings`, as
--            `tradeextract check` reports them); claim_index is null for a document-wide one.
-- Offsets are character offsets into documents.text: text[span_start:span_end] = span_text.

CREATE TABLE IF NOT EXISTS store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    doc_date VARCHAR,            -- ISO date of publication, or null
    path VARCHAR,                -- the input file as the batch showed it
    rel_path VARCHAR,            -- with record and input_sha256: the batch's --resume key
    record BIGINT,
    input_sha256 VARCHAR,
    text_sha256 VARCHAR,
    text VARCHAR,                -- the text the offsets refer to; null when it could not be had
    content_sha256 VARCHAR NOT NULL,
    source JSON,
    loaded_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS claims (
    doc_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,   -- the claim's position in its document
    flow VARCHAR,
    measure VARCHAR,
    value_amount DOUBLE,
    value_unit VARCHAR,
    value_upper DOUBLE,
    alt_value_amount DOUBLE,
    alt_value_unit VARCHAR,
    change_amount DOUBLE,
    change_unit VARCHAR,
    change_basis VARCHAR,
    approx VARCHAR,
    reporter VARCHAR,               -- several places joined with '|'
    partner VARCHAR,
    product VARCHAR,
    hs_code VARCHAR,
    period_start VARCHAR,           -- ISO date; 'XXXX' stands for a year nothing gives
    period_end VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text VARCHAR,
    claim JSON,
    PRIMARY KEY (doc_id, claim_index)
);

CREATE TABLE IF NOT EXISTS spans (
    doc_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    item INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    span_text VARCHAR,
    inherited BOOLEAN NOT NULL,
    PRIMARY KEY (doc_id, claim_index, field, item)
);

CREATE TABLE IF NOT EXISTS findings (
    doc_id VARCHAR NOT NULL,
    claim_index INTEGER,
    finding_index INTEGER NOT NULL,
    kind VARCHAR,
    severity VARCHAR,
    message VARCHAR,
    finding JSON
);
