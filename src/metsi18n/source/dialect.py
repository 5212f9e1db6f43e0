"""The Markdown dialect of source articles, and what it refuses rather than lose text.

CommonMark with tables, strikethrough and GitHub's alert callouts (markdown-it-py), and
footnotes and definition lists (mdit-py-plugins, markdown-it-py's companion). The
footnote plugin silently drops a definition nobody refers to, and keeps only the last of
two definitions with one label: :func:`footnote_errors` names each, on its line.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from metsi18n.errors import SourceError

#: Where :func:`_record_definitions` leaves each footnote definition: (label, 0-based line).
_DEFINITIONS = "metsi18n_footnote_definitions"


def markdown_parser() -> MarkdownIt:
    """The Markdown dialect of source articles: CommonMark with tables, strikethrough,
    GitHub's alert callouts (``> [!WARNING]``), footnotes (``[^1]``, ``^[inline]``) and
    definition lists (``Term`` then ``: definition``)."""
    parser = MarkdownIt("commonmark", {"alerts": True}).enable(["table", "strikethrough"])
    parser.use(footnote_plugin).use(deflist_plugin)
    parser.core.ruler.before("footnote_tail", "metsi18n_definitions", _record_definitions)
    return parser


def _record_definitions(state: StateCore) -> None:
    """Note every footnote definition before the plugin's tail step moves or drops it."""
    found = [
        (str(token.meta["label"]), token.map[0] if token.map else 0)
        for token in state.tokens
        if token.type == "footnote_reference_open"
    ]
    state.env[_DEFINITIONS] = found


def footnote_errors(env: dict[str, object], path: str, offset: int) -> SourceError | None:
    """The first footnote definition whose text the page would not show, as an error:
    one given twice (the plugin keeps the last), or one never referred to."""
    definitions = env.get(_DEFINITIONS)
    if not isinstance(definitions, list):
        return None
    footnotes = env.get("footnotes")
    refs = footnotes.get("refs", {}) if isinstance(footnotes, dict) else {}
    seen: dict[str, int] = {}
    for label, line in definitions:
        if label in seen:
            where = f"line {offset + seen[label] + 1}"
            reason = f"footnote [^{label}] is defined twice (first on {where}); remove one"
            return SourceError(reason, path, offset + line + 1)
        seen[label] = line
        if refs.get(":" + label, -1) < 0:
            reason = f"footnote [^{label}] is never referred to: its text would not be shown"
            return SourceError(reason, path, offset + line + 1)
    return None
