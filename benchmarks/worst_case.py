"""Worst-case inputs: extraction time must grow linearly with any text, however pathological.

    python benchmarks/worst_case.py                     # every case at 10 KB, 100 KB, 1 MB
    python benchmarks/worst_case.py --quick             # 10 KB and 100 KB only
    python benchmarks/worst_case.py --cases 'run' '5%'  # cases whose name contains a word
    python benchmarks/worst_case.py --json worst.json

Each case is text built at run time to a size (nothing is stored): runs of every ASCII
punctuation character, numbers without sentence ends, one-word lines, long markdown tables,
one 5 MB article (fixture paragraphs one after the other), deep brackets, mixed scripts.
Every measure is one `tradeextract.extract` call in a forked child of a process that built the
pipeline and warmed it up on the fixtures (so every call starts from the same state); a child
still running after --timeout seconds is killed and reported as such. Times are the child's
CPU seconds (one core; other sessions' load barely moves them), printed per MB for each case
and size, with the growth factor from 100 KB to 1 MB (a linear path gives ~10 for 10x the
input). Before each measure the script waits up to --wait-idle seconds for a quiet machine.

Targets (issue 16): every case at most 10 s per MB on one core, growth factor under 12.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_fixtures  # noqa: E402
from throughput import busy_cpu_seconds, other_load, wait_for_quiet  # noqa: E402

KB, MB = 1_000, 1_000_000
SIZES = (10 * KB, 100 * KB, 1 * MB)
LONG_ARTICLE = 5 * MB
SECONDS_PER_MB_TARGET = 10.0
ARTICLE = "one article (fixture paragraphs)"
GROWTH_TARGET = 12.0
WARM_UP = "China's exports rose 5% to $3.2 billion in May 2024.\n\nImports fell 2%."


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def one_run(char: str) -> Callable[[int], str]:
    return lambda size: char * size


def numbers_without_sentence_end(size: int) -> str:
    return repeat_to("5% ", size)


def quote_list(size: int) -> str:
    """A list of quotes as one 'sentence': thousands of amounts, changes and places."""
    row = "China exports $4.71 billion, up 11.2% year-on-year, imports 3.1 million tonnes, "
    return repeat_to(row, size)


def words_then_one_number(size: int) -> str:
    """Places, products and trade words by the hundred, one number at the end of each line:
    every claim's window holds a whole line of candidate subjects."""
    row = "China exports steel to Japan, Korea and Brazil in 2024, imports of soybeans fell, "
    line = row * 40 + "up 5%.\n"
    return repeat_to(line, size)


def one_word_lines(size: int) -> str:
    words = ("exports", "China", "5%", "$3bn", "2024", "imports", "surplus", "Japan")
    return repeat_to("\n".join(words) + "\n", size)


def markdown_table(size: int) -> str:
    header = "| Country | Exports | Imports | Change | Period |\n|---|---|---|---|---|\n"
    rows = [
        f"| {c} | ${1 + i % 97}.{i % 10} billion | ${2 + i % 89}.{i % 7} billion "
        f"| {i % 23 - 11}.{i % 10}% | Q{i % 4 + 1} {2000 + i % 25} |"
        for i, c in enumerate(["China", "Japan", "Germany", "Brazil", "India", "Mexico"] * 50)
    ]
    return repeat_to(header + "\n".join(rows) + "\n", size)


def long_article(size: int) -> str:
    """Fixture articles, one after the other as paragraphs of one article."""
    paragraphs = "\n\n".join(text for _doc_id, text in load_fixtures())
    return repeat_to(paragraphs + "\n\n", size)


def deep_brackets(size: int) -> str:
    half = (size - 5) // 2
    return "(" * half + "5% up" + ")" * (size - 5 - half)


def nested_mixed_brackets(size: int) -> str:
    return repeat_to("([{<", size // 2) + repeat_to(">}])", size - size // 2)


def mixed_scripts(size: int) -> str:
    row = (
        "中国出口增长5.2%，进口下降3%。Экспорт вырос на 4,5% до $3 млрд. "
        "ارتفعت الصادرات 7% 🚢📦 निर्यात 12% बढ़ा 日本の輸出は1兆円"
    )
    return repeat_to(row, size)


def adversarial_cases() -> dict[str, Callable[[int], str]]:
    """Name -> text of a given size in characters."""
    cases: dict[str, Callable[[int], str]] = {
        f"run of {char!r}": one_run(char) for char in string.punctuation
    }
    cases.update(
        {
            "'5% ' repeated (no sentence end)": numbers_without_sentence_end,
            "list of quotes (no sentence end)": quote_list,
            "subjects by the hundred, one number": words_then_one_number,
            "one-word lines": one_word_lines,
            "markdown table": markdown_table,
            ARTICLE: long_article,
            "deep brackets": deep_brackets,
            "nested mixed brackets": nested_mixed_brackets,
            "mixed scripts": mixed_scripts,
        }
    )
    return cases


# --------------------------------------------------------------------------- measuring

_NLP = None  # built once in the parent, inherited by every forked child


def _child(text: str, conn) -> None:  # noqa: ANN001
    import tradeextract

    # a forked child copies every page of the parent it writes to (reference counts): one
    # small extraction first, so that copying is not counted as the extraction's time
    tradeextract.extract(WARM_UP, doc_id="warm-up", nlp=_NLP)
    wall, cpu = time.perf_counter(), time.process_time()
    document = tradeextract.extract(text, doc_id="worst", nlp=_NLP)
    conn.send((time.process_time() - cpu, time.perf_counter() - wall, len(document.claims)))
    conn.close()


def timed_extract(text: str, timeout: float) -> dict:
    """CPU and wall seconds of one extraction in a forked child (None if killed at timeout),
    its claims, and the cores other processes kept busy meanwhile."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    busy, start = busy_cpu_seconds(), time.perf_counter()
    process = context.Process(target=_child, args=(text, child))
    process.start()
    child.close()
    cpu, wall, claims = parent.recv() if parent.poll(timeout) else (None, None, None)
    if process.is_alive():
        process.kill()
    process.join()
    elapsed = time.perf_counter() - start
    load = other_load(busy, elapsed, cpu if cpu is not None else elapsed)
    return {"seconds": cpu, "wall_seconds": wall, "claims": claims, "other_load": load}


def build_pipeline(max_length: int) -> None:
    global _NLP
    import tradeextract

    _NLP = tradeextract.load()
    _NLP.max_length = max_length  # a 5 MB article is beyond spaCy's default 1,000,000
    for doc_id, text in load_fixtures():
        tradeextract.extract(text, doc_id, nlp=_NLP)
    gc.collect()
    gc.freeze()  # the pipeline's objects out of the children's collections: a collection
    # would write to every one of them, and the child would copy the parent's whole heap


def sizes_of(name: str, sizes: tuple[int, ...]) -> tuple[int, ...]:
    """The long article is also measured at 5 MB (when the 1 MB size is measured at all)."""
    return (*sizes, LONG_ARTICLE) if name == ARTICLE and MB in sizes else sizes


def measure(
    cases: dict[str, Callable[[int], str]], sizes: tuple[int, ...], timeout: float, wait: float
) -> list[dict]:
    rows = []
    for name, make in cases.items():
        row: dict = {"case": name, "sizes": {}}
        for size in sizes_of(name, sizes):
            text = make(size)
            wait_for_quiet(wait, lambda *a: print(*a, file=sys.stderr))
            entry = row["sizes"][size] = timed_extract(text, timeout)
            print(
                f"  {name:<36} {size / KB:>7,.0f} KB  {_fmt(entry['seconds'])} CPU s"
                f"  (other load {entry['other_load']:.2f})",
                file=sys.stderr,
            )
            if entry["seconds"] is None:
                break  # a larger size would only time out too
        rows.append(row)
    return rows


def _fmt(seconds: float | None) -> str:
    return "killed" if seconds is None else f"{seconds:.2f}"


def growth(row: dict) -> float | None:
    """Time at 1 MB over time at 100 KB (a linear path gives ~10)."""
    small, big = row["sizes"].get(100 * KB), row["sizes"].get(MB)
    if not small or not big or small["seconds"] is None or big["seconds"] is None:
        return None
    # below 10 ms, timer noise and fixed costs make the ratio meaningless: floor the small time
    return big["seconds"] / max(small["seconds"], 0.01)


def _cell(entry: dict | None, size: int, timeout: float) -> tuple[str, bool]:
    if entry is None:
        return "-", True
    if entry["seconds"] is None:
        return f"> {timeout:.0f} s (killed)", False
    value = entry["seconds"] / (size / MB)
    return f"{value:.2f}", value <= SECONDS_PER_MB_TARGET


def report(rows: list[dict], sizes: tuple[int, ...], timeout: float) -> bool:
    columns = sorted({size for row in rows for size in row["sizes"]} | set(sizes))
    head = " | ".join(f"{_size_label(s)} s/MB" for s in columns)
    print(f"| case | {head} | growth 100 KB -> 1 MB | within target |")
    print("|---" * (len(columns) + 3) + "|")
    all_ok = True
    for row in rows:
        cells = [_cell(row["sizes"].get(size), size, timeout) for size in columns]
        factor = growth(row)
        ok = all(fine for _text, fine in cells) and (factor is None or factor < GROWTH_TARGET)
        all_ok = all_ok and ok
        texts = " | ".join(text for text, _fine in cells)
        growth_cell = "-" if factor is None else f"{factor:.1f}"
        print(f"| {row['case']} | {texts} | {growth_cell} | {'yes' if ok else 'NO'} |")
    return all_ok


def _size_label(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size // KB} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 KB and 100 KB only")
    parser.add_argument("--cases", nargs="*", help="only cases whose name contains one of these")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per measure")
    parser.add_argument(
        "--wait-idle", type=float, default=5.0, help="seconds to wait for a quiet machine"
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)

    sizes = SIZES[:2] if args.quick else SIZES
    cases = adversarial_cases()
    if args.cases:
        cases = {k: v for k, v in cases.items() if any(word in k for word in args.cases)}
    build_pipeline(max_length=2 * LONG_ARTICLE)
    print(f"worst-case inputs, pid {os.getpid()}, one core per measure", file=sys.stderr)
    rows = measure(cases, sizes, args.timeout, args.wait_idle)
    ok = report(rows, sizes, args.timeout)
    print(
        f"\nCPU seconds of one extract call per MB of input; growth = CPU time at 1 MB / at "
        f"100 KB. Target: <= {SECONDS_PER_MB_TARGET:g} s/MB for every case and size, growth "
        f"< {GROWTH_TARGET:g}: {'met' if ok else 'NOT met'}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
