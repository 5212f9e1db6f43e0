"""``metsi18n check`` with a 500-term glossary, side by side with ``check`` without one.

    python3 bench/glossary_check.py [--articles 1000] [--languages 10] [--runs 3]

Builds the seeded corpus of bench/corpus.py (pseudo-translated catalogs), exports
once, writes a glossary of 500 concepts (300 single words and 200 two-word terms of
the corpus's vocabulary, each rendered in every language as the corpus translates,
one in ten with a forbidden rendering too), then times ``check`` as a process,
median of the runs, without and with ``[project] glossary``. Prints one Markdown row
per case: wall-clock median and range, the median CPU time (user + system, steadier
on a shared machine), and the ratio of CPU times.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import ADJECTIVES, LANGUAGES, Words, project, translate  # noqa: E402


def glossary(path: Path, codes: list[str], seed: int = 5) -> int:
    """Write a 500-concept CSV glossary of the corpus's words; return its row count."""
    rng = random.Random(seed)
    words = Words(random.Random(11))
    singles = rng.sample(words.terms, 300)
    pairs = [f"{rng.choice(ADJECTIVES)} {rng.choice(words.terms)}" for _ in range(200)]
    rows = [("english", "language", "term", "status", "part_of_speech", "note")]
    for english in dict.fromkeys(singles + pairs):
        for code in codes:
            rows.append((english, code, translate(english), "preferred", "noun", ""))
            if rng.random() < 0.1:
                rows.append((english, code, translate(english) + "x", "forbidden", "", "wrong"))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return len(rows) - 1


def timed(root: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run of ``check``."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "metsi18n", "-C", str(root), "check", "--format", "json"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if result.returncode not in (0, 1):
            raise SystemExit(f"check failed with {result.returncode}")
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--languages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench-glossary"))
    args = parser.parse_args()
    root = args.workdir / f"project-{args.articles}x{args.languages}"
    if not (root / "exported").exists():
        shutil.rmtree(root, ignore_errors=True)
        project(root, args.articles, args.languages)
        subprocess.run([sys.executable, "-m", "metsi18n", "-C", str(root), "export"],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        (root / "exported").write_text("")
    codes = list(LANGUAGES[: args.languages])
    terms = glossary(root / "glossary.csv", codes)
    config = root / "metsi18n.toml"
    plain = config.read_text(encoding="utf-8").replace('glossary = "glossary.csv"\n', "")
    size = f"{args.articles} articles x {args.languages}"
    print("| Case | Command | Median s | Min-max s | CPU s | Runs | Ratio (CPU) |")
    print("|---|---|---:|---:|---:|---:|---|")
    with_glossary = plain.replace("[project]\n", '[project]\nglossary = "glossary.csv"\n', 1)
    results: dict[str, float] = {}
    for name, text in (
        ("without glossary", plain),
        (f"{terms} renderings, 500 concepts", with_glossary),
    ):
        config.write_text(text, encoding="utf-8")
        times, cpu = timed(root, args.runs)
        results[name] = statistics.median(cpu)
        first = next(iter(results.values()))
        ratio = f"{results[name] / first:.2f}x without" if len(results) > 1 else ""
        print(f"| check, {size} | metsi18n check, {name} | {statistics.median(times):.3f} | "
              f"{min(times):.3f}-{max(times):.3f} | {results[name]:.3f} | {len(times)} | "
              f"{ratio} |")  # fmt: skip
    config.write_text(plain, encoding="utf-8")


if __name__ == "__main__":
    main()
