"""metsi18n join: the folders of ``build --shard K/N`` -> one site folder.

Every file of every shard folder is copied into the output, at the same relative path.
A path that two shards hold with different bytes is an overlap, and so is a path that
is a file in one shard and a folder in another: the join is refused before anything
is written. The same bytes at the same path in two shards are taken once: the result
is the same whichever shard it comes from (see :func:`join`).

Every shard folder must be a build (it holds the marker of
:mod:`metsi18n.site.output`), all of one project, and the output folder is treated as
``build`` treats its own: a non-empty folder without that project's marker is
refused, files that no shard holds are removed, unchanged files are hard-linked, and
the output path is switched to the new version in one rename
(:mod:`metsi18n.storage.tree`), so a failed join leaves the previous output as it was.
"""

from __future__ import annotations

import filecmp
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from metsi18n.errors import ProjectError
from metsi18n.site.output import MARKER, check_output_folder, output_path, refuse_links
from metsi18n.storage import TreeWriter, is_leftover, list_tree, read_bytes, versions_folder


@dataclass
class JoinResult:
    """What the join wrote (paths relative to ``output``) and what it found."""

    output: Path
    #: Every file of the joined site, sorted.
    files: list[str] = field(default_factory=list)
    #: Paths held by more than one shard with the same bytes (taken once).
    duplicates: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def join(shards: Sequence[Path], output: Path) -> JoinResult:
    """Copy every file of the ``shards`` folders into ``output``; refuse any overlap.

    Identical duplicates are allowed: ``build --shard`` writes each file in one
    shard only, but a file present twice with the same bytes leaves no doubt about
    what the site holds, and refusing it would only make ``join`` fail where the
    result is right (the same folder named twice, or static files copied into every
    shard). Whether every shard is there is not something the join can know: compare
    the result with a full build for that (the CI workflow does).

    :class:`ProjectError` (nothing written) for a missing shard folder, an output
    folder that overlaps a shard or holds something other than a build, and overlaps.
    """
    if not shards:
        raise ProjectError("join needs at least one shard folder")
    target = output_path(output)
    trees = [_shard_tree(shard, output, target) for shard in shards]
    marker = _marker(shards, trees)
    check_output_folder(target, str(output), marker)
    sources, duplicates = _plan(shards, [_without_marker(tree) for tree in trees])
    result = JoinResult(target, sorted([MARKER, *sources]), duplicates)
    links: list[str] = []
    old = list_tree(target, links)
    refuse_links(links, str(output))
    writer = TreeWriter(target, old, owner=(MARKER, marker))
    try:
        writer.add(MARKER, marker)
        for name in sorted(sources):
            writer.add(name, read_bytes(Path(sources[name]), ProjectError))
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    result.written, result.unchanged, result.removed = (
        writer.written,
        writer.unchanged,
        writer.removed,
    )
    return result


def _shard_tree(shard: Path, output: Path, target: Path) -> dict[str, str]:
    """The files of one shard folder by relative path (a killed build's temporaries left out)."""
    if not shard.exists():
        raise ProjectError("no such shard folder", str(shard))
    if not shard.is_dir():
        raise ProjectError("shard is not a folder", str(shard))
    folder = shard.resolve()
    for taken in (target, versions_folder(target)):
        if taken.is_relative_to(folder) or folder.is_relative_to(taken):
            raise ProjectError(f"output folder {output} overlaps shard folder {shard}")
    if output_path(shard) == target:
        raise ProjectError(f"output folder {output} overlaps shard folder {shard}")
    links: list[str] = []
    tree = {
        name: path
        for name, path in list_tree(folder, links).items()
        if not is_leftover(PurePosixPath(name).name)
    }
    if links:
        raise ProjectError(f"shard folder holds a symbolic link, {sorted(links)[0]}", str(shard))
    if MARKER not in tree:
        raise ProjectError(f"not a metsi18n build folder (no {MARKER})", str(shard))
    return tree


def _without_marker(tree: dict[str, str]) -> dict[str, str]:
    return {name: path for name, path in tree.items() if name != MARKER}


def _marker(shards: Sequence[Path], trees: list[dict[str, str]]) -> bytes:
    """The marker all shard folders share: they must be builds of one project."""
    markers = [read_bytes(Path(tree[MARKER]), ProjectError) for tree in trees]
    for shard, marker in zip(shards, markers, strict=True):
        if marker != markers[0]:
            raise ProjectError(
                f"shard folders {shards[0]} and {shard} are builds of different projects "
                f"({MARKER} differs)"
            )
    return markers[0]


def _plan(shards: Sequence[Path], trees: list[dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Where each file of the join comes from, and the identical duplicates.

    Overlaps raise :class:`ProjectError` naming the path and both shards.
    """
    sources: dict[str, str] = {}
    owner: dict[str, int] = {}
    duplicates: set[str] = set()
    for number, tree in enumerate(trees):
        for name in sorted(tree):
            path = tree[name]
            if name not in sources:
                sources[name], owner[name] = path, number
                continue
            if not filecmp.cmp(sources[name], path, shallow=False):
                first = shards[owner[name]]
                raise ProjectError(
                    f"overlap: differs between shard folders {first} and {shards[number]}; "
                    "were they built with the same --shard K/N and the same sources?",
                    name,
                )
            duplicates.add(name)
    folders: dict[str, int] = {}
    for name in sorted(sources):
        for parent in PurePosixPath(name).parents:
            if str(parent) != ".":
                folders.setdefault(str(parent), owner[name])
    for name in sorted(set(folders) & set(sources)):
        first, second = shards[owner[name]], shards[folders[name]]
        raise ProjectError(
            f"overlap: a file in shard folder {first} and a folder in {second}", name
        )
    return sources, sorted(duplicates)
