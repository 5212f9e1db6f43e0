"""A quote before work starts: per language, the words still to translate by match band.

As CAT tools' analysis prices a job: each untranslated or fuzzy entry of a language's
catalogs (a domain without a catalog counts its template) is looked up in that
language's translation memory (:mod:`metsi18n.catalogs.memory`: its confirmed
translations and the TMX files of ``[memory] tmx``) and its source words, counted as
``stats`` counts them (pocount's rules), go to the band of its best match:

    100%  exact (same source, same context)   95-99%   85-94%   75-84%   50-74%
    no match (below 50%)                      repetitions

A sentence met again in the same job (the same language, any domain) counts as a
repetition, unless its first occurrence is an exact match: then it is exact too.
The bands add up to the untranslated and fuzzy words of ``stats``. Unlike export's
lookup, the analysis does not check that tags can be mapped, as CAT tools' does not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from metsi18n.catalogs import Memory, SourceIndex, language_memory, load_tmx
from metsi18n.config import Settings
from metsi18n.po import POFile
from metsi18n.quality.stats import domains, message_words, selected_languages
from metsi18n.storage import read_catalog

#: The bands, in the order a quote lists them, with the least percent of each.
BANDS = (
    ("100%", 100),
    ("95-99%", 95),
    ("85-94%", 85),
    ("75-84%", 75),
    ("50-74%", 50),
    ("no match", 0),
    ("repetitions", -1),
)


@dataclass
class Quote:
    """One language's words (and segments) per band."""

    language: str
    words: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _ in BANDS})
    segments: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _ in BANDS})

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    def add(self, band: str, words: int) -> None:
        self.words[band] += words
        self.segments[band] += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "words": dict(self.words),
            "segments": dict(self.segments),
            "total_words": self.total_words,
        }


def band_of(percent: int) -> str:
    """The band a match of ``percent`` falls in."""
    for name, least in BANDS:
        if percent >= least:
            return name
    return "no match"


def language_quote(settings: Settings, code: str, memory: Memory) -> Quote:
    """The quote of one language's untranslated and fuzzy entries against ``memory``."""
    quote = Quote(code)
    seen: set[tuple[str | None, str, str | None]] = set()
    for domain in domains(settings):
        path = settings.po_path(code, domain)
        catalog = read_catalog(path, settings.relative(path))
        if catalog is None:
            pot: Path = settings.pot_path(domain)
            catalog = read_catalog(pot, settings.relative(pot)) or POFile()
        for message in catalog.messages:
            if message.obsolete or message.translated:
                continue
            percent = memory.best_percent(message, 0.5)
            key = (message.msgctxt, message.msgid, message.msgid_plural)
            band = band_of(percent)
            if key in seen and band != "100%":
                band = "repetitions"
            seen.add(key)
            quote.add(band, message_words(message))
    return quote


def project_quote(settings: Settings, codes: Sequence[str] = ()) -> list[Quote]:
    """A quote per language (``-l``, or every configured language), one memory at a time."""
    tmx = load_tmx(settings)
    index = SourceIndex()
    return [
        language_quote(settings, code, language_memory(settings, code, tmx, index=index))
        for code in selected_languages(settings, codes)
    ]


def render_quote(quotes: Sequence[Quote], form: str) -> str:
    """``text``, ``json`` or ``markdown`` (a table for a purchase order)."""
    names = [name for name, _ in BANDS]
    if form == "json":
        return json.dumps([quote.as_dict() for quote in quotes], indent=2) + "\n"
    if form == "markdown":
        lines = [
            "| Language | " + " | ".join(names) + " | Total |",
            "|---|" + "---:|" * (len(names) + 1),
        ]
        for quote in quotes:
            cells = " | ".join(str(quote.words[name]) for name in names)
            lines.append(f"| {quote.language} | {cells} | {quote.total_words} |")
        return "\n".join(lines) + "\n"
    if not quotes:
        return "no languages\n"
    lines = []
    for quote in quotes:
        counts = ", ".join(
            f"{name} {quote.words[name]} words ({quote.segments[name]} segments)" for name in names
        )
        lines.append(f"{quote.language}: {quote.total_words} words to translate: {counts}")
    return "\n".join(lines) + "\n"
