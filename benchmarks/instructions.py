"""Instructions per 100 KB of extraction, counted by valgrind: a figure that other processes
on the machine cannot move, for comparing two commits where wall time varies by 10%.

    python benchmarks/instructions.py                 # the installed tradeextract
    python benchmarks/instructions.py --src ../old/src # another checkout's code, same corpus

Two runs under `valgrind --tool=callgrind` (Debian's `valgrind` package), each building the
pipeline and extracting a generated corpus: 10 KB and 110 KB. Their difference is the cost of
100 KB of extraction alone, start-up excluded. PYTHONHASHSEED is fixed, so a rerun gives the
same count to within 0.1%. One pair takes about 2.5 minutes (the two runs go side by side).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL, LARGE = 10_000, 110_000  # bytes of generated articles; the difference is 100 KB
CHILD = """
import sys
sys.path.insert(0, {benchmarks!r})
from corpus import generate
import tradeextract
corpus = generate(min_bytes={size}, seed=1)
nlp = tradeextract.load()
items = [(a.text, f"d{{i}}", None) for i, a in enumerate(corpus)]
print(sum(len(d.claims) for d in tradeextract.extract_many(items, nlp=nlp)))
"""
COLLECTED = re.compile(r"Collected : (\d+)")


def count(size: int, src: str | None, workdir: Path) -> subprocess.Popen:
    script = workdir / f"child_{size}.py"
    script.write_text(CHILD.format(benchmarks=str(HERE), size=size), encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={workdir / f'callgrind.{size}'}",
        os.path.realpath(sys.executable),  # not a shim: valgrind follows no child process
        str(script),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def instructions(process: subprocess.Popen) -> int:
    _out, err = process.communicate()
    found = COLLECTED.search(err.decode("utf-8", "replace"))
    if process.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="a checkout's src/ folder to import tradeextract from")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        small, large = (count(size, args.src, Path(tmp)) for size in (SMALL, LARGE))
        low, high = instructions(small), instructions(large)
    print(f"start-up and 10 KB: {low / 1e9:.3f} G instructions; 110 KB: {high / 1e9:.3f} G")
    print(f"extraction of 100 KB: {(high - low) / 1e9:.3f} G instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
