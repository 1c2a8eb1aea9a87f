"""`tradeextract check`: read claims (or extract them), run every check, print the findings.

    tradeextract check claims.jsonl              # the output of `tradeextract extract`
    tradeextract check articles/                 # extract the folder's articles, then check
    tradeextract check seeds/ --gold             # the annotated X.claims.json files instead
    tradeextract check claims.jsonl --json --tolerance 0.02

Exit status: 0 when every figure checked is consistent, 1 when a finding is inconsistent,
2 for bad usage or input (each unreadable file or line is named; the rest is still checked).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from tradeextract.checks import check_documents, render_table
from tradeextract.gold import GOLD_SUFFIX, read_document_text, read_gold_json
from tradeextract.model import Document

EXIT_INCONSISTENT = 1
EXIT_BAD_INPUT = 2


class InputProblem(Exception):
    """A file or line that could not be read as claims; the message names it."""


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"a relative tolerance in [0, 1), not {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="claims (.jsonl, .json), articles (.txt) or folders of articles",
    )
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        default=None,
        help="relative slack beyond rounding before figures disagree (default 0.01)",
    )
    parser.add_argument(
        "--gold",
        action="store_true",
        help=f"in folders, check the annotated *{GOLD_SUFFIX} files instead of the articles",
    )
    parser.add_argument(
        "--glob", default="*.txt", help="articles to take from folders (default *.txt)"
    )


def _documents_in_jsonl(path: Path, problems: list[str]) -> Iterator[Document]:
    for number, line in enumerate(read_document_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield Document.model_validate_json(line)
        except ValidationError as exc:
            problems.append(f"{path}:{number}: not a claims document: {_first_error(exc)}")


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def _documents_in_json(path: Path) -> list[Document]:
    data = read_gold_json(path)
    records = data if isinstance(data, list) else [data]
    try:
        return [Document.model_validate(record) for record in records]
    except ValidationError as exc:
        raise InputProblem(f"{path}: not a claims document: {_first_error(exc)}") from None


def _extracted(paths: list[Path], problems: list[str]) -> Iterator[Document]:
    import tradeextract

    items = []
    for path in paths:
        try:
            items.append((read_document_text(path), path.stem, None))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read the article: {exc}")
    yield from tradeextract.extract_many(items)


def read_documents(
    paths: list[Path], gold: bool = False, glob: str = "*.txt"
) -> tuple[list[Document], list[str]]:
    """Every document the paths hold, and a message for each path or line that failed."""
    documents: list[Document] = []
    problems: list[str] = []
    articles: list[Path] = []
    for path in paths:
        try:
            if not path.exists():
                problems.append(f"{path}: no such file or folder")
            elif path.is_dir():
                found = sorted(path.rglob(f"*{GOLD_SUFFIX}" if gold else glob))
                if gold:
                    for file in found:
                        documents += _documents_in_json(file)
                else:
                    articles += [p for p in found if not p.name.endswith(GOLD_SUFFIX)]
                if not found:
                    what = f"*{GOLD_SUFFIX} files" if gold else f"articles ({glob})"
                    problems.append(f"{path}: no {what} in this folder")
            elif path.suffix == ".jsonl":
                documents += _documents_in_jsonl(path, problems)
            elif path.suffix == ".json":
                documents += _documents_in_json(path)
            else:
                articles.append(path)
        except (OSError, UnicodeDecodeError, ValueError, InputProblem) as exc:
            problems.append(str(exc) if isinstance(exc, InputProblem) else f"{path}: {exc}")
    documents += _extracted(articles, problems)
    return documents, problems


def run(args: argparse.Namespace) -> int:
    documents, problems = read_documents([Path(p) for p in args.paths], args.gold, args.glob)
    for problem in problems:
        print(f"tradeextract check: {problem}", file=sys.stderr)
    if not documents and problems:
        return EXIT_BAD_INPUT
    report = check_documents(documents, args.tolerance)
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print(render_table(report))
    if problems:
        return EXIT_BAD_INPUT
    return EXIT_INCONSISTENT if report.inconsistent else 0
