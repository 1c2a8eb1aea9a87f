"""The report in a real browser: Debian's Chromium driven by Playwright (its own browser
download is never used: the executable is the system's). Skipped only when no Chromium is
installed; `.ci/run` installs it."""

from __future__ import annotations

import copy
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from batch_helpers import read_jsonl
from tradeextract.report.data import report_data
from tradeextract.store import open_store

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """TRADEEXTRACT_CHROMIUM, else Debian's chromium on the PATH."""
    for candidate in (os.environ.get("TRADEEXTRACT_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser")):  # fmt: skip
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install chromium; .ci/run does this)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def flagged_records(sample_claims: Path) -> list[dict[str, Any]]:
    """The sample, with a consistency finding on one claim."""
    records = copy.deepcopy(read_jsonl(sample_claims))
    records[0]["findings"] = [
        {"kind": "sum", "severity": "warning", "message": "exports and imports do not add up",
         "claims": [1]}
    ]  # fmt: skip
    return records


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, flagged_records: list) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("report")
    with open_store(folder / "s.duckdb") as store:
        store.load(flagged_records)
        data = report_data(store, "test report")
    from tradeextract.report.page import render_page

    path = folder / "report.html"
    path.write_text(render_page(data), encoding="utf-8")
    return {"path": path, "data": data}


@pytest.fixture
def page(browser: Any, report: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.requests = []
    opened.errors = []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.goto(report["path"].as_uri())
    opened.wait_for_selector("body[data-ready='true']")
    yield opened
    context.close()


def test_the_page_renders_and_requests_nothing_but_itself(page: Any, report: dict) -> None:
    from PIL import Image

    png = page.screenshot(full_page=False)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    white = max((n for n, rgb in colours if rgb == (255, 255, 255)), default=0)
    assert white < 0.95 * image.width * image.height
    page.locator("#claims-table th[data-key='value']").click()  # more rendering, still no fetch
    page.locator(".seg.ev").first.click()
    assert page.requests == [report["path"].as_uri()]
    assert page.errors == []
    marks = page.locator(".seg.ev").count()
    claims = sum(len(d["claims"]) for d in report["data"]["documents"])
    assert marks >= claims


def claim_with_inherited_field(data: dict) -> tuple[dict, dict, dict]:
    for doc in data["documents"]:
        for claim in doc["claims"]:
            inherited = [s for s in claim["spans"] if s["inherited"]]
            if inherited and claim["value"]:
                return doc, claim, inherited[0]
    raise AssertionError("the sample has no claim with an inherited field")


def test_clicking_a_highlight_shows_that_claims_fields(page: Any, report: dict) -> None:
    doc, claim, inherited = claim_with_inherited_field(report["data"])
    index = claim["index"]
    # a piece of text whose innermost evidence is this claim's
    mark = page.locator(
        f".seg.ev[data-doc='{doc['id']}'][data-claims='{index}'], "
        f".seg.ev[data-doc='{doc['id']}'][data-claims^='{index} ']"
    ).first
    mark.click()
    details = page.locator("#details")
    assert details.is_visible()
    body = page.locator("#details-body")
    assert body.get_attribute("data-doc") == doc["id"]
    assert body.get_attribute("data-index") == str(index)
    assert claim["evidence"]["text"] in details.inner_text()
    value_source = page.locator("#details tr[data-field='value'] a.source")
    assert value_source.inner_text() == f"“{claim['value']['text']}”"
    assert page.locator("#details tr[data-field='flow'] td.value").inner_text() == (
        claim["flow"] or "—"
    )
    # the inherited field links to the text it came from
    row = page.locator(f"#details tr[data-field='{inherited['field']}']")
    assert "inherited from" in row.inner_text()
    row.locator("a.source").click()
    flashed = page.locator(f".seg.flash[data-doc='{doc['id']}']")
    assert "".join(flashed.all_inner_texts()) == inherited["text"]
    assert int(flashed.first.get_attribute("data-start")) == inherited["start"]
    outlined = page.locator(".seg.inherited-from").all_inner_texts()
    assert inherited["text"] in "".join(outlined)


def test_a_claim_with_findings_is_flagged(page: Any, flagged_records: list) -> None:
    doc_id = flagged_records[0]["doc_id"]
    page.locator("#filter-flagged").check()
    visible = page.locator("#claims-table tbody tr:not([hidden])")
    assert visible.count() == 1
    visible.first.click()
    assert "exports and imports do not add up" in page.locator("#details .findings").inner_text()
    assert page.locator("#details-body").get_attribute("data-doc") == doc_id
    assert page.locator(f".seg.ev.flagged[data-doc='{doc_id}']").count() >= 1


def visible_rows(page: Any) -> list[tuple[str, int]]:
    return page.eval_on_selector_all(
        "#claims-table tbody tr:not([hidden])",
        "rows => rows.map(r => [r.dataset.doc, Number(r.dataset.index)])",
    )


def test_the_claims_table_sorts_and_filters(page: Any, report: dict) -> None:
    claims = [(d["id"], c) for d in report["data"]["documents"] for c in d["claims"]]
    page.locator("#claims-table th[data-key='value']").click()
    amounts = [(doc, c["index"], c["value"]["amount"] if c["value"] else None) for doc, c in claims]
    present = sorted((a for a in amounts if a[2] is not None), key=lambda a: a[2])
    absent = [a for a in amounts if a[2] is None]
    assert [tuple(r) for r in visible_rows(page)] == [(d, i) for d, i, _ in present + absent]
    page.locator("#claims-table th[data-key='value']").click()
    descending = [tuple(r) for r in visible_rows(page)]
    assert descending[0] == max(present, key=lambda a: a[2])[:2]
    page.select_option("#filter-flow", "export")
    exports = {(doc, c["index"]) for doc, c in claims if c["flow"] == "export"}
    assert {tuple(r) for r in visible_rows(page)} == exports
    assert page.locator("#row-count").inner_text() == f"{len(exports)} of {len(claims)} claims"
    word = claims[0][1]["evidence"]["text"].split()[-1]
    page.fill("#filter-text", word)
    shown = {tuple(r) for r in visible_rows(page)}
    assert shown and shown <= exports


def test_the_chart_draws_the_first_series(page: Any, report: dict) -> None:
    series = report["data"]["series"]
    assert page.locator("#series").is_visible()
    assert page.locator("#chart circle.point").count() == len(series[0]["points"])
    page.select_option("#series-select", str(len(series) - 1))
    assert page.locator("#chart circle.point").count() == len(series[-1]["points"])
    point = series[-1]["points"][0]
    page.locator(f"#chart circle.point[data-start='{point['start']}']").click()
    body = page.locator("#details-body")
    assert body.get_attribute("data-doc") == point["claims"][0]["doc"]
    assert body.get_attribute("data-index") == str(point["claims"][0]["index"])
