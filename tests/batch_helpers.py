"""Helpers shared by the batch tests (no tests here): the CLI in-process, reading outputs."""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path
from typing import Any

from test_batch_stand_ins import with_tests_importable
from tradeextract.batch import cli as batch_cli
from tradeextract.batch.runner import BatchOptions, run_batch

SENTENCE = "China's exports rose 5.2% year-on-year to $24.1 billion in the first half of 2025."
SENTENCE_2 = "Imports of soybeans fell 3.1% to $9.8 billion in 2024, customs data showed."


def run_cli(*argv: Any) -> int:
    """The batch CLI in this process (its workers are still separate processes)."""
    parser = argparse.ArgumentParser()
    batch_cli.add_arguments(parser)
    return batch_cli.run(parser.parse_args([str(arg) for arg in argv]))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_batch_with_tests_importable(options: BatchOptions) -> Any:
    with_tests_importable()
    return run_batch(options)


def wait_for(condition: Any, proc: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None and time.monotonic() < deadline, "condition never came true"
        time.sleep(0.02)
