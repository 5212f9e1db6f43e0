"""One article's pages in every language: the task the build runs per article."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metsi18n.catalogs import reviewed_by
from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import CatalogError, SourceError
from metsi18n.model import Document
from metsi18n.po import POFile, loads, wordcount
from metsi18n.site.cache import digest, unchanged
from metsi18n.site.chrome import cached_info, chrome_for
from metsi18n.site.dates import refresh
from metsi18n.site.downloads import stage_downloads
from metsi18n.site.media import local_images, page_images
from metsi18n.site.page import ArticleText, Prepared, prepare
from metsi18n.site.status import catalog_counts
from metsi18n.site.version import Skip, article_text, base_url, page_html, published_versions
from metsi18n.source import parse_document
from metsi18n.storage import decode_text, read_bytes, read_if_present

__all__ = ["Skip", "article_text", "base_url"]  # the versions', used with the task's

STATIC_FILES = ("style.css", "feedback.js", "chooser.js")
#: ``<lang>/index.html`` is the language's home: no article may take its name.
HOME_SLUG = "index"


def in_shard(slug: str, index: int, count: int) -> bool:
    """True when article ``slug`` belongs to shard ``index`` of ``count`` (1-based).

    The shard is CRC-32 of the slug modulo ``count``: it depends on nothing else, so
    adding an article moves no other article to another shard.
    """
    return zlib.crc32(slug.encode("utf-8")) % count == index - 1


def read_optional(settings: Settings, path: str) -> bytes | None:
    """The bytes of a catalog, or None when there is none."""
    try:
        return read_if_present(path, CatalogError)
    except CatalogError as exc:  # named as the project names it (not on the hot path)
        raise CatalogError(exc.reason, settings.relative(Path(path))) from exc


@dataclass(frozen=True)
class Context:
    """What every article's task shares."""

    settings: Settings
    codes: tuple[str, ...]
    sites: dict[str, bytes | None]
    shard: tuple[int, int] | None
    fingerprint: str
    output: Path
    #: With ``build -l``: the languages whose pages are written. The others' pages stay
    #: as they are on disk, and are listed where they are there.
    only: frozenset[str] | None = None


@dataclass(frozen=True)
class Job:
    """One article to build: its source file and what the cache knows of it."""

    path: Path
    cached: dict[str, Any] | None
    pages: dict[str, Any]


@dataclass
class Built:
    """An article's share of the site: pages (None: keep the previous file) and index data."""

    shown: str
    slug: str
    title: str
    date: str
    #: (code, BCP 47 code, title HTML, title text, description HTML) of each built
    #: version, in BCP 47 order.
    versions: list[tuple[str, str, str, str, str]]
    skipped: list[Skip]
    pages: list[tuple[str, bytes | None]]
    #: output path -> key of the inputs of that page; for a page found unchanged, the
    #: cache's [key, size, mtime_ns] of it (checked: no need to stat it again).
    keys: dict[str, Any]
    entry: dict[str, Any]
    #: Status counts (see :func:`metsi18n.site.status.catalog_counts`) per language.
    counts: dict[str, list[int]] = field(default_factory=dict)
    #: The local images its pages show and its catalog downloads (``site.downloads``):
    #: path in the site -> bytes (None: the file on disk is the one the same bytes made).
    files: dict[str, bytes | None] = field(default_factory=dict)


def build_article(context: Context, job: Job) -> Built:
    """Build one article in every language (in a worker process with ``--jobs``).

    Inputs (the source; the cache's record of it, if the source is unchanged; the
    catalogs), then each language's text (from the cache, else rendered), the
    versions that pass the threshold, and the pages whose inputs changed.
    """
    article = _Article.read(context.settings, job.path)
    meta = article.record(context.fingerprint, job.cached)
    slug = str(meta["slug"])
    owned = context.shard is None or in_shard(slug, *context.shard)
    whole = context.shard is None or context.shard[0] == 1
    built = Built(article.shown, slug, str(meta["title"]), str(meta["date"]), [], [], [], {}, meta)
    if not owned and not whole:
        return built
    article.read_catalogs(slug, context.codes)
    keys = {code: article.key(meta, code) for code in ("", *context.codes)}
    files: dict[str, dict[str, Path]] = {}
    for code in keys:  # before any text is rendered: it shows the language's images
        article.images[code], files[code] = page_images(
            context.settings, article.shown, meta["images"], code
        )
    summary = _summaries(article, meta, keys)
    versions = published_versions(
        context.settings, context.codes, slug, article.catalogs, summary, built.skipped
    )
    if context.only is not None:
        versions = [code for code in versions if _written_or_kept(context, code, slug)]
        built.skipped = [skip for skip in built.skipped if skip.language in context.only]
    source = context.settings.source_language
    built.counts = {code: list(summary[code][4]) for code in summary if code}
    for code in versions:
        _, title_html, title, description_html, _, _ = summary[code]
        bcp47 = cached_info(code or source).bcp47
        built.versions.append((code, bcp47, str(title_html), str(title), str(description_html)))
    if owned:
        refresh(context.settings.root, job.path, article.data, meta)  # the notice's dates
        downloads = (article.catalogs, job.pages, built.files, built.keys)
        stage_downloads(context.settings, context.output, slug, *downloads)
        for code in versions:
            for name, path in files[code].items():
                shown = context.settings.relative(path)
                built.files[name] = read_bytes(path, SourceError, shown)
            images = json.dumps(article.images[code], sort_keys=True)
            key = digest(keys[code], images, meta["lines"][2])
            _stage_page(context, job, article, built, code, key, versions)
    return built


@dataclass
class _Article:
    """One article's inputs; its document is parsed, and each language's text rendered,
    only when first needed (a build with nothing changed parses nothing)."""

    settings: Settings
    shown: str
    data: bytes
    slug: str = ""
    catalogs: dict[str, bytes | None] = field(default_factory=dict)
    source_key: str = ""
    _document: Document | None = None
    _prepared: Prepared | None = None
    _texts: dict[str, ArticleText] = field(default_factory=dict)
    _catalogs: dict[str, POFile] = field(default_factory=dict)
    #: Per language: each local image's address on its page (``media.page_images``).
    images: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, settings: Settings, path: Path) -> _Article:
        shown = settings.relative(path)
        return cls(settings, shown, read_bytes(path, SourceError, shown))

    def record(self, fingerprint: str, cached: dict[str, Any] | None) -> dict[str, Any]:
        """The cache's record of this source when the source is the one it knew (a copy,
        to be updated), else a new record from the parsed document."""
        self.source_key = digest(fingerprint, self.data)
        if cached and cached.get("source") == self.source_key:
            return {**cached, "texts": dict(cached["texts"])}
        document = self.document()
        if document.slug == SITE_DOMAIN:
            raise SourceError(f"slug {SITE_DOMAIN!r} is reserved for the page chrome", self.shown)
        if document.slug == HOME_SLUG:
            raise SourceError(
                f"slug {HOME_SLUG!r} is reserved for each language's home", self.shown
            )
        return {
            "source": self.source_key,
            "slug": document.slug,
            "title": document.title,
            "date": document.date.isoformat(),
            "images": local_images(document),
            "texts": {},
        }

    def read_catalogs(self, slug: str, codes: Sequence[str]) -> None:
        self.slug = slug
        po_file = self.settings.po_file
        self.catalogs = {code: read_optional(self.settings, po_file(code, slug)) for code in codes}

    def key(self, meta: dict[str, Any], code: str) -> str:
        """The hash of what the text in ``code`` ('' for the source) is made from."""
        return digest(meta["source"], code, self.catalogs.get(code))

    def document(self) -> Document:
        if self._document is None:
            text = decode_text(self.data, SourceError, self.shown)
            self._document = parse_document(text, self.shown)
        return self._document

    def prepared(self) -> Prepared:
        if self._prepared is None:
            self._prepared = prepare(self.document(), self.settings.segmentation)
        return self._prepared

    def catalog(self, code: str) -> POFile | None:
        """The catalog of ``code``, parsed once; None for the source or when missing."""
        data = self.catalogs.get(code)
        if not code or data is None:
            return None
        if code not in self._catalogs:
            shown = self.settings.relative(self.settings.po_path(code, self.slug))
            self._catalogs[code] = loads(data, shown)
        return self._catalogs[code]

    def counts(self, code: str) -> list[int]:
        """The status counts of ``code``'s catalog; without one, of the template."""
        if not code:
            return []
        po = self.catalog(code)
        if po is None:
            pot = self.settings.pot_path(self.slug)
            data = read_optional(self.settings, str(pot))
            if data is None:  # no template either: the units of the source, none translated
                units = self.text("").units
                return [0, 0, len(units), 0, sum(wordcount(unit) for unit in units)]
            po = loads(data, self.settings.relative(pot))
        return catalog_counts(po)

    def unreviewed(self, code: str) -> int:
        """How many units the page in ``code`` shows translated without a sign-off that
        still holds (``reviewed_only`` languages publish an article only at 0; for the
        others it is not counted)."""
        language = self.settings.language(code) if code else None
        po = self.catalog(code) if language is not None and language.reviewed_only else None
        if po is None:
            return 0
        signed = {
            message.msgid
            for message in po.messages
            if message.msgctxt is None and reviewed_by(message) is not None
        }
        return len(self.text(code).translated - signed)

    def text(self, code: str) -> ArticleText:
        if code not in self._texts:
            po = self.catalog(code)
            images = self.images.get(code)
            self._texts[code] = article_text(self.settings, self.prepared(), code, po, images)
        return self._texts[code]


def _summaries(
    article: _Article, meta: dict[str, Any], keys: dict[str, str]
) -> dict[str, list[Any]]:
    """Per language, [percent translated, title HTML, title, description HTML, status
    counts, units shown translated without a sign-off]: the cache's where its key still
    holds; when any is missing, every language's, rendered (and recorded in ``meta``)."""
    texts = meta["texts"]
    summary = {code: texts[code][1:] for code in keys if texts.get(code, [None])[0] == keys[code]}
    if len(summary) < len(keys):
        for code in keys:
            text = article.text(code)
            summary[code] = [
                text.percent,
                str(text.title_html),
                text.title,
                str(text.description_html),
                article.counts(code),
                article.unreviewed(code),
            ]
            texts[code] = [keys[code], *summary[code]]
    return summary


def _stage_page(
    context: Context,
    job: Job,
    article: _Article,
    built: Built,
    code: str,
    text_key: str,
    versions: Sequence[str],
) -> None:
    """Add the page of ``code`` to ``built``: its bytes, or None where the file on disk
    is the one the same inputs made (or, with ``-l``, another language's page to keep)."""
    info = cached_info(code or context.settings.source_language)
    path = f"{info.bcp47}/{article.slug}.html"
    site = context.sites.get(code) if code else b""
    key = digest(text_key, site, " ".join(versions))
    cached = job.pages.get(path)
    if code and context.only is not None and code not in context.only:
        built.pages.append((path, None))  # another language's page, kept as it is
        if isinstance(cached, list):
            built.keys[path] = cached
        return
    if unchanged(os.path.join(context.output, path), cached, key):
        built.pages.append((path, None))  # same inputs, and the file is the one written
        built.keys[path] = cached  # [key, size, mtime]: still true, no need to stat again
        return
    built.keys[path] = key
    chrome = chrome_for(context.settings, context.sites, code)
    prepared, text = article.prepared(), article.text(code)
    page = page_html(
        context.settings, chrome, prepared, article.slug, code, versions, text, built.entry
    )
    built.pages.append((path, page))


def _written_or_kept(context: Context, code: str, slug: str) -> bool:
    """With ``-l``: a version is the source's or a named language's (written now), or
    another language's whose page an earlier build left (kept)."""
    if not code or context.only is None or code in context.only:
        return True
    page = f"{cached_info(code).bcp47}/{slug}.html"
    return os.path.isfile(os.path.join(context.output, page))
