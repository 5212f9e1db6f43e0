"""Lint's findings for one article, kept between runs beside the source stage's entries.

An article's findings are a function of its document, the project's word list, its
glossary, wordfreq's lists and metsi18n's code: the key is a digest of the article's
source key (its text, path, metsi18n's code and data, the parser's versions: see
:class:`~metsi18n.source.StoredArticle`), the word list's words, the glossary file's name
and bytes and wordfreq's version. A damaged, truncated or foreign entry is linted again.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import TYPE_CHECKING

from metsi18n.config import Settings
from metsi18n.quality.findings import Finding
from metsi18n.storage import (
    EntryRun,
    cache_key,
    entry_path,
    read_entry,
    write_entry,
)

if TYPE_CHECKING:  # a name for the type only: check of a catalog loads no Markdown parser
    from metsi18n.catalogs import ParsedArticle

#: The kind of entry file (see :func:`metsi18n.storage.entry_path`).
KIND = "lint"


def lint_inputs_key(settings: Settings, words: frozenset[str], run: EntryRun) -> str:
    """A digest of what an article's findings depend on besides the article (the
    code's part worked out by ``run``, as the source stage's is)."""
    glossary = None
    if settings.glossary:
        try:
            glossary = (settings.root / settings.glossary).read_bytes()
        except OSError:
            glossary = None  # the termbase could not have been read either
    return cache_key(
        run.code_key(("wordfreq",)), "\n".join(sorted(words)), settings.glossary, glossary
    )


def article_findings(
    settings: Settings,
    article: ParsedArticle,
    inputs_key: str,
    lint: Callable[[], list[Finding]],
    run: EntryRun,
) -> list[Finding]:
    """The findings ``lint()`` gives for ``article``, from the cache when it has them;
    ``run``: the :class:`~metsi18n.storage.EntryRun` of a lint of many articles (the
    cache folder is then listed for leftovers once, not at every article's write)."""
    path = entry_path(KIND, str(settings.root.resolve()), settings.relative(article.path))
    key = cache_key(article.key, inputs_key)
    payload = read_entry(path, key)
    if payload is not None:
        try:
            return [Finding(*record) for record in marshal.loads(payload)]
        except (ValueError, TypeError, EOFError):
            pass  # records of another shape: linted again
    found = lint()
    records = [
        (f.file, f.line, f.check, f.severity, f.message, f.language, f.domain) for f in found
    ]
    write_entry(path, key, marshal.dumps(records), run)
    return found
