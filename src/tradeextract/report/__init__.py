"""The HTML report: articles with every claim's evidence marked, the claims in a table, series
charted; one file that works offline (template.html, report.css, report.js beside this file).

    from tradeextract.report import write_report
    write_report(["claims.duckdb"], "report.html")   # or documents .jsonl, or article folders
"""

from __future__ import annotations

import os

from tradeextract.report.data import report_data
from tradeextract.report.inputs import store_for
from tradeextract.report.page import render_page
from tradeextract.store.database import Store

DEFAULT_TITLE = "tradeextract report"


def build_report(store: Store, title: str = DEFAULT_TITLE) -> str:
    """The report page of everything in `store`."""
    return render_page(report_data(store, title))


def write_report(
    inputs: list[str] | str, output: str | os.PathLike[str], title: str = DEFAULT_TITLE
) -> int:
    """Write the report of a store, documents files or articles; returns how many inputs failed."""
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    with store_for(paths) as opened:
        page = build_report(opened.store, title)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(page)
    return opened.problems


__all__ = ["build_report", "write_report"]
