"""Footnotes, definition lists and the table of contents: units, pages in every language,
and the input that would lose text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import Markup

from metsi18n.cli import main
from metsi18n.errors import SourceError
from metsi18n.site import parts
from metsi18n.site.page import Language, fill_labels, prepare, render_article
from metsi18n.source import document_units
from metsi18n.source.article import parse_document

EN = Language("en", "ltr")
AR = Language("ar", "rtl")
HEAD = "---\ntitle: Burns\nslug: burns\ndate: 2026-03-14\n---\n\n"
ARTICLE = HEAD + (
    "Cool the burn at once.[^water] Do not use ice.[^ice]\n"
    "\n"
    "Keep it clean.[^water]\n"
    "\n"
    "[^water]: Cool running water, as the [NHS advises](https://www.nhs.uk/burns).\n"
    "\n"
    "[^ice]: Ice harms the skin.\n"
)
LABELS = {kind: Markup(f"[{kind}]") for kind in parts.LABELS}


def units(text: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """msgid -> (line, comments) of each unit of an article."""
    document = parse_document(text, "a.md")
    return {u.msgid: (u.locations[0].line, u.comments) for u in document_units(document)}


def page(text: str, translations: dict[str, str], language: Language = EN, **kw: bool) -> str:
    prepared = prepare(parse_document(text, "a.md"), "sentence")
    return str(fill_labels(render_article(prepared, translations, language, EN, **kw).body, LABELS))


def test_each_footnote_is_a_unit_that_says_which_footnote_it_is() -> None:
    found = units(ARTICLE)
    assert found["Cool running water, as the <1>NHS advises</1>."] == (
        11,
        ("Footnote 1, paragraph 1", "Tags: <1>...</1> link. Keep them; they may move."),
    )
    assert found["Ice harms the skin."] == (13, ("Footnote 2, paragraph 1",))
    # a reference after a full stop is a tag of its sentence; the next sentence is its own
    assert "Cool the burn at once.<1/>" in found
    assert "Do not use ice.<1/>" in found
    assert found["Keep it clean.<1/>"][1][-1] == (
        "Tags: <1/> footnote reference. Keep them; they may move."
    )


def test_an_inline_footnote_is_a_unit_placed_on_the_line_of_its_reference() -> None:
    found = units(HEAD + "First.\n\nCool it^[With *cool* water.] now.\n")
    assert found["With <1>cool</1> water."][0] == 9
    assert found["Cool it<1/> now."][0] == 9


def test_numbers_ids_and_back_links_are_the_sources_in_every_language() -> None:
    arabic = {
        "Cool the burn at once.<1/>": "برّد الحرق فورًا.<1/>",
        "Do not use ice.<1/>": "<1/>لا تستعمل الثلج.",  # the reference moved: still [2]
        "Keep it clean.<1/>": "حافظ على نظافته.<1/>",
        "Cool running water, as the <1>NHS advises</1>.": "ماء جارٍ، كما <1>تنصح NHS</1>.",
        "Ice harms the skin.": "الثلج يؤذي الجلد.",
    }
    english, translated = page(ARTICLE, {}), page(ARTICLE, arabic, AR)

    def links(html: str) -> list[tuple[str, str]]:
        return re.findall(r'<a href="([^"]*)"(?: id="([^"]*)")?', html)

    assert links(translated) == links(english)
    assert links(english) == [
        ("#fn1", "fnref1"),
        ("#fn2", "fnref2"),
        ("#fn1", "fnref1:1"),
        ("https://www.nhs.uk/burns", ""),
        ("#fnref1", ""),
        ("#fnref1:1", ""),
        ("#fnref2", ""),
    ]
    assert re.findall(r'<li id="(fn\d)"', translated) == ["fn1", "fn2"]
    assert (
        '<sup class="footnote-ref"><a href="#fn2" id="fnref2" role="doc-noteref">[2]</a>'
        in (translated.split("لا تستعمل")[0])
    )


def test_the_footnotes_are_a_labelled_section_with_labelled_back_links() -> None:
    html = page(ARTICLE, {})
    assert (
        '<section class="footnotes" role="doc-endnotes" aria-labelledby="footnotes-label">\n'
        '<h2 class="visually-hidden" id="footnotes-label">[footnotes]</h2>\n'
    ) in html
    assert html.count('role="doc-backlink"') == 3
    assert html.count('<span class="visually-hidden">[backlink]</span>') == 3
    # the back-links close the footnote's last paragraph, as the plugin places them
    assert (
        '<li id="fn2" class="footnote-item"><p>Ice harms the skin. <a href="#fnref2"'
        ' class="footnote-backref" role="doc-backlink"><span aria-hidden="true">↩︎</span>'
        '<span class="visually-hidden">[backlink]</span></a></p>\n</li>\n'
    ) in html


def test_a_translation_cannot_change_a_footnotes_link_target() -> None:
    evil = {"Cool running water, as the <1>NHS advises</1>.": '<a href="javascript:x">x</a>'}
    html = page(ARTICLE, evil)
    assert "javascript" not in html.replace("&lt;a href=&#34;javascript:x&#34;&gt;", "")
    assert "&lt;a href=" in html


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (HEAD + "Text.\n\n[^x]: Nobody refers to this.\n", 9, "footnote [^x] is never referred to"),
        (
            HEAD + "Use[^a].\n\n[^a]: One.\n[^a]: Two.\n",
            10,
            "footnote [^a] is defined twice (first on line 9)",
        ),
    ],
)
def test_a_footnote_whose_text_would_be_lost_is_refused_on_its_line(
    text: str, line: int, reason: str
) -> None:
    with pytest.raises(SourceError) as error:
        parse_document(text, "a.md")
    assert error.value.line == line
    assert reason in str(error.value)


def test_a_lost_footnote_is_one_error_line_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "metsi18n.toml").write_text(
        '[project]\nname = "T"\nbase_url = "https://example.org/"\n\n[languages]\n'
    )
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(HEAD + "Text.\n\n[^x]: Lost.\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "export"])
    assert result.exit_code == 2
    assert result.output == (
        "error: source/a.md:9: footnote [^x] is never referred to: its text would not be shown\n"
    )


def test_a_reference_to_a_missing_footnote_shows_as_written() -> None:
    html = page(HEAD + "Text[^missing] here.\n", {})
    assert html == "<p>Text[^missing] here.</p>\n"


DEFINITIONS = (
    HEAD + "Blister\n: A bubble under the skin. Leave it closed.\n\nScald *burn*\n: Hot.\n"
)


def test_terms_and_definitions_are_units() -> None:
    found = units(DEFINITIONS)
    assert found["Blister"] == (7, ("Term 1 of a definition list",))
    assert found["A bubble under the skin."] == (
        8,
        ("Definition 1 (of the term above it), paragraph 1, sentence 1",),
    )
    assert found["Scald <1>burn</1>"][1][0] == "Term 2 of a definition list"
    assert found["Hot."][1] == ("Definition 2 (of the term above it), paragraph 1",)


def test_a_definition_list_renders_in_the_pages_language() -> None:
    html = page(DEFINITIONS, {"Blister": "فقاعة", "Hot.": "ساخن."}, AR)
    assert html.startswith("<dl>\n<dt>فقاعة</dt>\n<dd>\n")
    assert "<dd>\nساخن.\n</dd>\n</dl>\n" in html


CONTENTS = HEAD + "## Cool it[^1]\n\nText.\n\n### With [water](https://e.org)\n\n## Ask {#ask}\n"
CONTENTS += "\n[^1]: Note.\n    ---\n"  # a heading inside a footnote is no section


def test_the_table_of_contents_lists_the_headings_in_the_pages_language() -> None:
    arabic = {"Cool it<1/>": "برّده<1/>", "With <1>water</1>": "<1>بالماء</1>", "Ask": "اسأل"}
    html = page(CONTENTS, arabic, AR, toc=True)
    assert html.split("</nav>\n")[0] == (
        '<nav class="toc" aria-labelledby="contents-label">\n'
        '<h2 id="contents-label">[contents]</h2>\n'
        "<ol>\n"
        '<li><a href="#cool-it">برّده</a>\n'
        "<ol>\n"
        '<li><a href="#with-water">بالماء</a></li>\n'
        "</ol>\n"
        "</li>\n"
        '<li><a href="#ask">اسأل</a></li>\n'
        "</ol>\n"
    )
    assert "<nav" not in page(CONTENTS, arabic, AR)


def test_the_front_matter_decides_the_table_of_contents_over_the_setting(
    tmp_path: Path,
) -> None:
    (tmp_path / "metsi18n.toml").write_text(
        '[project]\nname = "T"\nbase_url = "https://example.org/"\ntoc = true\n\n[languages]\n'
    )
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.md").write_text(CONTENTS.replace("slug: burns", "slug: a"))
    (source / "b.md").write_text(CONTENTS.replace("slug: burns", "slug: b\ntoc: false"))
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert '<nav class="toc"' in (tmp_path / "o" / "en" / "a.html").read_text()
    assert '<nav class="toc"' not in (tmp_path / "o" / "en" / "b.html").read_text()
    assert ">Contents</h2>" in (tmp_path / "o" / "en" / "a.html").read_text()


def test_a_toc_that_is_not_true_or_false_is_refused_on_its_line() -> None:
    with pytest.raises(SourceError) as error:
        parse_document(HEAD.replace("date:", "toc: yes please\ndate:"), "a.md")
    assert (error.value.line, error.value.reason) == (4, "toc must be true or false")
