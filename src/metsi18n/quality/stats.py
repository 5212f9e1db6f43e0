"""Translation statistics per language and domain, with word counts as ``pocount`` makes them.

Words are counted by :func:`metsi18n.po.wordcount`, exactly as Translate Toolkit's
``pocount`` does (translators are paid by the source word); ``site`` counts its
status page and badges with the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from metsi18n import languages, site
from metsi18n.catalogs import reviewed_by
from metsi18n.config import Settings
from metsi18n.errors import ProjectError
from metsi18n.po import STATES, POFile, message_words, state, wordcount
from metsi18n.storage import read_catalog

__all__ = ["STATES", "Stats", "catalog_stats", "message_words", "state", "wordcount"]
FORMATS = ("text", "json", "markdown", "svg")


@dataclass
class Stats:
    """Messages and source words per state, for one catalog or a language's total."""

    language: str
    domain: str
    file: str = ""
    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    #: False when the catalog does not exist yet (counted from its template).
    exists: bool = True
    #: Translated messages whose reviewer's sign-off still holds (``metsi18n review --sign``).
    reviewed: int = 0

    @property
    def total(self) -> int:
        return sum(self.messages[name] for name in STATES[:3])

    @property
    def total_words(self) -> int:
        return sum(self.words[name] for name in STATES[:3])

    @property
    def percent(self) -> float:
        """Percent of the (live) messages translated; 100 for an empty catalog."""
        return 100.0 * self.messages["translated"] / self.total if self.total else 100.0

    def add(self, other: Stats) -> None:
        for name in STATES:
            self.messages[name] += other.messages[name]
            self.words[name] += other.words[name]
        self.reviewed += other.reviewed

    def as_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "domain": self.domain,
            "file": self.file,
            "exists": self.exists,
            "messages": dict(self.messages, total=self.total),
            "words": dict(self.words, total=self.total_words),
            "percent_translated": round(self.percent, 2),
            "reviewed": self.reviewed,
        }


def catalog_stats(po: POFile, language: str, domain: str, file: str = "") -> Stats:
    """Counts of one catalog (header excluded)."""
    result = Stats(language, domain, file)
    for message in po.messages:
        name = state(message)
        result.messages[name] += 1
        result.words[name] += message_words(message)
        if name == "translated" and reviewed_by(message) is not None:
            result.reviewed += 1
    return result


def entry_stats(po: POFile, language: str, domain: str, file: str = "") -> Stats:
    """Counts of one catalog's entries only, its words and sign-offs left at 0: what
    ``check``'s completeness reads (words were 8% of its work on a 6 MB catalog)."""
    result = Stats(language, domain, file)
    for message in po.messages:
        result.messages[state(message)] += 1
    return result


# --- a project ------------------------------------------------------------------------------
def domains(settings: Settings) -> list[str]:
    """The domains that have a template (``locales/<domain>.pot``) or a catalog, sorted."""
    found = {path.stem for path in settings.locales_path.glob("*.pot")}
    found |= {path.stem for path in settings.locales_path.glob("*/LC_MESSAGES/*.po")}
    return sorted(found)


def selected_languages(settings: Settings, codes: Sequence[str] = ()) -> list[str]:
    """POSIX codes of the languages asked for (``-l``), or of every configured language."""
    if not codes:
        return [language.code for language in settings.languages]
    chosen = []
    for code in codes:
        posix = languages.posix_code(code)
        folder = settings.locales_path / posix
        if settings.language(posix) is None and not folder.is_dir():
            raise ProjectError(f"language {code!r} is not in [languages] of metsi18n.toml")
        chosen.append(posix)
    return list(dict.fromkeys(chosen))


def project_stats(settings: Settings, codes: Sequence[str] = ()) -> list[Stats]:
    """Stats per language and domain; a missing catalog counts its template as untranslated."""
    result = []
    for language in selected_languages(settings, codes):
        for domain in domains(settings):
            path = settings.po_path(language, domain)
            po = read_catalog(path, settings.relative(path))
            exists = po is not None
            if po is None:
                pot: Path = settings.pot_path(domain)
                po = read_catalog(pot, settings.relative(pot)) or POFile()
            stats = catalog_stats(po, language, domain, settings.relative(path))
            stats.exists = exists
            result.append(stats)
    return result


def totals(stats: Iterable[Stats]) -> list[Stats]:
    """One total per language, in order of first appearance."""
    by_language: dict[str, Stats] = {}
    for item in stats:
        total = by_language.setdefault(item.language, Stats(item.language, ""))
        total.add(item)
    return list(by_language.values())


# --- output -----------------------------------------------------------------------------------
def render(stats: Sequence[Stats], form: str, settings: Settings | None = None) -> str:
    """``text`` (one line per catalog and a total per language), ``json``, ``markdown``,
    or ``svg``: the badge the build writes as ``badges/<lang>.svg``, for one language."""
    if form == "svg":
        languages_found = totals(stats)
        if len(languages_found) != 1:
            raise ProjectError("--format svg needs exactly one language: -l LANG")
        total = languages_found[0]
        info = languages.language_info(total.language)
        return site.badge_svg(info.endonym, total.percent, info.direction)
    if form == "json":
        document = {
            "catalogs": [item.as_dict() for item in stats],
            "languages": [item.as_dict() for item in totals(stats)],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if form == "markdown":
        return _markdown(totals(stats), settings)
    lines = []
    for total in totals(stats):
        for item in (s for s in stats if s.language == total.language):
            lines.append(_text_line(item.language, item.domain, item))
        lines.append(_text_line(total.language, "total", total))
    return "\n".join(lines) + "\n" if lines else "no languages\n"


def _text_line(language: str, domain: str, item: Stats) -> str:
    counts = ", ".join(
        f"{item.messages[name]} {name} ({item.words[name]} words)" for name in STATES
    )
    missing = " (no catalog yet)" if not item.exists else ""
    reviewed = f"; {item.reviewed} reviewed" if item.reviewed else ""
    return f"{language} {domain}: {item.percent:.0f}% translated; {counts}{reviewed}{missing}"


def _markdown(rows: Sequence[Stats], settings: Settings | None) -> str:
    lines = [
        "| Language | Status | Translated | Fuzzy | Untranslated | Obsolete | Words translated |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        configured = settings.language(row.language) if settings else None
        status = configured.status if configured else ""
        m, w = row.messages, row.words
        lines.append(
            f"| {row.language} | {status} | {row.percent:.0f}% ({m['translated']}/{row.total}) "
            f"| {m['fuzzy']} | {m['untranslated']} | {m['obsolete']} "
            f"| {w['translated']}/{row.total_words} |"
        )
    return "\n".join(lines) + "\n"
