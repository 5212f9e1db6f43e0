"""Translation status as the build publishes it: ``status.json``, one SVG badge per
language (``badges/<lang>.svg``) and ``translations.html``.

Counts are those of ``metsi18n stats`` (:func:`metsi18n.po.state`, pocount's words), per
catalog; a language's total adds its article catalogs and its ``site`` catalog, so a
badge shows what ``metsi18n stats --format svg -l LANG`` prints. Badges say their
percent in text (and in their accessible name), never by colour alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from metsi18n.po import POFile, message_words, state

#: Per catalog: translated, fuzzy, untranslated (live messages), translated words, words.
Counts = list[int]


def catalog_counts(po: POFile | None) -> Counts:
    """[translated, fuzzy, untranslated, translated words, words] of one catalog."""
    counts = [0, 0, 0, 0, 0]
    for message in po.messages if po is not None else ():
        name = state(message)
        if name == "obsolete":
            continue
        words = message_words(message)
        counts[("translated", "fuzzy", "untranslated").index(name)] += 1
        counts[4] += words
        if name == "translated":
            counts[3] += words
    return counts


def percent(counts: Sequence[int]) -> float:
    """Percent of the live messages translated (100 for none), as ``stats`` gives it."""
    total = sum(counts[:3])
    return 100.0 * counts[0] / total if total else 100.0


@dataclass(frozen=True)
class Cell:
    """One article in one language."""

    slug: str
    counts: Counts
    published: bool
    href: str
    catalog: str
    #: The catalog's download in the site, or the template's when there is no catalog;
    #: None without either.
    download: str | None

    def as_dict(self, date: str) -> dict[str, Any]:
        translated, fuzzy, untranslated, words_done, words = self.counts
        return {
            "article": self.slug,
            "units": translated + fuzzy + untranslated,
            "translated": translated,
            "fuzzy": fuzzy,
            "untranslated": untranslated,
            "words": words,
            "words_translated": words_done,
            "percent": round(percent(self.counts), 2),
            "published": self.published,
            "page": self.href if self.published else None,
            "catalog": self.catalog,
            "download": self.download,
            "last_change": date,
        }


@dataclass(frozen=True)
class LanguageStatus:
    """A language's cells (in the articles' order) and its total with the site catalog."""

    code: str
    bcp47: str
    endonym: str
    direction: str
    cells: tuple[Cell, ...]
    site: Counts
    #: The download of the ``site`` catalog (the page chrome), or of its template.
    site_download: str | None

    @property
    def total(self) -> Counts:
        return [sum(c) for c in zip(self.site, *(cell.counts for cell in self.cells), strict=True)]

    @property
    def percent(self) -> float:
        return percent(self.total)


def status_document(languages: Sequence[LanguageStatus], dates: dict[str, str]) -> dict[str, Any]:
    """The content of ``status.json``."""
    return {
        "version": 1,
        "languages": [
            {
                "language": item.bcp47,
                "code": item.code,
                "name": item.endonym,
                "percent": round(item.percent, 2),
                "translated": item.total[0],
                "fuzzy": item.total[1],
                "untranslated": item.total[2],
                "words": item.total[4],
                "words_translated": item.total[3],
                "badge": f"badges/{item.bcp47}.svg",
                "download": item.site_download,
                "articles": [cell.as_dict(dates[cell.slug]) for cell in item.cells],
            }
            for item in languages
        ],
    }


def band(value: float) -> str:
    """The colour band of a percent: complete, most (80% and more), part."""
    return "complete" if value >= 100 else "most" if value >= 80 else "part"


#: Background per band; each gives white text a contrast of at least 4.5:1 (WCAG AA).
_COLOURS = {"complete": "#1a7f37", "most": "#8a5a00", "part": "#b42318", "label": "#444d56"}


def _text_width(text: str) -> int:
    """An estimate of ``text``'s width in px at 11px Verdana-like type."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return 7 * (len(text) - wide) + 12 * wide


def badge_svg(label: str, value: float, direction: str = "ltr") -> str:
    """A shields-style badge: ``label`` on grey, the percent on its band's colour.

    Its accessible name (``role="img"``, ``<title>``) says both; the percent is text.
    """
    shown = f"{value:.0f}%" if value >= 1 or value == 0 else f"{value:.1f}%"
    left, right = _text_width(label) + 12, _text_width(shown) + 12
    width = left + right
    name = f"{label}: {shown}"
    rtl = ' direction="rtl"' if direction == "rtl" else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f"aria-label={quoteattr(name)}>"
        f"<title>{escape(name)}</title>"
        f'<rect width="{left}" height="20" fill="{_COLOURS["label"]}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{_COLOURS[band(value)]}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{left / 2:g}" y="14"{rtl}>{escape(label)}</text>'
        f'<text x="{left + right / 2:g}" y="14">{escape(shown)}</text>'
        "</g></svg>\n"
    )
