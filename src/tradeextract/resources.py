"""Reading the rule and gazetteer files shipped in `tradeextract/data` (or a saved pipeline).

Every file is checked against its schema (`rule_schemas`) when it is read: an unknown key, a
wrong type, a duplicate entry or two entries that contradict each other is a RuleFileError
that names the file and the line. The files are read from a folder, or from memory when a
component was read from bytes (`RuleFiles`).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

DATA_DIR = Path(__file__).parent / "data"


class RuleFileError(ValueError):
    """A rule file that does not follow its schema: every problem, as `file:line: message`."""

    def __init__(self, where: str, problems: list[tuple[int | None, str]]) -> None:
        self.where = where
        self.problems = problems
        lines = [
            f"{where}:{line}: {message}" if line else f"{where}: {message}"
            for line, message in problems
        ]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class RuleFiles:
    """Rule files held in memory, as a component's `from_bytes` receives them."""

    texts: tuple[tuple[str, str], ...]  # (file name, text)

    @classmethod
    def of(cls, texts: dict[str, str]) -> RuleFiles:
        return cls(tuple(sorted(texts.items())))

    def text(self, name: str) -> str:
        for file_name, text in self.texts:
            if file_name == name:
                return text
        raise FileNotFoundError(f"{name}: not among the rule files read from bytes")


DataDir = Path | RuleFiles  # where a component's rule files are


def data_path(name: str, data_dir: str | Path | None = None) -> Path:
    return Path(data_dir or DATA_DIR) / name


def rule_text(name: str, data_dir: str | DataDir | None = None) -> str:
    """The text of a rule file, from its folder or from memory."""
    if isinstance(data_dir, RuleFiles):
        return data_dir.text(name)
    return data_path(name, data_dir).read_text(encoding="utf-8")


def _where(name: str, data_dir: str | DataDir | None) -> str:
    if isinstance(data_dir, RuleFiles):
        return f"{name} (read from bytes)"
    return str(data_path(name, data_dir))


# ---------------------------------------------------------------- JSON, with the line of each value


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
Loc = tuple[str | int, ...]


class _PositionedJson:
    """Parses a JSON text that `json` accepts, noting the line of every value and every
    repeated key (which `json` would silently resolve to the last one)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.lines: dict[Loc, int] = {}
        self.problems: list[tuple[int | None, str]] = []

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index)

    def parse(self) -> Any:
        value, _ = self._value(0, ())
        return value

    def _skip(self, index: int) -> int:
        return _SPACE.match(self.text, index).end()

    def _value(self, index: int, loc: Loc) -> tuple[Any, int]:
        index = self._skip(index)
        self.lines[loc] = self.line(index)
        char = self.text[index]
        if char == "{":
            return self._object(index + 1, loc)
        if char == "[":
            return self._array(index + 1, loc)
        return _DECODER.raw_decode(self.text, index)

    def _object(self, index: int, loc: Loc) -> tuple[dict[str, Any], int]:
        found: dict[str, Any] = {}
        index = self._skip(index)
        while self.text[index] != "}":
            key, index = _DECODER.raw_decode(self.text, self._skip(index))
            index = self._skip(index) + 1  # the ':'
            first_line = self.lines.get((*loc, key))
            value, index = self._value(index, (*loc, key))
            if key in found:
                self.problems.append(
                    _repeated(
                        self.lines[(*loc, key)], f"key {key!r}", first_line, found[key] == value
                    )
                )
            found[key] = value
            index = self._skip(index)
            if self.text[index] == ",":
                index = self._skip(index + 1)
        return found, index + 1

    def _array(self, index: int, loc: Loc) -> tuple[list[Any], int]:
        items: list[Any] = []
        index = self._skip(index)
        while self.text[index] != "]":
            value, index = self._value(index, (*loc, len(items)))
            items.append(value)
            index = self._skip(index)
            if self.text[index] == ",":
                index = self._skip(index + 1)
        return items, index + 1


def _repeated(line: int, what: str, first_line: int | None, same: bool) -> tuple[int, str]:
    kind = "duplicate" if same else "conflicting"
    return line, f"{kind} {what} (first at line {first_line})"


def _repeated_items(data: Any, lines: dict[Loc, int], loc: Loc = ()) -> Iterator[tuple[int, str]]:
    """An entry written twice in a list of words or numbers: a list is a set of entries here."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _repeated_items(value, lines, (*loc, key))
    elif isinstance(data, list):
        first: dict[Any, tuple[int, Any]] = {}
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                yield from _repeated_items(item, lines, (*loc, index))
            key = item.get("name") if isinstance(item, dict) else item
            if key is None or isinstance(key, (dict, list)):
                continue
            what = f"name {key!r}" if isinstance(item, dict) else f"entry {key!r}"
            if key in first:
                yield _repeated(lines[(*loc, index)], what, first[key][0], first[key][1] == item)
            else:
                first[key] = (lines[(*loc, index)], item)


def _line_of(loc: Iterable[str | int], lines: dict[Loc, int]) -> int | None:
    """The line of the deepest value of `loc` the file has (a missing key: its object's)."""
    loc = tuple(loc)
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def _validation_problems(
    error: ValidationError, lines: dict[Loc, int] | None = None, line: int | None = None
) -> list[tuple[int | None, str]]:
    problems = []
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"])
        at = _line_of(item["loc"], lines) if lines is not None else line
        problems.append((at, f"{path}: {item['msg']}" if path else item["msg"]))
    return problems


@lru_cache(maxsize=64)
def _read_json(name: str, data_dir: Path | RuleFiles) -> Any:
    from tradeextract.rule_schemas import json_schema

    where = _where(name, data_dir)
    text = rule_text(name, data_dir)
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleFileError(where, [(error.lineno, f"not JSON: {error.msg}")]) from None
    parser = _PositionedJson(text)
    data = parser.parse()
    problems = parser.problems + list(_repeated_items(data, parser.lines))
    try:
        json_schema(name).model_validate(data)
    except ValidationError as error:
        problems += _validation_problems(error, parser.lines)
    if problems:
        raise RuleFileError(where, sorted(problems, key=lambda p: p[0] or 0))
    return data


def read_json(name: str, data_dir: str | DataDir | None = None) -> Any:
    """A JSON rule file, checked against its schema; cached, so treat it as read-only."""
    if not isinstance(data_dir, RuleFiles):
        data_dir = Path(data_dir or DATA_DIR)
    return _read_json(name, data_dir)


# ---------------------------------------------------------------- line files


def _numbered_lines(name: str, data_dir: str | DataDir | None) -> list[tuple[int, str]]:
    """(line number, text) of the entries: blank lines and '#' comment lines are not."""
    return [
        (number, line.strip())
        for number, line in enumerate(rule_text(name, data_dir).splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]


def _checked_entries(name: str, data_dir: str | DataDir | None, parse: Any) -> list[Any]:
    """Each line through its schema; a rule id two lines share is a duplicate (same meaning)
    or a conflict (another meaning)."""
    from tradeextract.rule_schemas import line_schema

    schema = line_schema(name)
    problems: list[tuple[int | None, str]] = []
    entries = []
    seen: dict[Any, tuple[int, Any]] = {}
    for number, line in _numbered_lines(name, data_dir):
        try:
            entry = schema.from_line(parse(line))
        except json.JSONDecodeError as error:
            problems.append((number, f"not JSON: {error.msg}"))
            continue
        except ValidationError as error:
            problems += _validation_problems(error, line=number)
            continue
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        for rule_id, meaning in entry.ids():
            if rule_id in seen:
                first, first_meaning = seen[rule_id]
                what = f"entry {entry.describe(rule_id)}"
                problems.append(_repeated(number, what, first, meaning == first_meaning))
            else:
                seen[rule_id] = (number, meaning)
        entries.append(entry)
    if problems:
        raise RuleFileError(_where(name, data_dir), problems)
    return entries


def read_jsonl(name: str, data_dir: str | DataDir | None = None) -> list[dict[str, Any]]:
    """A JSON-lines gazetteer (one pattern per line), checked line by line."""
    entries = _checked_entries(name, data_dir, json.loads)
    return [entry.model_dump() for entry in entries]


def read_lines(name: str, data_dir: str | DataDir | None = None) -> list[str]:
    """A word list: one entry per line, '#' starts a comment line; checked line by line."""
    entries = _checked_entries(name, data_dir, str)
    return [entry.line for entry in entries]
