"""The errors metsi18n raises: one base class and a few kinds.

``str(error)`` is the whole message a user sees, in the form
``FILE:LINE: reason`` wherever a place in a file is known.
"""

from __future__ import annotations


class Metsi18nError(Exception):
    """Base of every error metsi18n raises on bad input or a bad project."""

    def __init__(self, reason: str, path: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.reason
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


class SourceError(Metsi18nError):
    """A source article cannot be read: front matter, Markdown, slug, empty text."""


class CatalogError(Metsi18nError):
    """A PO or POT file cannot be read or written."""


class LocaleError(Metsi18nError):
    """A language code is unknown to CLDR or unsafe as a folder name."""


class ProjectError(Metsi18nError):
    """The project's configuration or layout is missing or invalid."""


class RenderError(Metsi18nError):
    """A page cannot be rendered (a template is missing or fails)."""
