"""`--engine dask` / `tradeextract.dask`: the local batch's results, on a 2-worker LocalCluster.

The cluster runs its workers as threads of this process (processes=False), so the tests stay
fast; one CLI run uses worker processes, as `tradeextract extract --engine dask` does.
Claims are compared with the local batch on the annotated fixtures (real pipeline); doc_ids,
errors, resume and failures use fast stand-in extractors (dask_stand_ins.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

pytest.importorskip("dask.dataframe", reason="Dask is not installed: pip install -e '.[dask]'")
distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed: pip install -e '.[dask]'"
)

from batch_helpers import SENTENCE, SENTENCE_2, run_batch_with_tests_importable, run_cli  # noqa: E402
from test_batch_stand_ins import with_tests_importable  # noqa: E402
from tradeextract.batch.runner import BatchOptions  # noqa: E402
from tradeextract.batch.worker import DEFAULT_EXTRACTOR  # noqa: E402
from tradeextract.dask import DaskOptions, extract, run_dask  # noqa: E402
from tradeextract.dask import tasks as dask_tasks  # noqa: E402

ONE_CLAIM = "dask_stand_ins:make_one_claim_extractor"


@pytest.fixture(scope="module")
def client() -> Any:
    with_tests_importable()
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},
        ) as cluster,
        distributed.Client(cluster) as made,
    ):
        yield made


def local_parquet(tmp_path: Path, paths: list[str], **options: Any) -> tuple[list[dict], list]:
    """Claim rows and errors of the local batch (`--format parquet`)."""
    out = tmp_path / "local.parquet"
    run_batch_with_tests_importable(
        BatchOptions(paths=paths, output=str(out), format="parquet", quiet=True, **options)
    )
    errors = (tmp_path / "local.parquet.errors.jsonl").read_text(encoding="utf-8").splitlines()
    return pq.read_table(out).to_pylist(), [json.loads(line) for line in errors]


def dask_parquet(folder: Path) -> tuple[list[dict], list]:
    """Claim rows of every part in order, and the errors file."""
    parts = sorted(folder.glob("part-*.parquet"))
    rows = [row for part in parts for row in pq.read_table(part).to_pylist()]
    errors = (folder / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return rows, [json.loads(line) for line in errors]


def run_on(client: Any, paths: list[str], out: Path, **options: Any) -> Any:
    options.setdefault("quiet", True)
    return run_dask(DaskOptions(paths=paths, output=str(out), **options), client=client)


# ---------------------------------------------------------------- the same results


def test_same_claims_as_the_local_batch_on_the_fixtures(
    client: Any, fixtures_dir: Path, tmp_path: Path
) -> None:
    paths = [str(fixtures_dir)]
    local_rows, local_errors = local_parquet(tmp_path, paths, glob="*.txt")
    run = run_on(client, paths, tmp_path / "dask", glob="*.txt", files_per_partition=4)
    rows, errors = dask_parquet(tmp_path / "dask")
    assert len(run.records) == 4  # 14 articles, 4 a partition
    assert len(rows) > 100
    assert rows == local_rows
    assert errors == local_errors == []
    frame = run.claims.compute()  # the DataFrame the API returns: the same rows
    assert list(frame["doc_id"]) == [row["doc_id"] for row in rows]
    assert list(frame["evidence_start"]) == [row["evidence_start"] for row in rows]
    # one pipeline for the process (the workers are its threads), not one per partition
    assert dask_tasks.LOADS.count((DEFAULT_EXTRACTOR, None)) == 1


def make_tricky_corpus(root: Path) -> Path:
    """Ids that collide across partitions, bad files, a failing document."""
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (corpus / "a.md").write_text(SENTENCE_2, encoding="utf-8")  # same stem: a.md becomes a path
    (corpus / "b.bin.txt").write_bytes(b"\x00\x01binary")
    lines = [{"id": "x", "text": SENTENCE}, {"id": "x", "text": SENTENCE_2}, {"text": 5}]
    (corpus / "c.jsonl").write_text(
        "\n".join(json.dumps(line) for line in lines) + "\n{bad\n", encoding="utf-8"
    )
    (corpus / "d.txt").write_text("RAISE " + SENTENCE, encoding="utf-8")
    (corpus / "e.txt").write_text("   \n", encoding="utf-8")
    (corpus / "f.json").write_text(json.dumps([{"id": "x", "text": SENTENCE}]), encoding="utf-8")
    (corpus / "sub" / "a.txt").write_text(SENTENCE_2, encoding="utf-8")
    (corpus / "x.txt").write_text(SENTENCE, encoding="utf-8")  # its id 'x' is taken by a record
    return corpus


def test_doc_ids_errors_and_warnings_as_the_local_batch(client: Any, tmp_path: Path) -> None:
    corpus = make_tricky_corpus(tmp_path)
    local_rows, local_errors = local_parquet(tmp_path, [str(corpus)], extractor=ONE_CLAIM)
    run = run_on(
        client, [str(corpus)], tmp_path / "dask", extractor=ONE_CLAIM, files_per_partition=2
    )
    rows, errors = dask_parquet(tmp_path / "dask")
    assert len(run.records) == 5
    doc_ids = [row["doc_id"] for row in rows]
    shown = str(corpus)  # a later file with a taken id is known by its path as given
    assert doc_ids == ["a", f"{shown}/a", "x", "x#2", "x#3", "sub/a", f"{shown}/x"]
    assert rows == local_rows
    assert errors == local_errors
    assert {e["kind"] for e in errors} >= {"binary", "bad_record", "malformed_json", "empty"}
    assert run.summary.exit_code == 1


# ---------------------------------------------------------------- resume and failures


def make_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"art{i:02d}.txt"
        path.write_text(f"Article{i} {SENTENCE}", encoding="utf-8")
        files.append(path)
    (folder / "art99.txt").write_bytes(b"")  # empty: an error in the last partition
    return files


def test_resume_skips_finished_partitions_and_redoes_changed_ones(
    client: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "in"
    files = make_articles(corpus, 6)
    out = tmp_path / "out"
    options = {"extractor": ONE_CLAIM, "files_per_partition": 2}
    first = run_on(client, [str(corpus)], out, **options)
    assert [r.documents for r in first.records] == [2, 2, 2, 0]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    time.sleep(0.01)
    files[3].write_text(f"Changed {SENTENCE_2}", encoding="utf-8")  # partition 1

    again = run_on(client, [str(corpus)], out, resume=True, **options)
    assert (again.summary.documents, again.summary.skipped) == (2, 4)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.parquet")}
    assert [name for name in sorted(after) if after[name] != stamps[name]] == ["part-00001.parquet"]
    rows, errors = dask_parquet(out)
    assert [e["kind"] for e in errors] == ["empty"]  # still listed: its partition was skipped
    assert "Changed" in [row["evidence_text"] for row in rows]

    fresh_rows, fresh_errors = dask_parquet_of(client, corpus, tmp_path / "fresh", options)
    assert (rows, errors) == (fresh_rows, fresh_errors)


def dask_parquet_of(client: Any, corpus: Path, out: Path, options: dict) -> tuple[list, list]:
    run_on(client, [str(corpus)], out, **options)
    return dask_parquet(out)


def test_fewer_inputs_remove_the_parts_of_partitions_that_no_longer_exist(
    client: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "in"
    files = make_articles(corpus, 6)
    out = tmp_path / "out"
    run_on(client, [str(corpus)], out, extractor=ONE_CLAIM, files_per_partition=2)
    assert len(list(out.glob("part-*.parquet"))) == 4
    for path in files[2:] + [corpus / "art99.txt"]:
        path.unlink()
    run_on(client, [str(corpus)], out, extractor=ONE_CLAIM, files_per_partition=2, resume=True)
    assert sorted(p.name for p in out.glob("part-*.parquet")) == ["part-00000.parquet"]
    assert sorted(p.name for p in (out / "_done").iterdir()) == ["part-00000.json"]


def test_a_failed_task_is_an_error_for_each_of_its_files_and_resume_redoes_it(
    client: Any, tmp_path: Path
) -> None:
    corpus = tmp_path / "in"
    make_articles(corpus, 4)
    out = tmp_path / "out"
    (out / "part-00001.parquet").mkdir(parents=True)  # partition 1's part cannot be written
    options = {"extractor": ONE_CLAIM, "files_per_partition": 2, "resume": True}
    run = run_on(client, [str(corpus)], out, **options)
    assert run.summary.exit_code == 1
    _, errors = dask_parquet(out)
    failed = [e for e in errors if e["kind"] == "extract_failed"]
    assert [Path(e["path"]).name for e in failed] == ["art02.txt", "art03.txt"]
    assert "IsADirectoryError" in failed[0]["reason"] and "--resume" in failed[0]["reason"]
    assert not (out / "_done" / "part-00001.json").exists()

    (out / "part-00001.parquet").rmdir()
    again = run_on(client, [str(corpus)], out, **options)
    assert (again.summary.documents, again.summary.skipped) == (2, 2)
    assert len(dask_parquet(out)[0]) == 4


def test_a_pipeline_that_cannot_load_ends_the_run(client: Any, tmp_path: Path) -> None:
    from tradeextract.batch.pool import PipelineError

    corpus = tmp_path / "in"
    make_articles(corpus, 2)
    with pytest.raises(PipelineError, match="cannot load"):
        run_on(
            client,
            [str(corpus)],
            tmp_path / "out",
            extractor="dask_stand_ins:make_broken_extractor",
        )


def test_claims_in_cluster_memory_without_an_output_folder(client: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    make_articles(corpus, 5)
    with pytest.warns(UserWarning, match="1 inputs failed"):
        claims = extract([str(corpus)], client=client, extractor=ONE_CLAIM, files_per_partition=2)
    frame = claims.compute()
    assert list(frame["evidence_text"]) == [f"Article{i}" for i in range(5)]
    assert claims.npartitions == 3


# ---------------------------------------------------------------- the command


def test_usage_errors_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "in"
    make_articles(corpus, 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    cases = [
        (["--engine", "dask"], "needs -o"),
        (["--engine", "dask", "-o", tmp_path / "new", "--format", "csv"], "--format parquet"),
        (["--engine", "dask", "-o", tmp_path / "new", "--timeout", "5"], "--engine local"),
        (["--engine", "dask", "-o", out], "did not write"),
        (["--engine", "dask", "-o", corpus / "art00.txt"], "is a file"),
    ]
    for flags, message in cases:
        assert run_cli(corpus, *flags) == 2
        assert message in capsys.readouterr().err
    assert os.listdir(out) == ["notes.txt"]
    assert not (tmp_path / "new").exists()


def test_the_command_on_a_local_cluster_of_worker_processes(
    quick_extractor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    make_articles(corpus, 3)
    out = tmp_path / "out"
    argv = [corpus, "--engine", "dask", "-o", out, "--jobs", "2", "--partition-files", "2"]
    assert run_cli(*argv) == 1  # the empty file
    assert "3 documents" in capsys.readouterr().err
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert run_cli(*argv, "--resume") == 1
    assert "3 already done (--resume)" in capsys.readouterr().err


def test_the_core_library_does_not_import_dask() -> None:
    code = (
        "import sys, tradeextract, tradeextract.batch, tradeextract.batch.cli, tradeextract.cli\n"
        "tradeextract.extract('Exports rose 5% to $3 billion in 2024.')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
