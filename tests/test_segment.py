"""segment.py: sentences, numbered tags, the markup round trip, references and comments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from metsi18n.errors import SourceError
from metsi18n.source.article import markdown_parser, parse_document
from metsi18n.source.segment import PARAGRAPH, document_units, segments, split_sentences
from metsi18n.source.tags import MarkupError, decode, encode, to_markdown

from .conftest import REPO

HEAD = "---\ntitle: T\ndescription: D.\nslug: s\ndate: 2026-01-02\n---\n\n"


def inline_of(markdown: str) -> tuple:  # type: ignore[type-arg]
    return parse_document(HEAD + markdown, "a.md").blocks[0].inline


def msgids(markdown: str, mode: str = "sentence") -> list[str]:
    return [segment.msgid for segment in segments(inline_of(markdown), mode)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Take it with food, e.g. bread or rice, twice a day.",
        "Dr. Smith treats patients in the U.S. and in Canada.",
        "The dose is approx. 2.5 mg per day.",
        "The tumour measured ca. 3 cm across.",
        'He said "stop. now" to the nurse.',
        "Symptoms (e.g. fatigue, weight loss, etc.) vary between patients.",
        "The cancer may... spread further.",
        "Mr. and Mrs. Jones saw Prof. Lee at 3 p.m. yesterday.",
        "See Fig. 2 for the stages.",
        "Doses of 0.5 mg, 2.5 mg and 10.25 mg were compared.",
    ],
)
def test_no_false_split(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]
    assert split_sentences(f"{sentence} Next one follows.") == [sentence, "Next one follows."]


def test_sentences_end_at_question_exclamation_and_quotes() -> None:
    text = 'Is it cancer? Doctors say "maybe." It spreads! Then it stops.'
    assert split_sentences(text) == [
        "Is it cancer?",
        'Doctors say "maybe."',
        "It spreads!",
        "Then it stops.",
    ]


def test_paragraph_mode_keeps_the_block_whole() -> None:
    assert msgids("One. Two.\nThree.", PARAGRAPH) == ["One. Two. Three."]
    assert msgids("One. Two.\nThree.") == ["One.", "Two.", "Three."]


def test_tags_are_numbered_within_each_unit() -> None:
    found = msgids("A *first* one. A **second** one with [a link](https://x.org).")
    assert found == ["A <1>first</1> one.", "A <1>second</1> one with <2>a link</2>."]


def test_deleting_a_sentence_does_not_renumber_its_neighbours() -> None:
    before = msgids("Gone *now*. Kept **here** with `x`.")
    after = msgids("Kept **here** with `x`.")
    assert before[1] == after[0] == "Kept <1>here</1> with <2/>."


def test_markup_across_sentences_keeps_them_in_one_unit() -> None:
    assert msgids("Start *one. Two* end. Three.") == ["Start <1>one. Two</1> end.", "Three."]


def test_void_tags_for_code_images_breaks_and_urls() -> None:
    found = msgids("Use `rm -rf` and ![a cat](c.png) then<br>a break\\\nand <https://a.org>.")
    assert found == ["Use <1/> and <2/> then<3/>a break<4/>and <5/>."]


def test_code_blocks_and_raw_html_are_not_units() -> None:
    text = HEAD + "Text.\n\n```\nprint('no')\n```\n\n<div>raw html</div>\n\n    indented code\n"
    units = document_units(parse_document(text, "a.md"))
    assert [unit.msgid for unit in units] == ["T", "D.", "Text."]


def test_translatable_blocks_headings_lists_quotes_tables_alt_text() -> None:
    text = HEAD + (
        "# Heading one\n\n- Item one.\n- Item two.\n\n> Quoted text.\n\n"
        "| Head | Other |\n|---|---|\n| Cell | Two |\n\n![Alt text](x.png)\n"
    )
    units = document_units(parse_document(text, "a.md"))
    pairs = [(unit.msgid, unit.comments[0]) for unit in units]
    assert pairs == [
        ("T", "Title of the page; also used in <title>"),
        ("D.", "Description of the page for search engines and link previews (meta description)"),
        ("Heading one", "Heading (level 1)"),
        ("Item one.", "List item 1"),
        ("Item two.", "List item 2"),
        ("Quoted text.", "Quotation, paragraph 1"),
        ("Head", "Table header cell"),
        ("Other", "Table header cell"),
        ("Cell", "Table cell"),
        ("Two", "Table cell"),
        ("<1/>", "Paragraph 1"),
        ("Alt text", "Alternative text of an image, read when it is not seen"),
    ]


def test_references_point_at_each_sentence_line_and_duplicates_merge() -> None:
    text = HEAD + "First sentence here.\nSecond one. Same text.\n\nSame text.\n"
    units = document_units(parse_document(text, "a.md"))
    refs = {unit.msgid: [str(location) for location in unit.locations] for unit in units}
    assert refs["First sentence here."] == ["a.md:8"]
    assert refs["Second one."] == ["a.md:9"]
    assert refs["Same text."] == ["a.md:9", "a.md:11"]
    same = next(unit for unit in units if unit.msgid == "Same text.")
    assert same.comments == ("Paragraph 1, sentence 3", "Paragraph 2")


def test_a_hard_break_counts_as_a_line_and_each_unit_knows_the_lines_it_spans() -> None:
    text = HEAD + "The dose is given  \ntwice a day. Take it\nwith food.\n"
    units = document_units(parse_document(text, "a.md"))
    refs = {unit.msgid: [str(location) for location in unit.locations] for unit in units}
    assert refs["The dose is given<1/>twice a day."] == ["a.md:8"]
    assert refs["Take it with food."] == ["a.md:9"]  # after the hard break: line 9, not 8
    found = segments(parse_document(text, "a.md").blocks[0].inline)
    assert [(s.line, s.breaks) for s in found] == [(0, 1), (1, 1)]


def test_the_article_has_one_unit_per_sentence() -> None:
    path = REPO / "source" / "liver-metastases.md"
    document = parse_document(path.read_text(encoding="utf-8"), "source/liver-metastases.md")
    units = document_units(document)
    assert len(units) == 2 + 8 + 5 + 4 + 8
    assert units[2].msgid.startswith("Liver metastases are tumours in the liver")
    assert units[2].comments == ("Paragraph 1, sentence 1",)
    assert str(units[2].locations[0]) == "source/liver-metastases.md:10"


def test_text_that_looks_like_a_tag_is_refused() -> None:
    with pytest.raises(SourceError, match=r"a\.md:8: .*inline tag"):
        document_units(parse_document(HEAD + "Press <1> then go.\n", "a.md"))


# --- decoding translations -------------------------------------------------------


def tags_of(markdown: str) -> tuple:  # type: ignore[type-arg]
    return segments(inline_of(markdown), PARAGRAPH)[0].tags


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("Text <3>x</3>", "not in the source"),
        ("Text <1>x", "not closed"),
        ("Text x</1>", "not open"),
        ("<1>a</1> <1>b</1>", "more than once"),
        ("<1/> x", "must enclose text"),
        ("<2>x</2>", "must stay empty"),
    ],
)
def test_misfit_tags_are_refused(translation: str, reason: str) -> None:
    tags = tags_of("Some *emph* and `code`.")
    with pytest.raises(MarkupError, match=reason):
        decode(translation, tags)


def test_crossed_pairs_are_refused() -> None:
    with pytest.raises(MarkupError, match="closes a tag that is not open"):
        decode("<1><2>x</1></2>", tags_of("Some *emph* and **strong**."))


def test_a_translation_can_move_and_drop_tags_but_not_add_markup() -> None:
    tags = tags_of("Some *emph* and [link](https://x.org).")
    moved = decode("<2>Lien</2> et <1>emph</1>.", tags)
    assert next((n.kind, n.tag) for n in moved if n.kind != "text") == ("open", "link")
    dropped = decode("Plain <b>bold</b> [x](javascript:alert(1))", tags)
    assert [n.kind for n in dropped] == ["text"]
    assert dropped[0].text == "Plain <b>bold</b> [x](javascript:alert(1))"


# --- the round trip ---------------------------------------------------------------

ROUND_TRIP = [
    "Plain text.",
    "Some *emphasis* and **strong** text.",
    'A [link](https://example.org/a?b=c) and a [titled one](https://x.org "Title").',
    "Code `x = 1` and ``a ` tick`` here.",
    'An image ![alt text](img.png "A title") inline.',
    "Nested **strong *and em* here** and ~~struck~~.",
    "A hard break\\\nand <https://auto.example.org> link.",
    "Escaped \\*stars\\* and \\[brackets\\].",
]


@pytest.mark.parametrize("markdown", ROUND_TRIP)
def test_identity_translation_reassembles_the_source_inline(markdown: str) -> None:
    nodes = inline_of(markdown)
    segment = encode(nodes)
    assert to_markdown(decode(segment.msgid, segment.tags)) == markdown


@pytest.mark.parametrize("markdown", ROUND_TRIP)
def test_identity_translation_renders_the_same_html(markdown: str) -> None:
    nodes = inline_of(markdown)
    segment = encode(nodes)
    rebuilt = to_markdown(decode(segment.msgid, segment.tags))
    render = markdown_parser().render
    assert render(rebuilt) == render(markdown)


words = st.sampled_from(["alpha", "beta", "gamma", "delta", "1.5", "mg", "e.g.", "cell"])


@st.composite
def inline_markdown(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        word = draw(words)
        style = draw(st.sampled_from(["", "*", "**", "`", "link"]))
        if style == "link":
            parts.append(f"[{word}](https://x.org/{word})")
        elif style:
            parts.append(f"{style}{word}{style}")
        else:
            parts.append(word)
        parts.append(draw(st.sampled_from([" ", ". ", ", "])))
    return "".join(parts).strip() + "."


@settings(max_examples=80, deadline=None)
@given(inline_markdown())
def test_sentences_rejoined_render_like_the_source(markdown: str) -> None:
    nodes = inline_of(markdown)
    pieces = segments(nodes)
    rebuilt = " ".join(to_markdown(decode(s.msgid, s.tags)) for s in pieces)
    md = MarkdownIt("commonmark")
    assert md.render(rebuilt) == md.render(markdown)
