"""The `tradeextract` command: a thin argument parser over the public API.

Each subcommand lives beside the stage it drives and exposes `add_arguments(parser)` and
`run(args) -> int`; this module only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("tradeextract.batch.cli", "extract claims from files and folders of articles"),
    "eval": ("tradeextract.evaluate.cli", "score extraction against annotated gold claims"),
    "validate": ("tradeextract.gold.cli", "check gold claim files: offsets, vocabularies, JSON"),
    "build-model": ("tradeextract.pipeline", "serialise the pipeline to a folder (models/)"),
    "store": ("tradeextract.store.cli", "load claims JSON Lines into a DuckDB store"),
    "query": ("tradeextract.store.query_cli", "run SQL on the store and print the result"),
    "report": ("tradeextract.report.cli", "one self-contained HTML page of articles and claims"),
    "check": ("tradeextract.checks.cli", "check that extracted figures add up and agree"),
    "explain": ("tradeextract.explanation", "show how each field of a claim was decided"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen subcommand's module is imported (spaCy loads slowly)."""
    parser = argparse.ArgumentParser(prog="tradeextract", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            module = importlib.import_module(module_name)
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(_run=module.run)
    return parser


EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what the shell reports for a tool killed by the pipe


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    try:
        code = int(args._run(args) or 0)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at interpreter exit
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `tradeextract eval ... | head`: the reader has what it wanted
        silence_stdout()
        return EXIT_BROKEN_PIPE


def silence_stdout() -> None:
    """After the reader closed the pipe, keep Python from failing again when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
