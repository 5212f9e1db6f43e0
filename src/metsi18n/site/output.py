"""The output folder is the build's own: a marker says so, and nothing else is touched.

``build`` (and ``join``) write :data:`MARKER` at the top of their output folder. It
names the project (``[project] name`` of ``metsi18n.toml``; not its path, which
differs from one checkout to the next). A folder is accepted when it is missing, empty, holds this
project's marker, or holds nothing but the temporaries of a killed run (see
:func:`metsi18n.storage.is_leftover`). Any other folder is refused before anything is
read or written: a web root, a docs folder, another project's build, and a build by a
metsi18n older than the marker (the message says to delete it).

Symbolic links inside the folder are refused, not followed: a page written through
a linked folder would land outside the output, and a link replaced would lose what
someone meant by it.

The output path itself is the build's link to its current version, kept in the
versions folder ``.<name>.metsi18n`` beside it (:mod:`metsi18n.storage.tree`): both
names are the build's own. A link is taken only when it names a version in that
folder and the folder holds this project's marker; any other link is refused (the
build neither follows it nor replaces it). A versions folder that is not empty and
has no marker is refused too. An unlinked folder holding this project's marker (a
build by metsi18n before the versions) is taken, and becomes a version at the switch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from metsi18n.config import Settings
from metsi18n.errors import ProjectError
from metsi18n.storage import current_version, is_leftover, read_if_present, versions_folder

#: The file that makes a folder the build's own (written by every build and join).
MARKER = ".metsi18n-build"


def marker_for(settings: Settings) -> bytes:
    """The marker's bytes for the project of ``settings`` (named as its configuration
    names it: the same in every checkout, so the shards built on several machines and
    the whole site built on another carry one marker)."""
    return (
        "This folder is written by `metsi18n build`: files put here are removed.\n"
        f"project: {json.dumps(settings.name, ensure_ascii=False)}\n"
    ).encode()


def output_path(path: Path) -> Path:
    """``path`` made absolute with its folders resolved but not its last name, which is
    the build's link (resolving it would name the current version instead)."""
    absolute = Path(os.path.abspath(path))
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute


def check_output_folder(target: Path, shown: str, marker: bytes) -> None:
    """:class:`ProjectError` unless ``target`` may be made the output for ``marker``."""
    versions = versions_folder(target)
    _check_versions_folder(versions, shown, marker)
    if target.is_symlink():
        if current_version(target) is None or not (versions / MARKER).is_file():
            raise ProjectError(
                f"output {shown} is a symbolic link that is not a metsi18n build's (it points "
                f"to {os.readlink(target)}): choose another folder with -o, or remove the link"
            )
        return
    if target.exists() and not target.is_dir():
        raise ProjectError(f"output {shown} exists and is not a folder")
    if not target.is_dir():
        return
    found = read_if_present(target / MARKER, ProjectError, f"{shown}/{MARKER}")
    if found is not None:
        if found != marker:
            raise ProjectError(
                f"output folder {shown} holds the build of another project ({MARKER} differs); "
                "choose another folder with -o or delete that one"
            )
        return
    if not only_leftovers(target):
        raise ProjectError(
            f"output folder {shown} is not empty and is not a metsi18n build (no {MARKER}; "
            "builds by earlier versions of metsi18n have none): choose another folder "
            "with -o, or delete it"
        )


def _check_versions_folder(versions: Path, shown: str, marker: bytes) -> None:
    """The versions folder beside the output is missing, or the build's own."""
    name = Path(shown).with_name(versions.name).as_posix()
    if versions.is_symlink() or (versions.exists() and not versions.is_dir()):
        raise ProjectError(f"{name}, where the builds of {shown} go, is not a folder; remove it")
    if not versions.is_dir():
        return
    found = read_if_present(versions / MARKER, ProjectError, f"{name}/{MARKER}")
    if found is None and not only_leftovers(versions):
        raise ProjectError(
            f"{name}, where the builds of {shown} go, is not empty and is not a metsi18n "
            f"build (no {MARKER}): delete it, or choose another folder with -o"
        )
    if found is not None and found != marker:
        raise ProjectError(
            f"output folder {shown} holds the build of another project ({name}/{MARKER} "
            "differs); choose another folder with -o or delete that one"
        )


def only_leftovers(folder: Path) -> bool:
    """True when ``folder`` holds no file but temporaries of a killed run (and no link)."""
    for parent, folders, names in os.walk(folder):
        for name in folders:
            if os.path.islink(os.path.join(parent, name)):
                return False
        if not all(is_leftover(name) for name in names):
            return False
    return True


def refuse_links(links: list[str], shown: str) -> None:
    """:class:`ProjectError` naming the first symbolic link found in the output folder."""
    if links:
        raise ProjectError(
            f"output folder {shown} holds a symbolic link, {sorted(links)[0]}: the build "
            "does not follow or replace links; remove it"
        )
