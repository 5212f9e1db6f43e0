"""Small command-line drivers the harness times as separate processes.

    python bench/tool.py merge OLD.po NEW.pot OUT.po     metsi18n's merge, file to file
    python bench/tool.py roundtrip IN.po OUT.po          metsi18n read + write
    python bench/tool.py polib IN.po OUT.po              polib load + save
    python bench/tool.py mdpo-export SRC LOCALES LANG..  md2po into each language's catalogs
    python bench/tool.py mdpo-build SRC LOCALES OUT LANG..  po2md per article and language

Each runs in its own process, like the GNU tools it is compared with, so start-up
and imports are part of every figure.
"""

from __future__ import annotations

import sys
from pathlib import Path


def merge(old: str, pot: str, out: str, fuzzy: bool = True) -> None:
    from metsi18n import po as pofile
    from metsi18n.catalogs import merge as merging

    catalog = pofile.loads(Path(old).read_bytes(), old)
    template = pofile.loads(Path(pot).read_bytes(), pot)
    result = merging.merge(template, catalog, fuzzy=fuzzy)
    Path(out).write_bytes(pofile.dumps(result.catalog).encode("utf-8"))


def roundtrip(source: str, out: str) -> None:
    from metsi18n import po as pofile

    Path(out).write_bytes(pofile.dumps(pofile.loads(Path(source).read_bytes(), source)).encode())


def polib_roundtrip(source: str, out: str) -> None:
    import polib

    polib.pofile(source, wrapwidth=79).save(out)


def mdpo_export(source: str, locales: str, codes: list[str]) -> None:
    from mdpo.md2po import markdown_to_pofile

    for path in sorted(Path(source).glob("*.md")):
        for code in codes:
            po = Path(locales) / code / f"{path.stem}.po"
            po.parent.mkdir(parents=True, exist_ok=True)
            markdown_to_pofile(
                str(path), po_filepath=str(po), save=True, mark_not_found_as_obsolete=True
            )


def mdpo_build(source: str, locales: str, output: str, codes: list[str]) -> None:
    from mdpo.po2md import pofile_to_markdown

    for path in sorted(Path(source).glob("*.md")):
        for code in codes:
            po = Path(locales) / code / f"{path.stem}.po"
            target = Path(output) / code / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            pofile_to_markdown(str(path), str(po), save=str(target))


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "merge":
        merge(args[0], args[1], args[2], fuzzy="--no-fuzzy" not in args)
    elif command == "roundtrip":
        roundtrip(args[0], args[1])
    elif command == "polib":
        polib_roundtrip(args[0], args[1])
    elif command == "mdpo-export":
        mdpo_export(args[0], args[1], args[2:])
    elif command == "mdpo-build":
        mdpo_build(args[0], args[1], args[2], args[3:])
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
