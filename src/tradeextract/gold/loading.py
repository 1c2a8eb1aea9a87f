"""Validating and loading gold files and directories.

`validate_file` and `validate_dir` report every problem; `load_gold_dir` returns the
documents, sorted by doc_id, or raises `GoldError` on the first error.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tradeextract.gold.checks import check_document, pydantic_problems
from tradeextract.gold.problems import Checker, GoldError, GoldProblem
from tradeextract.gold.reading import (
    GOLD_SUFFIX,
    TEXT_SUFFIX,
    GoldDocument,
    gold_files,
    gold_stem,
    read_document_text,
    read_gold_json,
)
from tradeextract.model import Document
from tradeextract.safe_files import describe_os_error


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
    checker = Checker(path, text)
    check_document(checker, data, gold_stem(gold_path))
    if any(p.severity == "error" for p in checker.problems):
        return checker.problems, None
    try:
        document = Document.model_validate(data)
    except ValidationError as exc:
        return checker.problems + list(pydantic_problems(path, exc)), None
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
