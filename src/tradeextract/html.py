"""HTML pages: their main text, as the batch and `tradeextract.extract` read it.

trafilatura gets the string only (it never fetches a URL); spans of the claims then refer to
the main text it returns, which the caller gets back with them.
"""

from __future__ import annotations

import re

HTML_START = re.compile(r"\s*<(?:!doctype|html|head|body|article|div|p|section|main)\b", re.I)


def looks_like_html(text: str) -> bool:
    """A string that starts as an HTML page or fragment does ('<!DOCTYPE html>', '<html>')."""
    return HTML_START.match(text) is not None


def html_main_text(html: str) -> tuple[str, str | None, str]:
    """(main text, publication date or None, method) of an HTML page, from the string only."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None) or ""
    date = getattr(result, "date", None)
    if text.strip():
        return text, date, "trafilatura"
    return trafilatura.html2txt(html) or "", date, "trafilatura-baseline"
