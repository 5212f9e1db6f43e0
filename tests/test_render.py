"""render.py: units in the page's language, marked English fallback, escaping, chrome."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
import pytest
from markupsafe import Markup

from metsi18n.languages import language_info
from metsi18n.po import Message, POFile
from metsi18n.site.page import (
    Chrome,
    Language,
    Prepared,
    outdated_messages,
    prepare,
    render_article,
    usable_messages,
)
from metsi18n.source.article import parse_document

EN = Language("en", "ltr")
AR = Language("ar", "rtl")
CS = Language("cs", "ltr")
JA = Language("ja", "ltr", "")

ARTICLE = """\
---
title: Burns
description: What to do.
slug: burns
date: 2026-03-14
---

Cool the burn under *running water*. Do not use ice.

See the [guidance](https://example.org/burns) and call `112`.

![A tap](https://example.org/tap.png)
"""

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "<a href=\"javascript:alert('x')\">x</a>",
)


def body_of(html: str) -> ET.Element:
    return html5lib.parse(f"<!DOCTYPE html><body>{html}", namespaceHTMLElements=False)


def assert_inert(tree: ET.Element) -> None:
    """No element, attribute or link target that a catalog could have injected."""
    for element in tree.iter():
        assert element.tag not in ("script", "svg", "iframe", "object"), element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src", "action", "formaction", "style"):
                assert "javascript:" not in value.lower(), (element.tag, name, value)
        if element.tag == "img":
            assert element.get("src", "").startswith("https://example.org/")
        if element.tag == "a":
            assert element.get("href", "").startswith("https://example.org/")


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(parse_document(ARTICLE, "source/burns.md"), "sentence")


def test_prepare_uses_the_export_segments(prepared: Prepared) -> None:
    msgids = [s.msgid for found in prepared.segments for s in found]
    assert msgids == [
        "Cool the burn under <1>running water</1>.",
        "Do not use ice.",
        "See the <1>guidance</1> and call <2/>.",
        "<1/>",
    ]
    assert prepared.minutes == 1


def test_source_page_has_no_fallback_marks(prepared: Prepared) -> None:
    text = render_article(prepared, {}, EN, EN)
    assert 'lang="en"' not in text.body
    assert "<p>Cool the burn under <em>running water</em>. Do not use ice.</p>" in text.body
    assert '<a href="https://example.org/burns">guidance</a>' in text.body
    assert "<code>112</code>" in text.body
    assert text.title == "Burns"


def test_translation_used_and_untranslated_unit_marked_english(prepared: Prepared) -> None:
    translations = {
        "Burns": "Popáleniny",
        "Cool the burn under <1>running water</1>.": "Chlaďte <1>tekoucí vodou</1>.",
        "See the <1>guidance</1> and call <2/>.": "Volejte <2/> a čtěte <1>rady</1>.",
    }
    text = render_article(prepared, translations, CS, EN)
    assert text.title == "Popáleniny"
    assert '<p>Chlaďte <em>tekoucí vodou</em>. <span lang="en">Do not use ice.</span></p>' in (
        text.body
    )
    # Tags moved: the link keeps the source's target, the code its content.
    assert (
        'Volejte <code>112</code> a\u00a0čtěte <a href="https://example.org/burns">rady</a>.'
        in (text.body)
    )
    assert 'alt="A tap"' in text.body
    assert text.translated == frozenset(translations)
    assert len(text.units) == 7  # title, description, three sentences, image, alt text


def test_units_in_english_are_counted_for_the_notice(prepared: Prepared) -> None:
    text = render_article(prepared, {"Burns": "Popáleniny", "Do not use ice.": "Bez ledu."}, CS, EN)
    assert len(text.units) == 7
    assert text.english == text.units - {"Burns", "Do not use ice."}
    assert not text.outdated


def test_an_outdated_translation_is_shown_marked_where_its_tags_still_fit(
    prepared: Prepared,
) -> None:
    outdated = {
        "Do not use ice.": "Nepoužívejte led.",
        "See the <1>guidance</1> and call <2/>.": "Čtěte <3>rady</3>.",  # tags renumbered since
        "Burns": "Popáleniny",  # a title: never shown outdated
    }
    text = render_article(prepared, {}, CS, EN, outdated=outdated)
    assert '<span class="outdated">Nepoužívejte led.</span>' in text.body
    assert '<span lang="en">See the <a href="https://example.org/burns">' in text.body
    assert text.outdated == {"Do not use ice."}
    assert text.title_html == '<span lang="en">Burns</span>'
    assert "Do not use ice." not in text.english
    assert text.percent == 0.0  # an outdated translation never counts as translated


def test_only_fuzzy_translated_entries_are_outdated_translations() -> None:
    po = POFile(
        messages=(
            Message("a", "A", flags=("fuzzy",)),
            Message("b", "", flags=("fuzzy",)),
            Message("c", "C"),
            Message("d", "D", flags=("fuzzy",), obsolete=True),
        )
    )
    assert outdated_messages(po) == {"a": "A"}
    assert outdated_messages(None) == {}


def test_rtl_page_marks_english_ltr_and_code_ltr(prepared: Prepared) -> None:
    text = render_article(prepared, {"Do not use ice.": "لا تستخدم الثلج."}, AR, EN)
    assert '<span lang="en" dir="ltr">Cool the burn under' in text.body
    assert "لا تستخدم الثلج." in text.body
    assert '<code dir="ltr">112</code>' in text.body
    assert text.title_html == '<span lang="en" dir="ltr">Burns</span>'


def test_sentences_join_as_the_language_writes(prepared: Prepared) -> None:
    translations = {
        "Cool the burn under <1>running water</1>.": "<1>流水</1>で冷やす。",
        "Do not use ice.": "氷は使わない。",
    }
    text = render_article(prepared, translations, JA, EN)
    assert "<p><em>流水</em>で冷やす。氷は使わない。</p>" in text.body


@pytest.mark.parametrize(
    "broken",
    ["<1>Unclosed", "Tag <3>three</3>", "<1>a</1><1>b</1>", "<2>not void</2>"],
)
def test_broken_tags_fall_back_to_english(prepared: Prepared, broken: str) -> None:
    text = render_article(prepared, {"See the <1>guidance</1> and call <2/>.": broken}, CS, EN)
    assert '<span lang="en">See the <a href="https://example.org/burns">guidance</a>' in text.body
    assert "See the <1>guidance</1> and call <2/>." not in text.translated


def test_only_translated_singular_entries_are_usable() -> None:
    po = POFile(
        messages=(
            Message("a", "A"),
            Message("b", "B", flags=("fuzzy",)),
            Message("c", "C", obsolete=True),
            Message("d", ""),
            Message("e", "E", msgctxt="ctx"),
        )
    )
    assert usable_messages(po) == {"a": "A"}
    assert usable_messages(None) == {}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_translations_render_as_inert_text(prepared: Prepared, payload: str) -> None:
    translations = {
        "Burns": payload,
        "What to do.": payload,
        "Cool the burn under <1>running water</1>.": f"<1>{payload}</1>",
        "Do not use ice.": payload,
        "See the <1>guidance</1> and call <2/>.": f"{payload} <1>x</1> <2/>",
        "A tap": payload,
    }
    text = render_article(prepared, translations, CS, EN)
    assert_inert(body_of(text.body + text.title_html))
    # shown as text, as Czech sets it ("a href" bound by a no-break space)
    assert payload in "".join(body_of(text.body).itertext()).replace("\u00a0", " ")
    assert text.title == payload  # plain text: the template escapes it


def chrome(entries: tuple[Message, ...], page: Language = CS, forms: str | None = None) -> Chrome:
    headers = (("Plural-Forms", forms),) if forms else ()
    info = language_info(page.lang)
    return Chrome(POFile(headers=headers, messages=entries), page, EN, info.plural_forms)


def test_chrome_translates_formats_and_escapes() -> None:
    found = chrome(
        (
            Message("Yes", "Ano"),
            Message("Last updated: %(date)s", "Aktualizováno %(date)s"),
        )
    )
    assert found.gettext("Yes") == "Ano"
    assert (
        found.gettext("Last updated: %(date)s", date="<i>1. 2.</i>")
        == "Aktualizováno &lt;i&gt;1. 2.&lt;/i&gt;"
    )
    assert found.gettext("No") == '<span lang="en">No</span>'


@pytest.mark.parametrize(
    ("translation", "why"),
    [
        ("Aktualizováno <b>%(date)s</b>", "injection: markup the source has not"),
        ("Aktualizováno %(date)100000000s", "placeholders: a width the source has not"),
        ("Aktualizováno %(date).99999s", "placeholders: a precision the source has not"),
        ("Aktualizováno %(date)s %100000000s", "placeholders: an unnamed directive added"),
    ],
)
def test_chrome_that_check_refuses_shows_the_english(translation: str, why: str) -> None:
    found = chrome((Message("Last updated: %(date)s", translation, flags=("python-format",)),))
    assert found.gettext("Last updated: %(date)s", date="1. 2.") == (
        '<span lang="en">Last updated: 1. 2.</span>'
    ), why


def test_an_unnamed_width_in_chrome_without_placeholders_is_refused_too() -> None:
    """The chrome is always %-formatted: `%100000000s` would format the variables
    with a width of 10^8 (a 100 MB page), even where the source has no placeholder."""
    found = chrome((Message("In other languages", "Ailleurs %100000000s"),))
    assert found.gettext("In other languages") == '<span lang="en">In other languages</span>'


def test_chrome_falls_back_when_a_translation_breaks_its_format() -> None:
    found = chrome((Message("Updated %(date)s", "Aktualizováno %(datum)s"),))
    assert found.gettext("Updated %(date)s", date="x") == '<span lang="en">Updated x</span>'


def test_chrome_plural_forms_follow_the_catalog_header() -> None:
    forms = tuple(f"{index}:%(num)d" for index in range(6))
    message = Message("%(num)d minute", msgid_plural="%(num)d minutes", msgstr_plural=forms)
    found = chrome((message,), AR)
    got = {
        n: str(found.ngettext("%(num)d minute", "%(num)d minutes", n))
        for n in (0, 1, 2, 5, 11, 100)
    }
    assert got == {0: "0:0", 1: "1:1", 2: "2:2", 5: "3:5", 11: "4:11", 100: "5:100"}


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=2; plural=__import__('os').system('true');",
        "nplurals=2; plural=(((((((((((((((((((((((n)))))))))))))))))))))));",
        "garbage",
    ],
)
def test_chrome_plural_formula_is_never_executed_as_code(header: str) -> None:
    message = Message(
        "%(num)d day",
        msgid_plural="%(num)d days",
        msgstr_plural=("A %(num)d", "B %(num)d", "C %(num)d"),
    )
    found = chrome((message,), CS, header)
    # Falls back to the language's own formula (Czech: 1 / 2-4 / other).
    assert found.ngettext("%(num)d day", "%(num)d days", 3) == "B 3"


def test_chrome_plural_index_out_of_range_gives_english() -> None:
    message = Message("%(num)d day", msgid_plural="%(num)d days", msgstr_plural=("A %(num)d",))
    found = chrome((message,), CS, "nplurals=3; plural=n==1 ? 0 : 2;")
    assert found.ngettext("%(num)d day", "%(num)d days", 1) == "A\u00a01"
    assert found.ngettext("%(num)d day", "%(num)d days", 7) == '<span lang="en">7 days</span>'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_chrome_translations_that_inject_show_the_english(payload: str) -> None:
    found = chrome((Message("Yes", payload), Message("In other languages", f"{payload} %(x)s")))
    html = str(found.gettext("Yes")) + str(found.gettext("In other languages", x=payload))
    assert_inert(body_of(html))
    assert html == '<span lang="en">Yes</span><span lang="en">In other languages</span>'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_chrome_translations_silenced_by_the_translator_render_as_inert_text(
    payload: str,
) -> None:
    """``ignore-injection`` makes check accept them, so the build shows them: escaped."""
    comments = ("ignore-injection",)
    found = chrome(
        (
            Message("Yes", payload, translator_comments=comments),
            Message("In other languages", f"{payload}", translator_comments=comments),
        )
    )
    html = str(found.gettext("Yes")) + str(found.gettext("In other languages", x=payload))
    assert_inert(body_of(html))
    assert "".join(body_of(html).itertext()).replace("\u00a0", " ").startswith(payload)


def test_article_units_that_check_refuses_are_left_out_of_the_page() -> None:
    """Markup broken, an injection, a placeholder changed: each unit shows the English."""
    entries = (
        Message("Rest <1>well</1>.", "Gut <1>ruhen.", lineno=1),
        Message("Drink water.", "Wasser trinken <b>jetzt</b>.", lineno=2),
        Message("See www.who.int.", "Siehe www.example.com.", lineno=3),
        Message("Take %(dose)s.", "Nehmen Sie %(dose)100000000s.", lineno=4),
        Message("Sleep.", "Schlafen.", lineno=5),
        Message("Walk.", "Gehen <b>", translator_comments=("ignore-injection",), lineno=6),
    )
    assert usable_messages(POFile(messages=entries)) == {
        "Sleep.": "Schlafen.",
        "Walk.": "Gehen <b>",
    }


def test_autolinks_alt_texts_list_starts_and_fence_languages_render_as_commonmark() -> None:
    text = (
        ARTICLE.split("---\n\n")[0]
        + "---\n\n"
        + (
            "Write to <help@example.org>.\n\n![foo *bar*](https://example.org/t.png)\n\n"
            "0. zero\n\n``` f&ouml;&ouml;\\+bar\nx\n```\n"
        )
    )
    body = str(render_article(prepare(parse_document(text, "a.md"), "sentence"), {}, EN, EN).body)
    assert '<a href="mailto:help@example.org">help@example.org</a>' in body
    assert 'alt="foo bar"' in body
    assert '<ol start="0">' in body
    assert '<code class="language-föö+bar">' in body


def test_a_translated_alt_text_is_plain_text_too() -> None:
    text = ARTICLE.split("---\n\n")[0] + "---\n\n![foo *bar*](https://example.org/t.png)\n"
    prepared = prepare(parse_document(text, "a.md"), "sentence")
    body = str(render_article(prepared, {"foo bar": '<b>x</b> "y"'}, CS, EN).body)
    assert 'alt="&lt;b&gt;x&lt;/b&gt; &#34;y&#34;"' in body
    assert_inert(body_of(body))


def test_a_callout_is_an_aside_with_the_chromes_label_in_the_pages_language() -> None:
    from metsi18n.site.page import fill_labels

    text = ARTICLE.split("---\n\n")[0] + "---\n\n> [!WARNING]\n> Do not use ice.\n"
    prepared = prepare(parse_document(text, "a.md"), "sentence")
    body = render_article(prepared, {"Do not use ice.": "Nepoužívejte led."}, CS, EN).body
    labels = {"warning": Markup("Varování &lt;b&gt;")}
    html = str(fill_labels(body, labels))
    assert html == (
        '<aside class="callout callout-warning" role="note">\n'
        '<p class="callout-title">Varování &lt;b&gt;</p>\n'
        "<p>Nepoužívejte led.</p>\n</aside>\n"
    )


def test_a_nul_in_a_translation_cannot_make_a_callout_label() -> None:
    from metsi18n.site.page import fill_labels

    prepared = prepare(parse_document(ARTICLE, "a.md"), "sentence")
    sentence = "Do not use ice."
    body = render_article(prepared, {sentence: "\0label warning\0"}, CS, EN).body
    assert "\0" not in fill_labels(body, {})


def test_a_heading_keeps_its_english_anchor_in_every_language() -> None:
    text = ARTICLE.split("---\n\n")[0] + "---\n\n## Symptoms\n\nSee [above](#symptoms).\n"
    prepared = prepare(parse_document(text, "a.md"), "sentence")
    translations = {"Symptoms": "Příznaky", "See <1>above</1>.": "Viz <1>výše</1>."}
    body = str(render_article(prepared, translations, CS, EN).body)
    assert body == '<h2 id="symptoms">Příznaky</h2>\n<p>Viz <a href="#symptoms">výše</a>.</p>\n'


ARABIC_MINUTES = (
    "%(num)d دقيقة",  # 0
    "دقيقة واحدة",  # 1: one minute, in words
    "دقيقتان",  # 2: the dual, two minutes, in words
    "%(num)d دقائق",  # 3-10
    "%(num)d دقيقة",  # 11-99
    "%(num)d دقيقة",  # 100-102 ...
)


def test_chrome_shows_a_form_of_one_number_written_in_words() -> None:
    message = Message(
        "%(num)d minute",
        msgid_plural="%(num)d minutes",
        msgstr_plural=ARABIC_MINUTES,
        flags=("python-format",),
    )
    found = chrome((message,), AR)
    assert found.ngettext("%(num)d minute", "%(num)d minutes", 2) == "دقيقتان"
    assert found.ngettext("%(num)d minute", "%(num)d minutes", 1) == "دقيقة واحدة"
    assert found.ngettext("%(num)d minute", "%(num)d minutes", 5) == "5 دقائق"


def test_chrome_falls_back_when_a_form_of_many_numbers_drops_the_number() -> None:
    forms = (*ARABIC_MINUTES[:3], "دقائق", *ARABIC_MINUTES[4:])  # 3-10 without %(num)d
    message = Message("%(num)d minute", msgid_plural="%(num)d minutes", msgstr_plural=forms)
    found = chrome((message,), AR)
    assert found.ngettext("%(num)d minute", "%(num)d minutes", 5) == (
        '<span lang="en" dir="ltr">5 minutes</span>'
    )
