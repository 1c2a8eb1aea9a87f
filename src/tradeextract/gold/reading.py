"""Reading gold files: the article text as offsets index it, the annotation JSON, file names.

A gold directory pairs `X.txt` with `X.claims.json`; `GoldDocument` is the validated pair.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeextract.model import Document
from tradeextract.safe_files import read_regular

GOLD_SUFFIX = ".claims.json"
TEXT_SUFFIX = ".txt"


@dataclass
class GoldDocument:
    """A validated gold annotation with the text its offsets point into."""

    document: Document
    text: str
    gold_path: Path
    text_path: Path

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


def read_document_text(path: Path) -> str:
    """The article text exactly as offsets index it (UTF-8, Python string indices); line ends
    are kept as they are, so CRLF text is indexed as the batch reads it.

    A byte-order mark only says how the file is encoded: it is not text, and offsets count
    from the character after it, as in the batch reader's output.
    """
    return read_regular(path).removeprefix(codecs.BOM_UTF8).decode("utf-8")


def read_gold_json(path: Path) -> Any:
    """A gold file's JSON; OSError, UnicodeDecodeError or ValueError saying what is wrong."""
    text = read_document_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise ValueError(f"invalid JSON: {exc}") from None


def gold_stem(path: Path) -> str:
    """`X` for `X.claims.json`: the doc_id the file must declare."""
    return path.name[: -len(GOLD_SUFFIX)]


def gold_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{GOLD_SUFFIX}"))
