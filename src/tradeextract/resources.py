"""Reading the rule and gazetteer files shipped in `tradeextract/data` (or a saved pipeline)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str, data_dir: str | Path | None = None) -> Path:
    return Path(data_dir or DATA_DIR) / name


@lru_cache(maxsize=64)
def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def read_json(name: str, data_dir: str | Path | None = None) -> Any:
    """A JSON data file; cached, so treat the result as read-only."""
    return _read_json(data_path(name, data_dir))


def read_jsonl(name: str, data_dir: str | Path | None = None) -> list[dict[str, Any]]:
    with data_path(name, data_dir).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.startswith("#")]


def read_lines(name: str, data_dir: str | Path | None = None) -> list[str]:
    """A word list: one entry per line, '#' starts a comment line."""
    with data_path(name, data_dir).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]
