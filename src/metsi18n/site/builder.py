"""metsi18n build: every article in every language that passes the threshold -> a site.

Everything is rendered in memory first (in worker processes with ``jobs`` > 1;
the output does not depend on how many), then compared with the previous
output. Nothing is switched when nothing differs. Otherwise the new site is assembled
as a new version beside the current one (unchanged files hard-linked) and the output
path, a symbolic link, is switched to it in one rename (see
:mod:`metsi18n.storage.tree`): a reader sees the whole old site or the whole new one,
and a build that fails or is killed leaves the previous site as it was.

The output folder is the build's own (:mod:`metsi18n.site.output`): it holds the
marker ``.metsi18n-build``, and a folder that is not empty and has no marker is refused.

Layout of the output: ``index.html`` (the language chooser), ``sitemap.xml``,
``style.css``, ``feedback.js``, ``chooser.js``, and per language ``<lang>/index.html``
(its home) and one page per article at ``<lang>/<slug>.html`` (``lang`` in BCP 47,
e.g. ``pt-BR/liver-metastases.html``); the status: ``status.json``,
``badges/<lang>.svg``, ``translations.html``; the catalogs to download,
``catalogs/<lang>/<domain>.po`` and ``catalogs/<domain>.pot`` (:mod:`metsi18n.site.downloads`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import LocaleError, ProjectError, RenderError, SourceError
from metsi18n.languages import posix_code
from metsi18n.site.article import (
    STATIC_FILES,
    Built,
    Context,
    Job,
    Skip,
    build_article,
    read_optional,
)
from metsi18n.site.cache import BuildCache
from metsi18n.site.chrome import cached_info
from metsi18n.site.dates import head
from metsi18n.site.index import index_and_sitemap
from metsi18n.site.output import (
    MARKER,
    check_output_folder,
    marker_for,
    output_path,
    refuse_links,
)
from metsi18n.site.page import (
    TEMPLATES_DIR,
)
from metsi18n.site.status_files import language_statuses, status_files
from metsi18n.source import duplicate_slug
from metsi18n.storage import TreeWriter, is_leftover, list_tree, read_bytes, read_text

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

#: Called as ``progress(done, total)`` while the build advances (one step per article).
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    """What the build wrote (paths relative to ``output``) and what it left out."""

    output: Path
    pages: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


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
    shard K of N (see :func:`metsi18n.site.article.in_shard`); shard 1 also writes ``index.html``,
    ``sitemap.xml`` and the static files, so the union of the N outputs is the full
    build.

    The work goes article by article (each one: its source, its catalogs, its pages),
    so memory does not grow with the number of articles. A cache (see :data:`CACHE_ENV`)
    remembers, per article and language, a hash of the inputs
    and what they gave; an article whose inputs did not change is neither parsed nor
    rendered again, its pages are taken from the previous output.
    """
    target = output_path(output if output is not None else settings.output_path)
    head.cache_clear()  # HEAD as it is now: a process may build again after a commit
    marker = marker_for(settings)
    _check_output(settings, target, marker)
    result = BuildResult(target)
    paths = settings.source_files()
    if not paths:
        raise ProjectError(f"no articles (*.md) in {settings.source_dir}/")
    source = cached_info(settings.source_language)
    # With -l, every published language is still weighed (the pages and the index list
    # the versions of the others that are on disk), but only the named ones are written.
    codes = _targets(settings, (), BuildResult(target) if languages else result)
    only = frozenset(_targets(settings, languages, result)) if languages else None
    cache = BuildCache.load(settings, target, codes)
    links: list[str] = []
    old = list_tree(target, links)
    refuse_links(links, settings.relative(target))
    context = Context(
        settings=settings,
        codes=tuple(codes),
        sites={
            code: read_optional(settings, settings.po_file(code, SITE_DOMAIN)) for code in codes
        },
        shard=shard,
        fingerprint=cache.fingerprint,
        output=target,
        only=only,
    )
    by_slug: dict[str, dict[str, Any]] = {}
    for page, entry in cache.pages.items():
        by_slug.setdefault(PurePosixPath(page).stem, {})[page] = entry
    jobs_list = []
    for path in paths:
        cached = cache.articles.get(settings.relative(path))
        pages = by_slug.get(str(cached["slug"]), {}) if cached else {}
        jobs_list.append(Job(path, cached, pages))
    writer = TreeWriter(target, old, _keeps(settings, only), (MARKER, marker))
    writer.add(MARKER, marker)
    index_keys: dict[str, str] = {}
    done = 0
    entries: list[Built] = []
    slugs: dict[str, Path] = {}
    skips: list[tuple[int, int, Skip]] = []
    try:
        with _executor(jobs) as pool:
            tasks = functools.partial(build_article, context)
            found = pool.map(tasks, jobs_list, chunksize=4) if pool else map(tasks, jobs_list)
            for number, item in enumerate(found):
                done += 1
                if progress is not None:
                    progress(done, len(jobs_list))
                if item.slug in slugs:
                    raise _duplicate(settings, item.slug, slugs[item.slug], jobs_list[number].path)
                slugs[item.slug] = jobs_list[number].path
                skips += [(codes.index(s.language), number, s) for s in item.skipped]
                for path, data in item.pages:
                    writer.add(path, data)
                    result.pages += 1
                for name, data in item.files.items():  # an image two articles show: once
                    if name not in writer.names:
                        writer.add(name, data)
                item.pages, item.files = [], {}
                entries.append(item)
        result.skipped += [skip for *_, skip in sorted(skips, key=lambda s: s[:2])]
        if shard is None or shard[0] == 1:
            # Each file's key covers what it shows: a title changed rewrites its
            # language's home, not the others, nor the sitemap.
            index_keys = index_and_sitemap(
                settings,
                source,
                entries,
                writer,
                context.sites,
                only,
                cache.pages,
                cache.fingerprint,
            )
            statuses = language_statuses(settings, codes, entries, context.sites)
            index_keys |= status_files(
                settings, statuses, entries, writer, cache.pages, cache.fingerprint, context.sites
            )
            for name in STATIC_FILES:
                writer.add(name, read_bytes(TEMPLATES_DIR / name, RenderError, f"templates/{name}"))
        if writer.names == {MARKER} and not old:
            writer.abandon()  # a shard no article falls into: no folder at all
        else:
            writer.finish()
        result.written, result.unchanged, result.removed = (
            writer.written,
            writer.unchanged,
            writer.removed,
        )
    except BaseException:
        writer.abandon()
        raise
    cache.articles = {item.shown: item.entry for item in entries}  # sources gone: forgotten
    cache.pages = {path: key for item in entries for path, key in item.keys.items()}
    cache.pages.update(index_keys)
    cache.save(target)
    return result


def _duplicate(settings: Settings, slug: str, first: Path, second: Path) -> SourceError:
    """Two articles with one slug: the error names both, each at its ``slug:`` line."""
    texts = [
        (settings.relative(p), read_text(p, SourceError, settings.relative(p)))
        for p in (first, second)
    ]
    return duplicate_slug(slug, texts[0], texts[1])


def _keeps(settings: Settings, only: frozenset[str] | None) -> Callable[[str], bool] | None:
    """With ``-l``: files in the folder of a language not named are the earlier build's
    to keep (the build neither writes nor removes them); None without ``-l``."""
    if only is None:
        return None
    built = {cached_info(code).bcp47 for code in (settings.source_language, *only)}

    def keep(name: str) -> bool:
        folder, slash, rest = name.partition("/")
        return bool(slash) and folder not in built and not is_leftover(PurePosixPath(rest).name)

    return keep


# --- planning -----------------------------------------------------------------------


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


@contextlib.contextmanager
def _executor(jobs: int) -> Iterator[Any]:
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


# --- the output folder ---------------------------------------------------------------


def _check_output(settings: Settings, output: Path, marker: bytes) -> None:
    """The folder is not the project's, nor inside it, and is the build's own
    (see :mod:`metsi18n.site.output`)."""
    root = settings.root.resolve()
    shown = settings.relative(output)
    if root.is_relative_to(output):
        raise ProjectError(f"output folder {shown} would hold the project itself")
    for folder in (settings.source_path.resolve(), settings.locales_path.resolve()):
        if output.is_relative_to(folder) or folder.is_relative_to(output):
            raise ProjectError(f"output folder {shown} overlaps {settings.relative(folder)}/")
    check_output_folder(output, shown, marker)


# --- serve --------------------------------------------------------------------------


def server(directory: Path, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for ``directory`` on 127.0.0.1 (``port`` 0: any free port)."""
    import http.server  # only for serve (import: 22 ms of every build otherwise)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """No request log: the library never prints."""

    factory = functools.partial(QuietHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), factory)
