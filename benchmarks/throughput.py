"""Throughput of tradeextract against spaCy's bare tokenizer, batch scaling and batch memory.

    python benchmarks/throughput.py            # full run, a few minutes on 2 cores
    python benchmarks/throughput.py --quick    # smaller sizes, well under a minute
    python benchmarks/throughput.py --json results.json

One process, one after the other, over the same generated corpus (>= 2 MB, built at run time
from tests/fixtures by benchmarks/corpus, seeded, never stored in the repo):

1. `spacy.blank("en")` tokenizer only (`tokenizer.pipe`), best of --repeat runs;
2. full extraction: `tradeextract.extract_many` until every Document (with its Claim objects)
   is built, best of --extract-repeat runs. Both are timed after a warm-up on the fixtures.
   Target: extraction tokens/s >= 0.30 x tokenizer tokens/s.

Then in subprocesses, `python -m tradeextract extract DIR -o OUT.jsonl --jobs N`:

3. articles/s at --jobs 1 and --jobs 2 over a folder of --batch-articles articles (wall time,
   so it includes the start-up, which is also measured alone on one article).
   Target: jobs 2 / jobs 1 >= 1.6.
4. peak memory over a folder of --batch-articles and one of --memory-articles articles:
   the largest single process (getrusage RUSAGE_CHILDREN in a small launcher process) and
   the whole tree (main process + workers, RSS summed, sampled every 20 ms from /proc).
   Target: the larger run within 10% of the smaller.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Article, generate, load_fixtures, write_articles  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TOKENIZER_TARGET = 0.30
JOBS_TARGET = 1.6
MEMORY_TARGET = 0.10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- machine load
# Other sessions may share this machine: every measure also records how many cores other
# processes kept busy meanwhile ("other load"), and the script waits for a quiet machine first.


def busy_cpu_seconds() -> float:
    """CPU seconds all processes of the machine spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def other_load(busy_before: float, seconds: float, own_cpu: float) -> float:
    """Cores that processes other than ours kept busy, on average, over a measure."""
    return max(0.0, (busy_cpu_seconds() - busy_before - own_cpu) / seconds) if seconds else 0.0


def wait_for_quiet(max_wait: float, log: Callable[..., None], threshold: float = 0.3) -> float:
    """Wait (up to max_wait s) until other processes use < threshold cores; the load seen."""
    deadline, load, warned = time.monotonic() + max_wait, 0.0, False
    while True:
        before, start = busy_cpu_seconds(), time.perf_counter()
        time.sleep(1.0)
        load = other_load(before, time.perf_counter() - start, 0.0)
        if load < threshold or time.monotonic() >= deadline:
            if load >= threshold:
                log(f"  machine still busy ({load:.1f} cores used by others): measuring anyway")
            return load
        if not warned:
            log(f"  machine busy ({load:.1f} cores used by others): waiting up to {max_wait:.0f} s")
            warned = True


# --------------------------------------------------------------------------- in-process timing


def best_of(repeat: int, run: Callable[[], object]) -> tuple[dict, object]:
    """Wall and CPU seconds of the fastest of `repeat` calls, other load then, last result."""
    best: dict = {}
    result, first = None, None
    for _ in range(max(1, repeat)):
        busy, cpu, start = busy_cpu_seconds(), time.process_time(), time.perf_counter()
        result = run()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        first = first or seconds
        if not best or seconds < best["seconds"]:
            best = {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "other_load": other_load(busy, seconds, cpu),
            }
    return {**best, "first_seconds": first, "runs": max(1, repeat)}, result


def rates(timing: dict, tokens: int) -> dict:
    return {
        "tokens": tokens,
        **timing,
        "tokens_per_s": tokens / timing["seconds"],
        "tokens_per_cpu_s": tokens / timing["cpu_seconds"],
        "first_run_tokens_per_s": tokens / timing["first_seconds"],
    }


def measure_tokenizer(texts: list[str], warmup: list[str], repeat: int) -> dict:
    import spacy

    nlp = spacy.blank("en")
    sum(len(doc) for doc in nlp.tokenizer.pipe(warmup))
    timing, tokens = best_of(
        repeat, lambda: sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    )
    return rates(timing, tokens)


def measure_extraction(texts: list[str], warmup: list[str], repeat: int) -> dict:
    import tradeextract

    start = time.perf_counter()
    nlp = tradeextract.load()
    load_seconds = time.perf_counter() - start
    items = [(text, f"d{i}", None) for i, text in enumerate(texts)]

    def run() -> tuple[int, int]:
        documents = claims = 0
        for document in tradeextract.extract_many(items, nlp=nlp):
            documents += 1
            claims += len(document.claims)
        return documents, claims

    list(tradeextract.extract_many([(t, "w", None) for t in warmup], nlp=nlp))
    timing, (documents, claims) = best_of(repeat, run)
    # Tokens as the extraction pipeline itself splits them (its tokenizer differs from the
    # blank one by one infix rule); counted outside the timing.
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    return {
        **rates(timing, tokens),
        "documents": documents,
        "claims": claims,
        "articles_per_s": documents / timing["seconds"],
        "load_seconds": load_seconds,
    }


# --------------------------------------------------------------------------- batch subprocess


def proc_children(pid: int) -> list[int]:
    children: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as f:
                children.extend(int(c) for c in f.read().split())
    return children


def proc_tree(pid: int) -> list[int]:
    tree, stack = [], [pid]
    while stack:
        current = stack.pop()
        tree.append(current)
        stack.extend(proc_children(current))
    return tree


def rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.02, skip_root: bool = False) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.skip_root = pid, interval, skip_root
        self.peak_kib = self.peak_processes = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = proc_tree(self.pid)[1 if self.skip_root else 0 :]
            total = sum(rss_kib(pid) for pid in pids)
            if total > self.peak_kib:
                self.peak_kib, self.peak_processes = total, len(pids)
            self.stop.wait(self.interval)


def batch_command(folder: Path, output: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tradeextract",
        "extract",
        str(folder),
        "-o",
        str(output),
        "--jobs",
        str(jobs),
        "-q",
    ]


# The batch command is started from this small launcher, not forked from the benchmark itself:
# Linux keeps a process's peak RSS across exec, so a child forked from a big parent would
# report the parent's size. The launcher's RUSAGE_CHILDREN covers the command and its workers
# (ru_maxrss: the largest single process among them).
LAUNCHER = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"exit_code": code, "maxrss_kib": usage.ru_maxrss,
               "cpu_seconds": usage.ru_utime + usage.ru_stime}, f)
"""


def run_batch(folder: Path, workdir: Path, jobs: int, expected: int) -> dict:
    """One batch run: wall time, peak memory (largest process and whole tree), checked output."""
    output = workdir / f"out_{folder.name}_j{jobs}.jsonl"
    usage_path = workdir / f"{output.name}.usage.json"
    command = [
        sys.executable,
        "-c",
        LAUNCHER,
        str(usage_path),
        *batch_command(folder, output, jobs),
    ]
    stderr_path = workdir / f"{output.name}.stderr"
    with open(stderr_path, "wb") as stderr:
        busy, own, start = busy_cpu_seconds(), time.process_time(), time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, cwd=workdir)
        sampler = TreeSampler(process.pid, skip_root=True)
        sampler.start()
        process.wait()
        seconds = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
    try:
        usage = json.loads(usage_path.read_text())
    except (OSError, ValueError):
        usage = {"exit_code": process.returncode, "maxrss_kib": 0, "cpu_seconds": 0.0}
    cpu = usage["cpu_seconds"]  # the batch command and its workers
    load = other_load(busy, seconds, cpu + time.process_time() - own)
    written = 0
    if output.exists():
        with open(output, "rb") as f:
            written = sum(1 for _ in f)
    result = {
        "articles": expected,
        "jobs": jobs,
        "seconds": seconds,
        "articles_per_s": expected / seconds,
        "cpu_seconds": cpu,
        "other_load": load,
        "exit_code": usage["exit_code"],
        "documents_written": written,
        "max_process_rss_mib": usage["maxrss_kib"] / 1024,
        "peak_tree_rss_mib": sampler.peak_kib / 1024,
        "tree_processes": sampler.peak_processes,
    }
    if usage["exit_code"] != 0 or written != expected:
        tail = stderr_path.read_text(errors="replace")[-1500:]
        result["error"] = f"exit {usage['exit_code']}, {written}/{expected} documents: {tail}"
    with contextlib.suppress(OSError):
        output.unlink()
    return result


# --------------------------------------------------------------------------- reporting


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def environment() -> dict:
    import spacy

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cpu = platform.processor()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),  # noqa: UP017
        "commit": commit,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "cpu": cpu,
        "cores": os.cpu_count(),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def print_report(results: dict) -> None:
    env, corpus = results["environment"], results["corpus"]
    print(
        f"\ntradeextract throughput - {env['date']} - commit {env['commit']} - "
        f"{env['cores']} cores, {env['cpu']}, Python {env['python']}, spaCy {env['spacy']}"
    )
    print(
        f"corpus: {corpus['articles']} articles, {corpus['megabytes']:.2f} MB "
        f"(seed {corpus['seed']}, generated in {corpus['seconds']:.1f} s); "
        f"'other load' = cores other processes kept busy meanwhile\n"
    )
    tok, ext = results["tokenizer"], results["extraction"]
    rows = [
        ("in-process", "tokens", "wall s", "tokens/s", "tokens/cpu-s", "articles/s", "other load")
    ]
    for label, m in (('spacy.blank("en") tokenizer', tok), ("tradeextract.extract_many", ext)):
        rows.append(
            (
                label,
                f"{m['tokens']:,}",
                f"{m['seconds']:.2f}",
                f"{m['tokens_per_s']:,.0f}",
                f"{m['tokens_per_cpu_s']:,.0f}",
                f"{m['articles_per_s']:.1f}" if "articles_per_s" in m else "",
                f"{m['other_load']:.2f}",
            )
        )
    print_table(rows)
    r = results["ratios"]
    value = r["extraction_vs_tokenizer"]
    print(
        f"extraction / tokenizer tokens/s: {value:.3f} (CPU time: {r['extraction_vs_tokenizer_cpu']:.3f}; "
        f"target >= {TOKENIZER_TARGET}: {verdict(value >= TOKENIZER_TARGET)}); "
        f"{ext['documents']:,} documents, {ext['claims']:,} claims; "
        f"pipeline built in {ext['load_seconds']:.2f} s"
    )
    if tok["runs"] > 1:
        cold = tok["first_run_tokens_per_s"]
        print(
            f"(tokenizer: best of {tok['runs']} runs; its first run, with a cold cache, made "
            f"{cold:,.0f} tokens/s, against which the ratio is {ext['tokens_per_s'] / cold:.3f})"
        )
    print()
    batch = results.get("batch")
    if not batch:
        return
    rows = [
        (
            "batch command",
            "articles",
            "jobs",
            "wall s",
            "articles/s",
            "cpu s",
            "max proc MiB",
            "tree MiB",
            "procs",
            "other load",
        )
    ]
    repeated = any(run.get("round") for run in batch["runs"])
    for run in batch["runs"]:
        rows.append(
            (
                run["label"] + (f" #{run['round'] + 1}" if repeated else ""),
                f"{run['articles']:,}",
                str(run["jobs"]),
                f"{run['seconds']:.1f}",
                f"{run['articles_per_s']:.1f}",
                f"{run['cpu_seconds']:.1f}",
                f"{run['max_process_rss_mib']:.0f}",
                f"{run['peak_tree_rss_mib']:.0f}",
                str(run["tree_processes"]),
                f"{run['other_load']:.2f}",
            )
        )
    print_table(rows)
    for run in batch["runs"]:
        if "error" in run:
            print(f"  ! {run['label']} jobs {run['jobs']}: {run['error']}")
    if "jobs2_vs_jobs1" in r:
        value = r["jobs2_vs_jobs1"]
        print(
            f"jobs 2 / jobs 1 articles/s (wall): {value:.2f} "
            f"(target >= {JOBS_TARGET}: {verdict(value >= JOBS_TARGET)}); "
            f"without start-up ({r['startup_seconds']:.1f} s): {r['jobs2_vs_jobs1_net']:.2f}"
        )
    if "memory_growth_tree" in r:
        small, large = batch["memory_sizes"]
        worst = max(abs(r["memory_growth_tree"]), abs(r["memory_growth_process"]))
        print(
            f"peak memory, {large:,} vs {small:,} articles (--jobs {batch['memory_jobs']}): "
            f"whole tree {r['memory_growth_tree']:+.1%}, largest process "
            f"{r['memory_growth_process']:+.1%} (target within {MEMORY_TARGET:.0%}: "
            f"{verdict(worst <= MEMORY_TARGET)})"
        )


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


# --------------------------------------------------------------------------- main


@contextlib.contextmanager
def work_folder(keep: str | None) -> Iterator[Path]:
    if keep:
        path = Path(keep).resolve()
        path.mkdir(parents=True, exist_ok=True)
        yield path
    else:
        path = Path(tempfile.mkdtemp(prefix="tradeextract-bench-"))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)


def link_subset(source: Path, target: Path, articles: list[Article]) -> Path:
    """A folder holding the first articles of a bigger one (hard links, no copies)."""
    target.mkdir(parents=True, exist_ok=True)
    for article in articles:
        name = f"{article.doc_id}.txt"
        if not (target / name).exists():
            os.link(source / name, target / name)
    return target


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick",
        action="store_true",
        help="small sizes: 0.3 MB corpus, 200 and 2,000 articles for the batch",
    )
    p.add_argument("--megabytes", type=float, help="in-process corpus size (default 2)")
    p.add_argument("--batch-articles", type=int, help="articles for jobs 1 vs 2 (default 1,000)")
    p.add_argument(
        "--memory-articles", type=int, help="articles of the large memory run (default 10,000)"
    )
    p.add_argument(
        "--memory-jobs", type=int, default=2, help="--jobs of the memory runs (default 2)"
    )
    p.add_argument("--repeat", type=int, default=3, help="tokenizer runs, best kept (default 3)")
    p.add_argument(
        "--extract-repeat", type=int, default=1, help="extraction runs, best kept (default 1)"
    )
    p.add_argument(
        "--batch-repeat",
        type=int,
        default=1,
        help="rounds of the jobs 1 / jobs 2 runs, alternating, fastest kept (default 1)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-batch", action="store_true", help="in-process measures only")
    p.add_argument("--no-memory", action="store_true", help="skip the large memory run")
    p.add_argument("--workdir", help="keep generated articles and outputs here (default: temp)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON ('-': stdout)")
    p.add_argument(
        "--wait-idle",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="before each measure, wait up to this long for other processes to "
        "leave the cores idle (default 60; 0: do not wait)",
    )
    args = p.parse_args(argv)
    args.megabytes = args.megabytes or (0.3 if args.quick else 2.0)
    args.batch_articles = args.batch_articles or (200 if args.quick else 1000)
    args.memory_articles = args.memory_articles or (2000 if args.quick else 10000)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    results: dict = {"environment": environment(), "ratios": {}}
    warmup = [text for _, text in load_fixtures()]

    start = time.perf_counter()
    corpus = generate(min_bytes=int(args.megabytes * 1_000_000), seed=args.seed)
    texts = [article.text for article in corpus]
    results["corpus"] = {
        "articles": len(corpus),
        "megabytes": sum(len(t.encode("utf-8")) for t in texts) / 1e6,
        "seed": args.seed,
        "seconds": time.perf_counter() - start,
    }
    log(f"corpus: {len(corpus)} articles; tokenizer ...")
    quiet = lambda: wait_for_quiet(args.wait_idle, log) if args.wait_idle > 0 else None  # noqa: E731
    quiet()
    results["tokenizer"] = measure_tokenizer(texts, warmup, args.repeat)
    log("extraction ...")
    quiet()
    results["extraction"] = measure_extraction(texts, warmup, args.extract_repeat)
    tok, ext = results["tokenizer"], results["extraction"]
    results["ratios"]["extraction_vs_tokenizer"] = ratio(ext["tokens_per_s"], tok["tokens_per_s"])
    results["ratios"]["extraction_vs_tokenizer_cpu"] = ratio(
        ext["tokens_per_cpu_s"], tok["tokens_per_cpu_s"]
    )

    if not args.no_batch:
        with work_folder(args.workdir) as workdir:
            results["batch"] = batch_benchmarks(args, workdir, log, quiet)
            results["ratios"].update(batch_ratios(results["batch"]))
    print_report(results)
    if args.json:
        text = json.dumps(results, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


def batch_benchmarks(
    args: argparse.Namespace, workdir: Path, log: Callable[..., None], quiet: Callable[[], object]
) -> dict:
    largest = max(args.batch_articles, 0 if args.no_memory else args.memory_articles)
    log(f"generating {largest:,} articles for the batch runs ...")
    articles = generate(largest, seed=args.seed)
    everything = write_articles(workdir / f"articles_{largest}", articles)
    small = link_subset(
        everything, workdir / f"articles_{args.batch_articles}", articles[: args.batch_articles]
    )
    one = link_subset(everything, workdir / "articles_1", articles[:1])
    runs = []
    for round_ in range(max(1, args.batch_repeat)):  # alternate jobs 1 and 2: fastest kept
        for jobs in (1, 2):
            log(f"batch: start-up alone (1 article), --jobs {jobs} ...")
            quiet()
            runs.append({"label": "start-up", "round": round_, **run_batch(one, workdir, jobs, 1)})
        for jobs in sorted({1, 2, args.memory_jobs}):
            log(f"batch: {args.batch_articles:,} articles, --jobs {jobs} ...")
            quiet()
            run = run_batch(small, workdir, jobs, args.batch_articles)
            runs.append({"label": "throughput", "round": round_, **run})
    sizes = None
    if not args.no_memory and args.memory_articles != args.batch_articles:
        log(f"batch: {args.memory_articles:,} articles, --jobs {args.memory_jobs} ...")
        quiet()
        runs.append(
            {
                "label": "memory",
                "round": 0,
                **run_batch(everything, workdir, args.memory_jobs, args.memory_articles),
            }
        )
        sizes = [args.batch_articles, args.memory_articles]
    return {"runs": runs, "memory_jobs": args.memory_jobs, "memory_sizes": sizes}


def batch_ratios(batch: dict) -> dict:
    def find(label: str, jobs: int) -> dict | None:
        """The fastest run of a kind (several with --batch-repeat)."""
        runs = [r for r in batch["runs"] if r["label"] == label and r["jobs"] == jobs]
        return min(runs, key=lambda r: r["seconds"]) if runs else None

    out: dict[str, float] = {}
    j1, j2 = find("throughput", 1), find("throughput", 2)
    s1, s2 = find("start-up", 1), find("start-up", 2)
    if j1 and j2 and s1 and s2:
        out["jobs2_vs_jobs1"] = ratio(j2["articles_per_s"], j1["articles_per_s"])
        net = [
            (r["articles"] - 1) / max(1e-9, r["seconds"] - s["seconds"])
            for r, s in ((j1, s1), (j2, s2))
        ]
        out["jobs2_vs_jobs1_net"] = ratio(net[1], net[0])
        out["startup_seconds"] = statistics.mean([s1["seconds"], s2["seconds"]])
    jobs = batch["memory_jobs"]
    big = [r for r in batch["runs"] if r["label"] == "memory" and r["jobs"] == jobs]
    base = [r for r in batch["runs"] if r["label"] == "throughput" and r["jobs"] == jobs]
    if big and base:
        for key, name in (("peak_tree_rss_mib", "tree"), ("max_process_rss_mib", "process")):
            peak_big, peak_base = max(r[key] for r in big), max(r[key] for r in base)
            out[f"memory_growth_{name}"] = ratio(peak_big, peak_base) - 1
    return out


if __name__ == "__main__":
    sys.exit(main())
