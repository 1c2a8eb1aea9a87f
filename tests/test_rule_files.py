"""Rule files are checked against their schemas when they are read (resources, rule_schemas).

Each test breaks one copy of a shipped file and expects an error that names the file, the line
and the problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

from tradeextract.resources import DATA_DIR, RuleFileError, read_json, read_jsonl, read_lines
from tradeextract.rule_schemas import JSON_SCHEMAS, LINE_SCHEMAS


def read(name: str, data_dir: Path | None = None) -> object:
    if name.endswith(".json"):
        return read_json(name, data_dir)
    if name.endswith(".jsonl"):
        return read_jsonl(name, data_dir)
    return read_lines(name, data_dir)


def test_every_shipped_file_has_a_schema_and_follows_it() -> None:
    shipped = {path.name for path in DATA_DIR.iterdir() if path.is_file()}
    assert shipped == set(JSON_SCHEMAS) | set(LINE_SCHEMAS)
    for name in sorted(shipped):
        assert read(name), name


def broken_copy(tmp_path: Path, name: str, after: str, line: str) -> tuple[Path, int]:
    """A copy of the data folder where `line` is inserted after the first line that starts
    with `after`; returns the copy and the number of the `after` line."""
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    lines = (data_dir / name).read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(after)) + 1
    lines.insert(index, line)
    (data_dir / name).write_text("\n".join(lines), encoding="utf-8")
    return data_dir, index


def assert_refused(name: str, data_dir: Path, line: int, message: str) -> None:
    with pytest.raises(RuleFileError) as raised:
        read(name, data_dir)
    assert f"{data_dir / name}:{line}: {message}" in str(raised.value).split("\n")


# (file, the line to insert after, the line inserted, the error: {prev} is the number of the
# line inserted after, {new} the inserted line's; the error is reported at {new} unless `at`)
JSON_BREAKS = [
    ("link_rules.json", "{", ' "clause_breakz": [],', "clause_breakz: Extra inputs are not permitted", None),
    ("product_rules.json", ' "max_words"', ' "max_words": 6,', "duplicate key 'max_words' (first at line {prev})", None),
    ("product_rules.json", ' "max_words"', ' "max_words": 7,', "conflicting key 'max_words' (first at line {prev})", None),
    ("product_rules.json", ' "max_words"', ' "max_words": "six",', "max_words: Input should be a valid integer, unable to parse string as an integer", None),
    ("product_rules.json", '  "a",', '  "a",', "duplicate entry 'a' (first at line {prev})", None),
    ("scales.json", '  "scales"', '    "Thousand": 1e3,', "scales: Value error, keys 'Thousand' and 'thousand' are the same word", "prev"),
    ("table_rules.json", "{", ' "cell": "(unclosed",', "cell: Extra inputs are not permitted", None),
    ("layout_rules.json", "{", '  "max_wrap_width": 0,', "conflicting key 'max_wrap_width' (first at line {new})", "later"),
]  # fmt: skip


def _line(at: str | None, prev: int, name: str, data_dir: Path, key: str) -> int:
    if at == "prev":
        return prev
    if at == "later":  # the key written again further down
        lines = (data_dir / name).read_text(encoding="utf-8").split("\n")
        return next(i for i, text in enumerate(lines, 1) if text.startswith(key) and i > prev + 1)
    return prev + 1


@pytest.mark.parametrize(("name", "after", "line", "message", "at"), JSON_BREAKS)
def test_a_broken_json_file_is_refused_at_its_line(
    tmp_path: Path, name: str, after: str, line: str, message: str, at: str | None
) -> None:
    data_dir, prev = broken_copy(tmp_path, name, after, line)
    number = _line(at, prev, name, data_dir, line.split(":")[0])
    assert_refused(name, data_dir, number, message.format(prev=prev, new=prev + 1))


def replaced_copy(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of the data folder with `old` replaced by `new` once; returns the line."""
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    text = (data_dir / name).read_text(encoding="utf-8")
    (data_dir / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return data_dir, text[: text.index(old)].count("\n") + 1


def test_a_regex_that_does_not_compile_is_refused(tmp_path: Path) -> None:
    data_dir, line = replaced_copy(
        tmp_path, "table_rules.json", '"share_header": "', '"share_header": "('
    )
    assert_refused(
        "table_rules.json",
        data_dir,
        line,
        "share_header: Value error, not a regular expression: missing ), unterminated subpattern"
        " at position 0",
    )


def test_a_pattern_name_is_an_id(tmp_path: Path) -> None:
    second = "\"between-and money range, prefixed ('[between] $200 and $400 million')\""
    data_dir, line = replaced_copy(
        tmp_path, "quantity_patterns.json", second, '"between-and percent range"'
    )
    with pytest.raises(RuleFileError) as raised:
        read("quantity_patterns.json", data_dir)
    problems = str(raised.value).split("\n")
    where = data_dir / "quantity_patterns.json"
    assert f"{where}:{line - 2}: conflicting name 'between-and percent range'" in problems[0]


def test_not_json_is_refused_at_its_line(tmp_path: Path) -> None:
    data_dir, line = replaced_copy(tmp_path, "units.json", '"tonne":', '"tonne"')
    assert_refused("units.json", data_dir, line, "not JSON: Expecting ':' delimiter")


LINE_BREAKS = [
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOW", "pattern": "Exports", "id": "export"}', "duplicate entry FLOW 'exports' (first at line {prev})"),
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOW", "pattern": "exports", "id": "import"}', "conflicting entry FLOW 'exports' (first at line {prev})"),
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOW", "pattern": "outflows", "id": "up"}', "Value error, id 'up' is not one of FLOW's: export, import, trade, balance, output, deficit"),
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOW", "pattern": "outflows", "id": "export", "note": "x"}', "note: Extra inputs are not permitted"),
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOWS", "pattern": "outflows", "id": "export"}', "label: Input should be 'FLOW', 'DIR', 'HEDGE', 'BASIS', 'MEASURE', 'ALLGOODS', 'EXCLUDE', 'SELF', 'COMPARE', 'INDUSTRY' or 'PRODUCT'"),
    ("terms.jsonl", '{"label": "FLOW", "pattern": "exports"', '{"label": "FLOW", "pattern": "outflows"', "not JSON: Expecting ',' delimiter"),
    ("regions.jsonl", '{"label": "REGION", "pattern": "EU"', '{"label": "REGION", "pattern": "Mercosur", "id": "MERCOSUR"}', "id: Input should be 'EU', 'ASEAN', 'LATAM', 'MIDDLE_EAST', 'CENTRAL_ASIA', 'AFRICA', 'EUROPE', 'SOUTHEAST_ASIA', 'SOUTH_AMERICA', 'NORTH_AMERICA', 'BRI', 'RCEP' or 'G7'"),
    ("place_aliases.jsonl", '{"label": "PLACE", "pattern": "U.S."', '{"label": "PLACE", "pattern": "USA", "id": "USA"}', "id: String should match pattern '^[A-Z]{2}$'"),
    ("product_heads.txt", "fruit fruits", "fruit", "conflicting entry head 'fruit' (first at line {prev})"),
    ("product_heads.txt", "device devices", "devices", "duplicate entry head 'devices' (first at line {prev})"),
    ("product_heads.txt", "device devices", "palm oil", "'palm oil': 'oil' is not a plural of 'palm'"),
    ("count_nouns.txt", "enterprises", "Enterprises", "duplicate entry 'enterprises' (first at line {prev})"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "after", "line", "message"), LINE_BREAKS)
def test_a_broken_line_is_refused_at_its_line(
    tmp_path: Path, name: str, after: str, line: str, message: str
) -> None:
    data_dir, prev = broken_copy(tmp_path, name, after, line)
    assert_refused(name, data_dir, prev + 1, message.replace("{prev}", str(prev)))


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    data_dir, prev = broken_copy(tmp_path, "count_nouns.txt", "enterprises", "enterprises")
    lines = (data_dir / "count_nouns.txt").read_text(encoding="utf-8").split("\n")
    (data_dir / "count_nouns.txt").write_text("\n".join([*lines, "firms"]), encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        read("count_nouns.txt", data_dir)
    assert [line for line, _ in raised.value.problems] == [prev + 1, len(lines) + 1]


def test_a_component_refuses_a_broken_data_folder(tmp_path: Path) -> None:
    """The error comes when the pipeline is built, not at the first document."""
    data_dir, prev = broken_copy(tmp_path, "link_rules.json", "{", ' "clause_breakz": [],')
    nlp = spacy.blank("en")
    with pytest.raises(RuleFileError, match=f"link_rules.json:{prev + 1}: clause_breakz"):
        nlp.add_pipe("trade_claims", config={"data_dir": str(data_dir)})
