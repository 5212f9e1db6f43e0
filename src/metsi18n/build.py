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
import functools
import http.server
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from metsi18n import pipeline
from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import LocaleError, ProjectError, RenderError
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
    render_template,
    usable_messages,
)
from metsi18n.storage import read_bytes, write_atomic

STATIC_FILES = ("style.css", "feedback.js")
T = TypeVar("T")
R = TypeVar("R")
#: Called as ``progress(done, total)`` while the build advances.
Progress = Callable[[int, int], None]
#: A page to render: its path, template context, site catalog, language, source, plurals.
PageTask = tuple[str, dict[str, Any], POFile | None, Language, Language, str]


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


def _language(info: LanguageInfo) -> Language:
    return Language(info.bcp47, info.direction, info.sentence_separator)


def build(
    settings: Settings,
    output: Path | None = None,
    languages: Sequence[str] = (),
    jobs: int = 1,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site into ``output`` (default: the configured output folder).

    ``languages`` limits the build to those target languages (the source language
    is always built).
    """
    target = (output if output is not None else settings.output_path).resolve()
    _check_output(settings, target)
    result = BuildResult(target)
    articles = pipeline.load_articles(settings)
    source = language_info(settings.source_language)
    codes = _targets(settings, languages, result)
    infos = [source] + [language_info(code) for code in codes]
    catalogs = {code: _catalogs(settings, code, [a.domain for a in articles]) for code in codes}

    article_tasks = len(articles) * len(infos)
    total = len(articles) + 2 * article_tasks
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    with _executor(jobs) as pool:
        documents = [article.document for article in articles]
        prepared = _map(pool, _prepare_task, [(d, settings.segmentation) for d in documents], tick)
        tasks = []
        for code, info in zip(["", *codes], infos, strict=True):
            for index, article in enumerate(articles):
                po = catalogs[code][article.domain] if code else None
                tasks.append((prepared[index], usable_messages(po), _language(info), source))
        texts = _map(pool, _article_task, tasks, tick)
        by_code = dict(zip(["", *codes], infos, strict=True))
        built = _choose(settings, articles, by_code, catalogs, texts, result)
        done += article_tasks - sum(len(found) for found in built.values())
        page_tasks = _page_tasks(settings, source, catalogs, built, prepared)
        pages = _map(pool, _page_task, page_tasks, tick)
    files = dict(zip([path for path, *_ in page_tasks], pages, strict=True))
    files["index.html"], files["sitemap.xml"] = _index_and_sitemap(
        settings, source, built, documents
    )
    for name in STATIC_FILES:
        files[name] = read_bytes(TEMPLATES_DIR / name, RenderError, f"templates/{name}")
    result.pages = len(page_tasks)
    _write(target, files, result)
    return result


# --- planning -----------------------------------------------------------------------


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


def _catalogs(settings: Settings, code: str, domains: list[str]) -> dict[str, POFile | None]:
    found = {}
    for domain in [SITE_DOMAIN, *domains]:
        path = settings.po_path(code, domain)
        found[domain] = pipeline.read_catalog(path, settings.relative(path))
    return found


@dataclass(frozen=True)
class Version:
    """One built version of an article: configured code ('' for the source), text."""

    code: str
    info: LanguageInfo
    text: ArticleText

    def path(self, slug: str) -> str:
        return f"{self.info.bcp47}/{slug}.html"


def _choose(
    settings: Settings,
    articles: list[pipeline.Article],
    infos: dict[str, LanguageInfo],
    catalogs: dict[str, dict[str, POFile | None]],
    texts: list[ArticleText],
    result: BuildResult,
) -> dict[str, list[Version]]:
    """slug -> the versions to build, in the documented order (by BCP 47 code)."""
    built: dict[str, list[Version]] = {a.domain: [] for a in articles}
    position = iter(texts)
    for code, info in infos.items():
        language = settings.language(code)
        threshold = settings.min_translated
        if language is not None and language.min_translated is not None:
            threshold = language.min_translated
        for article in articles:
            text = next(position)
            if not code or text.percent >= threshold:
                built[article.domain].append(Version(code, info, text))
            elif catalogs[code][article.domain] is None:
                path = settings.relative(settings.po_path(code, article.domain))
                result.skipped.append(Skip(code, article.domain, f"no catalog {path}"))
            else:
                shown = math.floor(text.percent * 10) / 10
                reason = f"{shown:g}% of units translated, below the {threshold:g}% threshold"
                result.skipped.append(Skip(code, article.domain, reason))
    for versions in built.values():
        versions.sort(key=lambda version: version.info.bcp47.lower())
    return built


def _base(settings: Settings) -> str:
    return settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"


def _language_item(info: LanguageInfo, href: str | None) -> dict[str, Any]:
    return {"lang": info.bcp47, "dir": info.direction, "endonym": info.endonym, "href": href}


def _page_tasks(
    settings: Settings,
    source: LanguageInfo,
    catalogs: dict[str, dict[str, POFile | None]],
    built: dict[str, list[Version]],
    prepared: list[Prepared],
) -> list[PageTask]:
    base = _base(settings)
    tasks = []
    for item, (slug, versions) in zip(prepared, built.items(), strict=True):
        alternates = [{"hreflang": v.info.bcp47, "href": base + v.path(slug)} for v in versions]
        alternates.append({"hreflang": "x-default", "href": f"{base}{source.bcp47}/{slug}.html"})
        for version in versions:
            info, text, path = version.info, version.text, version.path(slug)
            nav = [
                _language_item(v.info, None if v is version else "../" + v.path(slug))
                for v in versions
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
                "og_alternates": [v.info.og_locale for v in versions if v is not version],
                "languages": nav,
                "feedback_url": settings.feedback_url,
            }
            site = catalogs[version.code][SITE_DOMAIN] if version.code else None
            tasks.append((path, page, site, _language(info), _language(source), info.plural_forms))
    return tasks


# --- workers (module level: they run in other processes with --jobs) -----------------


def _prepare_task(task: tuple[Any, str]) -> Prepared:
    return prepare(task[0], task[1])


def _article_task(task: tuple[Prepared, dict[str, str], Language, LanguageInfo]) -> ArticleText:
    prepared, translations, page, source = task
    return render_article(prepared, translations, page, _language(source))


def _page_task(task: PageTask) -> bytes:
    _path, page, site, language, source, plural_forms = task
    chrome = Chrome(site, language, source, plural_forms)
    return render_template("page.html", chrome, page=page).encode("utf-8")


@contextlib.contextmanager
def _executor(jobs: int) -> Any:
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield pool


def _map(
    pool: Executor | None, function: Callable[[T], R], items: Iterable[T], tick: Callable[[], None]
) -> list[R]:
    results = []
    for value in pool.map(function, items) if pool is not None else map(function, items):
        results.append(value)
        tick()
    return results


# --- index and sitemap ---------------------------------------------------------------


def _index_and_sitemap(
    settings: Settings,
    source: LanguageInfo,
    built: dict[str, list[Version]],
    documents: list[Document],
) -> tuple[bytes, bytes]:
    base = _base(settings)
    entries = []
    for document in documents:
        slug, versions = document.slug, built[document.slug]
        links = [(v.info.bcp47, base + v.path(slug)) for v in versions]
        entries.append(
            {
                "href": f"{source.bcp47}/{slug}.html",
                "title": document.title,
                "date": document.date.isoformat(),
                "urls": [url for _, url in links],
                "alternates": [*links, ("x-default", f"{base}{source.bcp47}/{slug}.html")],
                "versions": [
                    {**_language_item(v.info, v.path(slug)), "title": v.text.title_html}
                    for v in versions
                ],
            }
        )
    context = {
        "lang": source.bcp47,
        "dir": source.direction,
        "name": settings.name,
        "canonical": base + "index.html",
        "articles": entries,
    }
    index = render_template("index.html", None, index=context)
    sitemap = render_template("sitemap.xml", None, index=context)
    return index.encode("utf-8"), sitemap.encode("utf-8")


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
    if output.is_dir() and any(output.iterdir()) and not (output / "sitemap.xml").is_file():
        raise ProjectError(
            f"output folder {shown} is not empty and holds no earlier build; "
            "choose another folder with -o or empty it"
        )


def _existing(output: Path) -> dict[str, Path]:
    if not output.is_dir():
        return {}
    return {p.relative_to(output).as_posix(): p for p in output.rglob("*") if p.is_file()}


def _write(output: Path, files: dict[str, bytes], result: BuildResult) -> None:
    old = _existing(output)
    for name in sorted(files):
        path = old.get(name)
        same = path is not None and path.read_bytes() == files[name]
        (result.unchanged if same else result.written).append(name)
    result.removed = sorted(set(old) - set(files))
    if not result.written and not result.removed:
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for name in sorted(files):
            target = staging / name
            if name in result.unchanged:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(old[name], target)
                except OSError:
                    shutil.copy2(old[name], target)
            else:
                write_atomic(target, files[name])
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
