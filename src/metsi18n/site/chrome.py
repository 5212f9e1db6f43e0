"""The page chrome's strings in one language, from its ``site`` catalog, as Jinja2
gettext callables; and the language a page is written in."""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from metsi18n import catalogs
from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.languages import LanguageInfo, language_info
from metsi18n.po import POFile, loads
from metsi18n.site.typography import typesetter

_PLURAL_RE = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+);?\s*\Z")


@dataclass(frozen=True)
class Language:
    """The language a page is written in: BCP 47 code, direction, sentence separator."""

    lang: str
    dir: str
    separator: str = " "


def _plural_rule(header: str | None, fallback: str) -> tuple[str, Any]:
    """The Plural-Forms value the pages use (the catalog's, else the language's) and
    its function of n."""
    for forms in (header, fallback):
        match = _PLURAL_RE.match((forms or "").strip())
        if match:
            try:  # the standard library's safe translation of a C plural formula
                return (forms or "").strip(), gettext.c2py(match.group(2))
            except (ValueError, SyntaxError, RecursionError):
                continue
    return "nplurals=2; plural=n != 1;", gettext.c2py("n != 1")


class Chrome:
    """The page chrome's strings in one language, from its ``site`` catalog.

    The callables follow Jinja2's "newstyle" gettext: they format their keyword
    variables themselves. A translation is escaped, then formatted with escaped
    values; a missing or unusable one (one that check's markup, injection or
    placeholders rule refuses, or that cannot be formatted) gives the English, marked
    ``lang``.
    """

    def __init__(self, po: POFile | None, page: Language, source: Language, plural_forms: str):
        self.page = page
        self.source = source
        self._singular: dict[tuple[str | None, str], str] = {}
        self._plural: dict[tuple[str | None, str], tuple[str, ...]] = {}
        header = po.header("Plural-Forms") if po is not None else None
        rule, self._plural_of = _plural_rule(header, plural_forms)
        # The forms the rule uses for one n may spell the number (as check allows).
        one_number = catalogs.one_number_forms(rule)
        for message in po.messages if po is not None else ():
            if not message.translated or not catalogs.showable_message(
                message, SITE_DOMAIN, one_number
            ):
                continue
            if message.msgid_plural is None:
                self._singular[message.key] = message.msgstr
            else:
                self._plural[message.key] = message.msgstr_plural
        self._typesetter = typesetter(page.lang)

    def _finish(self, translation: str | None, english: str, variables: dict[str, Any]) -> Markup:
        if translation:
            if self._typesetter is not None:
                translation = self._typesetter.format(translation)
            try:
                return Markup(escape(translation)) % variables
            except (KeyError, ValueError, TypeError):
                pass
        text = Markup(escape(english)) % variables
        if self.page.lang == self.source.lang:
            return text
        direction = f' dir="{self.source.dir}"' if self.page.dir != self.source.dir else ""
        return Markup(f'<span lang="{self.source.lang}"{direction}>') + text + Markup("</span>")

    def pgettext(self, context: str | None, message: str, **variables: Any) -> Markup:
        return self._finish(self._singular.get((context, message)), message, variables)

    def gettext(self, message: str, **variables: Any) -> Markup:
        return self.pgettext(None, message, **variables)

    def npgettext(
        self, context: str | None, singular: str, plural: str, num: int, **variables: Any
    ) -> Markup:
        variables.setdefault("num", num)
        forms = self._plural.get((context, singular), ())
        translation = None
        try:
            index = int(self._plural_of(num))
        except (ArithmeticError, ValueError, RecursionError):
            index = -1
        if 0 <= index < len(forms):
            translation = forms[index]
        return self._finish(translation, singular if num == 1 else plural, variables)

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> Markup:
        return self.npgettext(None, singular, plural, num, **variables)

    def callables(self) -> dict[str, Any]:
        return {
            "_": self.gettext,
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "pgettext": self.pgettext,
            "npgettext": self.npgettext,
        }


#: language_info once per code (pyinstrument: Babel's display names on every call).
cached_info = functools.lru_cache(maxsize=None)(language_info)


def language_of(info: LanguageInfo) -> Language:
    return Language(info.bcp47, info.direction, info.sentence_separator)


def language_item(info: LanguageInfo, href: str | None) -> dict[str, Any]:
    return {"lang": info.bcp47, "dir": info.direction, "endonym": info.endonym, "href": href}


@functools.lru_cache(maxsize=64)
def _site_catalog(data: bytes | None, shown: str) -> POFile | None:
    return None if data is None else loads(data, shown)


def chrome_for(settings: Settings, sites: dict[str, bytes | None], code: str) -> Chrome:
    """The page chrome's strings in language ``code`` ('' for the source)."""
    source = cached_info(settings.source_language)
    info = cached_info(code or settings.source_language)
    site = None
    if code:
        where = settings.relative(settings.po_path(code, SITE_DOMAIN))
        site = _site_catalog(sites.get(code), where)
    return Chrome(site, language_of(info), language_of(source), info.plural_forms)
