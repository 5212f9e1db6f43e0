"""When each sentence's English last changed, from git, for the notice of a page.

A page showing units in English says since when (:mod:`metsi18n.site.page`'s notice):
the newest date among those units' source lines, from ``git blame --porcelain`` on the
article (one subprocess per source file, rerun only when the file or HEAD changed).

The date is the *committer* date, in the committer's time zone: when the change
reached the branch the site is built from. A pull request rebased or squash-merged
keeps the author's date of weeks before; readers saw the English change when it was
committed, so that is the day the notice names.

Never a guess: a line whose commit is a boundary (the root commit, or where a shallow
clone was cut: its lines may be older) has no known date, and is older than any
commit after it; a unit with a line not committed yet, or with no line of known date,
and every unit outside a git repository or without git, takes the source's ``date:``
from its front matter.
"""

from __future__ import annotations

import datetime
import functools
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from metsi18n.languages import LanguageInfo, format_date
from metsi18n.site.cache import digest
from metsi18n.site.page import Prepared, text_blocks
from metsi18n.site.typography import typeset

_HEX = frozenset("0123456789abcdef")


def _git(root: Path, *args: str) -> str | None:
    """``git args`` in ``root``: its output, or None when git fails or is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


@functools.lru_cache(maxsize=8)
def head(root: Path) -> str | None:
    """The commit HEAD names in ``root``'s repository; None outside one (or without git,
    or before the first commit). Once per process and build: ``build`` clears it."""
    found = _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return found.strip() if found else None


def blame(root: Path, path: Path) -> dict[str, str]:
    """Line number (as a string, 1-based) -> ISO date its committed text dates from, or
    "" when not committed; lines at a boundary, or of a file git does not track: left out."""
    try:  # as the project names it: an absolute path may resolve outside the work tree
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = str(path)
    # The root commit (or a shallow clone's cut) as a boundary, whatever the user's config.
    output = _git(root, "-c", "blame.showRoot=false", "blame", "--porcelain", "--", name)
    if output is None:
        return {}
    commits: dict[str, dict[str, str]] = {}
    lines: dict[str, str] = {}
    current: dict[str, str] = {}
    final = ""
    for line in output.splitlines():
        if line.startswith("\t"):
            date = _commit_date(current)
            if date is not None:
                lines[final] = date
            continue
        word, _, rest = line.partition(" ")
        if len(word) in (40, 64) and set(word) <= _HEX:  # SHA-1 or SHA-256
            current = commits.setdefault(word, {"commit": word})
            final = rest.split(" ")[1]
        else:
            current[word] = rest
    return lines


def _commit_date(commit: Mapping[str, str]) -> str | None:
    if set(commit.get("commit", "0")) == {"0"}:  # the working tree's: not committed
        return ""
    if "boundary" in commit:
        return None
    try:
        seconds = int(commit["committer-time"])
        zone = commit["committer-tz"]
        sign = -1 if zone.startswith("-") else 1
        offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    except (KeyError, ValueError, IndexError):
        return None
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone(offset))
    return moment.date().isoformat()


def refresh(root: Path, path: Path, data: bytes, meta: dict[str, Any]) -> None:
    """Give the cache's record of an article ``meta["lines"]``: [key, line -> date, digest]
    for its source ``data`` at HEAD, running git blame only when the key changed."""
    commit = head(root)
    key = digest(commit, data) if commit else ""
    known = meta.get("lines")
    if isinstance(known, list) and len(known) == 3 and known[0] == key:
        return
    dates = blame(root, path) if commit else {}
    meta["lines"] = [key, dates, digest(*(f"{n}:{d}" for n, d in sorted(dates.items())))]


def line_dates(meta: Mapping[str, Any]) -> dict[str, str]:
    """The line -> date map :func:`refresh` recorded (empty without git)."""
    known = meta.get("lines")
    return dict(known[1]) if isinstance(known, list) and len(known) == 3 else {}


def unit_lines(prepared: Prepared) -> dict[str, set[int]]:
    """Each unit's text -> the source lines it stands on (several when it repeats)."""
    document = prepared.document
    found: dict[str, set[int]] = {
        document.title: {document.title_location.line},
    }
    if document.description:
        found.setdefault(document.description, set()).add(document.description_location.line)
    for block, segments in zip(text_blocks(document.blocks), prepared.segments, strict=True):
        spanned: set[int] = {block.location.line}
        for segment in segments:
            start = block.location.line + segment.line
            lines = set(range(start, start + segment.breaks + 1))
            found.setdefault(segment.msgid, set()).update(lines)
            spanned |= lines
        for node in block.inline:  # an image's texts: the lines of its block
            if node.tag == "image":
                for name in ("alt", "title"):
                    text = node.attr(name)
                    if text:
                        found.setdefault(text, set()).update(spanned)
    return found


def changed_on(prepared: Prepared, units: Iterable[str], dates: Mapping[str, str]) -> datetime.date:
    """The newest date among ``units``' lines. A unit with a line not committed, or with
    no line of known date (all at the boundary), counts as of the front matter's
    ``date``; lines at the boundary are older than any commit after it."""
    fallback = prepared.document.date
    units = list(units)
    if not dates or not units:  # a complete page (most pages) reads no lines
        return fallback
    lines = unit_lines(prepared)
    newest: datetime.date | None = None
    for unit in units:
        known = [dates.get(str(line)) for line in sorted(lines.get(unit, ()))]
        committed = [d for d in known if d]
        if "" in known or not committed:
            date = fallback
        else:
            date = max(datetime.date.fromisoformat(d) for d in committed)
        newest = date if newest is None or date > newest else newest
    return newest if newest is not None else fallback


def notice_date(
    prepared: Prepared, info: LanguageInfo, units: Iterable[str], meta: Mapping[str, Any]
) -> str:
    """:func:`changed_on` as the page in ``info``'s language writes it."""
    day = changed_on(prepared, units, line_dates(meta))
    return typeset(info.bcp47, format_date(day, info.posix))
