-- Views for the common questions; replaced whenever a store is opened for writing.

-- The CSV output's columns, in its order: one row per claim.
CREATE OR REPLACE VIEW claim_rows AS
SELECT c.doc_id, d.path, d.doc_date, c.claim_index, c.flow, c.measure,
       c.value_amount, c.value_unit, c.value_upper, c.alt_value_amount, c.alt_value_unit,
       c.change_amount, c.change_unit, c.change_basis, c.approx,
       c.reporter, c.partner, c.product, c.hs_code, c.period_start, c.period_end,
       c.evidence_start, c.evidence_end, c.evidence_text,
       d.rel_path, d.record, d.input_sha256
FROM claims c JOIN documents d USING (doc_id);

-- Claims with a value and a real period (dates, not 'XXXX'), and how long the period is:
-- 'month', 'quarter', 'half', 'year', 'N months' (a year to date), 'day' or 'N days'.
CREATE OR REPLACE VIEW series_points AS
WITH dated AS (
    SELECT doc_id, claim_index, reporter, partner, product, flow, measure,
           value_unit AS unit, value_amount,
           TRY_CAST(period_start AS DATE) AS period_start,
           TRY_CAST(period_end AS DATE) AS period_end
    FROM claims
    WHERE value_amount IS NOT NULL AND flow IS NOT NULL
)
SELECT doc_id, claim_index, reporter, partner, product, flow, measure, unit,
       CASE
           WHEN day(period_start) = 1 AND period_end = last_day(period_end) THEN
               CASE date_diff('month', period_start, period_end) + 1
                   WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' WHEN 6 THEN 'half'
                   WHEN 12 THEN 'year'
                   ELSE CAST(date_diff('month', period_start, period_end) + 1 AS VARCHAR) || ' months'
               END
           WHEN period_start = period_end THEN 'day'
           ELSE CAST(date_diff('day', period_start, period_end) + 1 AS VARCHAR) || ' days'
       END AS period_length,
       period_start, period_end, value_amount
FROM dated
WHERE period_start IS NOT NULL AND period_end IS NOT NULL AND period_end >= period_start;

-- One row per series and period. A series is a reporter, partner, product, flow, measure,
-- unit and period length (null partner or product: none was named). Where several claims
-- give the same period, `value` is their median and min_value/max_value show the spread.
CREATE OR REPLACE VIEW series AS
SELECT reporter, partner, product, flow, measure, unit, period_length,
       period_start, period_end,
       median(value_amount) AS value,
       min(value_amount) AS min_value,
       max(value_amount) AS max_value,
       count(*) AS claims,
       count(DISTINCT doc_id) AS documents,
       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
FROM series_points
GROUP BY reporter, partner, product, flow, measure, unit, period_length, period_start, period_end;

-- Which series exist and how many periods each has.
CREATE OR REPLACE VIEW series_index AS
SELECT reporter, partner, product, flow, measure, unit, period_length,
       count(*) AS periods,
       min(period_start) AS first_period,
       max(period_end) AS last_period,
       sum(claims) AS claims
FROM series
GROUP BY reporter, partner, product, flow, measure, unit, period_length;

-- Claims with their consistency findings (empty until findings are loaded).
CREATE OR REPLACE VIEW claim_findings AS
SELECT f.doc_id, f.claim_index, f.kind, f.severity, f.message,
       c.flow, c.measure, c.value_amount, c.value_unit, c.reporter, c.partner, c.product,
       c.period_start, c.period_end, c.evidence_text
FROM findings f LEFT JOIN claims c USING (doc_id, claim_index);
