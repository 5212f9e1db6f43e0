"""metsi18n: Markdown articles -> gettext catalogs -> per-language HTML pages."""

__version__ = "0.1.0"
