"""The parts of an article's page beyond CommonMark: callouts, footnotes, the table of
contents, and the chrome's labels they carry.

Their HTML is markdown-it's (mdit-py-plugins' for footnotes) with what readers of
assistive technology need added: DPUB-ARIA roles, a hidden heading naming the footnotes,
and each back-link's label. Labels are the page chrome's (the ``site`` catalog): the body
holds a NUL-delimited placeholder per label, which :func:`fill_labels` replaces once
the page's chrome is known. NUL never reaches the body otherwise: markdown-it replaces
it in the source, and text is cleaned of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup, escape

from metsi18n.model import Block, Inline

#: The chrome's labels a body may hold: the five callout kinds, the footnotes' hidden
#: heading, a footnote's back-link and the table of contents' heading.
LABELS = ("note", "tip", "important", "warning", "caution", "footnotes", "backlink", "contents")
_LABEL = "\0label {}\0"
_LABEL_RE = re.compile("\0label ([a-z]+)\0")
#: U+21A9 with U+FE0E (text style), as the footnote plugin writes it: no emoji on iOS.
BACK_ARROW = "\u21a9\ufe0e"
#: What a heading's HTML loses in the table of contents: its footnote references (their
#: ids belong to the heading) and its links (a link inside a link is not HTML).
_NOT_IN_CONTENTS = re.compile(r'<sup class="footnote-ref">.*?</sup>|</?a\b[^>]*>')


def label(kind: str) -> str:
    """The placeholder of the chrome's label ``kind`` (one of :data:`LABELS`)."""
    return _LABEL.format(kind)


def fill_labels(body: Markup, labels: Mapping[str, Markup]) -> Markup:
    """``body`` with each label's placeholder replaced (``labels``: HTML by kind, from the
    chrome)."""
    return Markup(_LABEL_RE.sub(lambda match: str(labels[match.group(1)]), str(body)))


def callout(block: Block, inner: str) -> str:
    """A callout (``> [!WARNING]``) as an aside whose title is the chrome's label."""
    kind = block.attr("kind") or "note"
    title = f'<p class="callout-title">{label(kind)}</p>'
    return f'<aside class="callout callout-{kind}" role="note">\n{title}\n{inner}</aside>\n'


def footnote_ref(node: Inline) -> str:
    """A reference to a footnote: its number, and the id its back-link returns to."""
    number = escape(node.attr("number") or "")
    sub = node.attr("sub") or "0"
    suffix = f":{escape(sub)}" if sub != "0" else ""
    return (
        f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{number}{suffix}"'
        f' role="doc-noteref">[{number}{suffix}]</a></sup>'
    )


def footnotes(inner: str) -> str:
    """The footnotes section (``inner``: each footnote's ``li``)."""
    heading = f'<h2 class="visually-hidden" id="footnotes-label">{label("footnotes")}</h2>'
    return (
        '<hr class="footnotes-sep">\n'
        '<section class="footnotes" role="doc-endnotes" aria-labelledby="footnotes-label">\n'
        f'{heading}\n<ol class="footnotes-list">\n{inner}</ol>\n</section>\n'
    )


def footnote(block: Block, inner: str) -> str:
    """One footnote: its blocks, then a back-link to each reference, inside its last
    paragraph when it ends with one (as the plugin places them)."""
    number = escape(block.attr("number") or "")
    links = "".join(
        f' <a href="#fnref{number}{f":{sub}" if sub else ""}" class="footnote-backref"'
        f' role="doc-backlink"><span aria-hidden="true">{BACK_ARROW}</span>'
        f'<span class="visually-hidden">{label("backlink")}</span></a>'
        for sub in range(int(block.attr("refs") or "0"))
    )
    last = block.children[-1] if block.children else None
    if last is not None and last.kind == "paragraph" and inner.endswith("</p>\n"):
        inner = inner[: -len("</p>\n")] + links + "</p>\n"
    else:
        inner += links
    return f'<li id="fn{number}" class="footnote-item">{inner}</li>\n'


def contents(headings: list[tuple[int, str, str]]) -> str:
    """The table of contents: (level, anchor, HTML) of each heading of levels 1 to 3, as
    nested ordered lists under the chrome's "Contents" heading; '' without headings."""
    shown = [(level, anchor, html) for level, anchor, html in headings if level <= 3 and anchor]
    if not shown:
        return ""
    out: list[str] = []
    levels: list[int] = []
    for level, anchor, html in shown:
        if not levels:
            out.append("<ol>\n")
            levels.append(level)
        elif level > levels[-1]:
            out.append("\n<ol>\n")
            levels.append(level)
        else:
            while len(levels) > 1 and level < levels[-1]:
                out.append("</li>\n</ol>\n")
                levels.pop()
            out.append("</li>\n")
        text = _NOT_IN_CONTENTS.sub("", html)
        out.append(f'<li><a href="#{escape(anchor)}">{text}</a>')
    out.extend("</li>\n</ol>\n" for _ in levels)
    heading = f'<h2 id="contents-label">{label("contents")}</h2>'
    return f'<nav class="toc" aria-labelledby="contents-label">\n{heading}\n{"".join(out)}</nav>\n'
