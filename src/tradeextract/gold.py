"""Gold claim files: load them into validated objects, or report every problem in them.

A gold directory holds `X.txt` articles and `X.claims.json` annotations beside them
(spec: claims.md section 5). Annotation mistakes silently corrupt every score computed
against them, so validation checks what pydantic cannot: that offsets match the text, that
codes are real ISO codes, that vocabularies are the spec's. Problems name the file, the
claim index (0-based, as in `.claims[N]`) and the field, so an annotator can go straight
to the mistake.

    tradeextract validate tests/fixtures
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pycountry
from pydantic import ValidationError

from tradeextract.model import APPROX, BASES, FLOWS, MEASURES, REGIONS, Document
from tradeextract.safe_files import describe_os_error, read_regular

GOLD_SUFFIX = ".claims.json"
TEXT_SUFFIX = ".txt"

Severity = Literal["error", "warning"]

CHANGE_UNIT_WORDS = ("percent", "pp", "fold")
VALUE_UNIT_WORDS = ("percent", "count")
UNIT_WORD = re.compile(r"[a-z]+(?: [a-z]+)*")
UNIT_HINTS = {"RMB": "CNY", "%": "percent", "$": "USD", "US$": "USD", "YUAN": "CNY"}
PLACE_HINTS = {"UK": "GB", "USA": "US", "CHN": "CN"}
# ISO 4217 codes withdrawn since the 1980s (its "historic denominations" list), which
# pycountry does not carry but older articles need: Deutsche Mark, franc, lira, ECU...
# fmt: off
HISTORIC_CURRENCIES = frozenset((
    "ADP", "AFA", "ARA", "ARP", "ATS", "AZM", "BEF", "BGL", "BRC", "BRE", "BRN", "BRR",
    "BYB", "BYR", "CSD", "CSK", "CYP", "DDM", "DEM", "EEK", "ESP", "FIM", "FRF", "GHC",
    "GRD", "GWP", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MXP", "MZM",
    "NLG", "PEI", "PES", "PLZ", "PTE", "ROL", "RUR", "SDD", "SIT", "SKK", "SRG", "STD",
    "SUR", "TMM", "TPE", "TRL", "UAK", "VEB", "VEF", "XEU", "YUD", "YUM", "YUN", "ZMK",
    "ZRN", "ZRZ", "ZWD", "ZWN", "ZWR",
))
# fmt: on
ISO_DATE = re.compile(r"(\d{4}|XXXX)-(\d{2})-(\d{2})")
HS_CODE = re.compile(r"\d{2,10}")


@dataclass(frozen=True)
class GoldProblem:
    """One thing wrong with a gold file; `str()` gives `FILE: claim N: field: message`.

    `unreadable` marks a file that could not be read as JSON at all (not a regular file, not
    UTF-8, not JSON): bad input rather than a mistake in an annotation.
    """

    path: str
    message: str
    claim: int | None = None
    field: str | None = None
    severity: Severity = "error"
    unreadable: bool = False

    def __str__(self) -> str:
        parts = [self.path]
        if self.claim is not None:
            parts.append(f"claim {self.claim}")
        if self.field:
            parts.append(self.field)
        prefix = "warning: " if self.severity == "warning" else ""
        return ": ".join(parts) + f": {prefix}{self.message}"


class GoldError(ValueError):
    """Gold that cannot be scored against; carries the first problem and all of them."""

    def __init__(
        self,
        path: str,
        message: str,
        claim: int | None = None,
        field: str | None = None,
        problems: list[GoldProblem] | None = None,
    ) -> None:
        self.path = path
        self.claim = claim
        self.field = field
        self.message = message
        self.problems = problems or [GoldProblem(path, message, claim, field)]
        first = str(GoldProblem(path, message, claim, field))
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""
        super().__init__(first + suffix)

    @classmethod
    def from_problems(cls, problems: list[GoldProblem]) -> GoldError:
        first = problems[0]
        return cls(first.path, first.message, first.claim, first.field, problems)


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


@dataclass
class _Checker:
    """Collects the problems of one gold file while walking its JSON."""

    path: str
    text: str
    problems: list[GoldProblem] = field(default_factory=list)
    claim: int | None = None

    def error(self, where: str | None, message: str) -> None:
        self.problems.append(GoldProblem(self.path, message, self.claim, where))

    def warn(self, where: str | None, message: str) -> None:
        self.problems.append(GoldProblem(self.path, message, self.claim, where, "warning"))


# --- reading ---------------------------------------------------------------------------


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


# --- small predicates --------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _short(text: str, limit: int = 70) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _shown(value: Any, limit: int = 70) -> str:
    """repr() of a value cut to `limit` characters (gold may hold a 400-digit number)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@lru_cache(maxsize=4096)
def is_currency_code(code: str) -> bool:
    """ISO 4217 alphabetic code, current or historic, upper case (USD, CNY, EUR, DEM)."""
    if not re.fullmatch(r"[A-Z]{3}", code):
        return False
    return code in HISTORIC_CURRENCIES or pycountry.currencies.get(alpha_3=code) is not None


@lru_cache(maxsize=4096)
def is_place_code(code: str) -> bool:
    """ISO 3166-1 alpha-2, ISO 3166-2 subdivision, or one of the spec's region codes."""
    if code in REGIONS:
        return True
    if re.fullmatch(r"[A-Z]{2}", code):
        return pycountry.countries.get(alpha_2=code) is not None
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
        return pycountry.subdivisions.get(code=code) is not None
    return False


def _hint(table: dict[str, str], value: str) -> str:
    suggestion = table.get(value.upper()) if isinstance(value, str) else None
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


# --- field checks --------------------------------------------------------------------------


def check_span(checker: _Checker, where: str, span: Any) -> None:
    """A `{start, end, text}` object whose text is exactly `doc_text[start:end]`."""
    if not isinstance(span, dict):
        checker.error(
            where, "missing span" if span is None else "must be an object {start, end, text}"
        )
        return
    start, end, text = span.get("start"), span.get("end"), span.get("text")
    if not (_is_int(start) and _is_int(end)):
        checker.error(where, f"start and end must be integers, got {start!r}, {end!r}")
        return
    if not isinstance(text, str):
        checker.error(f"{where}.text", "missing or not a string")
        return
    if not 0 <= start <= end <= len(checker.text):
        checker.error(where, f"offsets {start}:{end} outside the text (length {len(checker.text)})")
        return
    found = checker.text[start:end]
    if found != text:
        located = checker.text.find(text)
        where_found = (
            f"; the text occurs at {located}:{located + len(text)}" if located >= 0 else ""
        )
        checker.error(
            f"{where}.text",
            f"{_short(text)} != text[{start}:{end}] {_short(found)}{where_found}",
        )


def _check_optional_provenance(checker: _Checker, where: str, obj: dict[str, Any]) -> None:
    """Gold field objects may carry their own span; when they do it must be right."""
    if any(obj.get(key) is not None for key in ("start", "end", "text")):
        check_span(checker, where, {k: obj.get(k) for k in ("start", "end", "text")})


def check_vocab(
    checker: _Checker, where: str, value: Any, allowed: tuple[str, ...], nullable: bool = True
) -> None:
    if value is None and nullable:
        return
    if value not in allowed:
        checker.error(
            where,
            f"{value!r} is not one of {', '.join(allowed)}" + (" or null" if nullable else ""),
        )


def _check_amounts(checker: _Checker, where: str, obj: dict[str, Any]) -> None:
    amount = obj.get("amount")
    if not _is_number(amount):
        checker.error(f"{where}.amount", f"must be a finite number, got {_shown(amount)}")
        return
    upper = obj.get("upper")
    if upper is None:
        return
    if not _is_number(upper):
        checker.error(f"{where}.upper", f"must be a finite number or null, got {_shown(upper)}")
    elif upper < amount:
        checker.error(f"{where}.upper", f"{upper!r} is below amount {amount!r}")


def value_unit_problem(unit: Any) -> str | None:
    """Why a value unit is not the spec's (ISO 4217, percent, count, a unit word), or None."""
    if not isinstance(unit, str):
        return f"must be a string, got {unit!r}"
    if is_currency_code(unit) or unit in VALUE_UNIT_WORDS:
        return None
    if unit in ("pp", "fold"):
        return f"{unit!r} is a change unit, not a value unit"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return f"{unit!r} is not an ISO 4217 currency code{_hint(UNIT_HINTS, unit)}"
    if is_currency_code(unit.upper()):
        return f"{unit!r}: currency codes are upper case (did you mean {unit.upper()!r}?)"
    if UNIT_WORD.fullmatch(unit):
        return None
    return f"{unit!r} is neither an ISO 4217 code nor percent, count or a lower-case unit word{_hint(UNIT_HINTS, unit)}"


def change_unit_problem(unit: Any) -> str | None:
    """Why a change unit is not percent, pp, fold or an ISO 4217 code, or None."""
    if not isinstance(unit, str):
        return f"must be a string, got {unit!r}"
    if unit in CHANGE_UNIT_WORDS or is_currency_code(unit):
        return None
    return (
        f"{unit!r} is not percent, pp, fold or an ISO 4217 currency code{_hint(UNIT_HINTS, unit)}"
    )


def check_value(checker: _Checker, where: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        checker.error(where, "must be an object {amount, unit} or null")
        return
    _check_amounts(checker, where, value)
    problem = value_unit_problem(value.get("unit"))
    if problem:
        checker.error(f"{where}.unit", problem)
    _check_optional_provenance(checker, where, value)


def check_alt_values(checker: _Checker, alt_values: Any) -> None:
    if alt_values is None:
        return
    if not isinstance(alt_values, list):
        checker.error("alt_values", "must be a list")
        return
    for index, value in enumerate(alt_values):
        if value is None:
            checker.error(f"alt_values[{index}]", "must be an object {amount, unit}")
        else:
            check_value(checker, f"alt_values[{index}]", value)


def check_change(checker: _Checker, change: Any) -> None:
    if change is None:
        return
    if not isinstance(change, dict):
        checker.error("change", "must be an object {amount, unit, basis} or null")
        return
    _check_amounts(checker, "change", change)
    problem = change_unit_problem(change.get("unit"))
    if problem:
        checker.error("change.unit", problem)
    check_vocab(checker, "change.basis", change.get("basis"), BASES)
    _check_optional_provenance(checker, "change", change)


def check_place(checker: _Checker, where: str, place: Any, nullable: bool) -> None:
    """A code or a non-empty list of codes (ISO 3166-1 alpha-2, ISO 3166-2, region)."""
    if place is None:
        if not nullable:
            checker.error(where, "missing: a place code or a list of them")
        return
    codes = place if isinstance(place, list) else [place]
    if not codes:
        checker.error(where, "empty list" + ("; use null for the world" if nullable else ""))
    for index, code in enumerate(codes):
        label = f"{where}[{index}]" if isinstance(place, list) else where
        if not isinstance(code, str):
            checker.error(label, f"must be a string code, got {code!r}")
        elif not is_place_code(code):
            checker.error(
                label,
                f"{code!r} is not an ISO 3166-1 alpha-2, ISO 3166-2 or region code{_hint(PLACE_HINTS, code)}",
            )


def check_product(checker: _Checker, product: Any) -> None:
    if product is None:
        return
    spellings = product if isinstance(product, list) else [product]
    if not spellings:
        checker.error("product", "empty list; use null for all goods")
    for index, spelling in enumerate(spellings):
        label = f"product[{index}]" if isinstance(product, list) else "product"
        if not isinstance(spelling, str) or not spelling.strip():
            checker.error(label, f"must be a non-empty string, got {spelling!r}")
        elif spelling != spelling.lower():
            checker.warn(label, f"{spelling!r} is not lower-case")


def check_hs_code(checker: _Checker, hs_code: Any) -> None:
    if hs_code is not None and not (isinstance(hs_code, str) and HS_CODE.fullmatch(hs_code)):
        checker.error("hs_code", f"{hs_code!r} is not a string of 2-10 digits")


def iso_date_problem(value: Any, allow_unknown_year: bool) -> str | None:
    """Why `value` is not `YYYY-MM-DD` (or `XXXX-MM-DD` where allowed), or None."""
    match = ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None or (match.group(1) == "XXXX" and not allow_unknown_year):
        form = "YYYY-MM-DD or XXXX-MM-DD" if allow_unknown_year else "YYYY-MM-DD"
        return f"{value!r} is not an ISO date {form}"
    year = 2000 if match.group(1) == "XXXX" else int(match.group(1))  # 2000: allows Feb 29
    try:
        dt.date(year, int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        return f"{value!r} is not a real date ({exc})"
    return None


def check_period(checker: _Checker, period: Any) -> None:
    if period is None:
        return
    if not isinstance(period, dict):
        checker.error("period", "must be an object {start, end} or null")
        return
    start, end = period.get("start"), period.get("end")
    problems = {
        name: iso_date_problem(value, allow_unknown_year=True)
        for name, value in (("start", start), ("end", end))
    }
    for name, problem in problems.items():
        if problem:
            checker.error(f"period.{name}", problem)
    if any(problems.values()):
        return
    if start[:4].startswith("X") != end[:4].startswith("X"):
        checker.error("period", f"{start}..{end} mixes XXXX with a year")
    elif start > end:
        checker.error("period", f"start {start} is after end {end}")


def check_spans_dict(checker: _Checker, spans: Any) -> None:
    if spans is None:
        return
    if not isinstance(spans, dict):
        checker.error("spans", "must be an object mapping field names to spans")
        return
    for name, span in spans.items():
        check_span(checker, f"spans.{name}", span)


def check_claim(checker: _Checker, claim: Any) -> None:
    """Every field of one claim against the spec's types, vocabularies and the text."""
    if not isinstance(claim, dict):
        checker.error(None, "must be an object")
        return
    check_span(checker, "evidence", claim.get("evidence"))
    check_vocab(checker, "flow", claim.get("flow"), FLOWS)
    check_vocab(checker, "measure", claim.get("measure"), MEASURES, nullable=False)
    check_value(checker, "value", claim.get("value"))
    check_alt_values(checker, claim.get("alt_values"))
    check_change(checker, claim.get("change"))
    if claim.get("value") is None and claim.get("change") is None:
        checker.error("value", "a claim needs a value or a change")
    check_vocab(checker, "approx", claim.get("approx"), APPROX)
    check_place(checker, "reporter", claim.get("reporter"), nullable=False)
    check_place(checker, "partner", claim.get("partner"), nullable=True)
    check_product(checker, claim.get("product"))
    check_hs_code(checker, claim.get("hs_code"))
    check_period(checker, claim.get("period"))
    check_spans_dict(checker, claim.get("spans"))


def check_document(checker: _Checker, data: Any, expected_id: str) -> None:
    """The top-level object: doc_id matching the file name, doc_date, the claims list."""
    if not isinstance(data, dict):
        checker.error(None, "top level must be an object {doc_id, doc_date, claims}")
        return
    doc_id = data.get("doc_id")
    if doc_id != expected_id:
        checker.error("doc_id", f"{doc_id!r} does not match the file name {expected_id!r}")
    doc_date = data.get("doc_date")
    if doc_date is not None:
        problem = iso_date_problem(doc_date, allow_unknown_year=False)
        if problem:
            checker.error("doc_date", problem)
    claims = data.get("claims")
    if not isinstance(claims, list):
        checker.error("claims", "missing or not a list")
        return
    for index, claim in enumerate(claims):
        checker.claim = index
        check_claim(checker, claim)
    checker.claim = None


def _pydantic_problems(path: str, error: ValidationError) -> Iterator[GoldProblem]:
    """Fallback for anything the checks above let through but the model rejects."""
    for item in error.errors():
        loc = list(item["loc"])
        claim = None
        if len(loc) >= 2 and loc[0] == "claims" and isinstance(loc[1], int):
            claim, loc = loc[1], loc[2:]
        where = ".".join(str(part) for part in loc) or None
        yield GoldProblem(path, item["msg"], claim, where)


# --- files and directories -------------------------------------------------------------------


def unreadable_problem(path: Path, exc: OSError | ValueError) -> GoldProblem:
    """The problem of a file that cannot be read as text or JSON, in words."""
    if isinstance(exc, OSError):
        message = describe_os_error(path, exc)
    elif isinstance(exc, UnicodeDecodeError):
        message = f"not UTF-8: {exc}"
    else:
        message = str(exc)
    return GoldProblem(str(path), message, unreadable=True)


def validate_file(gold_path: Path) -> tuple[list[GoldProblem], GoldDocument | None]:
    """Problems of one `X.claims.json`, and the loaded document when it has no errors."""
    path = str(gold_path)
    text_path = gold_path.with_name(gold_stem(gold_path) + TEXT_SUFFIX)
    if not text_path.exists() and not text_path.is_symlink():
        return [GoldProblem(path, f"no text file {text_path.name} beside it")], None
    try:
        text = read_document_text(text_path)
    except (OSError, ValueError) as exc:
        return [unreadable_problem(text_path, exc)], None
    try:
        data = read_gold_json(gold_path)
    except (OSError, ValueError) as exc:
        return [unreadable_problem(gold_path, exc)], None
    checker = _Checker(path, text)
    check_document(checker, data, gold_stem(gold_path))
    if any(p.severity == "error" for p in checker.problems):
        return checker.problems, None
    try:
        document = Document.model_validate(data)
    except ValidationError as exc:
        return checker.problems + list(_pydantic_problems(path, exc)), None
    return checker.problems, GoldDocument(document, text, gold_path, text_path)


def _texts_without_gold(directory: Path) -> list[GoldProblem]:
    return [
        GoldProblem(
            str(text_path),
            f"no gold file {text_path.stem}{GOLD_SUFFIX} beside it",
            severity="warning",
        )
        for text_path in sorted(directory.glob(f"*{TEXT_SUFFIX}"))
        if not text_path.with_name(text_path.stem + GOLD_SUFFIX).exists()
    ]


def _check_directory(path: Path) -> tuple[list[GoldProblem], list[GoldDocument]]:
    if path.is_file() and path.name.endswith(GOLD_SUFFIX):
        problems, loaded = validate_file(path)
        return problems, [loaded] if loaded else []
    if not path.is_dir():
        return [GoldProblem(str(path), "not a directory of gold files")], []
    problems: list[GoldProblem] = []
    documents: list[GoldDocument] = []
    files = gold_files(path)
    if not files:
        problems.append(GoldProblem(str(path), f"no *{GOLD_SUFFIX} files"))
    for gold_path in files:
        file_problems, loaded = validate_file(gold_path)
        problems.extend(file_problems)
        if loaded:
            documents.append(loaded)
    problems.extend(_texts_without_gold(path))
    return problems, documents


def validate_dir(path: str | Path) -> list[GoldProblem]:
    """Every problem (errors and warnings) in a gold directory or a single gold file."""
    return _check_directory(Path(path))[0]


def load_gold_dir(path: str | Path) -> list[GoldDocument]:
    """The gold documents of a directory, sorted by doc_id; GoldError on any error."""
    problems, documents = _check_directory(Path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GoldError.from_problems(errors)
    return sorted(documents, key=lambda gold: gold.doc_id)


# --- command line ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="DIR", help="gold directories (X.txt + X.claims.json)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def run(args: argparse.Namespace) -> int:
    """Print one problem a line; exit 2 when a file cannot be read as gold at all, 1 on errors
    in annotations (or warnings with --strict), else 0."""
    problems = [problem for path in args.paths for problem in validate_dir(path)]
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if any(p.unreadable for p in problems):
        return 2
    return 1 if errors or (args.strict and warnings) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tradeextract validate", description=__doc__.splitlines()[0]
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
