"""The language homes, the root chooser and the sitemap, rendered from what the article
tasks return.

``<lang>/index.html`` is a language's home: its articles, translated titles and
descriptions in the language's collation order, then those not yet translated, with
their English titles. The root ``index.html`` names every language by its endonym and
suggests the reader's (``chooser.js``, from ``navigator.languages``; no redirect).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from metsi18n.config import Settings
from metsi18n.languages import LanguageInfo, collation_key
from metsi18n.site.article import Built, base_url
from metsi18n.site.cache import digest, unchanged
from metsi18n.site.chrome import cached_info, chrome_for, language_item
from metsi18n.site.page import render_chunks, render_template
from metsi18n.storage import TreeWriter


@dataclass(frozen=True)
class Homes:
    """The languages with a home (code '' for the source, BCP 47), in BCP 47 order."""

    codes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, articles: Sequence[Built]) -> Homes:
        found = {code: bcp47 for item in articles for code, bcp47, *_ in item.versions}
        return cls(tuple(sorted(found.items(), key=lambda pair: pair[1].lower())))


def _index_entries(
    settings: Settings, source: LanguageInfo, articles: Sequence[Built], homes: Homes
) -> Iterator[dict[str, Any]]:
    """The sitemap's data of each article (the homes first, as one entry)."""
    base = base_url(settings)
    home_links = [(bcp47, f"{base}{bcp47}/index.html") for _, bcp47 in homes.codes]
    yield {
        "date": max((item.date for item in articles), default=""),
        "urls": [url for _, url in home_links],
        "alternates": [*home_links, ("x-default", f"{base}index.html")],
    }
    for item in articles:
        slug = item.slug
        links = [(bcp47, f"{base}{bcp47}/{slug}.html") for _, bcp47, *_ in item.versions]
        yield {
            "date": item.date,
            "urls": [url for _, url in links],
            "alternates": [*links, ("x-default", f"{base}{source.bcp47}/{slug}.html")],
        }


def home_data(settings: Settings, code: str, articles: Sequence[Built]) -> dict[str, Any]:
    """What the home of ``code`` lists: its articles by title, then the others in English."""
    translated, english = [], []
    for item in articles:
        versions = {version[0]: version for version in item.versions}
        own = versions.get(code)
        if own is not None:
            _, _, title_html, title, description = own
            translated.append((collation_key(title), item.slug, title_html, description))
        elif "" in versions:
            _, source, title_html, title, description = versions[""]
            english.append((collation_key(title), item.slug, title_html, description, source))
    return {
        "articles": [
            {"href": f"{slug}.html", "title": title, "description": description}
            for _, slug, title, description in sorted(translated)
        ],
        "untranslated": [
            {
                "href": f"../{source}/{slug}.html",
                "lang": source,
                "title": title,
                "description": description,
            }
            for _, slug, title, description, source in sorted(english)
        ],
    }


def index_and_sitemap(
    settings: Settings,
    source: LanguageInfo,
    articles: Sequence[Built],
    writer: TreeWriter,
    sites: dict[str, bytes | None],
    written: frozenset[str] | None,
    cached: dict[str, Any],
    fingerprint: str,
) -> dict[str, str]:
    """The homes, index.html and sitemap.xml; returns each file's key for the cache.

    ``written`` (with ``build -l``) names the languages whose homes are written; the
    others' stay as an earlier build left them. The sitemap is rendered piece by piece:
    it lists every page with all its alternates (14 MB for 1,000 articles in 11
    languages); held in memory, it made the build's peak grow from 59 to 131 MB.
    """
    homes = Homes.of(articles)
    base = base_url(settings)
    keys: dict[str, str] = {}
    switcher = [
        language_item(cached_info(code or settings.source_language), f"../{bcp47}/index.html")
        for code, bcp47 in homes.codes
    ]
    for code, bcp47 in homes.codes:
        if code and written is not None and code not in written:
            continue
        name = f"{bcp47}/index.html"
        info = cached_info(code or settings.source_language)
        data = home_data(settings, code, articles)
        keys[name] = digest(
            fingerprint,
            sites.get(code) if code else b"",
            bcp47,
            json.dumps([data, switcher], ensure_ascii=False, sort_keys=True),
        )
        if unchanged(os.path.join(writer.output, name), cached.get(name), keys[name]):
            writer.add(name, None)
            continue
        home = {
            "lang": info.bcp47,
            "dir": info.direction,
            "endonym": info.endonym,
            "name": settings.name,
            "source_lang": source.bcp47,
            "source_dir": source.direction,
            "canonical": f"{base}{name}",
            "alternates": [
                *((b, f"{base}{b}/index.html") for _, b in homes.codes),
                ("x-default", f"{base}index.html"),
            ],
            "switcher": switcher,
            "articles": [
                {**a, "title": Markup(a["title"]), "description": Markup(a["description"])}
                for a in data["articles"]
            ],
            "untranslated": [
                {**a, "title": Markup(a["title"]), "description": Markup(a["description"])}
                for a in data["untranslated"]
            ],
        }
        chrome = chrome_for(settings, sites, code)
        writer.add(name, render_template("home.html", chrome, home=home).encode("utf-8"))
    languages = [
        language_item(cached_info(code or settings.source_language), f"{bcp47}/index.html")
        for code, bcp47 in homes.codes
    ]
    listed = [(e.slug, e.date, [v[:2] for v in e.versions]) for e in articles]
    keys["index.html"] = digest(fingerprint, json.dumps(languages, ensure_ascii=False))
    keys["sitemap.xml"] = digest(fingerprint, json.dumps(listed, ensure_ascii=False))
    for name in ("index.html", "sitemap.xml"):
        if unchanged(os.path.join(writer.output, name), cached.get(name), keys[name]):
            writer.add(name, None)
            continue
        context = {
            "lang": source.bcp47,
            "dir": source.direction,
            "name": settings.name,
            "canonical": base + "index.html",
            "languages": languages,
            "alternates": [(b, f"{base}{b}/index.html") for _, b in homes.codes],
            "articles": _index_entries(settings, source, articles, homes),
        }
        writer.add_chunks(name, render_chunks(name, None, index=context))
    return keys
