"""Batch throughput by engine: `--jobs 1` against `--jobs 2`, and Dask with 2 local workers.

    python benchmarks/dask_throughput.py                 # 200 and 1,000 articles, 3 rounds
    python benchmarks/dask_throughput.py --rounds 5 --sizes 200 1000 --json figures.json

Each run is the command a user types, in a subprocess, over a folder of generated `.txt`
articles (benchmarks/corpus, seeded): `tradeextract extract DIR -o OUT.jsonl --jobs N -q`, and
`tradeextract extract DIR --engine dask --jobs 2 -o OUT_DIR -q` (a LocalCluster of 2 worker
processes, started and stopped by the command). Wall time from start to exit, so start-up
(importing spaCy, building the pipeline, starting the cluster) is included. Every output is
checked: exit code 0 and one document per article (JSON Lines lines; Dask: the partition
records' counts).

Within a round the engines run one after the other, in an order that rotates between rounds,
and the ratios (jobs 2 / jobs 1, Dask / jobs 2) are taken within each round, so that a
change in the machine's load between rounds does not skew them. Each run also records how
many cores other processes kept busy meanwhile ("other load", from /proc/stat less the CPU
time of the command's own process tree, sampled from /proc every 50 ms); on a shared machine
read the ratios of the rounds with the least other load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, write_articles  # noqa: E402
from throughput import (  # noqa: E402
    CLOCK_TICKS,
    busy_cpu_seconds,
    environment,
    link_subset,
    print_table,
    proc_tree,
    wait_for_quiet,
    work_folder,
)

ENGINES: dict[str, list[str]] = {
    "jobs 1": ["--jobs", "1"],
    "jobs 2": ["--jobs", "2"],
    "dask 2 workers": ["--engine", "dask", "--jobs", "2"],
}
JOBS_TARGET = 1.6


def process_cpu_ticks(pid: int) -> int | None:
    """utime + stime of one process, in clock ticks (None once it is gone)."""
    with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    return None


class TreeCpu(threading.Thread):
    """CPU seconds used by a process and every descendant, from /proc every `interval` s (a
    process is counted with its last sample, so one living less than that is missed)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.last: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in proc_tree(self.pid):
                ticks = process_cpu_ticks(pid)
                if ticks is not None:
                    self.last[pid] = ticks
            self.stop.wait(self.interval)

    @property
    def seconds(self) -> float:
        return sum(self.last.values()) / CLOCK_TICKS


def run_engine(engine: str, folder: Path, workdir: Path, articles: int) -> dict:
    """One command over `folder`: wall seconds, own CPU seconds, other load, checked output."""
    dask = "--engine" in ENGINES[engine]
    output = workdir / ("out_dask" if dask else "out.jsonl")
    if output.is_dir():
        shutil.rmtree(output)
    command = [sys.executable, "-m", "tradeextract", "extract", str(folder), "-o", str(output)]
    command += [*ENGINES[engine], "-q"]
    busy, start = busy_cpu_seconds(), time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cpu = TreeCpu(process.pid)
    cpu.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    cpu.stop.set()
    cpu.join()
    others = max(0.0, (busy_cpu_seconds() - busy - cpu.seconds) / seconds)
    documents = count_documents(output, dask)
    result = {
        "engine": engine,
        "articles": articles,
        "seconds": seconds,
        "articles_per_s": articles / seconds,
        "cpu_seconds": cpu.seconds,
        "other_load": others,
        "exit_code": process.returncode,
        "documents": documents,
    }
    if process.returncode != 0 or documents != articles:
        tail = stderr.decode("utf-8", "replace")[-1500:]
        result["error"] = f"exit {process.returncode}, {documents}/{articles} documents: {tail}"
    return result


def count_documents(output: Path, dask: bool) -> int:
    if not dask:
        with contextlib.suppress(OSError), open(output, "rb") as f:
            return sum(1 for _ in f)
        return 0
    total = 0
    for record in (output / "_done").glob("part-*.json"):
        total += json.loads(record.read_text(encoding="utf-8"))["documents"]
    return total


def measure(args: argparse.Namespace, workdir: Path, log: Callable[..., None]) -> list[dict]:
    largest = max(args.sizes)
    log(f"generating {largest:,} articles ...")
    articles = generate(largest, seed=args.seed)
    everything = write_articles(workdir / f"articles_{largest}", articles)
    folders = {
        size: link_subset(everything, workdir / f"articles_{size}", articles[:size])
        for size in args.sizes
    }
    engines = [name for name in ENGINES if name in args.engines]
    runs = []
    for round_ in range(args.rounds):
        for size in args.sizes:
            shift = round_ % len(engines)
            for engine in engines[shift:] + engines[:shift]:
                if args.wait_idle > 0:
                    wait_for_quiet(args.wait_idle, log)
                log(f"round {round_ + 1}: {size:,} articles, {engine} ...")
                run = run_engine(engine, folders[size], workdir, size)
                runs.append({"round": round_, **run})
                log(
                    f"  {run['seconds']:.1f} s, {run['articles_per_s']:.1f} articles/s, "
                    f"other load {run['other_load']:.2f}" + ("  ERROR" if "error" in run else "")
                )
    return runs


def paired_ratios(runs: list[dict], size: int, top: str, bottom: str) -> list[tuple[float, float]]:
    """(articles/s of `top` / `bottom`, worst other load of the two) for each round."""
    out = []
    for round_ in sorted({r["round"] for r in runs}):
        pair = {
            r["engine"]: r
            for r in runs
            if r["round"] == round_ and r["articles"] == size and "error" not in r
        }
        if top in pair and bottom in pair:
            ratio = pair[top]["articles_per_s"] / pair[bottom]["articles_per_s"]
            out.append((ratio, max(pair[top]["other_load"], pair[bottom]["other_load"])))
    return out


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    if not values:
        return "-"
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{fmt.format(mid)} ({fmt.format(low)}-{fmt.format(high)})"


def report(results: dict) -> None:
    env, runs = results["environment"], results["runs"]
    print(
        f"\ntradeextract batch engines - {env['date']} - commit {env['commit']} - "
        f"{env['cores']} cores, {env['cpu']}, Python {env['python']}, spaCy {env['spacy']}"
    )
    print("median (min-max) over rounds; 'other load' = cores other processes kept busy\n")
    rows = [("articles", "engine", "runs", "wall s", "articles/s", "cpu s", "other load")]
    for size in results["sizes"]:
        for engine in results["engines"]:
            mine = [r for r in runs if r["articles"] == size and r["engine"] == engine]
            good = [r for r in mine if "error" not in r]
            rows.append(
                (
                    f"{size:,}",
                    engine,
                    f"{len(good)}/{len(mine)}",
                    spread([r["seconds"] for r in good], "{:.1f}"),
                    spread([r["articles_per_s"] for r in good], "{:.1f}"),
                    spread([r["cpu_seconds"] for r in good], "{:.1f}"),
                    spread([r["other_load"] for r in good]),
                )
            )
    print_table(rows)
    for run in runs:
        if "error" in run:
            print(
                f"  ! round {run['round'] + 1}, {run['engine']}, {run['articles']}: {run['error']}"
            )
    print()
    for size in results["sizes"]:
        for top, bottom, target in (
            ("jobs 2", "jobs 1", JOBS_TARGET if size >= 1000 else 1.0),
            ("dask 2 workers", "jobs 2", None),
        ):
            pairs = paired_ratios(runs, size, top, bottom)
            if not pairs:
                continue
            ratios = [ratio for ratio, _ in pairs]
            quietest = min(pairs, key=lambda pair: pair[1])
            verdict = ""
            if target is not None:
                ok = statistics.median(ratios) >= target
                verdict = f"; target > {target:g}: {'ok' if ok else 'BELOW TARGET'} (median)"
            print(
                f"{size:,} articles, {top} / {bottom} articles/s: {spread(ratios)} over "
                f"{len(ratios)} rounds; in the quietest round (other load "
                f"{quietest[1]:.2f}): {quietest[0]:.2f}{verdict}"
            )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], metavar="N")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument(
        "--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES), metavar="ENGINE"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workdir", help="keep generated articles and outputs here (default: temp)")
    p.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    p.add_argument(
        "--wait-idle",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="before each run, wait up to this long for a quiet machine (default 20; 0: never)",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    results = {
        "environment": environment(),
        "sizes": args.sizes,
        "engines": [name for name in ENGINES if name in args.engines],
    }
    with work_folder(args.workdir) as workdir:
        results["runs"] = measure(args, workdir, log)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
