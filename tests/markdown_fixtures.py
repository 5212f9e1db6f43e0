"""The Markdown conformance cases, read from markdown-it-py's own source distribution.

``bash .ci/run`` downloads the sdist of the markdown-it-py version pinned in
``requirements-test.txt`` into ``test-fixtures/`` (not committed) with
``.ci/fixtures``; this module checks its sha256 against the lock's and reads, without
unpacking, the 652 CommonMark spec examples (``tests/test_cmark_spec/commonmark.json``)
and the GFM table and strikethrough fixtures (``tests/test_port/fixtures/*.md``).

:func:`normalized` is the comparison both sides go through: HTML parsed, entities and
character references decoded (then ``&``, ``<``, ``>`` and, in attributes, ``"`` written
escaped again, one way), attributes sorted, void elements written one way
(``<br>``), whitespace in text collapsed to one space except inside ``<pre>``, and dropped
beside the tags of block elements (``<p>``, ``<li>``...) and line breaks, and
a table cell's ``style="text-align:X"`` read as the ``class="align-..."`` the page
uses instead (CSS logical properties, so right-to-left pages mirror), and GitHub's
alert markup (``<div class="markdown-alert markdown-alert-note">`` and its
``markdown-alert-title``) read as the page's callout
(``<aside class="callout callout-note" role="note">``, ``callout-title``); a heading's
``id`` (the page's anchor) is left out. What the page adds to mdit-py-plugins'
footnotes for assistive technology is left out too: the ``doc-noteref``, ``doc-backlink``
and ``doc-endnotes`` roles, the section's ``aria-labelledby``, an element of class
``visually-hidden`` (the hidden heading, a back-link's label) with its content, and the
``<span aria-hidden="true">`` around a back-link's arrow (its content kept).
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO / "test-fixtures"
GFM_FIXTURES = ("tables.md", "strikethrough.md", "alerts.md")
_PIN = re.compile(
    r"^markdown-it-py==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M
)


@dataclass(frozen=True)
class Case:
    """One conformance case: where it comes from, and its Markdown."""

    name: str  # "spec 12" or "tables.md:34"
    markdown: str

    def __str__(self) -> str:
        return self.name


#: Footnotes (mdit-py-plugins' footnote plugin) and definition lists (its deflist plugin),
#: each case as (name, Markdown). The plugin's sdist ships no test fixtures (0.4.2 to
#: 0.7.0 hold none), so these are written here: the reference is still the locked
#: plugin's own rendering, computed by the test, never a copy of expected HTML.
_PLUGIN_CASES = (
    # footnotes
    ("footnote basic", "Burns hurt.[^1]\n\n[^1]: A source.\n"),
    ("footnote two references", "One[^a] and again[^a].\n\n[^a]: The note.\n"),
    ("footnote order of first reference", "B[^b] then a[^a].\n\n[^a]: A.\n[^b]: B.\n"),
    ("footnote inline", "Text^[an *inline* note] here.\n"),
    ("footnote paragraphs", "See[^n].\n\n[^n]: First.\n\n    Second, indented.\n\nAfter.\n"),
    ("footnote with list", "See[^n].\n\n[^n]: Items:\n\n    - one\n    - two\n"),
    ("footnote with code", "See[^n].\n\n[^n]:\n        code in a note\n"),
    ("footnote with link", 'See[^n].\n\n[^n]: From [WHO](https://who.int "WHO").\n'),
    ("footnote in list item", "- item[^1]\n- other\n\n[^1]: In a list.\n"),
    ("footnote in table", "| a | b |\n|---|---|\n| x[^t] | y |\n\n[^t]: In a cell.\n"),
    ("footnote in heading", "## Dose[^d]\n\nText.\n\n[^d]: Per day.\n"),
    ("footnote in blockquote", "> Quoted[^q].\n\n[^q]: Said by someone.\n"),
    ("footnote definition in blockquote", "x[^1]\n\n> [^1]: Quoted definition.\n"),
    ("footnote in footnote", "A[^1].\n\n[^1]: B[^2].\n[^2]: C.\n"),
    ("footnote label words", "Text[^note-one].\n\n[^note-one]: Named.\n"),
    ("footnote label unicode", "Text[^é].\n\n[^é]: Accent.\n"),
    ("footnote missing definition", "Text[^missing] stays as written.\n"),
    ("footnote empty label", "Text[^] stays.\n\n[^]: Not a note.\n"),
    ("footnote with space in label", "Text[^a b].\n\n[^a b]: Not a note.\n"),
    ("footnote reference escaped", "Text\\[^1].\n\n[^1]: Unused? no, escaped.\n"),
    ("footnote lazy continuation", "See[^1].\n\n[^1]: First line\nlazy second line.\n"),
    ("footnote empty definition", "See[^1].\n\n[^1]:\n"),
    ("footnote in callout", "> [!WARNING]\n> Do not[^w].\n\n[^w]: Ever.\n"),
    ("footnote with emphasis around", "*Stress[^1]*.\n\n[^1]: Inside emphasis.\n"),
    ("footnote unused", "Text.\n\n[^x]: Nobody refers to this.\n"),
    ("footnote defined twice", "Use[^a].\n\n[^a]: One.\n[^a]: Two.\n"),
    # definition lists
    ("deflist basic", "Burn\n: An injury of the skin.\n"),
    ("deflist tilde", "Burn\n~ An injury.\n"),
    ("deflist loose", "Burn\n\n:   An injury of the skin.\n\n    More about it.\n"),
    ("deflist two definitions", "Burn\n: An injury.\n: A place that burns.\n"),
    ("deflist two terms", "Burn\n: An injury.\n\nScald\n: A burn by hot liquid.\n"),
    ("deflist term markup", "*Blister* `x`\n: A bubble of [skin](https://e.org).\n"),
    ("deflist with list", "Steps\n:   - cool\n    - cover\n"),
    ("deflist with code", "Code\n:   ```\n    x = 1\n    ```\n"),
    ("deflist in list", "- Term\n  : Definition.\n"),
    ("deflist nested", "Outer\n:   Inner\n    : Nested definition.\n"),
    ("deflist lazy", "Term\n: Definition\ncontinued lazily.\n"),
    ("deflist after paragraph", "Para one.\n\nTerm\n: Definition.\n\nPara two.\n"),
    ("deflist no term", ": Definition without a term.\n"),
    ("deflist in blockquote", "> Term\n> : Definition.\n"),
    ("deflist multi-line term", "Line one\nLine two\n: Definition.\n"),
    ("deflist and footnote", "Term[^1]\n: Definition[^2].\n\n[^1]: On the term.\n[^2]: On it.\n"),
)

PLUGIN_CASES = tuple(Case(name, markdown) for name, markdown in _PLUGIN_CASES)


def locked_sdist() -> tuple[Path, set[str]]:
    """The path the sdist of the locked markdown-it-py goes to, and the lock's hashes."""
    lock = (REPO / "requirements-test.txt").read_text(encoding="utf-8")
    match = _PIN.search(lock)
    assert match, "requirements-test.txt pins no markdown-it-py"
    hashes = set(re.findall(r"sha256:([0-9a-f]{64})", match.group(2)))
    return FIXTURES_DIR / f"markdown_it_py-{match.group(1)}.tar.gz", hashes


def cases(path: Path, hashes: set[str]) -> list[Case]:
    """Every spec example, then every GFM table and strikethrough fixture, in file order."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest in hashes, f"{path.name}: sha256 {digest} is not the lock's"
    found: list[Case] = []
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            name = member.name.split("/", 1)[-1]
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            if name == "tests/test_cmark_spec/commonmark.json":
                for example in json.loads(handle.read().decode("utf-8")):
                    found.append(Case(f"spec {example['example']}", example["markdown"]))
            elif name.startswith("tests/test_port/fixtures/") and name.endswith(GFM_FIXTURES):
                text = handle.read().decode("utf-8")
                fixture = name.rsplit("/", 1)[-1]
                found.extend(Case(f"{fixture}:{line}", md) for line, md in _fixture_file(text))
    return sorted(found, key=_order)


def _order(case: Case) -> tuple[int, str, int]:
    source, _, number = case.name.replace(":", " ").rpartition(" ")
    return (0 if source == "spec" else 1, source, int(number))


def _fixture_file(text: str) -> list[tuple[int, str]]:
    """(line, markdown) of each case of a markdown-it fixture file (as its own reader)."""
    found: list[tuple[int, str]] = []
    lines = text.splitlines(keepends=True)
    section, last, start = 0, 0, 0
    for index, line in enumerate(lines):
        if line.rstrip() != ".":
            continue
        if section == 0:
            start = index
        elif section == 1:
            found.append((start + 1, "".join(lines[last + 1 : index])))
        section = (section + 1) % 3
        last = index
    return found


#: Space beside a block element's tags, which no reader sees (``<li>\n<p>``).
_BLOCKS = "address|article|aside|blockquote|br|div|dl|dd|dt|figure|h[1-6]|hr|li|ol|p|pre|section"
_AROUND_BLOCK_TAG = re.compile(
    rf"\s*(</?(?:{_BLOCKS}|table|thead|tbody|tr|th|td|ul)(?:\s[^>]*)?>)\s*"
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}
_ALIGN = {"left": "start", "center": "center", "right": "end"}
_FOOTNOTE_ROLES = ("doc-noteref", "doc-backlink", "doc-endnotes")


class _Normalizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0
        self.divs: list[str] = []  # what each open <div> became (a callout's <aside>)
        self.hidden = 0  # depth inside an element only assistive technology reads
        self.spans: list[bool] = []  # whether each open <span> is left out (kept content)

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        values = dict((key, value or "") for key, value in attrs)
        alert = values.get("class", "").split()
        if alert[:1] == ["markdown-alert"]:  # GitHub's alert as the page's callout
            kind = alert[1].removeprefix("markdown-alert-")
            values.update({"class": f"callout callout-{kind}", "role": "note"})
        elif alert == ["markdown-alert-title"]:
            values["class"] = "callout-title"
        if re.fullmatch("h[1-6]", tag):
            values.pop("id", None)  # the page's anchor, the same in every language
        if values.get("role", "") in _FOOTNOTE_ROLES:
            values.pop("role")
        if values.get("aria-labelledby") == "footnotes-label":
            values.pop("aria-labelledby")
        style = values.pop("style", "")
        if tag in ("th", "td") and style.startswith("text-align:"):
            values["class"] = "align-" + _ALIGN[style.split(":", 1)[1].strip()]
        elif style:
            values["style"] = style
        return "".join(f' {key}="{escape(value)}"' for key, value in sorted(values.items()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict((key, value or "") for key, value in attrs)
        if self.hidden or "visually-hidden" in values.get("class", "").split():
            self.hidden += tag not in _VOID
            return
        if tag == "span":
            self.spans.append(values.get("aria-hidden") == "true")
            if self.spans[-1]:
                return
        if tag == "div":
            alert = ("class", "markdown-alert") in [(k, (v or "").split(" ")[0]) for k, v in attrs]
            tag = "aside" if alert else "div"
            self.divs.append(tag)
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            return
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.hidden:
            self.hidden -= 1
            return
        if tag == "span" and self.spans and self.spans.pop():
            return
        if tag == "div" and self.divs:
            tag = self.divs.pop()
        self.out.append(f"</{tag}>")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        data = escape(data, quote=False)
        self.out.append(data if self.pre else "\0" + data + "\0")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def normalized(html: str) -> str:
    """``html`` in the comparison's canonical form (see the module's docstring)."""
    parser = _Normalizer()
    parser.feed(html)
    parser.close()
    joined = "".join(parser.out)
    # text outside <pre> is marked with NULs: collapse its whitespace, drop it at edges
    pieces = re.split(r"\0([^\0]*)\0", joined)
    text = "".join(
        re.sub(r"\s+", " ", piece) if index % 2 else piece for index, piece in enumerate(pieces)
    )
    return _AROUND_BLOCK_TAG.sub(r"\1", text).strip()
