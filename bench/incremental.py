"""The incremental build alone, for comparing two checkouts on one machine.

    python bench/incremental.py [--articles 1000] [--languages 10] [--runs 7] [--src DIR]

Generates (once, under ``--workdir``) the seeded project of :mod:`corpus`, exports it,
builds it once, then times ``metsi18n build`` after one catalog edit (the title's
translation of one article, changed before each run), ``--runs`` times, and prints the
median and min-max of the wall time and of the CPU time (user + system, steadier
than wall time on a shared machine). ``--src`` runs the metsi18n of another checkout's
``src/`` (``PYTHONPATH``), each with its own output folder and build cache, so that
``--src /work/main/src`` and this checkout are measured on the same project.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--languages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench"))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from corpus import LANGUAGES, project

    work = args.workdir
    root = work / f"incremental-{args.articles}x{args.languages}"
    if not (root / "exported").exists():
        shutil.rmtree(root, ignore_errors=True)
        project(root, args.articles, args.languages)
        exported = command(root, "export")
        subprocess.run(exported, check=True, env=env(args.src, work), stdout=subprocess.DEVNULL)
        (root / "exported").write_text("")
    tag = hashlib.sha256(str(args.src.resolve()).encode()).hexdigest()[:8]
    out = work / f"incremental-site-{tag}" / "site"
    out.parent.mkdir(parents=True, exist_ok=True)
    environment = env(args.src, work / f"incremental-cache-{tag}")
    build = command(root, "build", "-o", str(out))
    subprocess.run(build, check=True, env=environment, stdout=subprocess.DEVNULL)
    catalog = root / "locales" / LANGUAGES[0] / "LC_MESSAGES" / "article-00000.po"
    if not catalog.exists():
        catalog = sorted(catalog.parent.glob("*.po"))[1]
    original = catalog.read_bytes()
    times, cpu = [], []
    try:
        for run in range(args.runs):
            at = original.index(b'msgstr "', original.index(b'msgstr "') + 1) + len(b'msgstr "')
            catalog.write_bytes(original[:at] + f"{run} ".encode() + original[at:])
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(build, check=True, env=environment, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
    finally:
        catalog.write_bytes(original)
    print(
        f"{args.src}: incremental build ({args.articles} articles x {args.languages}, "
        f"1 catalog edited), {args.runs} runs: median {statistics.median(times):.3f} s, "
        f"min-max {min(times):.3f}-{max(times):.3f} s; CPU (user+system) median "
        f"{statistics.median(cpu):.3f} s, min-max {min(cpu):.3f}-{max(cpu):.3f} s"
    )


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "metsi18n", "-C", str(root), *args]


def env(src: Path, cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        **EPOCH,
        "PYTHONPATH": str(src.resolve()),
        "METSI18N_CACHE_DIR": str(cache),
    }


if __name__ == "__main__":
    main()
