"""One version of an article: which languages pass the threshold, the article's text in
a language, and the page around it (head, language links, notice, chrome)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from metsi18n.config import Settings, publish_threshold
from metsi18n.languages import format_date
from metsi18n.po import POFile
from metsi18n.site.chrome import Chrome, cached_info, language_item, language_of
from metsi18n.site.dates import notice_date
from metsi18n.site.page import (
    ArticleText,
    Prepared,
    fill_labels,
    outdated_messages,
    render_article,
    render_template,
    usable_messages,
)
from metsi18n.site.typography import typeset


@dataclass(frozen=True)
class Skip:
    """A language not built for an article (``article`` empty: for every article), and why."""

    language: str
    article: str
    reason: str


def article_text(
    settings: Settings,
    prepared: Prepared,
    code: str,
    po: POFile | None,
    images: dict[str, str] | None = None,
) -> ArticleText:
    """The article in language ``code`` ('' for the source), as its page shows it.

    Its ``percent`` is what :func:`metsi18n.config.publish_threshold` is compared with,
    by the build and by ``check`` alike.
    """
    page = language_of(cached_info(code or settings.source_language))
    source = language_of(cached_info(settings.source_language))
    language = settings.language(code) if code else None
    outdated = outdated_messages(po) if language and language.fuzzy == "outdated" else None
    toc = prepared.document.toc
    toc = settings.toc if toc is None else toc
    return render_article(prepared, usable_messages(po), page, source, images, outdated, toc)


def published_versions(
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
        threshold = publish_threshold(settings, code)
        if threshold is None:  # not published: build's targets hold published codes only
            continue
        percent = float(summary[code][0])
        language = settings.language(code)
        unreviewed = int(summary[code][5])
        if percent >= threshold and language is not None and language.reviewed_only and unreviewed:
            reason = f"{unreviewed} translated units not signed off by a reviewer (reviewed_only)"
            skipped.append(Skip(code, slug, reason))
        elif percent >= threshold:
            chosen.append(code)
        elif catalogs[code] is None:
            path = settings.relative(settings.po_path(code, slug))
            skipped.append(Skip(code, slug, f"no catalog {path}"))
        else:
            shown = math.floor(percent * 10) / 10
            reason = f"{shown:g}% of units translated, below the {threshold:g}% threshold"
            skipped.append(Skip(code, slug, reason))
    source = settings.source_language
    return sorted(chosen, key=lambda code: cached_info(code or source).bcp47.lower())


def base_url(settings: Settings) -> str:
    return settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"


def page_html(
    settings: Settings,
    chrome: Chrome,
    item: Prepared,
    slug: str,
    code: str,
    versions: Sequence[str],
    text: ArticleText,
    meta: dict[str, Any],
) -> bytes:
    base = base_url(settings)
    source = cached_info(settings.source_language)
    infos = {c: cached_info(c or settings.source_language) for c in versions}
    info = infos[code]
    path = f"{info.bcp47}/{slug}.html"
    alternates = [
        {"hreflang": v.bcp47, "href": f"{base}{v.bcp47}/{slug}.html"} for v in infos.values()
    ]
    alternates.append({"hreflang": "x-default", "href": f"{base}{source.bcp47}/{slug}.html"})
    nav = [language_item(v, f"../{v.bcp47}/{slug}.html") for c, v in infos.items() if c != code]
    switcher = [language_item(v, f"../{v.bcp47}/{slug}.html") for v in infos.values()]
    date = typeset(info.bcp47, format_date(item.document.date, info.posix))
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
        "date": date,
        "notice": {
            "english": len(text.english) if code else 0,
            "outdated": len(text.outdated),
            "total": len(text.units),
            "date": notice_date(item, info, text.english | text.outdated, meta) if code else date,
        },
        "iso_date": item.document.date.isoformat(),
        "canonical": base + path,
        "alternates": alternates,
        "og_locale": info.og_locale,
        "og_alternates": [v.og_locale for c, v in infos.items() if c != code],
        "languages": nav,
        "switcher": switcher,
        "endonym": info.endonym,
        "feedback_url": settings.feedback_url,
    }
    html = render_template("page.html", chrome, page=page, fill_labels=fill_labels)
    return html.encode("utf-8")
