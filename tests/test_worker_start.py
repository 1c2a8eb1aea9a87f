"""How the local batch's workers start: forked from a fork server that built the pipeline.

Speed is measured in benchmarks/; these check the mechanism: workers report that they started
from the preloaded pipeline, give what the pipeline gives in this process, and see the
environment of the moment they were started, not the fork server's.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tradeextract
from batch_helpers import SENTENCE, SENTENCE_2
from test_batch_stand_ins import PID_LOG_VARIABLE, with_tests_importable
from tradeextract.batch.items import DocResult, DocTask
from tradeextract.batch.pool import WorkerPool

needs_forkserver = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="no fork server on this platform: workers are spawned and load the pipeline each",
)


@needs_forkserver
def test_workers_start_from_the_preloaded_pipeline(nlp: object) -> None:
    texts = [SENTENCE, SENTENCE_2] * 3
    tasks = [DocTask(doc_id=f"d{i}", path="p", text=text) for i, text in enumerate(texts)]
    with WorkerPool(jobs=2) as pool:
        results = [item for item in pool.run(tasks) if isinstance(item, DocResult)]
        ready = [worker for worker in pool.workers if worker.ready]  # one may not be yet
        assert len(pool.workers) == 2 and ready
        assert all(worker.preloaded for worker in ready)
    for result, text in zip(results, texts, strict=True):
        expected = tradeextract.extract(text, result.doc_id, nlp=nlp)  # type: ignore[arg-type]
        claims = [claim.model_dump(mode="json") for claim in expected.claims]
        assert result.record["claims"] == claims and claims


def test_a_worker_sees_the_environment_it_was_started_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_tests_importable()
    task = DocTask(doc_id="d", path="p", text=SENTENCE)
    with WorkerPool(jobs=1, extractor="test_batch_stand_ins:make_trick_extractor") as pool:
        list(pool.run([task]))  # the fork server runs from here on, without the variable
    log = tmp_path / "pids.txt"
    monkeypatch.setenv(PID_LOG_VARIABLE, str(log))
    extractor = "test_batch_stand_ins:make_pid_logging_extractor"
    with WorkerPool(jobs=1, extractor=extractor) as pool:
        assert [type(item) for item in pool.run([task])] == [DocResult]
        pid = pool.workers[0].process.pid
    assert log.read_text(encoding="utf-8").split() == [str(pid)]
    assert pid != os.getpid()


def test_inflect_without_typeguard_gives_the_same_plurals() -> None:
    """`import_inflect` skips typeguard's import-time instrumentation (~1.5 s a process): the
    plurals must be those of inflect imported as usual, in a process of its own."""
    from tradeextract.recognise.products import import_inflect
    from tradeextract.resources import DATA_DIR

    words = sorted(
        {
            line.split("#")[0].split()[0]  # a head's singular, or a count noun
            for name in ("product_heads.txt", "count_nouns.txt")
            for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
            if line.split("#")[0].strip()
        }
        | {"cherry", "energy", "widget", "child", "mouse", "analysis", "criterion", "sheep"}
    )
    code = (
        "import inflect, json, sys\n"
        "engine = inflect.engine()\n"
        "print(json.dumps([engine.plural_noun(w) for w in json.load(sys.stdin)]))"
    )
    plain = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(words), capture_output=True, text=True
    )
    assert plain.returncode == 0, plain.stderr
    engine = import_inflect().engine()
    assert [engine.plural_noun(word) for word in words] == json.loads(plain.stdout)
    assert len(words) > 50
