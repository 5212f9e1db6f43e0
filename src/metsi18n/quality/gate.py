"""``check`` and ``lint`` over a project: the findings CI gates on. Never prints.

:func:`check_project` runs, for each selected language and domain: completeness
(translation debt, reported as notices, with whether build publishes the page; a
gate only with ``min_translated``), in sync (templates with the source: errors;
catalogs with their templates, by content not layout: notices), validity (what
``msgfmt --check`` verifies; a catalog that does not parse is one finding) and the
quality checks of ``checks``; then lints the English source (``lint``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from metsi18n import catalogs, languages, site
from metsi18n.config import Settings, publish_threshold
from metsi18n.errors import CatalogError, LocaleError
from metsi18n.model import Document
from metsi18n.po import Message, POFile
from metsi18n.quality import checks as check
from metsi18n.quality import glossary, kept_lint, lint, stats, validity
from metsi18n.quality.findings import ERROR, NOTICE, WARNING, Finding, sort_findings
from metsi18n.quality.terms import Termbase
from metsi18n.storage import EntryRun, read_catalog

RUN_EXPORT = "run: metsi18n export"


@dataclass(frozen=True)
class Catalog:
    """One language's catalog of one domain, as found on disk."""

    language: str
    domain: str
    file: str
    po: POFile | None
    template: POFile | None

    def finding(self, line: int, check: str, severity: str, message: str) -> Finding:
        return Finding(self.file, line, check, severity, message, self.language, self.domain)


def words_list(settings: Settings, path: Path | None = None) -> frozenset[str]:
    """The project's word list: ``path``, else ``words.txt`` at the project root."""
    return lint.read_words(path if path is not None else settings.root / lint.WORDS_FILE)


def lint_project(
    settings: Settings,
    words_path: Path | None = None,
    articles: Sequence[catalogs.ParsedArticle] | None = None,
    termbase: Termbase | None = None,
) -> list[Finding]:
    """Lint every article (title, description, text) and the page chrome's strings;
    with a glossary, a non-preferred English variant of a term is a warning too.

    ``articles``: the parsed articles, when the caller has them; else parsed here, not
    segmented (lint reads no units; the errors are those of segmenting). An article's
    findings are kept in the cache folder (:mod:`metsi18n.quality.kept_lint`).
    """
    words = words_list(settings, words_path)
    if termbase is None:
        termbase = project_termbase(settings)
    run = EntryRun()  # the code's key and the cache folder's leftovers, once per lint
    inputs = kept_lint.lint_inputs_key(settings, words, run)
    found: list[Finding] = []
    for article in catalogs.load_documents(settings) if articles is None else articles:
        found += kept_lint.article_findings(
            settings,
            article,
            inputs,
            functools.partial(_lint_document, article.document, words, termbase),
            run,
        )
    for unit in catalogs.site_units():
        where = unit.locations[0]
        found += lint.lint_text(unit.msgid, where.path, where.line, words, True, "site", termbase)
    return sort_findings(found)


def _lint_document(
    document: Document, words: frozenset[str], termbase: Termbase | None
) -> list[Finding]:
    found: list[Finding] = []
    for text, location in (
        (document.title, document.title_location),
        (document.description, document.description_location),
    ):
        found += lint.lint_text(
            text, location.path, location.line, words, True, document.slug, termbase
        )
    found += lint.lint_blocks(document.blocks, words, document.slug, termbase=termbase)
    return found


def check_project(
    settings: Settings,
    codes: Sequence[str] = (),
    min_translated: float | None = None,
    words_path: Path | None = None,
) -> list[Finding]:
    """Every finding of ``check`` for the languages ``codes`` (all configured when empty).

    Errors are what a reader would see broken (markup, injection, numbers, placeholders,
    an invalid catalog) and templates not exported after a source edit; translation debt
    (untranslated, fuzzy, a catalog not yet merged or created, an article not published
    in a language because it is below :func:`~metsi18n.config.publish_threshold`) is a
    notice. ``min_translated`` adds a gate: a published language's catalog translated
    below it is an error, each unfinished entry too (e.g. 100 before a release).
    """
    found: list[Finding] = []
    termbase = project_termbase(settings)
    notes = None if termbase is None else termbase.notes
    # Parsed and segmented once: the templates, the build's counts and lint share them.
    articles = catalogs.load_articles(settings)
    # Without the memory: it fills only entries new or changed, and a catalog with such
    # an entry is stale whatever the memory holds (it was 9% of check on a big catalog).
    held = ParsedCatalogs()
    exported = catalogs.plan_export(
        settings, keep_going=True, term_notes=notes, articles=articles, memory="off", read=held.keep
    )
    stale, rewrap = set(exported.stale), set(exported.rewrap)
    for file in sorted(stale):
        if file.endswith(".pot"):
            found.append(
                Finding(file, 0, "in-sync", ERROR, f"out of date with the source: {RUN_EXPORT}")
            )
    documents = {article.domain: article.document for article in articles}
    prepared: dict[str, site.Prepared] = {}
    for language in stats.selected_languages(settings, codes):
        loaded: list[Catalog] = []
        for domain in stats.domains(settings):
            catalog, problem = _load(settings, language, domain, held)
            if problem is not None:
                found.append(problem)
                continue
            if catalog.file in stale:
                found += in_sync(catalog)
            elif catalog.file in rewrap:
                message = "content up to date; export will rewrap it (layout only)"
                found.append(catalog.finding(0, "in-sync", NOTICE, message))
            threshold = publish_threshold(settings, language)
            percent = None
            if threshold is not None and domain in documents and _unfinished_any(catalog):
                # The build's own count (tags intact, not fuzzy), for the build's decision.
                if domain not in prepared:
                    prepared[domain] = site.prepare(documents[domain], settings.segmentation)
                text = site.article_text(settings, prepared[domain], language, catalog.po)
                percent = text.percent
            found += completeness(catalog, threshold, percent)
            if min_translated is not None and threshold is not None:
                found += gate(catalog, min_translated)
            found += quality(catalog, termbase)
            loaded.append(catalog)
        found += consistency(loaded)
    found += lint_project(settings, words_path, articles, termbase)
    return sort_findings(found)


def _unfinished_any(catalog: Catalog) -> bool:
    """True when an entry is untranslated or fuzzy (else the page is complete or has
    broken tags, which are errors of their own)."""
    return catalog.po is not None and any(True for _ in _unfinished(catalog.po.messages))


#: How many bytes of catalog files check holds parsed from export's plan for its own
#: stages (each file parsed once); a bigger project's are parsed again, one at a time.
HELD_BYTES = 64_000_000


class ParsedCatalogs:
    """The catalogs and templates export's plan parsed, held for check's stages while
    their files' sizes add up to less than :data:`HELD_BYTES`."""

    def __init__(self, budget: int = HELD_BYTES) -> None:
        self.parsed: dict[str, POFile] = {}
        self.budget = budget

    def keep(self, shown: str, parsed: POFile, size: int) -> None:
        if size <= self.budget and shown not in self.parsed:
            self.parsed[shown] = parsed
            self.budget -= size

    def read(self, path: Path, shown: str, again: bool = False) -> POFile | None:
        """The file ``shown`` at ``path`` parsed, held or read now; a catalog is handed
        out once (its memory freed), a template (``again``) to each language."""
        held = self.parsed.get(shown) if again else self.parsed.pop(shown, None)
        return held if held is not None else read_catalog(path, shown)


def _load(
    settings: Settings, language: str, domain: str, held: ParsedCatalogs | None = None
) -> tuple[Catalog, Finding | None]:
    held = ParsedCatalogs(0) if held is None else held
    po_path, pot_path = settings.po_path(language, domain), settings.pot_path(domain)
    file = settings.relative(po_path)
    template = held.read(pot_path, settings.relative(pot_path), again=True)
    catalog = Catalog(language, domain, file, None, template)
    try:
        po = held.read(po_path, file)
    except CatalogError as exc:
        reason = exc.reason
        return catalog, Finding(file, exc.line or 0, "valid", ERROR, reason, language, domain)
    if po is None:
        return catalog, None
    return Catalog(language, domain, file, po, template), None


def _entries(po: POFile) -> set[tuple[str | None, str, str | None]]:
    return {(m.msgctxt, m.msgid, m.msgid_plural) for m in po.messages if not m.obsolete}


def in_sync(catalog: Catalog) -> list[Finding]:
    """A catalog export would change: a notice saying what the merge will bring.

    Debt, not an error: until it is merged, the page shows the new or changed
    sentences in English (a template out of date with the source is the error).
    """
    if catalog.po is None:
        return []
    detail = "export would change its content"
    line = 0
    if catalog.template is not None:
        have, want = _entries(catalog.po), _entries(catalog.template)
        extra = [
            m
            for m in catalog.po.messages
            if not m.obsolete and (m.msgctxt, m.msgid, m.msgid_plural) not in want
        ]
        line = extra[0].lineno if extra else 0
        detail = f"{len(want - have)} entries of the template missing, {len(extra)} not in it"
    message = f"not merged with its template ({detail}): {RUN_EXPORT}"
    return [catalog.finding(line, "in-sync", NOTICE, message)]


def _summary(counts: stats.Stats, percent: float) -> str:
    return (
        f"{math.floor(percent)}% translated ({counts.messages['translated']} of {counts.total}"
        f", {counts.messages['fuzzy']} fuzzy)"
    )


def completeness(
    catalog: Catalog, threshold: float | None, percent: float | None = None
) -> list[Finding]:
    """Translation debt, as notices: what is missing and whether build publishes the page.

    ``threshold`` is the language's publish threshold (None for a draft); ``percent``
    the article's share of usable units as the build counts it (None for the page
    chrome, which is not held to a threshold).
    """
    language, domain = catalog.language, catalog.domain
    if catalog.po is None:
        state = f"not published in {language} yet" if threshold is not None else "draft"
        message = f"no catalog for {domain} ({state}): {RUN_EXPORT}"
        return [catalog.finding(0, "completeness", NOTICE, message)]
    counts = stats.entry_stats(catalog.po, language, domain, catalog.file)
    shown = counts.percent if percent is None else percent
    if counts.percent >= 100.0 and shown >= 100.0:
        return []
    summary = _summary(counts, shown)
    if threshold is None:
        return [catalog.finding(0, "completeness", NOTICE, f"draft: {summary}")]
    if percent is None:
        message = f"{summary}; the rest shows in English"
    elif percent >= threshold:
        message = f"{summary}; published (needs {threshold:g}%), the rest shows in English"
    else:
        message = (
            f"{summary}; not published: below the {threshold:g}% threshold,"
            " readers get the English page"
        )
    found = [catalog.finding(0, "completeness", NOTICE, message)]
    found += [
        catalog.finding(m.lineno, "completeness", NOTICE, describe(m))
        for m in _unfinished(catalog.po.messages)
    ]
    return found


def gate(catalog: Catalog, min_translated: float) -> list[Finding]:
    """``check --min-translated N``: errors for a catalog translated below N percent."""
    if catalog.po is None:
        message = f"no catalog for {catalog.domain}; --min-translated needs {min_translated:g}%"
        return [catalog.finding(0, "completeness", ERROR, message)]
    counts = stats.entry_stats(catalog.po, catalog.language, catalog.domain, catalog.file)
    if counts.percent >= min_translated:
        return []
    message = f"{_summary(counts, counts.percent)}; --min-translated needs {min_translated:g}%"
    found = [catalog.finding(0, "completeness", ERROR, message)]
    found += [
        catalog.finding(m.lineno, "completeness", ERROR, describe(m))
        for m in _unfinished(catalog.po.messages)
    ]
    return found


def _unfinished(messages: Sequence[Message]) -> Iterator[Message]:
    return (m for m in messages if not m.obsolete and not m.translated)


#: How much of a msgid a finding quotes.
QUOTED = 40


def quote(text: str, width: int = QUOTED) -> str:
    """The start of ``text`` on one line, cut near ``width`` characters (at a space when
    there is one in the second half) with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return repr(flat)
    cut = flat[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return repr(cut.rstrip() + "…")


def describe(message: Message) -> str:
    """An unfinished entry, named by the start of its msgid."""
    if stats.state(message) == "fuzzy":
        return f"fuzzy: {quote(message.msgid)}: review the translation, then remove the fuzzy flag"
    return f"untranslated: {quote(message.msgid)}"


def consistency(catalogs_of_language: Sequence[Catalog]) -> list[Finding]:
    """The same English sentence translated two ways in two catalogs of one language:
    a warning on each entry, naming the other (silenced by ``# ignore-consistency``)."""
    # An English sentence is in one catalog only, mostly: a list only for those in several.
    first: dict[tuple[str | None, str], tuple[Catalog, Message]] = {}
    more: dict[tuple[str | None, str], list[tuple[Catalog, Message]]] = {}
    for catalog in catalogs_of_language:
        for message in catalog.po.messages if catalog.po is not None else ():
            if message.translated and not message.obsolete and message.msgid_plural is None:
                key = (message.msgctxt, message.msgid)
                if key in first:
                    more.setdefault(key, [first[key]]).append((catalog, message))
                else:
                    first[key] = (catalog, message)
    found: list[Finding] = []
    for key in first if more else ():  # in the order the sentences first come
        entries = more.get(key)
        if entries is None or len({message.msgstr for _, message in entries}) < 2:
            continue
        for catalog, message in entries:
            flags = catalogs.silencing(message)
            if "ignore-consistency" in flags:
                continue
            other_catalog, other = next((c, m) for c, m in entries if m.msgstr != message.msgstr)
            text = (
                f"{quote(message.msgid)} is translated otherwise in "
                f"{other_catalog.file}:{other.lineno}: {quote(other.msgstr)}"
            )
            found.append(catalog.finding(message.lineno, "consistency", WARNING, text))
    return found


def project_termbase(settings: Settings) -> Termbase | None:
    """The project's glossary ready for matching, None when none is configured."""
    loaded = glossary.load(settings)
    return Termbase(loaded) if loaded is not None else None


def quality(catalog: Catalog, termbase: Termbase | None = None) -> list[Finding]:
    """Validity of the catalog, then the quality checks of each translated entry."""
    if catalog.po is None:
        return []
    file, language, domain = catalog.file, catalog.language, catalog.domain
    found = validity.validate(catalog.po, file, language, domain)
    try:
        nplurals = languages.language_info(language).nplurals
    except LocaleError:
        nplurals = 2
    one_number = catalogs.one_number_forms(catalog.po.header("Plural-Forms"))
    for message in catalog.po.messages:
        found += check.check_message(
            message, language, file, domain, nplurals, termbase, one_number
        )
    return found
