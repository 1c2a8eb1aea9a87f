"""The `tradeextract` command as a whole: a reader that stops early gets no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tradeextract.gold import GOLD_SUFFIX

TEXT = "Exports rose 5% to $3 billion in 2024."


def small_gold(folder: Path) -> Path:
    folder.mkdir()
    evidence = {"start": 0, "end": len(TEXT) - 1, "text": TEXT[:-1]}
    claim = {"evidence": evidence, "flow": "export", "measure": "value", "reporter": "CN"}
    claim["value"] = {"amount": 3e9, "unit": "USD"}
    for number in range(200):
        (folder / f"d{number:03d}.txt").write_text(TEXT, encoding="utf-8")
        document = {"doc_id": f"d{number:03d}", "doc_date": None, "claims": [claim]}
        (folder / f"d{number:03d}{GOLD_SUFFIX}").write_text(json.dumps(document), "utf-8")
    return folder


@pytest.mark.parametrize("command", ["eval", "validate"])
def test_a_pipe_closed_early_ends_the_command_quietly(tmp_path: Path, command: str) -> None:
    """`tradeextract eval GOLD | head -1`: the reader is gone before the report is written."""
    gold = small_gold(tmp_path / "gold")
    (tmp_path / "pred.jsonl").write_text("", encoding="utf-8")
    argv = [str(gold), "--pred", str(tmp_path / "pred.jsonl"), "--errors"]
    if command == "validate":
        (gold / "lonely.txt").write_text(TEXT, encoding="utf-8")  # a line of output to write
        argv = [str(gold)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tradeextract", command, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` having read what it wanted
    err = proc.stderr.read().decode()
    proc.wait(60)
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert proc.returncode != 0
