"""Linear work on big input (issue 13): a 5 MB article and a 5 MB translation.

Generates (seeded, reused under ``--workdir``) a project of one article of about
``--megabytes`` MB, and a second project whose Czech catalog, pseudo-translated in
full, is about that size, then times as separate processes:

- ``metsi18n export`` of the article (a fresh export: no catalog yet), against
  Translate Toolkit's ``md2po -P`` on the same file (target: under 10 s; its Markdown
  reader needs ``mistletoe``, which the test extra does not install);
- ``metsi18n check`` of the translated catalog's project (of a shorter article: a
  translated catalog holds the English twice), and ``metsi18n check big.po`` of the
  catalog alone (what ``msgfmt -c`` does: no source, no lint), against ``msgfmt -c``
  on the same catalog (target: at most 5x);
- ``metsi18n lint`` of the article.

Each command is timed with the source stage's cache (``METSI18N_CACHE_DIR``) empty
before every run ("cold") and, unless ``--cache cold``, again with it filled by one
untimed run ("warm").

Prints a Markdown table of CPU time (user + system of the child, from ``wait4``),
wall time (medians of ``--runs``), peak memory, exit code (``check`` exits 1: the
generated words are unknown to lint) and the CPU ratios. CPU time is the figure to
read on a shared machine. Usage::

    python3 bench/big_input.py [--megabytes 5] [--runs 3] [--workdir DIR] [--cache cold]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import Words, config_text, markdown, sentence, translate

TRANSLATION_SHARE = 0.42
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}


def big_article(megabytes: float, seed: int = 5) -> str:
    """One article of about ``megabytes`` MB: sections of headings, paragraphs, lists."""
    rng = random.Random(seed)
    words = Words(rng)
    parts = ["---\ntitle: One very long article\ndescription: Big input.\n"]
    parts.append("slug: big\ndate: 2026-01-01\n---\n")
    size, goal, section = 0, int(megabytes * 1_000_000), 0
    while size < goal:
        section += 1
        block = [f"## Section {section} " + " ".join(words.word() for _ in range(4))]
        block.append(" ".join(markdown(sentence(words)) for _ in range(rng.randint(2, 6))))
        if rng.random() < 0.4:
            block.append("\n".join("- " + markdown(sentence(words)) for _ in range(3)))
        text = "\n\n" + "\n\n".join(block)
        parts.append(text)
        size += len(text.encode("utf-8"))
    return "".join(parts) + "\n"


def fresh_project(root: Path, article: str) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "metsi18n.toml").write_text(config_text(["cs"]), encoding="utf-8")
    (root / "source" / "big.md").write_text(article, encoding="utf-8")


def translate_catalog(path: Path) -> None:
    """Pseudo-translate every entry of the catalog (tags and numbers kept)."""
    from dataclasses import replace

    from metsi18n import po as pofile

    po = pofile.loads(path.read_bytes(), str(path))
    kept = []
    for message in po.messages:
        if message.msgid_plural is not None:
            forms = tuple(translate(message.msgid) for _ in message.msgstr_plural)
            message = replace(message, msgstr_plural=forms)
        else:
            message = replace(message, msgstr=translate(message.msgid))
        kept.append(message)
    path.write_bytes(pofile.dumps(replace(po, messages=tuple(kept))).encode("utf-8"))


@dataclass
class Timing:
    wall: float
    cpu: float
    rss_mib: float
    code: int


def run_once(command: list[str], cwd: Path) -> Timing:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Timing(wall, cpu, usage.ru_maxrss / 1024, code)


CACHE_ENV = "METSI18N_CACHE_DIR"


def measure(
    command: list[str], cwd: Path, runs: int, before: object = None, cache: str = "cold"
) -> Timing:
    """Median of ``runs``; ``cache``: ``cold`` (the cache folder emptied before each run)
    or ``warm`` (filled by one untimed run first)."""
    timings = []
    folder = Path(tempfile.mkdtemp(prefix="big-input-cache-"))
    ENV[CACHE_ENV] = str(folder)
    if cache == "warm":
        if callable(before):
            before()
        run_once(command, cwd)
    for _ in range(runs):
        if callable(before):
            before()
        if cache == "cold":
            shutil.rmtree(folder, ignore_errors=True)
        timings.append(run_once(command, cwd))
    shutil.rmtree(folder, ignore_errors=True)
    return Timing(
        statistics.median(t.wall for t in timings),
        statistics.median(t.cpu for t in timings),
        max(t.rss_mib for t in timings),
        max(t.code for t in timings),
    )


def measure_interleaved(
    ours: list[str], theirs: list[str], cwd: Path, runs: int
) -> tuple[Timing, Timing]:
    """Medians of ``runs`` of each command, run in turn (ours, theirs, ours...): on a
    shared machine both see the same load, which a ratio of two short commands needs."""
    pairs = [(run_once(ours, cwd), run_once(theirs, cwd)) for _ in range(runs)]
    medians = []
    for side in (0, 1):
        timings = [pair[side] for pair in pairs]
        medians.append(
            Timing(
                statistics.median(t.wall for t in timings),
                statistics.median(t.cpu for t in timings),
                max(t.rss_mib for t in timings),
                max(t.code for t in timings),
            )
        )
    return medians[0], medians[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench-big"))
    parser.add_argument("--skip", action="append", default=[], choices=["export", "check", "lint"])
    parser.add_argument("--cache", choices=["cold", "both"], default="both")
    args = parser.parse_args(argv)
    metsi18n = [sys.executable, "-m", "metsi18n"]
    md2po = shutil.which("md2po", path=str(Path(sys.executable).parent) + os.pathsep + ENV["PATH"])

    work = args.workdir / f"{args.megabytes:g}mb"
    article_path = work / "big.md"
    work.mkdir(parents=True, exist_ok=True)
    if not article_path.exists():
        article_path.write_text(big_article(args.megabytes), encoding="utf-8")
    article = article_path.read_text(encoding="utf-8")
    export_root, check_root = work / "export", work / "check"
    catalog = check_root / "locales" / "cs" / "LC_MESSAGES" / "big.po"
    if not catalog.exists():
        # A translated catalog holds the English twice: half the text makes it the size.
        fresh_project(check_root, big_article(args.megabytes * TRANSLATION_SHARE))
        subprocess.run([*metsi18n, "export"], cwd=check_root, env=ENV, check=True)
        translate_catalog(catalog)
        subprocess.run([*metsi18n, "export"], cwd=check_root, env=ENV, check=True)

    rows: list[tuple[str, Timing, str, Timing | None]] = []
    mb = f"{article_path.stat().st_size / 1e6:.1f} MB"
    if "export" not in args.skip:
        locales = export_root / "locales"

        def clear() -> None:
            if not export_root.exists():
                fresh_project(export_root, article)
            shutil.rmtree(locales, ignore_errors=True)

        ours = measure([*metsi18n, "export"], export_root, args.runs, clear)
        warm = (
            measure([*metsi18n, "export"], export_root, args.runs, clear, "warm")
            if args.cache == "both"
            else None
        )
        theirs, name = None, "md2po: not installed (pip install translate-toolkit mistletoe)"
        if md2po:
            out = work / "md2po.pot"
            theirs = measure([md2po, "-P", str(article_path), str(out)], work, args.runs)
            name = "md2po (Translate Toolkit)"
            if theirs.code != 0:  # its Markdown reader needs mistletoe, not a dependency
                theirs, name = None, f"md2po failed (exit {theirs.code}): is mistletoe installed?"
        rows.append((f"export of a {mb} article, cold", ours, name, theirs))
        if warm is not None:
            rows.append((f"export of a {mb} article, warm", warm, name, theirs))
    if "check" not in args.skip:
        size = f"{catalog.stat().st_size / 1e6:.1f} MB"
        ours = measure([*metsi18n, "check"], check_root, args.runs)
        gnu = measure(["msgfmt", "-c", "-o", os.devnull, str(catalog)], check_root, args.runs)
        rows.append((f"check of a {size} translation, cold", ours, "msgfmt -c", gnu))
        if args.cache == "both":
            warm = measure([*metsi18n, "check"], check_root, args.runs, cache="warm")
            rows.append((f"check of a {size} translation, warm", warm, "msgfmt -c", gnu))
        # The like-for-like row: the catalog alone, as msgfmt -c reads it (no source),
        # each run beside a run of msgfmt (a second against a fifth of one).
        ENV[CACHE_ENV] = tempfile.mkdtemp(prefix="big-input-cache-")  # empty: cold
        alone, beside = measure_interleaved(
            [*metsi18n, "check", str(catalog)],
            ["msgfmt", "-c", "-o", os.devnull, str(catalog)],
            check_root,
            max(args.runs, 5),
        )
        shutil.rmtree(ENV[CACHE_ENV], ignore_errors=True)
        name = "msgfmt -c, interleaved"
        rows.append((f"check big.po (the {size} catalog alone), cold", alone, name, beside))
    if "lint" not in args.skip:
        if not export_root.exists():
            fresh_project(export_root, article)
        ours = measure([*metsi18n, "lint"], export_root, args.runs)
        rows.append((f"lint of a {mb} article, cold", ours, "", None))
        if args.cache == "both":
            warm = measure([*metsi18n, "lint"], export_root, args.runs, cache="warm")
            rows.append((f"lint of a {mb} article, warm", warm, "", None))

    print(f"{args.runs} runs each; median; CPU = user + system of the process\n")
    print("| task | metsi18n CPU s | wall s | peak MiB | exit | reference | CPU s | ratio (CPU) |")
    print("|---|---|---|---|---|---|---|---|")
    for task, ours, name, ref in rows:
        tail = "| | |"
        if ref is not None:
            tail = f"| {ref.cpu:.2f} | {ours.cpu / max(ref.cpu, 1e-3):.1f}x |"
        print(
            f"| {task} | {ours.cpu:.2f} | {ours.wall:.2f} | {ours.rss_mib:.0f} | {ours.code} "
            f"| {name} {tail}"
        )


if __name__ == "__main__":
    main()
