"""A quote before work starts: per language, the words still to translate by match band.

As CAT tools' analysis prices a job: each untranslated or fuzzy entry of a language's
catalogs (a domain without a catalog counts its template) is looked up in that
language's translation memory (its confirmed translations and the TMX files of
``[memory] tmx``, indexed by :class:`metsi18n.catalogs.NearestTexts`: GNU's measure,
as export's memory uses, on the texts sharing the most rare words) and its source
words, counted as ``stats`` counts them (pocount's rules), go to its match's band:

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

from metsi18n.catalogs import SharedTexts, TmxUnit, load_tmx, quote_memory
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


#: An entry to price: (context, msgid, msgid_plural) and its source words.
_Entry = tuple[tuple[str | None, str, str | None], int]


def _entries(catalog: POFile) -> list[_Entry]:
    """The untranslated and fuzzy entries of ``catalog`` (obsolete ones left out)."""
    return [
        ((message.msgctxt, message.msgid, message.msgid_plural), message_words(message))
        for message in catalog.messages
        if not message.obsolete and not message.translated
    ]


def language_quote(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]] = (),
    shared: SharedTexts | None = None,
) -> Quote:
    """The quote of one language's untranslated and fuzzy entries against its memory.

    Each catalog is read once: its confirmed units go to the memory, its entries to
    price wait (as keys and word counts) until the memory is complete. ``shared``: the
    run's :class:`SharedTexts` (every language's texts, indexed once)."""
    wanted = domains(settings)
    pending: dict[str, list[_Entry]] = {}

    def keep(domain: str, catalog: POFile) -> None:
        if domain in wanted:
            pending[domain] = _entries(catalog)

    nearest = quote_memory(settings, code, tmx, keep, shared)
    quote = Quote(code)
    first: dict[tuple[str | None, str, str | None], str] = {}
    for domain in wanted:
        if domain not in pending:  # no catalog yet: its template is the job
            pot: Path = settings.pot_path(domain)
            pending[domain] = _entries(read_catalog(pot, settings.relative(pot)) or POFile())
        for key, words in pending.pop(domain):
            band = first.get(key)
            if band is None:
                band = first[key] = band_of(nearest.best_percent(key[1], key[0]))
            elif band != "100%":
                band = "repetitions"
            quote.add(band, words)
    return quote


def project_quote(settings: Settings, codes: Sequence[str] = ()) -> list[Quote]:
    """A quote per language (``-l``, or every configured language), one memory at a time."""
    tmx = load_tmx(settings)
    shared = SharedTexts()  # mostly the same English in every language: indexed once
    return [
        language_quote(settings, code, tmx, shared) for code in selected_languages(settings, codes)
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
