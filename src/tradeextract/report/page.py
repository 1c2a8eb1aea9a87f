"""The report as one self-contained HTML file: the template with its style, script and data
written in (no file, font or library is fetched; the page's Content-Security-Policy forbids it).
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def asset(name: str) -> str:
    return resources.files("tradeextract.report").joinpath(name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the articles say."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(data: dict[str, Any]) -> str:
    """The template with each {{NAME}} replaced once (what is written in is not scanned again)."""
    parts = {
        "TITLE": html.escape(data["title"]),
        "STYLE": asset("report.css"),
        "SCRIPT": asset("report.js"),
        "DATA": script_json(data),
    }
    return PLACEHOLDER.sub(lambda match: parts[match.group(1)], asset("template.html"))
