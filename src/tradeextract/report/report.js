// tradeextract report: renders the data embedded in the page; fetches nothing.
"use strict";

const DATA = JSON.parse(document.getElementById("report-data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const byDoc = new Map(DATA.documents.map((doc) => [doc.id, doc]));
const segmentsOf = new Map(); // doc id -> [{start, end, el}]
let selected = null; // {doc, index}

// ---- small helpers -------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "style") node.setAttribute("style", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function flowColour(flow) {
  return `var(--${DATA.flows.includes(flow) ? flow : "none"})`;
}

function places(value) {
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function product(value) {
  return Array.isArray(value) ? value[0] || "" : value || "";
}

const SCALES = [[1e12, " trn"], [1e9, " bn"], [1e6, " mn"], [1e3, " k"]];

function amount(value, unit) {
  if (value === null || value === undefined) return "";
  if (unit === "percent") return `${value}%`;
  if (unit === "pp") return `${value} pp`;
  if (unit === "fold") return `${value}×`;
  const size = Math.abs(value);
  for (const [scale, word] of SCALES) {
    if (size >= scale) return `${+(value / scale).toFixed(2)}${word} ${unit || ""}`.trim();
  }
  return `${value} ${unit || ""}`.trim();
}

function period(p) {
  if (!p) return "";
  return p.start === p.end ? p.start : `${p.start} – ${p.end}`;
}

function claimOf(ref) {
  const doc = byDoc.get(ref.doc);
  return doc ? doc.claims.find((c) => c.index === ref.index) : undefined;
}

// ---- header --------------------------------------------------------------------------------

function renderHeader() {
  const claims = DATA.documents.reduce((n, doc) => n + doc.claims.length, 0);
  const flagged = DATA.documents.reduce(
    (n, doc) => n + doc.claims.filter((c) => c.findings.length).length, 0);
  let summary = `${DATA.documents.length} documents, ${claims} claims`;
  if (flagged) summary += `, ${flagged} with consistency findings`;
  if (DATA.series.length) summary += `, ${DATA.series.length} series over several periods`;
  document.getElementById("summary").textContent = summary;
  const legend = document.getElementById("legend");
  for (const flow of DATA.flows) {
    legend.append(el("span", { class: "swatch", style: `--c: ${flowColour(flow)}`, text: flow }));
  }
  legend.append(el("span", { class: "swatch", style: "--c: var(--none)", text: "no flow" }));
  if (!flagged) document.getElementById("flagged-filter").hidden = true;
}

// ---- articles ------------------------------------------------------------------------------

function renderArticles() {
  const section = document.getElementById("articles");
  for (const doc of DATA.documents) {
    const meta = [doc.date && `published ${doc.date}`, doc.path, `${doc.claims.length} claims`]
      .filter(Boolean).join(" · ");
    const body = el("div", { class: "text" });
    const article = el("article", { id: `doc-${doc.id}`, "data-doc": doc.id },
      el("h3", { text: doc.id }), el("div", { class: "meta", text: meta }), body);
    section.append(article);
    if (typeof doc.text === "string") renderText(doc, body);
    else renderEvidenceOnly(doc, body);
  }
}

// The text cut at every span boundary; a piece inside some claim's evidence is a mark.
function renderText(doc, body) {
  const text = doc.text;
  const cuts = new Set([0, text.length]);
  for (const claim of doc.claims) {
    for (const span of claim.spans) {
      cuts.add(Math.max(0, Math.min(text.length, span.start)));
      cuts.add(Math.max(0, Math.min(text.length, span.end)));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    const piece = text.slice(start, end);
    const covering = doc.claims.filter((c) => c.evidence.start <= start && end <= c.evidence.end);
    const touched = covering.length || doc.claims.some(
      (c) => c.spans.some((s) => s.start <= start && end <= s.end));
    if (!touched) {
      body.append(document.createTextNode(piece));
      continue;
    }
    const seg = el("span", { class: "seg", "data-doc": doc.id, "data-start": start, "data-end": end, text: piece });
    if (covering.length) {
      // the innermost (shortest) evidence gives the colour and answers the click
      covering.sort((a, b) => (a.evidence.end - a.evidence.start) - (b.evidence.end - b.evidence.start));
      seg.classList.add("ev");
      if (covering.some((c) => c.findings.length)) seg.classList.add("flagged");
      seg.dataset.claims = covering.map((c) => c.index).join(" ");
      seg.dataset.flow = covering[0].flow || "";
      seg.style.setProperty("--c", flowColour(covering[0].flow));
      seg.title = covering.map((c) => `claim ${c.index}: ${c.flow || "?"} ${amount(c.value && c.value.amount, c.value && c.value.unit)}`).join("\n");
      seg.addEventListener("click", () => selectClaim(doc.id, covering[0].index, { from: "text" }));
    }
    segments.push({ start, end, el: seg });
    body.append(seg);
  }
  segmentsOf.set(doc.id, segments);
}

function renderEvidenceOnly(doc, body) {
  body.append(el("p", { class: "missing", text: "The article's text is not in the store (extract with --include-text or --db); each claim's evidence:" }));
  const segments = [];
  for (const claim of doc.claims) {
    const ev = claim.evidence;
    const seg = el("span", { class: "seg ev", "data-doc": doc.id, "data-start": ev.start, "data-end": ev.end, "data-claims": claim.index, text: ev.text });
    seg.style.setProperty("--c", flowColour(claim.flow));
    if (claim.findings.length) seg.classList.add("flagged");
    seg.addEventListener("click", () => selectClaim(doc.id, claim.index, { from: "text" }));
    body.append(el("p", {}, seg));
    segments.push({ start: ev.start, end: ev.end, el: seg });
  }
  segmentsOf.set(doc.id, segments);
}

function segmentsWithin(docId, start, end) {
  return (segmentsOf.get(docId) || []).filter((s) => start <= s.start && s.end <= end);
}

// ---- selection and details -----------------------------------------------------------------

function clearMarks() {
  for (const cls of ["selected", "field", "inherited-from"]) {
    for (const node of document.querySelectorAll(`.seg.${cls}`)) node.classList.remove(cls);
  }
  for (const row of document.querySelectorAll("#claims-table tr.selected")) row.classList.remove("selected");
}

function selectClaim(docId, index, { from = "table" } = {}) {
  const doc = byDoc.get(docId);
  const claim = claimOf({ doc: docId, index });
  if (!claim) return;
  selected = { doc: docId, index };
  clearMarks();
  for (const seg of segmentsWithin(docId, claim.evidence.start, claim.evidence.end)) seg.el.classList.add("selected");
  for (const span of claim.spans) {
    if (span.field === "evidence") continue;
    for (const seg of segmentsWithin(docId, span.start, span.end)) {
      seg.el.classList.add(span.inherited ? "inherited-from" : "field");
    }
  }
  const row = document.querySelector(`#claims-table tr[data-doc="${CSS.escape(docId)}"][data-index="${index}"]`);
  if (row) row.classList.add("selected");
  showDetails(doc, claim);
  if (from !== "text") {
    const first = segmentsWithin(docId, claim.evidence.start, claim.evidence.end)[0];
    if (first) first.el.scrollIntoView({ block: "center" });
  }
}

function spanOf(claim, field, item = 0) {
  return claim.spans.find((s) => s.field === field && s.item === item);
}

function sourceCell(doc, claim, field, item = 0) {
  const span = spanOf(claim, field, item);
  if (!span) return el("td", { class: "from", text: "" });
  const link = el("a", {
    class: "source",
    "data-field": field,
    "data-start": span.start,
    "data-end": span.end,
    text: `“${span.text}”`,
    onclick: () => jumpTo(doc.id, span.start, span.end),
  });
  const cell = el("td", { class: "from" }, link);
  if (span.inherited) cell.append(el("div", { class: "inherited", text: `inherited from chars ${span.start}–${span.end}` }));
  return cell;
}

function jumpTo(docId, start, end) {
  const segs = segmentsWithin(docId, start, end);
  if (!segs.length) return;
  segs[0].el.scrollIntoView({ block: "center" });
  for (const seg of segs) {
    seg.el.classList.remove("flash");
    void seg.el.offsetWidth; // restart the animation
    seg.el.classList.add("flash");
  }
}

function fieldRows(claim) {
  const value = claim.value;
  const change = claim.change;
  const rows = [
    ["flow", claim.flow, "flow"],
    ["measure", claim.measure, null],
    ["value", value && amount(value.amount, value.unit) + (value.upper ? ` to ${amount(value.upper, value.unit)}` : ""), "value"],
    ["change", change && `${amount(change.amount, change.unit)}${change.basis ? ` (${change.basis})` : ""}`, "change"],
    ["approx", claim.approx, null],
    ["reporter", places(claim.reporter), "reporter"],
    ["partner", places(claim.partner), "partner"],
    ["product", product(claim.product), "product"],
    ["hs_code", claim.hs_code, "hs_code"],
    ["period", period(claim.period), "period"],
  ];
  (claim.alt_values || []).forEach((alt, i) => rows.push([`alt value ${i + 1}`, amount(alt.amount, alt.unit), "alt_value", i]));
  return rows;
}

function showDetails(doc, claim) {
  const panel = document.getElementById("details");
  const body = document.getElementById("details-body");
  body.replaceChildren();
  body.dataset.doc = doc.id;
  body.dataset.index = claim.index;
  body.append(el("h3", { text: `Claim ${claim.index} of ${doc.id}` }));
  body.append(el("span", { class: "flow-tag", style: `--c: ${flowColour(claim.flow)}`, text: claim.flow || "no flow" }));
  body.append(el("div", { class: "quote", style: `--c: ${flowColour(claim.flow)}`, text: claim.evidence.text }));
  if (claim.findings.length) {
    const box = el("div", { class: "findings" }, el("strong", { text: "Consistency findings" }));
    for (const f of claim.findings) {
      box.append(el("div", { class: "finding", text: [f.severity, f.kind, f.message].filter(Boolean).join(": ") }));
    }
    body.append(box);
  }
  const table = el("table", { class: "fields" });
  for (const [label, shown, field, item = 0] of fieldRows(claim)) {
    const row = el("tr", { "data-field": field || label }, el("th", { text: label }), el("td", { class: "value", text: shown || "—" }));
    row.append(field ? sourceCell(doc, claim, field, item) : el("td"));
    table.append(row);
  }
  body.append(table);
  const here = document.querySelectorAll(`.seg.ev[data-doc="${CSS.escape(doc.id)}"]`);
  const others = new Set();
  for (const seg of here) {
    const ids = seg.dataset.claims.split(" ").map(Number);
    if (ids.includes(claim.index)) ids.forEach((i) => i !== claim.index && others.add(i));
  }
  if (others.size) {
    const box = el("div", { class: "others" }, el("span", { text: "Also in this evidence: " }));
    for (const i of [...others].sort((a, b) => a - b)) {
      box.append(el("button", { type: "button", text: `claim ${i}`, onclick: () => selectClaim(doc.id, i, { from: "text" }) }));
    }
    body.append(box);
  }
  panel.hidden = false;
  document.body.classList.add("with-details");
}

function closeDetails() {
  document.getElementById("details").hidden = true;
  document.body.classList.remove("with-details");
  clearMarks();
  selected = null;
}

// ---- claims table --------------------------------------------------------------------------

const COLUMNS = [
  { key: "doc", label: "document", get: (d, c) => d.id },
  { key: "index", label: "#", get: (d, c) => c.index, num: true },
  { key: "flow", label: "flow", get: (d, c) => c.flow },
  { key: "measure", label: "measure", get: (d, c) => c.measure },
  { key: "value", label: "value", get: (d, c) => (c.value ? c.value.amount : null), num: true, show: (d, c) => c.value && amount(c.value.amount, c.value.unit) },
  { key: "unit", label: "unit", get: (d, c) => c.value && c.value.unit },
  { key: "change", label: "change", get: (d, c) => (c.change ? c.change.amount : null), num: true, show: (d, c) => c.change && amount(c.change.amount, c.change.unit) },
  { key: "basis", label: "basis", get: (d, c) => c.change && c.change.basis },
  { key: "reporter", label: "reporter", get: (d, c) => places(c.reporter) },
  { key: "partner", label: "partner", get: (d, c) => places(c.partner) },
  { key: "product", label: "product", get: (d, c) => product(c.product) },
  { key: "period", label: "period", get: (d, c) => (c.period ? `${c.period.start} ${c.period.end}` : null), show: (d, c) => period(c.period) },
  { key: "findings", label: "⚠", get: (d, c) => c.findings.length || null, num: true },
  { key: "evidence", label: "evidence", get: (d, c) => c.evidence.text },
];
const tableRows = [];
let sortState = { key: null, dir: 1 };

function renderTable() {
  const head = document.querySelector("#claims-table thead tr");
  for (const col of COLUMNS) {
    head.append(el("th", { "data-key": col.key, scope: "col", text: col.label, onclick: () => sortBy(col.key) }));
  }
  const body = document.querySelector("#claims-table tbody");
  for (const doc of DATA.documents) {
    for (const claim of doc.claims) {
      const row = el("tr", { "data-doc": doc.id, "data-index": claim.index, "data-flow": claim.flow || "" });
      const values = {};
      for (const col of COLUMNS) {
        const value = col.get(doc, claim);
        values[col.key] = value;
        const shown = col.show ? col.show(doc, claim) : value;
        const text = shown === null || shown === undefined ? "" : String(shown);
        const td = el("td", { class: col.num ? "num" : col.key === "evidence" ? "evidence" : null, text, title: col.key === "evidence" ? text : null });
        if (col.key === "flow" && value) td.replaceChildren(el("span", { class: "flow-tag", style: `--c: ${flowColour(value)}`, text: value }));
        if (col.key === "findings" && value) td.classList.add("flag");
        row.append(td);
      }
      row.addEventListener("click", () => selectClaim(doc.id, claim.index));
      tableRows.push({ row, values, doc: doc.id, flow: claim.flow || "", flagged: claim.findings.length > 0, haystack: row.textContent.toLowerCase() });
      body.append(row);
    }
  }
  const flows = document.getElementById("filter-flow");
  for (const flow of [...new Set(tableRows.map((r) => r.flow))].sort()) flows.append(el("option", { value: flow, text: flow || "(none)" }));
  const docs = document.getElementById("filter-doc");
  for (const doc of DATA.documents) docs.append(el("option", { value: doc.id, text: doc.id }));
  for (const id of ["filter-text", "filter-flow", "filter-doc", "filter-flagged"]) {
    document.getElementById(id).addEventListener("input", applyFilters);
  }
  applyFilters();
}

function compare(a, b, numeric) {
  const missingA = a === null || a === undefined || a === "";
  const missingB = b === null || b === undefined || b === "";
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1; // blanks last
  if (numeric) return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortBy(key) {
  const col = COLUMNS.find((c) => c.key === key);
  sortState = { key, dir: sortState.key === key ? -sortState.dir : 1 };
  tableRows.sort((x, y) => {
    const order = compare(x.values[key], y.values[key], col.num);
    const blank = x.values[key] === null || x.values[key] === undefined || x.values[key] === "";
    const blankY = y.values[key] === null || y.values[key] === undefined || y.values[key] === "";
    return blank || blankY ? order : order * sortState.dir;
  });
  const body = document.querySelector("#claims-table tbody");
  for (const r of tableRows) body.append(r.row);
  for (const th of document.querySelectorAll("#claims-table th")) {
    th.setAttribute("aria-sort", th.dataset.key === key ? (sortState.dir > 0 ? "ascending" : "descending") : "none");
  }
}

function applyFilters() {
  const words = document.getElementById("filter-text").value.toLowerCase().split(/\s+/).filter(Boolean);
  const flow = document.getElementById("filter-flow").value;
  const doc = document.getElementById("filter-doc").value;
  const flagged = document.getElementById("filter-flagged").checked;
  let shown = 0;
  for (const r of tableRows) {
    const ok = (!flow || r.flow === flow) && (!doc || r.doc === doc) && (!flagged || r.flagged)
      && words.every((w) => r.haystack.includes(w));
    r.row.hidden = !ok;
    if (ok) shown++;
  }
  document.getElementById("row-count").textContent = `${shown} of ${tableRows.length} claims`;
}

// ---- series chart --------------------------------------------------------------------------

function seriesLabel(s) {
  const k = s.key;
  const parts = [k.reporter || "?", k.partner ? `→ ${k.partner}` : null, k.product, k.flow, k.measure, k.unit, k.period_length];
  return `${parts.filter(Boolean).join(" · ")} (${s.points.length} periods)`;
}

function renderSeries() {
  if (!DATA.series.length) return;
  document.getElementById("series").hidden = false;
  const select = document.getElementById("series-select");
  DATA.series.forEach((s, i) => select.append(el("option", { value: i, text: seriesLabel(s) })));
  select.addEventListener("input", () => drawChart(DATA.series[Number(select.value)]));
  drawChart(DATA.series[0]);
}

// "2024", "2024-03", "2024 Q1", "2024 H1", else "2023-07…2024-06"
function periodLabel(start, end) {
  const [y0, m0, d0] = [start.slice(0, 4), +start.slice(5, 7), +start.slice(8, 10)];
  const [y1, m1] = [end.slice(0, 4), +end.slice(5, 7)];
  const monthEnd = dayOf(end) + 1 === Date.UTC(+y1, m1, 1) / 86400000;
  if (d0 === 1 && monthEnd && y0 === y1) {
    if (m0 === 1 && m1 === 12) return y0;
    if (m0 === m1) return start.slice(0, 7);
    if (m1 - m0 === 2 && m0 % 3 === 1) return `${y0} Q${(m0 + 2) / 3}`;
    if (m1 - m0 === 5 && m0 % 6 === 1) return `${y0} H${(m0 + 5) / 6}`;
  }
  return `${start.slice(0, 7)}…${end.slice(0, 7)}`;
}

function dayOf(iso) {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
}

function drawChart(series) {
  const W = 820, H = 300, left = 120, right = 30, top = 20, bottom = 50;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": seriesLabel(series) });
  const pts = series.points.map((p) => ({ ...p, x: (dayOf(p.start) + dayOf(p.end)) / 2 }));
  const xs = pts.map((p) => p.x);
  const ys = pts.flatMap((p) => [p.min, p.max, p.value]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 0)];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  if (y0 === y1) { y1 += 1; }
  const pad = (y1 - y0) * 0.08;
  y0 -= y0 < 0 ? pad : 0;
  y1 += pad;
  const X = (x) => left + ((x - x0) / (x1 - x0)) * (W - left - right);
  const Y = (y) => top + (1 - (y - y0) / (y1 - y0)) * (H - top - bottom);
  for (let i = 0; i <= 4; i++) {
    const v = y0 + ((y1 - y0) * i) / 4;
    root.append(svg("line", { class: "grid", x1: left, x2: W - right, y1: Y(v), y2: Y(v) }));
    const label = svg("text", { class: "tick", x: left - 6, y: Y(v) + 4, "text-anchor": "end" });
    label.textContent = amount(+v.toPrecision(3), series.key.unit);
    root.append(label);
  }
  root.append(svg("line", { class: "axis", x1: left, x2: W - right, y1: Y(0), y2: Y(0) }));
  const colour = flowColour(series.key.flow);
  root.append(svg("polyline", { class: "line", stroke: colour, points: pts.map((p) => `${X(p.x)},${Y(p.value)}`).join(" ") }));
  for (const p of pts) {
    if (p.min !== p.max) root.append(svg("line", { class: "spread", stroke: colour, x1: X(p.x), x2: X(p.x), y1: Y(p.min), y2: Y(p.max) }));
    const dot = svg("circle", { class: "point", cx: X(p.x), cy: Y(p.value), r: 5, fill: colour, "data-start": p.start, "data-end": p.end });
    const tip = svg("title");
    tip.textContent = `${periodLabel(p.start, p.end)}: ${amount(p.value, series.key.unit)} (${p.claims.length} claim${p.claims.length === 1 ? "" : "s"})`;
    dot.append(tip);
    dot.addEventListener("click", () => p.claims.length && selectClaim(p.claims[0].doc, p.claims[0].index));
    root.append(dot);
    const label = svg("text", { class: "tick", x: X(p.x), y: H - bottom + 18, "text-anchor": "middle" });
    label.textContent = periodLabel(p.start, p.end);
    root.append(label);
  }
  document.getElementById("chart").replaceChildren(root);
}

// ---- start ---------------------------------------------------------------------------------

document.getElementById("details-close").addEventListener("click", closeDetails);
document.addEventListener("keydown", (event) => { if (event.key === "Escape") closeDetails(); });
renderHeader();
renderSeries();
renderTable();
renderArticles();
document.body.dataset.ready = "true";
