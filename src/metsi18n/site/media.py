"""An article's own images: found beside it in ``source/``, copied into ``media/``.

An image whose address is relative (``![A tap](images/tap.png)``) is a file of the
project, looked up from the article's folder; it must be inside ``source/``. Each
page uses the language's own variant when there is one, in a folder named by the
language's code beside the image (``images/cs/tap.png`` for the Czech page), else
the image itself. A missing file is an error on the line of the image.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

from metsi18n.config import Settings
from metsi18n.errors import SourceError
from metsi18n.model import Block, Document

MEDIA_DIR = "media"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_local(src: str) -> bool:
    """True for an address that names a file of the project (no scheme, host or root)."""
    return bool(src) and not _SCHEME.match(src) and not src.startswith(("/", "#", "?"))


def local_images(document: Document) -> list[list[Any]]:
    """``[src, line]`` of each local image of ``document``, first use first (JSON-ready)."""
    found: dict[str, int] = {}
    for block in _blocks(document.blocks):
        for node in block.inline:
            src = node.attr("src") if node.tag == "image" else None
            if src is not None and is_local(src):
                found.setdefault(src, block.location.line)
    return [[src, line] for src, line in found.items()]


def _blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from _blocks(block.children)


def page_images(
    settings: Settings, shown: str, images: list[list[Any]], code: str
) -> tuple[dict[str, str], dict[str, Path]]:
    """For the page in ``code`` ('' for the source): each image's address on the page
    (relative to ``<lang>/``), and the files to copy, by their path in the site."""
    source_dir = settings.source_path.resolve()
    folder = (settings.root / shown).resolve().parent
    addresses: dict[str, str] = {}
    files: dict[str, Path] = {}
    for src, line in images:
        name = unquote(src.split("#", 1)[0].split("?", 1)[0])
        path = (folder / name).resolve()
        if not path.is_relative_to(source_dir):
            raise SourceError(f"image {src!r} is outside {settings.source_dir}/", shown, line)
        if not path.is_file():
            where = settings.relative(path)
            raise SourceError(f"image {src!r} not found: there is no file {where}", shown, line)
        variant = path.parent / code / path.name if code else None
        chosen = variant if variant is not None and variant.is_file() else path
        target = f"{MEDIA_DIR}/{PurePosixPath(chosen.relative_to(source_dir).as_posix())}"
        addresses[src] = "../" + quote(target)
        files[target] = chosen
    return addresses, files
