"""The batch command on a folder of hostile inputs, made here at run time.

It must finish, report each bad file with a clear reason, extract the good ones, exit 1, and
neither write outside its output files nor touch the network (the HTML below points at a
socket this test listens on; nothing may connect to it).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SENTENCE = "China's exports rose 5.2% year-on-year to $24.1 billion in the first half of 2025."
ERROR_KINDS = {
    "empty.txt": "empty",
    "whitespace.txt": "empty",
    "binary.txt": "binary",
    "binary.jsonl": "binary",
    "huge_line.txt": "too_large",
    "bomb.txt.gz": "too_large",
    "nested.json": "malformed_json",
    "scalar.json": "malformed_json",
    "fifo.txt": "not_regular",
    "self.txt": "symlink_loop",
    "loop": "symlink_loop",
}
GOOD_FILES = ["cr", "crlf", "injection", "invalid_utf8", "numbers", "page", "utf16"]


def hostile_html(port: int) -> str:
    url = f"http://127.0.0.1:{port}"
    return (
        f'<html><head><meta http-equiv="refresh" content="0; url={url}/refresh">'
        f'<link rel="stylesheet" href="{url}/style.css"><script src="{url}/x.js"></script>'
        "<script>document.write('SCRIPT_MARKER exports rose 99%');</script>"
        "<style>body::after { content: 'STYLE_MARKER 77%' }</style></head><body>"
        f'<img src="{url}/pixel.png"><iframe src="{url}/frame"></iframe>'
        f"<article><h1>Trade</h1><p>{SENTENCE}</p><p>{SENTENCE}</p></article></body></html>"
    )


def make_hostile_folder(root: Path, port: int) -> Path:
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_bytes(" \t\r\n\u3000\n".encode() * 50)
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (root / "binary.jsonl").write_bytes(b'{"text": "a"}\x00\x00\x01\x02' * 10)
    (root / "invalid_utf8.txt").write_bytes(
        b"Exports rose 5% \xff\xfe\xfd in 2024 \xc3\x28 to $3 billion."
    )
    (root / "utf16.txt").write_bytes(SENTENCE.encode("utf-16"))  # with a byte-order mark
    (root / "crlf.txt").write_bytes(f"Trade\r\n\r\n{SENTENCE}\r\n{SENTENCE}\r\n".encode())
    (root / "cr.txt").write_bytes(f"Trade\r\r{SENTENCE}\r{SENTENCE}\r".encode())
    (root / "huge_line.txt").write_bytes(b"9" * (20 * 1024 * 1024))
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"0" * (30 * 1024 * 1024)))
    (root / "numbers.txt").write_text(" ".join(str(n) for n in range(100_000)), encoding="utf-8")
    (root / "page.html").write_text(hostile_html(port), encoding="utf-8")
    (root / "injection.txt").write_text(
        "$(touch PWNED) `touch PWNED` {{7*7}} __import__('os').system('touch PWNED') "
        f"<script>alert(1)</script> ../../etc/passwd {SENTENCE}",
        encoding="utf-8",
    )
    records = [
        {"id": "good", "text": SENTENCE},
        {"id": "no-text"},
        {"id": "number", "text": 42},
        {"id": "list", "text": [SENTENCE]},
        {"id": "null", "text": None},
        {"id": "object", "text": {"body": SENTENCE}},
    ]
    (root / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (root / "nested.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (root / "scalar.json").write_text("42", encoding="utf-8")
    (root / "x.txt").mkdir()  # a folder with a file's name: walked, holds nothing
    os.mkfifo(root / "fifo.txt")  # opening it for reading would block forever
    (root / "self.txt").symlink_to("self.txt")
    (root / "loop").symlink_to(".")
    return root


def snapshot(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if not path.is_symlink()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("hostile")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    try:
        folder = make_hostile_folder(base / "in", listener.getsockname()[1])
        scratch = base / "cwd"
        scratch.mkdir()
        (base / "out").mkdir()
        out = base / "out" / "out.jsonl"
        before = snapshot(base)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "tradeextract",
                "extract",
                str(folder),
                "-o",
                str(out),
                "--timeout",
                "10",
                "--include-text",
            ],  # fmt: skip
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=300,
        )
        after = snapshot(base)
        try:
            listener.accept()
            connected = True
        except BlockingIOError:
            connected = False
    finally:
        listener.close()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    return {
        "folder": folder,
        "proc": proc,
        "records": records,
        "errors": errors,
        "new_files": after - before,
        "connected": connected,
    }


def test_batch_finishes_and_exits_1(hostile: dict[str, Any]) -> None:
    proc = hostile["proc"]
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


def test_every_bad_file_is_an_error_with_a_reason(hostile: dict[str, Any]) -> None:
    file_errors = {
        Path(e["path"]).name: e
        for e in hostile["errors"]
        if e["level"] == "error" and e["record"] is None
    }
    file_errors.pop("numbers.txt", None)  # may legitimately run past --timeout
    assert {name: e["kind"] for name, e in file_errors.items()} == ERROR_KINDS
    assert all(len(e["reason"]) > 10 for e in file_errors.values())


def test_bad_json_records_are_errors_and_good_ones_documents(hostile: dict[str, Any]) -> None:
    bad = [
        (e["record"], e["kind"])
        for e in hostile["errors"]
        if Path(e["path"]).name == "records.jsonl"
    ]
    assert bad == [(line, "bad_record") for line in (2, 3, 4, 5, 6)]
    assert "good" in {record["doc_id"] for record in hostile["records"]}


def test_good_files_are_extracted(hostile: dict[str, Any]) -> None:
    ids = [record["doc_id"] for record in hostile["records"]]
    timed_out = {Path(e["path"]).stem for e in hostile["errors"] if e["kind"] == "timeout"}
    assert timed_out <= {"numbers"}
    assert [i for i in ids if i != "good"] == [name for name in GOOD_FILES if name not in timed_out]
    for record in hostile["records"]:
        for claim in record["claims"]:
            evidence = claim["evidence"]
            assert record["text"][evidence["start"] : evidence["end"]] == evidence["text"]


def test_line_ends_are_kept_so_offsets_match_the_raw_file(hostile: dict[str, Any]) -> None:
    by_id = {record["doc_id"]: record for record in hostile["records"]}
    for name in ("crlf", "cr"):
        raw = (hostile["folder"] / f"{name}.txt").read_bytes().decode("utf-8")
        assert by_id[name]["text"] == raw


def test_non_utf8_files_are_decoded_with_a_warning(hostile: dict[str, Any]) -> None:
    by_id = {record["doc_id"]: record for record in hostile["records"]}
    assert by_id["utf16"]["source"]["encoding"] == "utf-16-le"
    assert by_id["utf16"]["text"] == SENTENCE
    assert by_id["invalid_utf8"]["source"]["encoding_detected"] is True
    warned = {Path(e["path"]).name for e in hostile["errors"] if e["kind"] == "encoding"}
    assert warned == {"utf16.txt", "invalid_utf8.txt"}
    assert all(e["level"] == "warning" for e in hostile["errors"] if e["kind"] == "encoding")


def test_html_scripts_and_styles_are_not_text(hostile: dict[str, Any]) -> None:
    page = next(record for record in hostile["records"] if record["doc_id"] == "page")
    assert SENTENCE in page["text"]
    for marker in ("SCRIPT_MARKER", "STYLE_MARKER", "127.0.0.1", "<"):
        assert marker not in page["text"]


def test_nothing_fetched_executed_or_written_elsewhere(hostile: dict[str, Any]) -> None:
    assert hostile["connected"] is False
    assert hostile["new_files"] == {"out/out.jsonl", "out/out.jsonl.errors.jsonl"}


def test_unreadable_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip(
            "root reads chmod 000 files; the FIFO in the hostile folder covers unreadable input"
        )
    secret = tmp_path / "secret.txt"
    secret.write_text(SENTENCE, encoding="utf-8")
    secret.chmod(0)
    from tradeextract.batch.discover import InputFile
    from tradeextract.batch.identity import Identities
    from tradeextract.batch.readers import ReaderOptions, read_file

    file = InputFile(str(secret), "secret.txt", root=str(secret))
    items = list(read_file(file, ReaderOptions(), Identities()))
    assert [(type(item).__name__, getattr(item, "kind", None)) for item in items] == [
        ("InputError", "unreadable")
    ]
