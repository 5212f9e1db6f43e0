"""The translation memory's rows alone: ``python3 bench/tm.py [--articles 1000] [--runs 3]``.

On the corpus of :mod:`corpus` (1,000 articles x 10 languages, 20% of the body
sentences shared across articles, and after the edit script about one sentence in
thirty planted from another article, half unchanged and half edited by a word):

- ``export`` with the memory on against ``--memory off`` (wall and CPU time), and the
  recall of the planted sentences (see ``run._recall``);
- ``stats --analysis`` against plain ``stats`` on the exported project;
- peak memory of export, memory off and on, at a quarter, half and the full size.

The same rows are part of ``bench/run.py``; this runs them alone (a few minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py, next to this file)
from corpus import project  # noqa: E402


def corpus(work: Path, articles: int, languages: int) -> Path:
    root = work / f"project-{articles}x{languages}"
    if not (root / "metsi18n.toml").exists():
        shutil.rmtree(root, ignore_errors=True)
        project(root, articles, languages)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--languages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench"))
    args = parser.parse_args()
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    os.environ["METSI18N_CACHE_DIR"] = str(work / "cache")
    pristine = corpus(work, args.articles, args.languages)
    size = f"{args.articles} articles x {args.languages}"
    live = work / "tm-live"

    def fresh() -> None:
        shutil.rmtree(live, ignore_errors=True)
        shutil.copytree(pristine, live, symlinks=True)

    group = f"export, {size}"
    off = run.measure(
        group,
        "metsi18n export --memory off",
        run.metsi18n(live, "export", "--memory", "off"),
        args.runs,
        fresh,
    )
    on = run.measure(group, "metsi18n export", run.metsi18n(live, "export"), args.runs, fresh)
    on.reference = off
    on.note = run._from_memory(live) + "; " + run._recall(live, pristine)
    group = f"quote, {size}"
    stats = run.measure(group, "metsi18n stats", run.metsi18n(live, "stats"), args.runs)
    analysis = run.measure(
        group, "metsi18n stats --analysis", run.metsi18n(live, "stats", "--analysis"), args.runs
    )
    analysis.reference = stats
    rows = [off, on, stats, analysis]
    for count in (args.articles // 4, args.articles // 2, args.articles):
        root = corpus(work, count, args.languages)
        for name, extra in (("export --memory off", ["--memory", "off"]), ("export", [])):
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(root, live, symlinks=True)
            row = run.Row(f"memory, {count} articles x {args.languages}", f"metsi18n {name}")
            row.samples.append(run.run_once(run.metsi18n(live, "export", *extra)))
            rows.append(row)
    command = "python3 bench/tm.py " + " ".join(sys.argv[1:])
    print(f"`{command.strip()}` ({os.cpu_count()} CPUs)\n")
    print(run.table(rows))


if __name__ == "__main__":
    main()
