"""A new catalog of a template for one language, and the time stamped into files.

A new catalog takes Last-Translator, Language-Team and Plural-Forms from the catalogs
its language already has, so one language never has two teams or two plural rules.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from metsi18n import po
from metsi18n.catalogs import merge
from metsi18n.catalogs import templates as catalog
from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.errors import CatalogError, ProjectError
from metsi18n.languages import language_info
from metsi18n.po import plurals as pluralrule
from metsi18n.storage import read_if_present


class PlannedTemplate(Protocol):
    """A domain's template as export plans it (``project.PlannedTemplate``)."""

    @property
    def domain(self) -> str: ...

    @property
    def template(self) -> po.POFile: ...


def now_utc() -> datetime.datetime:
    """The time stamped into a changed template: SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ProjectError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from exc
    return datetime.datetime.now(datetime.UTC)


#: Header fields a new catalog takes from the catalogs its language already has.
TEAM_FIELDS = ("Last-Translator", "Language-Team")


#: The values of those fields in gettext's template header: nothing to copy.
_PLACEHOLDERS = ("", "FULL NAME <EMAIL@ADDRESS>", "LANGUAGE <LL@li.org>")


def new_catalog(
    settings: Settings, planned: PlannedTemplate, code: str, teams: dict[str, dict[str, str]]
) -> po.POFile:
    """A new catalog of ``planned`` for ``code``; ``teams`` remembers, per language, the
    :func:`team_fields` found on disk (read once per run, however many catalogs are new)."""
    info = language_info(code)
    revised = catalog.format_date(now_utc())
    forms = language_plural_forms(settings, code)
    new = merge.initial_catalog(
        planned.template, info, settings.name, planned.domain, revised, plural_forms=forms
    )
    if code not in teams:
        teams[code] = team_fields(settings, code)
    copied = teams[code]
    if copied:
        new = replace(new, headers=tuple((k, copied.get(k, v)) for k, v in new.headers))
    return new


def team_fields(settings: Settings, code: str) -> dict[str, str]:
    """Last-Translator and Language-Team as the language's catalogs have them: each from
    the first catalog that sets it, site.po first, then the others by domain. A catalog
    that does not parse is passed over (export names it when it merges it)."""
    found: dict[str, str] = {}
    site = settings.po_path(code, SITE_DOMAIN)
    others = sorted(site.parent.glob("*.po"), key=lambda path: path.stem)
    for path in [site, *(path for path in others if path != site)]:
        header = _header_of(path)
        for name in TEAM_FIELDS:
            value = header.get(name, "")
            if name not in found and value.strip() not in _PLACEHOLDERS:
                found[name] = value
        if len(found) == len(TEAM_FIELDS):
            break
    return found


def _header_of(path: Path) -> dict[str, str]:
    """The header fields of a catalog (only its first entry is parsed), or {}."""
    data = read_if_present(path, CatalogError)
    if data is None:
        return {}
    try:
        head = po.loads(data.split(b"\n\n", 1)[0], str(path))
    except CatalogError:
        return {}
    return dict(head.headers)


def language_plural_forms(settings: Settings, code: str) -> str | None:
    """The Plural-Forms of the language's catalogs, site.po first, then the others by
    domain: a new article's catalog takes it, so one language never has two rules. A
    catalog that does not parse, or whose rule is unusable, is passed over (check names it).
    """
    site = settings.po_path(code, SITE_DOMAIN)
    others = sorted(site.parent.glob("*.po"), key=lambda path: path.stem)
    for path in [site, *(path for path in others if path != site)]:
        value = _header_of(path).get("Plural-Forms")
        if value is not None and pluralrule.usable(value):
            return value
    return None
