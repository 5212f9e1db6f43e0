"""Export's traced heap, language by language: ``python3 bench/tm_heap.py PROJECT``.

Runs ``export`` in this process under :mod:`tracemalloc` on a copy of PROJECT (a corpus
that ``bench/tm.py`` made, e.g. ``/tmp/metsi18n-bench/project-1000x10``) and prints,
for each language's memory, the heap traced just before it is packed, the peak since
the previous one, and the peak while packing; then the run's peak. Slow (tracemalloc
doubles the time); GNU time's peak RSS is ``bench/tm.py``'s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

from metsi18n import pipeline
from metsi18n.catalogs import memory
from metsi18n.config import load_settings

MIB = 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--memory", default="fuzzy", choices=["off", "exact", "fuzzy"])
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    packing = memory.Memory.__init__
    languages: list[int] = []

    def traced(self: memory.Memory, *given: Any, **named: Any) -> None:
        now, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        packing(self, *given, **named)
        _, packed = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        print(
            f"language {len(languages) + 1}: {now / MIB:.1f} MiB before packing its memory, "
            f"peak {peak / MIB:.1f} since the last, {packed / MIB:.1f} packing"
        )
        languages.append(1)

    memory.Memory.__init__ = traced  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as work:
        live = Path(work) / "project"
        shutil.copytree(args.project, live, symlinks=True)
        tracemalloc.start()
        pipeline.export(load_settings(live), memory=args.memory)
        now, peak = tracemalloc.get_traced_memory()
    print(f"end: {now / MIB:.1f} MiB, peak since the last language {peak / MIB:.1f} MiB")


if __name__ == "__main__":
    main()
