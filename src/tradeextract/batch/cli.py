"""`tradeextract extract PATH...`: argument parsing only; the work is in `runner`."""

from __future__ import annotations

import argparse
import sys

from tradeextract.batch.pool import PipelineError
from tradeextract.batch.readers import DEFAULT_MAX_BYTES
from tradeextract.batch.runner import (
    EXIT_INPUT_ERRORS,
    EXIT_USAGE,
    MAX_MAX_BYTES,
    MAX_TIMEOUT,
    BatchOptions,
    UsageError,
    run_batch,
)
from tradeextract.batch.writers import FORMATS

DEFAULT_TIMEOUT = 30.0
EPILOG = """\
inputs: .txt .md .html .htm .json .jsonl (and the same + .gz); folders are walked recursively
in sorted order, each file read once. A file's doc_id is its path below the PATH named,
without extension. Spans of HTML documents refer to the main text trafilatura extracts
(see each record's "source"). --resume skips documents whose path and content are in OUT,
extracts new and changed ones. Exit codes: 0 all fine, 1 some input failed (see the errors
file), 2 usage error (no file changed), 130 interrupted (the output keeps every complete
document: --resume).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `tradeextract extract`."""
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders of articles")
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="jsonl: one document per line (default); csv, parquet: one row per claim "
        "(default: from OUT's extension)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; at most 2 per core)",
    )
    parser.add_argument(
        "--glob", metavar="PATTERN", help="files to take from folders, e.g. '*.txt'"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the documents already in OUT and extract only the rest",
    )
    parser.add_argument(
        "--errors",
        metavar="FILE",
        help="errors and warnings as JSON Lines (default OUT.errors.jsonl; stderr with stdout)",
    )
    records = parser.add_argument_group("JSON and JSON Lines records")
    records.add_argument(
        "--text-field",
        metavar="NAME",
        default="text",
        help="field with the article text (default text; a.b for a nested field)",
    )
    records.add_argument(
        "--id-field", metavar="NAME", default="id", help="field with the doc_id (default id)"
    )
    records.add_argument(
        "--date-field",
        metavar="NAME",
        default="date",
        help="field with the ISO date (default date)",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest document in bytes (default {DEFAULT_MAX_BYTES}, at most {MAX_MAX_BYTES})",
    )
    limits.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help=f"time limit per document; slower ones become errors (default {DEFAULT_TIMEOUT:g}, "
        f"at most {MAX_TIMEOUT:g}; local engine only)",
    )
    limits.add_argument("--max-files", type=int, metavar="N", help="read at most N files")
    parser.add_argument(
        "--include-text",
        action="store_true",
        help="add the text the spans refer to (e.g. extracted from HTML) to each JSON Lines record",
    )
    parser.add_argument(
        "--db",
        metavar="DB",
        help="also load the documents, with their text, into this DuckDB claims store (alone: "
        "nothing on stdout; documents --resume skips are not loaded: `tradeextract store OUT`)",
    )
    parser.add_argument(
        "--pipeline", metavar="NAME_OR_PATH", help="a saved pipeline (default: built in)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    engine = parser.add_argument_group("engine (see README: running on a Dask cluster)")
    engine.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: worker processes on this machine (default); dask: partitions on a Dask "
        "cluster, written as Parquet parts to the folder OUT (pip install tradeextract[dask])",
    )
    engine.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster of --jobs workers)",
    )
    engine.add_argument(
        "--partition-files",
        type=int,
        default=None,
        metavar="N",
        help="input files per Dask partition (default 64): the unit of work and of --resume",
    )


def options_from_args(args: argparse.Namespace) -> BatchOptions:
    return BatchOptions(
        paths=list(args.paths),
        output=args.output,
        format=args.format or format_from_name(args.output),
        errors=args.errors,
        jobs=args.jobs,
        glob=args.glob,
        resume=args.resume,
        text_field=args.text_field,
        id_field=args.id_field,
        date_field=args.date_field,
        max_bytes=args.max_bytes,
        max_files=args.max_files,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        include_text=args.include_text,
        db=args.db,
        pipeline=args.pipeline,
        quiet=args.quiet,
    )


def format_from_name(output: str | None) -> str:
    """`-o claims.csv` means CSV and `-o claims.parquet` Parquet; anything else JSON Lines."""
    if output:
        for fmt in ("csv", "parquet"):
            if output.lower().endswith(f".{fmt}"):
                return fmt
    return "jsonl"


def run(args: argparse.Namespace) -> int:
    """Run the batch; usage errors and a broken pipeline are one line on stderr, not a traceback."""
    try:
        if args.engine == "dask":
            return run_on_dask(args)
        return run_batch(options_from_args(args)).exit_code
    except UsageError as error:
        print(f"tradeextract extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as error:
        print(f"tradeextract extract: {error}", file=sys.stderr)
        return EXIT_INPUT_ERRORS


def run_on_dask(args: argparse.Namespace) -> int:
    """--engine dask: the same options, run by `tradeextract.dask` (an optional extra)."""
    try:
        from tradeextract.dask.cli import run_from_args
    except ImportError as error:
        raise UsageError(
            f"--engine dask needs Dask ({error.name} is not installed): "
            "pip install 'tradeextract[dask]'"
        ) from None
    return run_from_args(args, options_from_args(args))
