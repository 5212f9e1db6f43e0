"""Markdown as every Markdown tool renders it: the CommonMark spec and GFM fixtures.

Each case (the 652 examples of CommonMark 0.31.2 and markdown-it-py's table,
strikethrough and alert fixtures, read from the locked markdown-it-py's sdist: see
``tests/markdown_fixtures.py``) is an article's body. The English page must equal
markdown-it-py's own rendering with the project's parser preset, after
:func:`normalized`; a translation that repeats every unit must give the English page
byte for byte, and a pseudo-translation must keep every element and attribute.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from markupsafe import Markup

from metsi18n.cli import main
from metsi18n.errors import SourceError
from metsi18n.site import parts
from metsi18n.site.media import local_images
from metsi18n.site.page import Language, fill_labels, prepare, render_article
from metsi18n.source import TAG_RE, document_units
from metsi18n.source.article import markdown_parser, parse_document
from tests.markdown_fixtures import (
    GFM_FIXTURES,
    PLUGIN_CASES,
    Case,
    cases,
    locked_sdist,
    normalized,
)

EN = Language("en", "ltr")
CS = Language("cs", "ltr")
#: A page language the build has no typographic rules for (Czech would bind "a", "v"...),
#: so an identity translation must give the English page byte for byte.
NL = Language("nl", "ltr")
CALLOUTS = ("note", "tip", "important", "warning", "caution")
HEAD = "---\ntitle: Example\nslug: {slug}\ndate: 2026-01-01\n---\n"

#: Where the page differs from markdown-it on purpose, and why (README: "Markdown").
DIFFERENT_ON_PURPOSE = {
    # Text written like a numbered tag would read as markup in the catalog: refused
    # with one error line (exit 2) rather than shown to translators ambiguously.
    "spec 618": "text contains something written like an inline tag",
    # The footnote plugin drops a definition nobody refers to, and all but the last of
    # two with one label: refused on the definition's line, no text silently lost.
    "footnote unused": "footnote \\[\\^x\\] is never referred to",
    "footnote reference escaped": "footnote \\[\\^1\\] is never referred to",
    "footnote defined twice": "footnote \\[\\^a\\] is defined twice",
}


def _all_cases() -> list[Case]:
    path, hashes = locked_sdist()
    if not path.exists():
        if os.environ.get("METSI18N_REQUIRE_FIXTURES"):
            pytest.fail(f"{path} is missing: run 'bash .ci/fixtures'")
        return []
    return [*cases(path, hashes), *PLUGIN_CASES]


CASES = _all_cases()
pytestmark = pytest.mark.skipif(
    not CASES, reason="markdown-it-py's sdist not in test-fixtures/ (bash .ci/fixtures)"
)
CHECKED = [case for case in CASES if case.name not in DIFFERENT_ON_PURPOSE]


def article(case: Case, slug: str = "example") -> str:
    return HEAD.format(slug=slug) + case.markdown


#: The callout labels of the English chrome, as markdown-it writes them.
LABELS = {kind: Markup(kind.capitalize()) for kind in parts.LABELS}


def english_body(case: Case) -> str:
    prepared = prepare(parse_document(article(case), "a.md"), "sentence")
    return str(fill_labels(render_article(prepared, {}, EN, EN).body, LABELS))


def test_every_case_is_read_from_the_locked_markdown_it_py() -> None:
    spec = [case for case in CASES if case.name.startswith("spec ")]
    gfm = {name: [c for c in CASES if c.name.startswith(name + ":")] for name in GFM_FIXTURES}
    assert len(spec) == 652
    assert all(gfm.values())
    assert len(CASES) == 652 + sum(map(len, gfm.values())) + len(PLUGIN_CASES)


def test_the_normalization_keeps_what_a_reader_sees() -> None:
    assert normalized('<p>a &amp; <img src="x" alt="y" /></p>\n') == (
        '<p>a &amp; <img alt="y" src="x"></p>'
    )
    assert normalized("<pre><code>a\n  b</code></pre>") == "<pre><code>a\n  b</code></pre>"
    assert normalized("<p>a\n  b</p>") == "<p>a b</p>"
    assert normalized("<p>a b</p>") != normalized("<p>ab</p>")
    assert normalized("<p>&lt;a&gt; &#38; &quot;</p>") == '<p>&lt;a&gt; &amp; "</p>'
    assert normalized("<p>&lt;a&gt;</p>") != normalized("<p><a></p>")
    assert normalized("<em>a</em>") != normalized("<strong>a</strong>")
    assert normalized("<p>a <em>b</em></p>") != normalized("<p>a<em>b</em></p>")
    assert normalized("<ul>\n<li>\n<p>a</p>\n</li>\n</ul>") == "<ul><li><p>a</p></li></ul>"
    assert normalized('<a href="x">m</a>') != normalized('<a href="mailto:x">m</a>')


@pytest.mark.parametrize("case", CHECKED, ids=str)
def test_english_page_renders_as_markdown_it_does(case: Case) -> None:
    assert normalized(english_body(case)) == normalized(markdown_parser().render(case.markdown))


@pytest.mark.parametrize("case", list(DIFFERENT_ON_PURPOSE), ids=str)
def test_each_difference_on_purpose_is_refused_with_its_reason(case: str) -> None:
    (found,) = [c for c in CASES if c.name == case]
    with pytest.raises(SourceError, match=DIFFERENT_ON_PURPOSE[case]):
        english_body(found)


def _translated(case: Case, translate: Callable[[str], str]) -> tuple[str, str]:
    document = parse_document(article(case), "a.md")
    prepared = prepare(document, "sentence")
    translations = {unit.msgid: translate(unit.msgid) for unit in document_units(document)}
    english = str(fill_labels(render_article(prepared, {}, NL, EN).body, LABELS))
    body = render_article(prepared, translations, NL, EN).body
    translated = str(fill_labels(body, LABELS))
    return english, translated


@pytest.mark.parametrize("case", CHECKED, ids=str)
def test_identity_translation_gives_the_english_page(case: Case) -> None:
    english_source = english_body(case)
    _, translated = _translated(case, lambda msgid: msgid)
    assert translated == english_source


def _structure(html: str) -> list[str]:
    """Elements and attributes only: text and the (translated) alt and title dropped."""
    tags = re.findall(r"<[^>]*>", normalized(html))
    return [re.sub(r'\s(alt|title)="[^"]*"', "", tag) for tag in tags]


@pytest.mark.parametrize("case", CHECKED, ids=str)
def test_pseudo_translation_keeps_every_element_and_attribute(case: Case) -> None:
    source = english_body(case)
    _, translated = _translated(case, pseudo)
    assert "<span lang" not in translated  # every unit's translation was usable
    assert _structure(translated) == _structure(source)


def pseudo(msgid: str) -> str:
    """Every text of ``msgid`` uppercased, its tags kept."""
    out, position = [], 0
    for match in TAG_RE.finditer(msgid):
        out.append(msgid[position : match.start()].upper())
        out.append(match.group(0))
        position = match.end()
    out.append(msgid[position:].upper())
    return "".join(out)


def _words(html: str) -> list[str]:
    """The text a reader gets: text nodes and alt texts, whitespace-separated."""
    shape = normalized(html)
    alts = re.findall(r'\salt="([^"]*)"', shape)
    return " ".join([re.sub(r"<[^>]*>", " ", shape), *alts]).split()


def test_every_case_builds_or_is_refused_and_no_text_is_lost(
    tmp_path: Path, runner: CliRunner
) -> None:
    """All cases as one project's articles through the CLI: export and build exit 0,
    and each page holds every word markdown-it shows; each refused case exits 2."""
    (tmp_path / "metsi18n.toml").write_text(
        '[project]\nname = "Spec"\nbase_url = "https://example.org/"\n\n[languages]\n',
        encoding="utf-8",
    )
    source = tmp_path / "source"
    source.mkdir()
    slugs = {}
    for number, case in enumerate(CHECKED):
        slugs[case.name] = slug = f"case-{number}"
        (source / f"{slug}.md").write_text(article(case, slug), encoding="utf-8")
        # the images it shows from the project (train.jpg...), as build wants them there
        for src, _ in local_images(parse_document(article(case), "a.md")):
            image = source / unquote(src.split("#", 1)[0].split("?", 1)[0])
            image.parent.mkdir(parents=True, exist_ok=True)
            image.touch()
    assert runner.invoke(main, ["-C", str(tmp_path), "export"]).exit_code == 0
    built = runner.invoke(main, ["-C", str(tmp_path), "build", "-o", str(tmp_path / "site")])
    assert built.exit_code == 0, built.output
    lost = []
    for case in CHECKED:
        page = (tmp_path / "site" / "en" / f"{slugs[case.name]}.html").read_text("utf-8")
        body = page.split("</time></p>\n", 1)[1].rsplit("</article>", 1)[0]
        if _words(body) != _words(markdown_parser().render(case.markdown)):
            lost.append(case.name)
    assert lost == []
    for number, name in enumerate(DIFFERENT_ON_PURPOSE):
        (case,) = [c for c in CASES if c.name == name]
        refused = tmp_path / f"refused-{number}"
        (refused / "source").mkdir(parents=True)
        (refused / "metsi18n.toml").write_text((tmp_path / "metsi18n.toml").read_text())
        (refused / "source" / "a.md").write_text(article(case, "a"), encoding="utf-8")
        result = runner.invoke(main, ["-C", str(refused), "build", "-o", str(refused / "site")])
        assert result.exit_code == 2
        assert re.fullmatch(r"error: source/a\.md:\d+: [^\n]+\n", result.output), result.output
