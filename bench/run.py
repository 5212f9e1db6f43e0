"""The benchmark harness: one command runs every measurement and prints one table.

    python bench/run.py                 # full size: 20,000 messages; 1,000 articles x 10
    python bench/run.py --quick         # small sizes, for development

It installs what it needs when missing (GNU gettext with apt-get, translate-toolkit
and mdpo with pip, metsi18n itself from this checkout), builds a seeded corpus
(:mod:`corpus`) under ``--workdir``, then times each tool as a separate process:
median of ``--runs`` runs, min-max, peak memory (the process's maximum resident set,
from ``wait4``), and the ratio of metsi18n's median to the reference tool's median
measured in the same invocation on the same files.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
TOOL = [PY, str(HERE / "tool.py")]
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
#: GNU time (Debian package ``time``), for the peak memory of each command.
GNU_TIME = "/usr/bin/time"


def which(tool: str) -> bool:
    return shutil.which(tool) is not None or Path(tool).is_file()


# --- tools ------------------------------------------------------------------------------
def ensure_tools() -> None:
    """GNU gettext (apt), translate-toolkit and mdpo (pip), metsi18n (this checkout)."""
    packages = [p for p, tool in (("gettext", "msgmerge"), ("time", GNU_TIME)) if not which(tool)]
    if packages:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "update", "-q"], check=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-q", *packages], check=True)
    wanted = {"metsi18n": str(REPO), "translate": "translate-toolkit", "mdpo": "mdpo"}
    missing = [spec for module, spec in wanted.items() if importlib.util.find_spec(module) is None]
    if missing:
        subprocess.run([PY, "-m", "pip", "install", "-q", *missing], check=True)
    if shutil.which("pocount", path=str(Path(PY).parent)) is None and not shutil.which("pocount"):
        raise SystemExit("pocount not found after installing translate-toolkit")


def pocount() -> str:
    return shutil.which("pocount", path=str(Path(PY).parent)) or "pocount"


def metsi18n(root: Path, *args: str) -> list[str]:
    return [PY, "-m", "metsi18n", "-C", str(root), *args]


# --- timing -----------------------------------------------------------------------------
@dataclass
class Sample:
    seconds: float
    peak_mib: float
    #: User + system CPU time of the command and its children (the machine is shared:
    #: wall time depends on the load, CPU time much less).
    cpu: float = float("nan")


def run_once(command: Sequence[str] | str, cwd: Path | None = None) -> Sample:
    """Run one command (a shell line when a string); wall time and peak RSS.

    The peak comes from GNU time (``%M``, the largest process of the command): Linux
    reports a forked child's peak as at least its parent's size, so measured from this
    (large) Python process every small tool would seem to take as much as the harness.
    """
    env = {**os.environ, **EPOCH}
    argv = ["sh", "-c", command] if isinstance(command, str) else list(command)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.run(
            [GNU_TIME, "-f", "%M", "-o", rss.name, *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
        lines = [line for line in Path(rss.name).read_text().split() if line.isdigit()]
    if process.returncode not in (0, 1):  # check exits 1 on findings
        sys.stderr.write(process.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"failed ({process.returncode}): {command}")
    return Sample(elapsed, int(lines[-1]) / 1024 if lines else float("nan"), cpu)


@dataclass
class Row:
    group: str
    tool: str
    samples: list[Sample] = field(default_factory=list)
    reference: Row | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    def cells(self) -> list[str]:
        times = [s.seconds for s in self.samples]
        ratio = ""
        if self.reference is not None:
            ratio = f"{self.median / self.reference.median:.2f}x {self.reference.tool}"
            ratio += f" (CPU {self.cpu / self.reference.cpu:.2f}x)"
        return [
            self.group,
            self.tool,
            f"{self.median:.3f}",
            f"{self.cpu:.3f}",
            f"{min(times):.3f}-{max(times):.3f}",
            str(len(times)),
            f"{max(s.peak_mib for s in self.samples):.0f}",
            ratio,
            self.note,
        ]


def measure(
    group: str,
    tool: str,
    command: Sequence[str] | str,
    runs: int,
    before: Callable[[], None] | None = None,
    cwd: Path | None = None,
) -> Row:
    row = Row(group, tool)
    for _ in range(runs):
        if before is not None:
            before()
        row.samples.append(run_once(command, cwd))
    print(f"  {group:28} {tool:38} {row.median:8.3f} s", file=sys.stderr, flush=True)
    return row


# --- fuzzy quality ----------------------------------------------------------------------
def quality(merged: Path, old: Path, truth: dict[str, object]) -> dict[str, float]:
    """Recall, wrong origins and guesses for new sentences, read with polib (independent)."""
    import polib

    translated = {e.msgid for e in polib.pofile(str(old)) if e.msgstr and not e.obsolete}
    origin = {new: was for new, was in dict(truth["origin"]).items() if was in translated}  # type: ignore[call-overload]
    new = set(truth["new"])  # type: ignore[call-overload]
    right = wrong = guessed = 0
    for entry in polib.pofile(str(merged)):
        if entry.obsolete or "fuzzy" not in entry.flags:
            continue
        if entry.msgid in origin:
            if entry.previous_msgid == origin[entry.msgid]:
                right += 1
            else:
                wrong += 1
        elif entry.msgid in new:
            guessed += 1
    return {
        "edited": len(origin),
        "recall": 100.0 * right / max(len(origin), 1),
        "wrong": 100.0 * wrong / max(len(origin), 1),
        "new": len(new),
        "guessed": 100.0 * guessed / max(len(new), 1),
    }


# --- the measurements ---------------------------------------------------------------------
def big_catalog_rows(work: Path, messages: int, runs: int, gnu_fuzzy_runs: int) -> list[Row]:
    from corpus import big_catalog, config_text

    folder = work / f"big-{messages}"
    if not (folder / "truth.json").exists():
        big_catalog(folder, messages)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    old, pot = folder / "old.po", folder / "new.pot"
    group = f"merge, {messages} msgs"
    nofuzzy = measure(
        group,
        "msgmerge --previous --no-fuzzy-matching",
        [
            "msgmerge",
            "-q",
            "--previous",
            "--no-fuzzy-matching",
            "-o",
            str(folder / "gnu-nf.po"),
            str(old),
            str(pot),
        ],
        runs,
    )
    ours = measure(
        group,
        "metsi18n merge (fuzzy)",
        [*TOOL, "merge", str(old), str(pot), str(folder / "ours.po")],
        runs,
    )
    gnu = measure(
        group,
        "msgmerge --previous (fuzzy)",
        ["msgmerge", "-q", "--previous", "-o", str(folder / "gnu.po"), str(old), str(pot)],
        gnu_fuzzy_runs,
    )
    ours.reference = nofuzzy
    gnu.reference = nofuzzy
    for row, path in ((ours, "ours.po"), (gnu, "gnu.po")):
        q = quality(folder / path, old, truth)
        row.note = (
            f"recall {q['recall']:.1f}% of {q['edited']}, wrong {q['wrong']:.1f}%, "
            f"new guessed {q['guessed']:.1f}% of {q['new']}"
        )
    ours_vs_gnu = Row(group, "metsi18n merge vs msgmerge fuzzy", ours.samples, gnu)

    group = f"read+write, {messages} msgs"
    polib_row = measure(
        group, "polib load+save", [*TOOL, "polib", str(old), str(folder / "polib.po")], runs
    )
    rt = measure(
        group, "metsi18n loads+dumps", [*TOOL, "roundtrip", str(old), str(folder / "rt.po")], runs
    )
    rt.reference = polib_row
    gnu_text = subprocess.run(["msgcat", str(folder / "ours.po")], capture_output=True).stdout
    same = (folder / "rt.po").read_bytes() == old.read_bytes()
    same_merge = gnu_text == (folder / "ours.po").read_bytes()
    rt.note = f"output == input (msgcat layout): {same}; merge output == msgcat of it: {same_merge}"

    group = f"stats, {messages} msgs"
    project = folder / "stats-project"
    if not project.exists():
        (project / "source").mkdir(parents=True)
        (project / "locales" / "cs" / "LC_MESSAGES").mkdir(parents=True)
        (project / "metsi18n.toml").write_text(config_text(["cs"]), "utf-8")
        shutil.copy(old, project / "locales" / "cs" / "LC_MESSAGES" / "big.po")
    ref = measure(
        group,
        "msgfmt --check --statistics",
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(old)],
        runs,
    )
    stats = measure(group, "metsi18n stats", metsi18n(project, "stats"), runs)
    count = measure(group, "pocount", [pocount(), str(old)], runs)
    stats.reference = ref
    count.reference = ref
    return [nofuzzy, gnu, ours, ours_vs_gnu, polib_row, rt, ref, stats, count]


def project_rows(work: Path, articles: int, languages: int, runs: int) -> list[Row]:
    from corpus import LANGUAGES, project

    pristine = work / f"project-{articles}x{languages}"
    if not (pristine / "metsi18n.toml").exists():
        shutil.rmtree(pristine, ignore_errors=True)
        project(pristine, articles, languages)
        mdpo_setup(pristine, LANGUAGES[:languages])
    codes = list(LANGUAGES[:languages])
    size = f"{articles} articles x {languages}"
    live = work / "live"

    def fresh() -> None:
        shutil.rmtree(live, ignore_errors=True)
        shutil.copytree(pristine, live, symlinks=True)

    rows: list[Row] = []
    export = measure(f"export, {size}", "metsi18n export", metsi18n(live, "export"), runs, fresh)
    filled = _from_memory(live) + "; " + _recall(live, pristine)  # the last run's output
    no_memory = measure(
        f"export, {size}",
        "metsi18n export --memory off",
        metsi18n(live, "export", "--memory", "off"),
        runs,
        fresh,
    )
    memory_cost = Row(
        f"export, {size}", "metsi18n export, memory on vs off", export.samples, no_memory
    )
    memory_cost.note = filled
    loop = " ; ".join(
        f'for f in locales/{c}/LC_MESSAGES/*.po; do d=$(basename "$f" .po); '
        f'msgmerge -q --previous -U --backup=off "$f" "locales/$d.pot"; done'
        for c in codes
    )
    # msgmerge needs the templates export writes: run it on a project exported once.
    # Keyed by size: a --quick run after a full one must not reuse the full corpus.
    merged_once = work / f"exported-{articles}x{languages}"
    if not merged_once.exists():
        fresh()
        run_once(metsi18n(live, "export"))
        shutil.copytree(live, merged_once, symlinks=True)
    gnu_root = work / "gnu-live"

    def gnu_fresh() -> None:
        shutil.rmtree(gnu_root, ignore_errors=True)
        shutil.copytree(pristine, gnu_root, symlinks=True)
        for pot in merged_once.glob("locales/*.pot"):
            shutil.copy(pot, gnu_root / "locales" / pot.name)

    gnu = measure(
        f"export, {size}", "msgmerge --previous, per catalog", loop, 1, gnu_fresh, gnu_root
    )
    export.reference = gnu
    md2po = measure(
        f"export, {size}",
        "mdpo md2po (merge into catalogs)",
        [*TOOL, "mdpo-export", "source", "mdpo", *codes],
        runs,
        fresh,
        live,
    )
    rows += [gnu, md2po, no_memory, export, memory_cost]
    stats = measure(f"quote, {size}", "metsi18n stats", metsi18n(merged_once, "stats"), runs)
    quote = measure(
        f"quote, {size}",
        "metsi18n stats --analysis",
        metsi18n(merged_once, "stats", "--analysis"),
        runs,
    )
    quote.reference = stats
    rows += [stats, quote]

    out = work / "site"

    def clean() -> None:
        # A full build: no previous output, and no build cache either.
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work / "cache", ignore_errors=True)

    build = measure(
        f"build, {size}",
        "metsi18n build",
        metsi18n(merged_once, "build", "-o", str(out)),
        runs,
        clean,
    )
    jobs = measure(
        f"build, {size}",
        "metsi18n build --jobs 2",
        metsi18n(merged_once, "build", "-o", str(out), "--jobs", "2"),
        runs,
        clean,
    )
    jobs.reference = build
    po2md = measure(
        f"build, {size}",
        "mdpo po2md",
        [*TOOL, "mdpo-build", "source", "mdpo", str(work / "mdpo-out"), *codes],
        runs,
        cwd=merged_once,
    )
    build.reference = po2md
    shard = measure(
        f"build, {size}",
        "metsi18n build --shard 2/4",
        metsi18n(merged_once, "build", "-o", str(work / "shard"), "--shard", "2/4"),
        runs,
        lambda: (clean(), shutil.rmtree(work / "shard", ignore_errors=True)),
    )
    shard.reference = build
    rows += [po2md, build, jobs, shard]

    # Incremental: one catalog edited since the last build.
    run_once(metsi18n(merged_once, "build", "-o", str(out)))
    catalog = merged_once / "locales" / codes[0] / "LC_MESSAGES" / "article-00000.po"
    original = catalog.read_bytes()
    flip = [0]

    def touch() -> None:
        # A translator's edit: the title's translation (the first msgstr after the header).
        flip[0] += 1
        at = original.index(b'msgstr "', original.index(b'msgstr "') + 1) + len(b'msgstr "')
        catalog.write_bytes(original[:at] + f"{flip[0]} ".encode() + original[at:])

    inc = measure(
        f"build, {size}",
        "metsi18n build, 1 catalog edited",
        metsi18n(merged_once, "build", "-o", str(out)),
        runs,
        touch,
    )
    catalog.write_bytes(original)
    inc.reference = build
    total_ours = Row(
        f"export+build, {size}",
        "metsi18n export + build",
        [Sample(export.median + build.median, max(r.samples[0].peak_mib for r in (export, build)))],
    )
    total_mdpo = Row(
        f"export+build, {size}",
        "mdpo md2po + po2md",
        [Sample(md2po.median + po2md.median, max(r.samples[0].peak_mib for r in (md2po, po2md)))],
    )
    total_ours.reference = total_mdpo
    rows += [inc, total_mdpo, total_ours]
    return rows


def _from_memory(live: Path) -> str:
    """How many entries the memory filled: counted in the catalogs export wrote."""
    filled = sum(
        text.count("\n# tm: ")
        for text in (path.read_text("utf-8") for path in live.glob("locales/*/LC_MESSAGES/*.po"))
    )
    return f"{filled} entries filled from memory"


def _recall(live: Path, pristine: Path) -> str:
    """The memory's recall of the sentences the corpus planted (``planted.json``): each
    counts in the languages whose catalogs before the export held its origin translated;
    found when its entry got the origin's translation, wrong when it got another."""
    from corpus import translate

    from metsi18n import po

    planted: dict[str, dict[str, str]] = json.loads((pristine / "planted.json").read_text())
    counts = {"exact": 0, "edited": 0, "found": 0, "wrong": 0, "not one unit": 0}
    for folder in sorted((pristine / "locales").iterdir()):
        if not folder.is_dir():
            continue
        known = set()
        for path in (folder / "LC_MESSAGES").glob("*.po"):
            catalog = po.loads(path.read_bytes(), str(path))
            known |= {m.msgid for m in catalog.messages if m.translated}
        for domain, sentences in sorted(planted.items()):
            path = live / "locales" / folder.name / "LC_MESSAGES" / f"{domain}.po"
            entries = {m.msgid: m for m in po.loads(path.read_bytes(), str(path)).messages}
            for text, origin in sentences.items():
                if origin not in known:
                    continue
                counts["exact" if text == origin else "edited"] += 1
                entry = entries.get(text)
                if entry is None:
                    counts["not one unit"] += 1
                elif entry.msgstr == translate(origin):
                    counts["found"] += 1
                elif entry.msgstr:
                    counts["wrong"] += 1
    total = counts["exact"] + counts["edited"]
    return (
        f"planted {total} ({counts['exact']} exact, {counts['edited']} edited by a word): "
        f"recall {100 * counts['found'] / max(total, 1):.1f}%, "
        f"wrong {100 * counts['wrong'] / max(total, 1):.1f}%, "
        f"not one unit {counts['not one unit']}"
    )


def mdpo_setup(root: Path, codes: Sequence[str]) -> None:
    """mdpo's catalogs of the source before the edit, pseudo-translated as ours are."""
    import polib
    from corpus import translate

    subprocess.run([*TOOL, "mdpo-export", "before", "mdpo", *codes], cwd=root, check=True)
    for path in sorted((root / "mdpo").glob("*/*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = translate(entry.msgid)
        po.save(str(path))


def memory_rows(work: Path, articles: int, languages: int) -> list[Row]:
    """Peak memory of export (memory off and on) and build at a quarter, half and the
    full size, for the trend."""
    from corpus import project

    rows = []
    for count in (articles // 4, articles // 2, articles):
        root = work / f"project-{count}x{languages}"
        if not (root / "metsi18n.toml").exists():
            shutil.rmtree(root, ignore_errors=True)
            project(root, count, languages)
        live = work / "memory"
        shutil.rmtree(live, ignore_errors=True)
        shutil.copytree(root, live)
        steps = (
            ("export --memory off", ["export", "--memory", "off"]),
            ("export", ["export"]),
            ("build", ["build", "-o", str(work / "m")]),
        )
        for name, args in steps:
            shutil.rmtree(work / "m", ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
            if name == "export":  # the memory on, from the same catalogs as off
                shutil.rmtree(live, ignore_errors=True)
                shutil.copytree(root, live)
            row = Row(f"memory, {count} articles x {languages}", f"metsi18n {name}")
            row.samples.append(run_once(metsi18n(live, *args)))
            rows.append(row)
    return rows


def table(rows: Sequence[Row]) -> str:
    head = ["What", "Tool", "Median s", "CPU s", "Min-max s", "Runs", "Peak MiB", "Ratio", "Notes"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---:|---:|---:|---:|---:|---|---|"]
    seen = set()
    for row in rows:
        if id(row) in seen:
            continue
        seen.add(id(row))
        lines.append("| " + " | ".join(row.cells()) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    parser.add_argument("--messages", type=int, default=None)
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--languages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--gnu-fuzzy-runs",
        type=int,
        default=1,
        help="runs of msgmerge with fuzzy matching (minutes each at full size)",
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench"))
    parser.add_argument(
        "--skip", action="append", default=[], choices=["catalog", "project", "memory"]
    )
    args = parser.parse_args(argv)
    messages = args.messages or (2000 if args.quick else 20000)
    articles = args.articles or (40 if args.quick else 1000)
    runs = args.runs or (3 if args.quick else 5)
    ensure_tools()
    sys.path.insert(0, str(HERE))
    args.workdir.mkdir(parents=True, exist_ok=True)
    # metsi18n build keeps its cache here, so that runs start from a known state.
    os.environ["METSI18N_CACHE_DIR"] = str(args.workdir / "cache")
    started = time.time()
    rows: list[Row] = []
    if "catalog" not in args.skip:
        rows += big_catalog_rows(args.workdir, messages, runs, args.gnu_fuzzy_runs)
    if "project" not in args.skip:
        rows += project_rows(args.workdir, articles, args.languages, max(1, runs // 2))
    if "memory" not in args.skip:
        rows += memory_rows(args.workdir, articles, args.languages)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"`{command.strip()}` ({os.cpu_count()} CPUs, {time.time() - started:.0f} s)\n")
    print(table(rows))


if __name__ == "__main__":
    main()
