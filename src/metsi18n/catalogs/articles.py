"""A project's articles: each source file read, parsed and segmented, through the source
stage's cache (:class:`~metsi18n.source.StoredArticle`), with the project's own checks
(slugs unique, ``site`` reserved for the chrome, at least one article).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import ProjectError, SourceError
from metsi18n.model import Document, Unit
from metsi18n.source import StoredArticle, duplicate_slug
from metsi18n.storage import EntryRun, read_text

__all__ = ["Article", "ParsedArticle", "iter_articles", "load_articles", "load_documents"]


@dataclass(frozen=True)
class ParsedArticle:
    """One source article parsed (not segmented)."""

    path: Path
    document: Document
    #: The source stage's cache key: a digest of everything the document is made of.
    key: str

    @property
    def domain(self) -> str:
        return self.document.slug


@dataclass(frozen=True)
class Article(ParsedArticle):
    """One parsed source article and its units."""

    units: tuple[Unit, ...]


def load_articles(settings: Settings) -> list[Article]:
    """Parse every source article; :class:`SourceError` on the first bad one."""
    return list(iter_articles(settings))


def iter_articles(settings: Settings) -> Iterator[Article]:
    """:func:`load_articles` one article at a time (slugs checked as they come)."""
    for path, stored in _stored_articles(settings):
        yield Article(path, stored.document, stored.key, stored.units(settings.segmentation))


def load_documents(settings: Settings) -> list[ParsedArticle]:
    """Every article parsed but not segmented (lint's input): the errors of
    :func:`load_articles`, in the same order, without its sentence splitting."""
    parsed = []
    for path, stored in _stored_articles(settings):
        stored.keep()
        parsed.append(ParsedArticle(path, stored.document, stored.key))
    return parsed


def _stored_articles(settings: Settings) -> Iterator[tuple[Path, StoredArticle]]:
    """Each article through the source stage's cache, checked as segmentation checks it."""
    slugs: dict[str, Path] = {}
    run = EntryRun()  # the code's key and the cache's leftovers, once for every article
    for path in settings.source_files():
        shown = settings.relative(path)
        text = read_text(path, SourceError, shown)
        stored = StoredArticle(text, shown, settings.root, run)
        document = stored.document
        if document.slug == SITE_DOMAIN:
            raise SourceError(f"slug {SITE_DOMAIN!r} is reserved for the page chrome", shown)
        if document.slug in slugs:
            first = slugs[document.slug]
            first_shown = settings.relative(first)
            earlier = (first_shown, read_text(first, SourceError, first_shown))
            raise duplicate_slug(document.slug, earlier, (shown, text))
        slugs[document.slug] = path
        stored.check()
        yield path, stored
    if not slugs:
        raise ProjectError(f"no articles (*.md) in {settings.source_dir}/")
