"""source.py: front matter and Markdown -> Document, with lines and clear errors."""

from __future__ import annotations

import datetime

import pytest
import yaml

from metsi18n.errors import SourceError
from metsi18n.source import article as source
from metsi18n.source import parse_document

from .conftest import REPO

HEAD = "---\ntitle: A title\ndescription: A description.\nslug: an-article\ndate: 2026-01-02\n---\n"


def test_the_article_parses_with_its_front_matter() -> None:
    path = REPO / "source" / "liver-metastases.md"
    document = parse_document(path.read_text(encoding="utf-8"), "source/liver-metastases.md")
    assert document.title == "What are liver metastases?"
    assert document.slug == "liver-metastases"
    assert document.date == datetime.date(2026, 12, 1)
    assert document.description.startswith("Liver metastases are cancer")
    assert [block.kind for block in document.blocks] == ["paragraph"] * 4
    assert [block.location.line for block in document.blocks] == [10, 22, 30, 37]


def test_blocks_keep_their_source_lines_and_structure() -> None:
    text = HEAD + "\n# Heading\n\nText.\n\n- one\n- two\n\n```\ncode\n```\n\n<div>raw</div>\n"
    document = parse_document(text, "a.md")
    kinds = [(block.kind, block.location.line) for block in document.blocks]
    assert kinds == [
        ("heading", 8),
        ("paragraph", 10),
        ("bullet_list", 12),
        ("code", 15),
        ("html", 19),
    ]
    assert document.blocks[3].text == "code\n"
    assert document.blocks[4].text == "<div>raw</div>\n"
    assert document.title_location.line == 2


def test_inline_markup_becomes_nodes() -> None:
    text = HEAD + "\nSee *this* and [that](https://x.org/a) or `code` and <https://auto.org>.\n"
    nodes = parse_document(text, "a.md").blocks[0].inline
    assert [(n.kind, n.tag) for n in nodes if n.kind != "text"] == [
        ("open", "em"),
        ("close", "em"),
        ("open", "link"),
        ("close", "link"),
        ("void", "code"),
        ("void", "autolink"),
    ]
    link = next(n for n in nodes if n.tag == "link")
    assert link.attr("href") == "https://x.org/a"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("No front matter.\n", 1, "missing YAML front matter"),
        ("---\ntitle: x\n", 1, "not closed"),
        # The '[' left open is on line 2; YAML notices on line 3.
        ("---\ntitle: [unclosed\nslug: a\n---\nText.\n", 2, "invalid front matter"),
        ("---\ntitle: T\nslug: Not A Slug\ndate: 2026-01-01\n---\nText.\n", 3, "not a plain name"),
        ("---\ntitle: T\nslug: ../etc\ndate: 2026-01-01\n---\nText.\n", 3, "not a plain name"),
        ("---\nslug: a\ndate: 2026-01-01\n---\nText.\n", 1, "no 'title'"),
        ("---\ntitle: T\nslug: a\ndate: yesterday\n---\nText.\n", 4, "date must be"),
        ("---\n- a list\n---\nText.\n", 2, "must be a mapping"),
    ],
)
def test_bad_input_names_the_file_and_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_document(text, "source/bad.md")
    assert caught.value.line == line
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"source/bad.md:{line}: ")


def test_crlf_and_bom_are_read() -> None:
    text = "\ufeff" + (HEAD + "\nText here.\n").replace("\n", "\r\n")
    document = parse_document(text, "a.md")
    assert document.blocks[0].location.line == 8


def test_libyaml_and_python_loaders_read_front_matter_alike() -> None:
    text = (
        "title: 'What are liver metastases?'\ndescription: >\n  Folded\n  text\n"
        "date: 2026-11-20\ntags: [liver, cancer]\nreviewed: true\ncount: 3\n"
        "author: {name: Jana, 'role': editor}\nnote: \"Quoted \\u00e9\"\n"
    )
    assert source._FAST_LOADER is yaml.CSafeLoader  # PyYAML's wheels ship libyaml
    fast = source._load(text, source._FAST_LOADER)
    slow = source._load(text, yaml.SafeLoader)
    assert fast[0] == slow[0]
    assert fast[1] is not None
    assert slow[1] is not None
    lines = [(k.value, k.start_mark.line) for k, _ in fast[1].value]
    assert lines == [(k.value, k.start_mark.line) for k, _ in slow[1].value]


def front_matter_error(front_matter: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_document(f"---\n{front_matter}---\n\nSome text.\n", "source/x.md")
    return caught.value


@pytest.mark.parametrize(
    ("front_matter", "line", "reason"),
    [
        (
            'title: "What are liver metastases?\ndescription: D.\nslug: a\ndate: 2026-01-02\n',
            2,
            "found unexpected end of stream while scanning a quoted scalar",
        ),
        (
            "title: T\ndescription: 'D.\nslug: a\ndate: 2026-01-02\nextra: x\n",
            3,
            "while scanning a quoted scalar",
        ),
        ("title: T\nslug: a\n  date: 2026-01-02\n", 4, "mapping values are not allowed here"),
        ("title: T\n  slug: a\ndate: 2026-01-02\n", 3, "mapping values are not allowed here"),
        ("title: T\n\tslug: a\ndate: 2026-01-02\n", 3, "a tab, which YAML does not allow"),
        ("title: T\nslug a\ndate: 2026-01-02\n", 3, "could not find expected ':'"),
        ("title: {a: b\nslug: a\ndate: 2026-01-02\n", 2, "while parsing a flow mapping"),
    ],
    ids=["quote-line-2", "quote-line-3", "indent", "indent-key", "tab", "no-colon", "brace"],
)
def test_a_front_matter_error_names_the_line_where_the_bad_construct_starts(
    front_matter: str, line: int, reason: str
) -> None:
    error = front_matter_error(front_matter)
    assert str(error).startswith(f"source/x.md:{line}: invalid front matter: ")
    assert reason in error.reason


@pytest.mark.parametrize(
    ("date", "why"),
    [("2026-13-45", "month must be in 1..12"), ("2026-02-30", "day is out of range for month")],
)
def test_an_impossible_date_is_an_error_on_its_line_not_a_crash(date: str, why: str) -> None:
    error = front_matter_error(f"title: T\nslug: a\ndescription: D.\ndate: {date}\n")
    assert str(error) == (
        f"source/x.md:5: invalid front matter: date: '{date}' cannot be read ({why})"
    )


def test_an_article_with_only_code_is_valid_and_has_only_its_title_to_translate() -> None:
    from metsi18n.source import document_units

    document = parse_document(HEAD + "\n```text\n5 mg/kg\n```\n", "a.md")
    assert [block.kind for block in document.blocks] == ["code"]
    assert [unit.msgid for unit in document_units(document)] == ["A title", "A description."]


def test_an_image_description_is_offered_to_translators_as_plain_text() -> None:
    from metsi18n.source import document_units

    text = HEAD + "\n![foo *bar* `baz` ![qux](q.png)](train.jpg) and text.\n"
    document = parse_document(text, "a.md")
    (image,) = [node for node in document.blocks[0].inline if node.tag == "image"]
    assert image.attr("alt") == "foo bar baz qux"
    assert "foo bar baz qux" in [unit.msgid for unit in document_units(document)]


@pytest.mark.parametrize(
    ("markdown", "href", "text"),
    [
        ("<help@example.org>", "mailto:help@example.org", "help@example.org"),
        (
            "<https://fr.wikipedia.org/wiki/Métastase>",
            "https://fr.wikipedia.org/wiki/M%C3%A9tastase",
            "https://fr.wikipedia.org/wiki/Métastase",
        ),
    ],
)
def test_an_autolink_keeps_its_address_as_written_and_its_target_encoded(
    markdown: str, href: str, text: str
) -> None:
    nodes = parse_document(HEAD + f"\nWrite to {markdown}.\n", "a.md").blocks[0].inline
    (link,) = [node for node in nodes if node.tag == "autolink"]
    assert (link.attr("href"), link.attr("text")) == (href, text)


def test_a_fence_info_string_is_unescaped_and_a_list_may_start_at_zero() -> None:
    text = HEAD + "\n``` f&ouml;&ouml;\\+bar x\ncode\n```\n\n0. zero\n1. one\n"
    code, numbered = parse_document(text, "a.md").blocks
    assert (code.attr("info"), code.attr("language")) == ("föö+bar x", "föö+bar")
    assert numbered.attr("start") == "0"


def test_a_warning_callout_is_a_block_whose_sentences_are_marked_safety_critical() -> None:
    from metsi18n.model import SAFETY_CRITICAL
    from metsi18n.source import document_units

    text = HEAD + "\n> [!WARNING]\n> Do not use ice.\n>\n> - Call 112.\n\n> [!NOTE]\n> Cool it.\n"
    document = parse_document(text, "a.md")
    assert [(b.kind, b.attr("kind")) for b in document.blocks] == [
        ("callout", "warning"),
        ("callout", "note"),
    ]
    units = {unit.msgid: unit.comments for unit in document_units(document)}
    assert "Warning" not in units  # the label is the page chrome's
    assert units["Do not use ice."] == ("Warning callout, paragraph 1", SAFETY_CRITICAL)
    assert units["Call 112."] == ("List item 1", SAFETY_CRITICAL)
    assert units["Cool it."] == ("Note callout, paragraph 1",)


def test_headings_get_githubs_anchors_unique_in_the_article() -> None:
    text = HEAD + (
        "\n# What is it? (Part 2)\n\n## Symptoms\n\n## Symptoms\n\n> ## Symptoms-1\n\n"
        "## Métastases `du` foie\n\n## ?!\n\n## Treatment {#care}\n"
    )
    blocks = parse_document(text, "a.md").blocks
    headings = [b for b in blocks if b.kind == "heading"]
    headings.insert(3, blocks[3].children[0])
    assert [b.attr("id") for b in headings] == [
        "what-is-it-part-2",
        "symptoms",
        "symptoms-1",
        "symptoms-1-1",
        "métastases-du-foie",
        "section",
        "care",
    ]
    assert headings[-1].inline[-1].text == "Treatment"  # "{#care}" is not shown


def test_an_explicit_heading_id_used_twice_is_an_error_on_its_line() -> None:
    text = HEAD + "\n## One {#a}\n\n## Two {#a}\n"
    with pytest.raises(SourceError) as caught:
        parse_document(text, "a.md")
    assert str(caught.value) == "a.md:10: heading id 'a' is already used on line 8"


def test_a_heading_never_takes_an_id_the_page_gives_itself() -> None:
    text = HEAD + "\n## Other languages\n\n## Other languages\n\n## FN1\n\n## Contents label\n"
    headings = [b for b in parse_document(text, "a.md").blocks if b.kind == "heading"]
    assert [b.attr("id") for b in headings] == [
        "other-languages-1",  # the page's list of languages is #other-languages
        "other-languages-2",
        "fn1-1",  # footnote 1 is #fn1
        "contents-label-1",
    ]
    with pytest.raises(SourceError) as caught:
        parse_document(HEAD + "\n## Notes {#fnref2:1}\n", "a.md")
    assert str(caught.value).startswith("a.md:8: heading id 'fnref2:1' is one the page gives")


def test_a_control_character_in_an_article_is_one_error_line() -> None:
    """Found by tests/test_fuzz_readers.py: U+001F before '1. item' crashed pysbd."""
    text = "---\ntitle: T\nslug: a\ndate: 2026-01-02\n---\n\n\x1f1. item\n"
    with pytest.raises(SourceError) as error:
        parse_document(text, "source/a.md")
    assert str(error.value) == "source/a.md:7: control character U+001F in the text"
