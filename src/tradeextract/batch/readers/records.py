"""A JSON record as a document: its text, id and date fields, or why it cannot be one.

Shared by JSON and JSON Lines: the fields are found by name or dotted path, the doc_id is
made unique within the batch, lone surrogates are replaced, and a record already done
(--resume) is `Skipped` after its warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tradeextract.batch.decoding import replace_surrogates
from tradeextract.batch.identity import Identities, record_sha256
from tradeextract.batch.items import DocTask, ErrorKind, InputError, Item, Skipped
from tradeextract.batch.problems import InputProblem
from tradeextract.batch.readers.reading import ReaderOptions, changed_warning
from tradeextract.normalise.periods import real_iso_date

MISSING: Any = object()  # a field the record does not have (null is a value)


def record_items(
    record: Any,
    path: str,
    number: int | None,
    default_id: str,
    source: dict[str, Any],
    options: ReaderOptions,
    ids: Identities,
) -> Iterator[Item]:
    """A JSON record as a document after its warnings, Skipped if done, or why it cannot be one."""
    if not isinstance(record, dict):
        reason = f"record is {json_type(record)}, not an object"
        yield InputError(path, reason, "bad_record", record=number)
        return
    wanted = wanted_id(record, default_id, options)
    try:
        text = record_text(record, options)
    except InputProblem as problem:
        yield InputError(path, problem.reason, problem.kind, record=number, doc_id=wanted)
        return
    sha256 = record_sha256(record)
    found = ids.lookup((source["rel_path"], number), sha256)
    if found.status == "done":
        doc_id = min(found.doc_ids)
        renamed = doc_id != wanted
    else:
        doc_id, renamed = ids.for_record(wanted, reusable=found.doc_ids)
    text, surrogates = replace_surrogates(text)
    doc_date, date_warning = record_date(record, options)

    def warning(reason: str, kind: ErrorKind) -> InputError:
        return InputError(path, reason, kind, record=number, level="warning", doc_id=doc_id)

    warnings = []
    if renamed:
        warnings.append(
            warning(
                f"doc_id {wanted!r} seen before in this batch: renamed {doc_id!r}", "duplicate_id"
            )
        )
    if surrogates:
        reason = f"{surrogates} lone surrogate escape(s) replaced by U+FFFD (offsets unchanged)"
        warnings.append(warning(reason, "surrogates"))
    if date_warning:
        warnings.append(warning(date_warning, "bad_record"))
    if found.status == "done":
        yield from warnings
        yield Skipped(doc_id, path)
        return
    if found.status == "changed":
        ids.replaces(doc_id, found)
        warnings.append(changed_warning(path, number, doc_id))
    yield DocTask(
        doc_id=doc_id,
        path=path,
        text=text,
        doc_date=doc_date,
        record=number,
        source={**source, "record": number, "input_sha256": sha256},
        warnings=warnings,
    )


def wanted_id(record: dict[str, Any], default_id: str, options: ReaderOptions) -> str:
    """The id a record gives (a non-empty string or an integer), else its default id."""
    value = field_value(record, options.id_field)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
        return replace_surrogates(str(value))[0]
    return default_id


def record_text(record: dict[str, Any], options: ReaderOptions) -> str:
    text = field_value(record, options.text_field)
    if text is MISSING:
        raise InputProblem("bad_record", f"no {options.text_field!r} field (set --text-field)")
    if not isinstance(text, str):
        raise InputProblem(
            "bad_record", f"{options.text_field!r} is {json_type(text)}, not a string"
        )
    if not text.strip():
        raise InputProblem("empty", f"{options.text_field!r} is empty or whitespace-only")
    if (
        len(text) > options.max_bytes // 4
        and len(text.encode("utf-8", "surrogatepass")) > options.max_bytes
    ):
        raise InputProblem("too_large", f"text longer than --max-bytes ({options.max_bytes} bytes)")
    return text


def record_date(record: dict[str, Any], options: ReaderOptions) -> tuple[str | None, str | None]:
    """An ISO date (YYYY-MM-DD, time dropped) or None, with a warning when one was given but unusable."""
    value = field_value(record, options.date_field)
    if value is MISSING or value is None or value == "":
        return None, None
    date = real_iso_date(value) if isinstance(value, str) else None
    if date is not None:
        return date, None
    return (
        None,
        f"{options.date_field!r} {str(value)[:40]!r} is not a real date (YYYY-MM-DD): ignored",
    )


def field_value(record: dict[str, Any], name: str) -> Any:
    """A field by name, or by a dotted path into nested objects ('article.body'); else MISSING."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def describe_json_error(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)[:200]


def json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    return names.get(type(value), "a number")
