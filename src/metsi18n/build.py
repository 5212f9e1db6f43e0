"""metsi18n build: every article in every language that passes the threshold -> a site.

Everything is rendered in memory first (in worker processes with ``jobs`` > 1;
the output does not depend on how many), then compared with the previous
output. Nothing is written when nothing differs. Otherwise a new folder is
assembled beside the old one, unchanged files hard-linked rather than rewritten,
and swapped in: a build that fails leaves the previous output as it was.

Layout of the output: ``index.html``, ``sitemap.xml``, ``style.css``,
``feedback.js`` and one page per article and language at ``<lang>/<slug>.html``
(``lang`` in BCP 47, e.g. ``pt-BR/liver-metastases.html``).
"""

from __future__ import annotations

import contextlib
import filecmp
import functools
import hashlib
import http.server
import json
import math
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

from metsi18n import pofile
from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import CatalogError, LocaleError, ProjectError, RenderError, SourceError
from metsi18n.languages import LanguageInfo, format_date, language_info, posix_code
from metsi18n.model import Document
from metsi18n.pofile import POFile
from metsi18n.render import (
    TEMPLATES_DIR,
    ArticleText,
    Chrome,
    Language,
    Prepared,
    prepare,
    render_article,
    render_chunks,
    render_template,
    usable_messages,
)
from metsi18n.source import parse_document
from metsi18n.storage import read_bytes, write_atomic

STATIC_FILES = ("style.css", "feedback.js")
#: Where builds keep what they learned (see :func:`build`), one file per output folder:
#: $METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else ~/.cache/metsi18n.
CACHE_ENV = "METSI18N_CACHE_DIR"
#: Called as ``progress(done, total)`` while the build advances (one step per article).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Skip:
    """A language not built for an article (``article`` empty: for every article), and why."""

    language: str
    article: str
    reason: str


@dataclass
class BuildResult:
    """What the build wrote (paths relative to ``output``) and what it left out."""

    output: Path
    pages: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


#: language_info once per code (pyinstrument: Babel's display names on every call).
_info = functools.lru_cache(maxsize=None)(language_info)


def _language(info: LanguageInfo) -> Language:
    return Language(info.bcp47, info.direction, info.sentence_separator)


def build(
    settings: Settings,
    output: Path | None = None,
    languages: Sequence[str] = (),
    jobs: int = 1,
    progress: Progress | None = None,
    shard: tuple[int, int] | None = None,
) -> BuildResult:
    """Build the site into ``output`` (default: the configured output folder).

    ``languages`` limits the build to those target languages (the source language
    is always built). ``shard`` ``(K, N)`` builds only the pages of the articles in
    shard K of N (see :func:`in_shard`); shard 1 also writes ``index.html``,
    ``sitemap.xml`` and the static files, so the union of the N outputs is the full
    build.

    The work goes article by article (each one: its source, its catalogs, its pages),
    so memory does not grow with the number of articles. A cache (see :data:`CACHE_ENV`)
    remembers, per article and language, a hash of the inputs
    and what they gave; an article whose inputs did not change is neither parsed nor
    rendered again, its pages are taken from the previous output.
    """
    target = (output if output is not None else settings.output_path).resolve()
    _check_output(settings, target)
    result = BuildResult(target)
    paths = settings.source_files()
    if not paths:
        raise ProjectError(f"no articles (*.md) in {settings.source_dir}/")
    source = _info(settings.source_language)
    codes = _targets(settings, languages, result)
    cache = _Cache.load(settings, target, codes)
    old = _existing(target)
    context = _Context(
        settings=settings,
        codes=tuple(codes),
        sites={code: _read(settings, settings.po_path(code, SITE_DOMAIN)) for code in codes},
        shard=shard,
        fingerprint=cache.fingerprint,
        output=target,
    )
    by_slug: dict[str, dict[str, Any]] = {}
    for page, entry in cache.pages.items():
        by_slug.setdefault(PurePosixPath(page).stem, {})[page] = entry
    jobs_list = []
    for path in paths:
        cached = cache.articles.get(settings.relative(path))
        pages = by_slug.get(str(cached["slug"]), {}) if cached else {}
        jobs_list.append(_Job(path, cached, pages))
    writer = _Writer(target, old, result)
    index_keys: dict[str, str] = {}
    done = 0
    entries: list[_Built] = []
    slugs: dict[str, str] = {}
    skips: list[tuple[int, int, Skip]] = []
    try:
        with _executor(jobs) as pool:
            tasks = functools.partial(_article, context)
            found = pool.map(tasks, jobs_list, chunksize=4) if pool else map(tasks, jobs_list)
            for number, item in enumerate(found):
                done += 1
                if progress is not None:
                    progress(done, len(jobs_list))
                if item.slug in slugs:
                    raise SourceError(
                        f"slug {item.slug!r} is already used by {slugs[item.slug]}", item.shown
                    )
                slugs[item.slug] = item.shown
                skips += [(codes.index(s.language), number, s) for s in item.skipped]
                for path, data in item.pages:
                    writer.add(path, data)
                    result.pages += 1
                item.pages = []
                entries.append(item)
        result.skipped += [skip for *_, skip in sorted(skips, key=lambda s: s[:2])]
        if shard is None or shard[0] == 1:
            # They depend only on each article's slug, date and built versions, and the
            # index on the titles too: a title changed rewrites the index, not the sitemap.
            listed = [(e.slug, e.date, [v[:2] for v in e.versions]) for e in entries]
            titles = [(e.title, [v[2] for v in e.versions]) for e in entries]
            key = _hash(cache.fingerprint, json.dumps(listed, ensure_ascii=False))
            index_keys = {
                "index.html": _hash(key, json.dumps(titles, ensure_ascii=False)),
                "sitemap.xml": key,
            }
            _index_and_sitemap(settings, source, entries, writer, index_keys, cache.pages)
            for name in STATIC_FILES:
                writer.add(name, read_bytes(TEMPLATES_DIR / name, RenderError, f"templates/{name}"))
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    cache.articles = {item.shown: item.entry for item in entries}  # sources gone: forgotten
    cache.pages = {path: key for item in entries for path, key in item.keys.items()}
    cache.pages.update(index_keys)
    cache.save(target)
    return result


# --- planning -----------------------------------------------------------------------


def in_shard(slug: str, index: int, count: int) -> bool:
    """True when article ``slug`` belongs to shard ``index`` of ``count`` (1-based).

    The shard is CRC-32 of the slug modulo ``count``: it depends on nothing else, so
    adding an article moves no other article to another shard.
    """
    return zlib.crc32(slug.encode("utf-8")) % count == index - 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N) with 1 <= K <= N; :class:`ProjectError` otherwise."""
    k, slash, n = text.partition("/")
    if not (slash and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise ProjectError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(k), int(n)


def _targets(settings: Settings, only: Sequence[str], result: BuildResult) -> list[str]:
    """The configured codes of the published languages to build, in configured order."""
    wanted = None
    if only:
        wanted = set()
        for code in only:
            language = settings.language(code)
            if language is None:
                with contextlib.suppress(LocaleError):
                    language = settings.language(posix_code(code))
            if language is None:
                raise ProjectError(f"language {code!r} is not in [languages]", "metsi18n.toml")
            wanted.add(language.code)
    source = posix_code(settings.source_language)
    codes = []
    for language in settings.languages:
        if (wanted is not None and language.code not in wanted) or language.code == source:
            continue
        if not language.published:
            result.skipped.append(Skip(language.code, "", f"status is {language.status!r}"))
            continue
        codes.append(language.code)
    return codes


def _read(settings: Settings, path: Path) -> bytes | None:
    """The bytes of a catalog, or None when there is none."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError:
        return read_bytes(path, CatalogError, settings.relative(path))  # raises, naming it


def _hash(*parts: bytes | str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = b"\0none" if part is None else part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:32]


@dataclass
class _Cache:
    """What earlier builds into the same output learned (see :func:`build`)."""

    file: Path
    fingerprint: str
    #: source path -> {"source": hash, "slug", "title", "date", "texts": {code: [...]}}
    articles: dict[str, Any] = field(default_factory=dict)
    #: output path -> [page key, size, mtime_ns] of the page written for that key.
    pages: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings, output: Path, codes: Sequence[str]) -> _Cache:
        package = Path(__file__).parent
        code = [p.read_bytes() for p in sorted(package.glob("*.py"))]
        code += [p.read_bytes() for p in sorted((package / "templates").iterdir())]
        fingerprint = _hash(*code, settings.config_path.read_bytes(), " ".join(codes), str(output))
        name = f"build-{_hash(str(output))[:16]}.json"
        cache = cls(_cache_dir() / name, fingerprint)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(cache.file.read_text(encoding="utf-8"))
            if data["fingerprint"] == fingerprint:
                cache.articles, cache.pages = dict(data["articles"]), dict(data["pages"])
        return cache

    def save(self, output: Path) -> None:
        for path, entry in list(self.pages.items()):
            try:
                stat = (output / path).stat()
            except OSError:
                del self.pages[path]
                continue
            self.pages[path] = [
                entry if isinstance(entry, str) else entry[0],
                stat.st_size,
                stat.st_mtime_ns,
            ]
        data = {"fingerprint": self.fingerprint, "articles": self.articles, "pages": self.pages}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        with contextlib.suppress(OSError):  # a cache that cannot be written costs only time
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, text.encode("utf-8"))


def _cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "metsi18n"
    return Path.home() / ".cache" / "metsi18n"


@dataclass(frozen=True)
class _Context:
    """What every article's task shares."""

    settings: Settings
    codes: tuple[str, ...]
    sites: dict[str, bytes | None]
    shard: tuple[int, int] | None
    fingerprint: str
    output: Path


@dataclass(frozen=True)
class _Job:
    """One article to build: its source file and what the cache knows of it."""

    path: Path
    cached: dict[str, Any] | None
    pages: dict[str, Any]


@dataclass
class _Built:
    """An article's share of the site: pages (None: keep the previous file) and index data."""

    shown: str
    slug: str
    title: str
    date: str
    #: (code, BCP 47 code, title HTML) of each built version, in BCP 47 order.
    versions: list[tuple[str, str, str]]
    skipped: list[Skip]
    pages: list[tuple[str, bytes | None]]
    #: output path -> key of the inputs of that page.
    keys: dict[str, str]
    entry: dict[str, Any]


def _article(context: _Context, job: _Job) -> _Built:
    """Build one article in every language (in a worker process with ``--jobs``)."""
    settings = context.settings
    shown = settings.relative(job.path)
    data = read_bytes(job.path, SourceError, shown)
    source_key = _hash(context.fingerprint, data)
    cached = job.cached if job.cached and job.cached.get("source") == source_key else None
    document: Document | None = None
    meta: dict[str, Any]
    if cached is None:
        document = parse_document(_decode_source(data, shown), shown)
        if document.slug == SITE_DOMAIN:
            raise SourceError(f"slug {SITE_DOMAIN!r} is reserved for the page chrome", shown)
        meta = {
            "source": source_key,
            "slug": document.slug,
            "title": document.title,
            "date": document.date.isoformat(),
            "texts": {},
        }
    else:
        meta = {**cached, "texts": dict(cached["texts"])}
    slug = str(meta["slug"])
    owned = context.shard is None or in_shard(slug, *context.shard)
    whole = context.shard is None or context.shard[0] == 1
    built = _Built(shown, slug, str(meta["title"]), str(meta["date"]), [], [], [], {}, meta)
    if not owned and not whole:
        return built
    catalogs = {code: _read(settings, settings.po_path(code, slug)) for code in context.codes}
    keys = {code: _hash(source_key, code, catalogs.get(code)) for code in ("", *context.codes)}
    texts: dict[str, ArticleText] = {}
    prepared: Prepared | None = None
    summary = {
        code: meta["texts"][code][1:]
        for code in keys
        if meta["texts"].get(code, [None])[0] == keys[code]
    }
    if len(summary) < len(keys):
        document = document or parse_document(_decode_source(data, shown), shown)
        prepared = prepare(document, settings.segmentation)
        for code in keys:
            texts[code] = _text(settings, prepared, code, catalogs.get(code), slug)
            summary[code] = [texts[code].percent, str(texts[code].title_html)]
            meta["texts"][code] = [keys[code], *summary[code]]
    versions = _versions(settings, context.codes, slug, catalogs, summary, built.skipped)
    built.versions = [
        (code, _info(code or settings.source_language).bcp47, str(summary[code][1]))
        for code in versions
    ]
    if not owned:
        return built
    chosen = tuple(versions)
    for code in versions:
        info = _info(code or settings.source_language)
        path = f"{info.bcp47}/{slug}.html"
        key = _hash(keys[code], context.sites.get(code) if code else b"", " ".join(chosen))
        built.keys[path] = key
        if _unchanged(context.output / path, job.pages.get(path), key):
            built.pages.append((path, None))  # same inputs, and the file is the one written
            continue
        if prepared is None:
            document = document or parse_document(_decode_source(data, shown), shown)
            prepared = prepare(document, settings.segmentation)
        if code not in texts:
            texts[code] = _text(settings, prepared, code, catalogs.get(code), slug)
        built.pages.append((path, _page(context, prepared, slug, code, versions, texts[code])))
    return built


def _unchanged(path: Path, cached: Any, key: str) -> bool:
    """True when the page was made from the inputs of ``key`` and is still on disk as written."""
    if not isinstance(cached, list) or len(cached) != 3 or cached[0] != key:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns] == cached[1:]


def _decode_source(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8 text", shown, line) from exc


def _text(
    settings: Settings, prepared: Prepared, code: str, data: bytes | None, slug: str
) -> ArticleText:
    po = None
    if code and data is not None:
        po = pofile.loads(data, settings.relative(settings.po_path(code, slug)))
    page = _info(code or settings.source_language)
    source = _info(settings.source_language)
    return render_article(prepared, usable_messages(po), _language(page), _language(source))


def _versions(
    settings: Settings,
    codes: Sequence[str],
    slug: str,
    catalogs: dict[str, bytes | None],
    summary: dict[str, Any],
    skipped: list[Skip],
) -> list[str]:
    """The codes ('' for the source) of the versions to build, in BCP 47 order."""
    chosen = [""]
    for code in codes:
        language = settings.language(code)
        threshold = settings.min_translated
        if language is not None and language.min_translated is not None:
            threshold = language.min_translated
        percent = float(summary[code][0])
        if percent >= threshold:
            chosen.append(code)
        elif catalogs[code] is None:
            path = settings.relative(settings.po_path(code, slug))
            skipped.append(Skip(code, slug, f"no catalog {path}"))
        else:
            shown = math.floor(percent * 10) / 10
            reason = f"{shown:g}% of units translated, below the {threshold:g}% threshold"
            skipped.append(Skip(code, slug, reason))
    source = settings.source_language
    return sorted(chosen, key=lambda code: _info(code or source).bcp47.lower())


def _base(settings: Settings) -> str:
    return settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"


def _language_item(info: LanguageInfo, href: str | None) -> dict[str, Any]:
    return {"lang": info.bcp47, "dir": info.direction, "endonym": info.endonym, "href": href}


@functools.lru_cache(maxsize=64)
def _site_catalog(data: bytes | None, shown: str) -> POFile | None:
    return None if data is None else pofile.loads(data, shown)


def _page(
    context: _Context,
    item: Prepared,
    slug: str,
    code: str,
    versions: Sequence[str],
    text: ArticleText,
) -> bytes:
    settings = context.settings
    base = _base(settings)
    source = _info(settings.source_language)
    infos = {c: _info(c or settings.source_language) for c in versions}
    info = infos[code]
    path = f"{info.bcp47}/{slug}.html"
    alternates = [
        {"hreflang": v.bcp47, "href": f"{base}{v.bcp47}/{slug}.html"} for v in infos.values()
    ]
    alternates.append({"hreflang": "x-default", "href": f"{base}{source.bcp47}/{slug}.html"})
    nav = [
        _language_item(v, None if c == code else f"../{v.bcp47}/{slug}.html")
        for c, v in infos.items()
    ]
    page = {
        "lang": info.bcp47,
        "dir": info.direction,
        "path": path,
        "root": "../",
        "title": text.title,
        "heading": text.title_html,
        "description": text.description,
        "body": text.body,
        "minutes": item.minutes,
        "date": format_date(item.document.date, info.posix),
        "iso_date": item.document.date.isoformat(),
        "canonical": base + path,
        "alternates": alternates,
        "og_locale": info.og_locale,
        "og_alternates": [v.og_locale for c, v in infos.items() if c != code],
        "languages": nav,
        "feedback_url": settings.feedback_url,
    }
    site = None
    if code:
        where = settings.relative(settings.po_path(code, SITE_DOMAIN))
        site = _site_catalog(context.sites.get(code), where)
    chrome = Chrome(site, _language(info), _language(source), info.plural_forms)
    return render_template("page.html", chrome, page=page).encode("utf-8")


@contextlib.contextmanager
def _executor(jobs: int) -> Any:
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


# --- index and sitemap ---------------------------------------------------------------


def _index_entries(
    settings: Settings, source: LanguageInfo, articles: Sequence[_Built]
) -> Iterator[dict[str, Any]]:
    """The index's and sitemap's data of each article, made as the template asks for it."""
    base = _base(settings)
    for item in articles:
        slug = item.slug
        links = [(bcp47, f"{base}{bcp47}/{slug}.html") for _, bcp47, _ in item.versions]
        yield {
            "href": f"{source.bcp47}/{slug}.html",
            "title": item.title,
            "date": item.date,
            "urls": [url for _, url in links],
            "alternates": [*links, ("x-default", f"{base}{source.bcp47}/{slug}.html")],
            "versions": [
                {
                    **_language_item(
                        _info(code or settings.source_language),
                        f"{bcp47}/{slug}.html",
                    ),
                    "title": Markup(title),
                }
                for code, bcp47, title in item.versions
            ],
        }


def _index_and_sitemap(
    settings: Settings,
    source: LanguageInfo,
    articles: Sequence[_Built],
    writer: _Writer,
    keys: dict[str, str],
    cached: dict[str, Any],
) -> None:
    """index.html and sitemap.xml, rendered piece by piece to files.

    Their size grows with articles x languages (the sitemap lists every page with all
    its alternates: 14 MB for 1,000 articles in 11 languages); held in memory, they made
    the build's peak grow from 59 to 131 MB (RSS sampled per 100 articles).
    """
    for name in ("index.html", "sitemap.xml"):
        if _unchanged(writer.output / name, cached.get(name), keys[name]):
            writer.add(name, None)  # same articles, titles and versions as last time
            continue
        context = {
            "lang": source.bcp47,
            "dir": source.direction,
            "name": settings.name,
            "canonical": _base(settings) + "index.html",
            "articles": _index_entries(settings, source, articles),
        }
        writer.add_chunks(name, render_chunks(name, None, index=context))


# --- writing: compare, assemble aside, swap -------------------------------------------


def _check_output(settings: Settings, output: Path) -> None:
    root = settings.root.resolve()
    shown = settings.relative(output)
    if root.is_relative_to(output):
        raise ProjectError(f"output folder {shown} would hold the project itself")
    for folder in (settings.source_path.resolve(), settings.locales_path.resolve()):
        if output.is_relative_to(folder) or folder.is_relative_to(output):
            raise ProjectError(f"output folder {shown} overlaps {settings.relative(folder)}/")
    if output.exists() and not output.is_dir():
        raise ProjectError(f"output {shown} exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not _earlier_build(output):
        raise ProjectError(
            f"output folder {shown} is not empty and holds no earlier build; "
            "choose another folder with -o or empty it"
        )


def _earlier_build(output: Path) -> bool:
    """A full build (it has sitemap.xml), or a shard's: only ``<lang>/<slug>.html`` pages."""
    if (output / "sitemap.xml").is_file():
        return True
    found = list(output.rglob("*"))
    pages = [p for p in found if p.is_file()]
    return (
        bool(pages)
        and all(p.suffix == ".html" and p.parent.parent == output for p in pages)
        and all(p.is_file() or p.parent == output for p in found)
    )


def _existing(output: Path) -> dict[str, Path]:
    """Every file of the previous output by its relative path (os.walk: 5x rglob's speed)."""
    found: dict[str, Path] = {}
    for folder, _, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in names:
            key = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            found[key] = Path(folder, name)
    return found


class _Writer:
    """Assembles the new output beside the old one, page by page, and swaps it in.

    A page equal to the old file (or known unchanged, ``None``) is hard-linked from the
    old output; nothing is staged until the first difference, so a build that changes
    nothing touches nothing.
    """

    def __init__(self, output: Path, old: dict[str, Path], result: BuildResult) -> None:
        self.output, self.old, self.result = output, old, result
        self.staging: Path | None = None
        self.names: set[str] = set()
        self.pending: list[str] = []
        self.folders: set[Path] = set()

    def add(self, name: str, data: bytes | None) -> None:
        self.names.add(name)
        path = self.old.get(name)
        if path is not None and (data is None or path.read_bytes() == data):
            self.result.unchanged.append(name)
            if self.staging is None:
                self.pending.append(name)
            else:
                self._link(name)
            return
        if data is None:  # not expected: the task checked the old file
            raise RenderError(f"page {name} vanished during the build")
        self.result.written.append(name)
        write_atomic(self._stage() / name, data)

    def add_chunks(self, name: str, chunks: Iterator[str]) -> None:
        """:meth:`add` for a file written as it is rendered, then compared on disk."""
        self.names.add(name)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.output.name}.part-", dir=self.output.parent
        )
        path = Path(temporary)
        try:
            with os.fdopen(handle, "wb") as file:
                batch: list[str] = []
                for chunk in chunks:
                    batch.append(chunk)
                    if len(batch) >= 4096:
                        file.write("".join(batch).encode("utf-8"))
                        batch = []
                file.write("".join(batch).encode("utf-8"))
                file.flush()
                os.fsync(file.fileno())
            path.chmod(0o644)  # as storage.write_atomic leaves its files
            old = self.old.get(name)
            if old is not None and filecmp.cmp(old, path, shallow=False):
                self.result.unchanged.append(name)
                if self.staging is None:
                    self.pending.append(name)
                else:
                    self._link(name)
                return
            self.result.written.append(name)
            target = self._stage() / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        finally:
            path.unlink(missing_ok=True)

    def _stage(self) -> Path:
        if self.staging is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            prefix = f".{self.output.name}.new-"
            self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output.parent))
            for name in self.pending:
                self._link(name)
            self.pending = []
        return self.staging

    def _link(self, name: str) -> None:
        assert self.staging is not None
        target = self.staging / name
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        try:
            os.link(self.old[name], target)
        except OSError:
            shutil.copy2(self.old[name], target)

    def finish(self) -> None:
        self.result.removed = sorted(set(self.old) - self.names)
        self.result.written.sort()
        self.result.unchanged.sort()
        if not self.result.written and not self.result.removed:
            return
        staging = self._stage()
        staging.chmod(0o755)
        _swap(staging, self.output)
        self.staging = None

    def abandon(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def _swap(staging: Path, output: Path) -> None:
    """Put ``staging`` in place of ``output``; the old folder is removed only after."""
    if not output.exists():
        staging.rename(output)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    backup.rmdir()
    output.rename(backup)
    try:
        staging.rename(output)
    except BaseException:
        backup.rename(output)
        raise
    shutil.rmtree(backup, ignore_errors=True)


# --- serve --------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log: the library never prints."""


def server(directory: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``directory`` on 127.0.0.1 (``port`` 0: any free port)."""
    factory = functools.partial(_QuietHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), factory)
