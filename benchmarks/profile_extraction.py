"""Where extraction time goes: per pipeline component, then per function (cProfile/pyinstrument).

    python benchmarks/profile_extraction.py                  # 1 MB corpus, cProfile
    python benchmarks/profile_extraction.py --megabytes 2 --top 30 --save /tmp/extract.prof
    python benchmarks/profile_extraction.py --pyinstrument   # call tree instead of cProfile

1. Component times: each article is tokenised with `nlp.make_doc`, passed through every
   pipeline component by hand (timed one by one) and turned into a Document (`to_document`,
   which builds the pydantic Claim objects), so the shares add up to the full extraction.
2. Project functions, timed by wrapping every function and method of the tradeextract
   modules the extraction uses (inclusive wall time, call counts) - cheap, unlike a profiler.
3. cProfile over `tradeextract.extract_many` on the same corpus: functions by cumulative
   share of the run (only the project's own functions, then anything) and by own time.
   spaCy's Cython code reports to profilers too (token creation, Doc iteration), which
   inflates its share several-fold under cProfile and pyinstrument: read shares from 1 and 2,
   and use 3 for call counts and who calls what.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import inspect
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, load_fixtures  # noqa: E402


def component_times(nlp, texts: list[str]) -> tuple[dict[str, float], float]:
    """Seconds per stage (make_doc, each component, to_document) over all texts."""
    from tradeextract.pipeline import make_docs, to_document

    stages: dict[str, float] = defaultdict(float)
    start_all = time.perf_counter()
    for text in texts:
        start = time.perf_counter()
        doc = next(make_docs(nlp, [(text, "d", None)]))
        stages["make_doc (tokenizer)"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            stages[name] += time.perf_counter() - start
        start = time.perf_counter()
        to_document(doc)
        stages["to_document (pydantic)"] += time.perf_counter() - start
    return dict(stages), time.perf_counter() - start_all


class FunctionTimer:
    """Inclusive wall time and calls of every function and method in tradeextract's modules.

    Each function object is wrapped once and the wrapper is put back wherever a module holds
    that function (so `from x import f` copies are timed too); recursion counts once."""

    PACKAGES = (
        "tradeextract.recognise",
        "tradeextract.link",
        "tradeextract.normalise",
        "tradeextract.pipeline",
        "tradeextract.extensions",
    )

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.patches: list[tuple[object, str, object]] = []

    def _wrap(self, name: str, function: Callable) -> Callable:
        seconds, calls, depth = self.seconds, self.calls, [0]

        @functools.wraps(function)
        def timed(*args, **kwargs):
            calls[name] += 1
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - start
                depth[0] -= 1

        return timed

    def install(self) -> int:
        modules = [m for n, m in sorted(sys.modules.items()) if n.startswith(self.PACKAGES) and m]
        wrapped: dict[int, Callable] = {}
        targets: list[tuple[object, str, Callable]] = []
        for module in modules:
            for attr, value in list(vars(module).items()):
                if inspect.isfunction(value) and value.__module__.startswith("tradeextract"):
                    targets.append((module, attr, value))
                elif inspect.isclass(value) and value.__module__ == module.__name__:
                    if any(b.__module__.startswith("pydantic") for b in value.__mro__[1:]):
                        continue  # pydantic models validate their own methods: leave them
                    for method_name, method in list(vars(value).items()):
                        if inspect.isfunction(method) and (
                            not method_name.startswith("__") or method_name == "__call__"
                        ):
                            targets.append((value, method_name, method))
        for owner, attr, function in targets:
            name = f"{function.__module__.removeprefix('tradeextract.')}.{function.__qualname__}"
            if id(function) not in wrapped:
                wrapped[id(function)] = self._wrap(name, function)
            self.patches.append((owner, attr, function))
            setattr(owner, attr, wrapped[id(function)])
        return len(wrapped)

    def uninstall(self) -> None:
        for owner, attr, function in reversed(self.patches):
            setattr(owner, attr, function)
        self.patches.clear()

    def rows(self, total: float, top: int) -> list[tuple[str, ...]]:
        rows = [("function (inclusive)", "calls", "seconds", "share %", "us/call")]
        for name, seconds in sorted(self.seconds.items(), key=lambda kv: kv[1], reverse=True)[:top]:
            calls = self.calls[name]
            rows.append(
                (
                    name,
                    f"{calls:,}",
                    f"{seconds:.2f}",
                    f"{100 * seconds / total:.1f}",
                    f"{1e6 * seconds / calls:.0f}",
                )
            )
        return rows


def short_name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":
        return function  # a built-in, e.g. {method 'finditer' of 're.Pattern' objects}
    for marker in ("/src/tradeextract/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            if marker == "/src/tradeextract/":
                filename = "tradeextract/" + filename
            break
    return f"{filename}:{line}({function})"


def print_rows(title: str, rows: list[tuple[str, ...]]) -> None:
    print(f"\n{title}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def profile_table(stats: pstats.Stats, top: int, own_only: bool, by: str) -> list[tuple[str, ...]]:
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = []
    for key, (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if own_only and "/tradeextract/" not in key[0]:
            continue
        entries.append((key, calls, tottime, cumtime))
    index = 3 if by == "cumulative" else 2
    entries.sort(key=lambda e: e[index], reverse=True)
    rows = [("function", "calls", "own s", "own %", "cum s", "cum %")]
    for key, calls, tottime, cumtime in entries[:top]:
        rows.append(
            (
                short_name(key)[:110],
                f"{calls:,}",
                f"{tottime:.2f}",
                f"{100 * tottime / total:.1f}",
                f"{cumtime:.2f}",
                f"{100 * cumtime / total:.1f}",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0, help="corpus size (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=25, help="rows per table (default 25)")
    parser.add_argument(
        "--save", metavar="FILE", help="write the cProfile stats (snakeviz, pstats)"
    )
    parser.add_argument("--pyinstrument", action="store_true", help="pyinstrument call tree")
    parser.add_argument("--no-components", action="store_true", help="skip the stage table")
    parser.add_argument("--no-functions", action="store_true", help="skip the wrapper timing")
    parser.add_argument("--no-profiler", action="store_true", help="skip cProfile/pyinstrument")
    args = parser.parse_args(argv)

    import tradeextract

    texts = [a.text for a in generate(min_bytes=int(args.megabytes * 1e6), seed=args.seed)]
    nlp = tradeextract.load()
    warmup = [text for _, text in load_fixtures()]
    list(tradeextract.extract_many([(t, "w", None) for t in warmup], nlp=nlp))
    print(
        f"corpus: {len(texts)} articles, {sum(map(len, texts)) / 1e6:.2f} M characters; "
        f"pipeline: {', '.join(nlp.pipe_names)}"
    )

    if not args.no_components:
        stages, total = component_times(nlp, texts)
        rows = [("stage", "seconds", "share %", "ms/article")]
        for name, seconds in sorted(stages.items(), key=lambda kv: kv[1], reverse=True):
            rows.append(
                (
                    name,
                    f"{seconds:.2f}",
                    f"{100 * seconds / total:.1f}",
                    f"{1000 * seconds / len(texts):.2f}",
                )
            )
        rows.append(("total", f"{total:.2f}", "100.0", f"{1000 * total / len(texts):.2f}"))
        print_rows("time per stage (no profiler)", rows)

    items = [(text, f"d{i}", None) for i, text in enumerate(texts)]

    def run() -> None:
        for _ in tradeextract.extract_many(items, nlp=nlp):
            pass

    if not args.no_functions:
        timer = FunctionTimer()
        count = timer.install()
        try:
            start = time.perf_counter()
            run()
            total = time.perf_counter() - start
        finally:
            timer.uninstall()
        print_rows(
            f"project functions, timed by wrappers ({count} wrapped; run took {total:.2f} s "
            "with them)",
            timer.rows(total, args.top),
        )

    if args.no_profiler:
        return 0
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        run()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, short_mode=True))
        return 0

    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    print(f"\ncProfile: {stats.total_tt:.2f} s in total (profiler overhead included)")  # type: ignore[attr-defined]
    print_rows(
        "tradeextract functions by cumulative share",
        profile_table(stats, args.top, own_only=True, by="cumulative"),
    )
    print_rows(
        "all functions by own time", profile_table(stats, args.top, own_only=False, by="own")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
