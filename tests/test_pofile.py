"""Tests of metsi18n.po.reader: GNU-exact writing (checked against msgcat) and reading."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metsi18n.errors import CatalogError
from metsi18n.po import Message, POFile, dumps, loads

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(MSGCAT is None, reason="GNU msgcat is not installed")

HEADERS = (
    ("Project-Id-Version", "metsi18n test"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
)
HEADER_TEXT = """\
msgid ""
msgstr ""
"Project-Id-Version: metsi18n test\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""
EN = (
    "Translation catalogs keep each paragraph of an article as one message, so lines "
    "get long: they must wrap at 79 columns, after spaces, hyphen-ated words and "
    "slashes/in/paths."
)
EN_LINES = """\
msgid ""
"Translation catalogs keep each paragraph of an article as one message, so "
"lines get long: they must wrap at 79 columns, after spaces, hyphen-ated "
"words and slashes/in/paths."
"""
JA = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で"
    "ニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあとで"
    "聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。「この書生というのは時々我々を捕えて"
    "煮て食うという話である。」しかしその当時は何という考もなかったから別段恐しいとも思わなかった。"
    "ちょっとぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々〆〤！？（括弧）【隅付き】『二重』・：；"
)
AR = (
    "في البدء خلق الله السماوات والأرض. وكانت الأرض خربة وخالية، وعلى وجه الغمر ظلمة، وروح "
    "الله يرف على وجه المياه. وقال الله: «ليكن نور»، فكان نور. ورأى الله النور أنه حسن. وفصل "
    "الله بين النور والظلمة. مُحَمَّدٌ رَسُولُ اللَّهِ ١٢٣٬٤٥٦ ٪٥٠؟"
)

# --------------------------------------------------------------------------- goldens
# Each expected text below is what msgcat 0.21 writes for it (checked again by
# test_goldens_are_what_msgcat_writes when msgcat is installed).

FULL = POFile(
    headers=HEADERS,
    header_comments=("Test catalog.", ""),
    header_flags=("fuzzy",),
    messages=(
        Message(
            "Hello, %(name)s!",
            "Hallo, %(name)s!",
            translator_comments=("checked", "", "  indented"),
            extracted_comments=("Greeting on the home page",),
            references=(
                *(f"source/articles/section-{i}/index.md:{i * 17}" for i in range(1, 9)),
                "./source/a.md:3",
                "source/a.md:003",
            ),
            flags=("python-format", "fuzzy", "not-a-flag"),
            previous_msgctxt="home",
            previous_msgid="Hello %(name)s",
        ),
        Message("File", msgid_plural="Files", msgstr_plural=("Datei", "Dateien"), msgctxt="menu"),
        Message("Untranslated and fuzzy", flags=("fuzzy",)),
        Message("Old text", "Alter Text", obsolete=True, previous_msgid="Older", flags=("fuzzy",)),
        Message("Dropped: obsolete without a translation", obsolete=True),
        Message(EN, EN.upper(), references=("source/long.md:1",)),
    ),
)
FULL_TEXT = f"""\
# Test catalog.
#
#, fuzzy
{HEADER_TEXT}
# checked
#
#   indented
#. Greeting on the home page
#: source/articles/section-1/index.md:17 source/articles/section-2/index.md:34
#: source/articles/section-3/index.md:51 source/articles/section-4/index.md:68
#: source/articles/section-5/index.md:85 source/articles/section-6/index.md:102
#: source/articles/section-7/index.md:119
#: source/articles/section-8/index.md:136 source/a.md:3
#, fuzzy, python-format
#| msgctxt "home"
#| msgid "Hello %(name)s"
msgid "Hello, %(name)s!"
msgstr "Hallo, %(name)s!"

msgctxt "menu"
msgid "File"
msgid_plural "Files"
msgstr[0] "Datei"
msgstr[1] "Dateien"

msgid "Untranslated and fuzzy"
msgstr ""

#: source/long.md:1
{EN_LINES}msgstr ""
"TRANSLATION CATALOGS KEEP EACH PARAGRAPH OF AN ARTICLE AS ONE MESSAGE, SO "
"LINES GET LONG: THEY MUST WRAP AT 79 COLUMNS, AFTER SPACES, HYPHEN-ATED "
"WORDS AND SLASHES/IN/PATHS."

#, fuzzy
#~| msgid "Older"
#~ msgid "Old text"
#~ msgstr "Alter Text"
"""

JAPANESE = POFile(headers=HEADERS, messages=(Message(EN, JA),))
# No break before small kana, the prolonged sound mark or closing punctuation.
JAPANESE_TEXT = f"""\
{HEADER_TEXT}
{EN_LINES}msgstr ""
"吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗"
"いじめじめした所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始"
"めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番獰悪"
"な種族であったそうだ。「この書生というのは時々我々を捕えて煮て食うという話で"
"ある。」しかしその当時は何という考もなかったから別段恐しいとも思わなかった。"
"ちょっとぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々〆〤！？（括弧）【隅"
"付き】『二重』・：；"
"""

ARABIC = POFile(headers=HEADERS, messages=(Message(EN, AR),))
# Marks (harakat) take no column, so the last line is longer than it looks.
ARABIC_TEXT = f"""\
{HEADER_TEXT}
{EN_LINES}msgstr ""
"في البدء خلق الله السماوات والأرض. وكانت الأرض خربة وخالية، وعلى وجه الغمر "
"ظلمة، وروح الله يرف على وجه المياه. وقال الله: «ليكن نور»، فكان نور. ورأى "
"الله النور أنه حسن. وفصل الله بين النور والظلمة. مُحَمَّدٌ رَسُولُ اللَّهِ ١٢٣٬٤٥٦ ٪٥٠؟"
"""

ESCAPES = POFile(
    headers=HEADERS,
    messages=(
        Message('Say "hi"\\\tthen\nbreak\n\nthen end with newline\n', "Sag „hallo“\r\n\a\b\f\v"),
        Message("no-wrap keeps " + EN, "Zeile eins\n" + EN, flags=("no-wrap",)),
    ),
)
ESCAPES_LINES = (
    'msgid ""',
    r'"Say \"hi\"\\\tthen\n"',
    r'"break\n"',
    r'"\n"',
    r'"then end with newline\n"',
    'msgstr ""',
    r'"Sag „hallo“\r\n"',
    r'"\a\b\f\v"',
    "",
    "#, no-wrap",
    f'msgid "no-wrap keeps {EN}"',
    'msgstr ""',
    r'"Zeile eins\n"',
    f'"{EN}"',
)
ESCAPES_TEXT = HEADER_TEXT + "\n" + "".join(f"{line}\n" for line in ESCAPES_LINES)

GOLDENS = {
    "full": (FULL, FULL_TEXT),
    "japanese": (JAPANESE, JAPANESE_TEXT),
    "arabic": (ARABIC, ARABIC_TEXT),
    "escapes": (ESCAPES, ESCAPES_TEXT),
}


def run_gettext(tool: str, text: str | bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.po")
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        output = ["-o", "/dev/null"] if tool == "msgfmt" else []
        return subprocess.run([tool, *args, *output, str(path)], capture_output=True, check=False)


def msgcat(text: str, width: int = 79) -> str:
    result = run_gettext("msgcat", text, *(() if width == 79 else (f"--width={width}",)))
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


@pytest.mark.parametrize("name", GOLDENS)
def test_dumps_goldens(name: str) -> None:
    po, expected = GOLDENS[name]
    assert dumps(po) == expected


@pytest.mark.parametrize("name", GOLDENS)
def test_goldens_read_back(name: str) -> None:
    _, expected = GOLDENS[name]
    assert dumps(loads(expected.encode(), f"{name}.po")) == expected


@needs_gettext
@pytest.mark.parametrize("name", GOLDENS)
def test_goldens_are_what_msgcat_writes(name: str) -> None:
    _, expected = GOLDENS[name]
    assert msgcat(expected) == expected


def test_flags_are_normalised_like_gettext() -> None:
    msg = Message("a", "b", flags=("no-wrap, foo", "python-format c-format", "range: 2..5"))
    assert "#, c-format, python-format, range: 2..5, no-wrap\n" in dumps(POFile(messages=(msg,)))
    fuzzy_untranslated = Message("a", flags=("fuzzy", "no-python-format"))
    assert "#, no-python-format\n" in dumps(POFile(messages=(fuzzy_untranslated,)))


def test_width_is_clamped_like_msgcat() -> None:
    po = POFile(messages=(Message(EN),))
    assert dumps(po, width=5) == dumps(po, width=20)
    assert dumps(po, width=0) == f'msgid "{EN}"\nmsgstr ""\n'
    with pytest.raises(ValueError, match="width"):
        dumps(po, width=-1)


def test_header_only_when_there_is_one() -> None:
    assert dumps(POFile(messages=(Message("a", "b"),))) == 'msgid "a"\nmsgstr "b"\n'
    assert dumps(POFile()) == ""


@needs_gettext
def test_a_bare_header_is_written_like_msgcat_force_po() -> None:
    po = POFile(headers=HEADERS, messages=(Message("gone", obsolete=True),))
    assert dumps(po) == HEADER_TEXT
    assert msgcat(HEADER_TEXT) == ""  # plain msgcat writes no file at all then
    assert run_gettext("msgcat", HEADER_TEXT, "--force-po").stdout.decode() == HEADER_TEXT


@pytest.mark.parametrize(
    "message",
    [
        Message("a", msgstr_plural=("x", "y")),
        Message("a", previous_msgctxt="c"),
        Message("a\0b"),
    ],
)
def test_dumps_rejects_what_msgcat_cannot_read(message: Message) -> None:
    with pytest.raises(CatalogError):
        dumps(POFile(messages=(message,)))


def test_dumps_rejects_duplicates() -> None:
    with pytest.raises(CatalogError, match="duplicate"):
        dumps(POFile(messages=(Message("a"), Message("a", obsolete=True))))
    with pytest.raises(CatalogError, match="header"):
        dumps(POFile(headers=HEADERS, messages=(Message(""),)))


# --------------------------------------------------------------------------- differential

SENTENCES = (
    EN,
    JA,
    AR,
    "我们的“自由”与‘平等’——这是一个测试。中文句子，包括逗号、顿号；分号：冒号？问号！感叹号（括号）。",
    "대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.",
    "שָׁלוֹם עוֹלָם, זֶה מִבְחָן־אָרֹךְ עִם מַקָּף-רָגִיל וּמִסְפָּרִים 123.",
    "ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำ ประโยคยาวมาก",
    "हिन्दी भाषा का एक वाक्य। यह परीक्षण है, क्षत्रिय श्रीमान्‌ ।",
    "Съешь же ещё этих мягких французских булок, да выпей чаю — «цитата» и т. д.",
    "see https://example.com/a/b?c=d&e=f#frag, e.g. 3.14159 1,000,000 $5.00 50% (x) [y] {z}",
    '<tag attr="v">text</tag> it\'s “curly” ‘single’ «guillemets» – dashes … ellipsis!',
)
SPECIALS = (
    *'"\\\t\n\r\a\b\f\v\x01\x1b\x7f',
    "\n\n",
    "  ",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u2028",
    "\u3000",
    "\u0301",
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇫🇷🇯🇵",
    "🫨",
)
DIRECTIVES = {
    "c": ("%s", "%d", "%5.2f", "%%", "%-10s", "%+d", "% d", "%lu"),
    "python": ("%(name)s", "%(count)d", "%(foo-bar)s", "%%", "%(x)5.1f"),
    "python-brace": ("{name}", "{obj.attr}", "{x:>10}", "{{", "}}", "{y:%Y-%m}"),
}


def _slice(parts: tuple[str, int, int]) -> str:
    sentence, start, size = parts
    start %= len(sentence)
    return sentence[start : start + size]


fragment = st.one_of(
    st.tuples(st.sampled_from(SENTENCES), st.integers(0, 400), st.integers(1, 160)).map(_slice),
    st.sampled_from(SPECIALS),
    st.text(alphabet="abcxyz019 -/.,:;!?()[]'<>&#", max_size=25),
)
texts = st.lists(fragment, max_size=6).map("".join)
comments = st.lists(
    st.sampled_from(["", "note", "  indented", "# hash", "注意", "x" * 90]), max_size=2
)
references = st.lists(
    st.sampled_from(["src/a.md:1", "./src/b.md:22", "docs/c.md", "dup.md:7", "日本/f.md:3"])
    | st.integers(1, 99999).map(lambda n: f"source/articles/long-name-{n}.md:{n}"),
    max_size=30,
)
plain_flags = st.lists(
    st.sampled_from(["fuzzy", "no-wrap", "wrap", "no-c-format", "foo"]), max_size=3
)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    language = draw(st.sampled_from([None, None, "c", "python", "python-brace"]))
    flags = draw(plain_flags)

    def text() -> str:
        if language is None:
            return draw(texts)
        # The same directives in every string, so that msgfmt --check-format agrees.
        clean = [draw(texts).translate({ord(c): None for c in "%{}"}) for _ in [*directives, 0]]
        return "".join(c + d for c, d in zip(clean, [*directives, ""], strict=True))

    # msgfmt wants a msgid and its translations to agree on a leading and trailing "\n".
    begins, ends = draw(st.booleans()), draw(st.booleans())

    def shaped(value: str) -> str:
        value = value.strip("\n") or "x"
        return "\n" * begins + value + "\n" * ends

    directives: list[str] = []
    if language is not None:
        directives = draw(st.lists(st.sampled_from(DIRECTIVES[language]), max_size=3))
        flags = [*flags, f"{language}-format"]
    plural = draw(st.booleans())
    previous = draw(st.booleans())
    return Message(
        msgid=shaped(text()),
        msgstr="" if plural else draw(st.sampled_from(["", shaped(text())])),
        msgid_plural=shaped(text()) if plural else None,
        msgstr_plural=(shaped(text()), shaped(text())) if plural else (),
        msgctxt=draw(st.none() | texts),
        translator_comments=tuple(draw(comments)),
        extracted_comments=tuple(draw(comments)),
        references=tuple(draw(references)),
        flags=tuple(flags),
        previous_msgctxt=draw(texts) if previous and draw(st.booleans()) else None,
        previous_msgid=text() if previous else None,
        previous_msgid_plural=text() if previous and plural else None,
        obsolete=draw(st.booleans()) and draw(st.booleans()),
    )


def unique(batch: list[Message]) -> tuple[Message, ...]:
    """Distinct msgids, and one message msgcat keeps (it writes nothing for a bare header)."""
    batch = [*batch, Message("kept", "behalten")]
    tagged = []
    for i, m in enumerate(batch):
        lead = len(m.msgid) - len(m.msgid.lstrip("\n"))  # keep leading and trailing "\n"
        tagged.append(dataclasses.replace(m, msgid=f"{m.msgid[:lead]}#{i} {m.msgid[lead:]}"))
    return tuple(tagged)


@needs_gettext
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    batch=st.lists(messages(), min_size=1, max_size=30), width=st.sampled_from([79, 79, 30, 120, 0])
)
def test_msgcat_writes_what_dumps_writes(batch: list[Message], width: int) -> None:
    po = POFile(headers=HEADERS, header_comments=("Random catalog",), messages=unique(batch))
    text = dumps(po, width)
    assert msgcat(text, width) == text
    assert dumps(loads(text.encode(), "random.po"), width) == text
    if MSGFMT is not None:
        checked = run_gettext("msgfmt", text, "--check-format")
        assert checked.returncode == 0, checked.stderr.decode()


@settings(max_examples=60, deadline=None)
@given(batch=st.lists(messages(), min_size=1, max_size=10))
def test_loads_reads_what_dumps_writes(batch: list[Message]) -> None:
    po = POFile(headers=HEADERS, messages=unique(batch))
    text = dumps(po)
    again = loads(text.encode(), "x.po")
    assert dumps(again) == text
    assert again.headers == HEADERS
    kept = [m for m in po.messages if not m.obsolete or (m.msgstr_plural or (m.msgstr,))[0]]
    assert [(m.key, m.obsolete) for m in again.messages] == sorted(
        ((m.key, m.obsolete) for m in kept), key=lambda item: item[1]
    )


# --------------------------------------------------------------------------- reading


def test_loads_fills_every_field() -> None:
    po = loads(FULL_TEXT.encode(), "full.po")
    assert po.headers == HEADERS
    assert po.header_comments == ("Test catalog.", "")
    assert po.header_flags == ("fuzzy",)
    hello, file, untranslated, long, old = po.messages
    assert hello == Message(
        "Hello, %(name)s!",
        "Hallo, %(name)s!",
        translator_comments=("checked", "", "  indented"),
        extracted_comments=("Greeting on the home page",),
        references=(
            *(f"source/articles/section-{i}/index.md:{i * 17}" for i in range(1, 9)),
            "source/a.md:3",
        ),
        flags=("fuzzy", "python-format"),
        previous_msgctxt="home",
        previous_msgid="Hello %(name)s",
        lineno=11,
    )
    assert (file.msgctxt, file.msgid_plural, file.msgstr_plural, file.lineno) == (
        "menu",
        "Files",
        ("Datei", "Dateien"),
        26,
    )
    assert (untranslated.msgstr, untranslated.fuzzy, untranslated.lineno) == ("", False, 32)
    assert (long.msgid, long.lineno) == (EN, 35)
    assert (old.obsolete, old.fuzzy, old.previous_msgid, old.lineno) == (True, True, "Older", 45)


def test_loads_legacy_charset_with_crlf() -> None:
    text = (
        '# Polski\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-2\\n"\n\n'
        '#: a.md:1\nmsgid "Zazolc gesla jazn"\nmsgstr "Zażółć gęślą jaźń"\n'
    )
    po = loads(text.replace("\n", "\r\n").encode("iso-8859-2"), "pl.po")
    assert po.header("content-type") == "text/plain; charset=ISO-8859-2"
    assert po.header_comments == ("Polski",)
    assert po.messages[0].msgstr == "Zażółć gęślą jaźń"
    assert po.messages[0].lineno == 5
    assert dumps(po).encode("iso-8859-2") == text.encode("iso-8859-2")


@needs_gettext
def test_euc_jp_makes_ambiguous_characters_wide_like_msgcat() -> None:
    mixed = "§αβ○△□※→←↑↓ ÷×±°′″ ΑΒΓ абв " + JA[:60]
    headers = (("Content-Type", "text/plain; charset=EUC-JP"),)
    po = POFile(headers=headers, messages=(Message(EN + " αβγ ±×÷", mixed * 2),))
    data = dumps(po).encode("euc-jp")
    assert run_gettext("msgcat", data).stdout == data
    assert dumps(loads(data, "ja.po")).encode("euc-jp") == data
    assert dumps(po) != dumps(dataclasses.replace(po, headers=HEADERS[1:2]))


def test_loads_skips_bom_and_reads_cr_only_files() -> None:
    text = HEADER_TEXT + '\nmsgid "a"\nmsgstr "ä"\n'
    assert loads(b"\xef\xbb\xbf" + text.encode(), "bom.po").messages[0].lineno == 8
    assert loads(text.replace("\n", "\r").encode(), "cr.po").messages[0].msgstr == "ä"


def test_loads_keeps_comment_text_and_escapes_exactly() -> None:
    text = (
        "#   three spaces  \n#x no space\n##double\n#.   extr  \n#.x\n#. \n"
        "#: foo bar:x baz:12:3 ./q.md:007\n#,fuzzy c-format,,range: 1..3\n"
        'msgid "a\\101\\x42\\a"\nmsgstr "b"\n'
    )
    (msg,) = loads(text.encode(), "c.po").messages
    assert msg.translator_comments == ("  three spaces  ", "x no space", "#double")
    assert msg.extracted_comments == ("  extr  ", "x", "")
    assert msg.references == ("foo", "bar:x", "baz:12:3", "./q.md:7")
    assert msg.flags == ("fuzzy", "c-format", "range: 1..3")
    assert msg.msgid == "aAB\a"


def test_loads_keeps_only_the_last_flags_line_like_gettext() -> None:
    text = 'msgid "a"\nmsgstr "b"\n\n#, fuzzy, c-format\n#, no-wrap\nmsgid "c"\nmsgstr "d"\n'
    po = loads(text.encode(), "flags.po")
    assert po.messages[1].flags == ("no-wrap",)
    assert dumps(po).endswith('#, no-wrap\nmsgid "c"\nmsgstr "d"\n')


RAW_HEADER = (
    'msgid ""\nmsgstr ""\n"Language:de\\n"\n"\\n"\n"X-Note: no newline"\n\nmsgid "a"\nmsgstr "b"\n'
)


def test_an_irregular_header_is_kept_as_read() -> None:
    po = loads(RAW_HEADER.encode(), "raw.po")
    assert po.headers == (("Language", "de"), ("X-Note", "no newline"))
    assert po.raw_header == "Language:de\n\nX-Note: no newline"
    assert dumps(po) == RAW_HEADER
    edited = dataclasses.replace(po, headers=(("Language", "fr"),))
    assert dumps(edited).startswith('msgid ""\nmsgstr "Language: fr\\n"\n')
    assert loads(FULL_TEXT.encode(), "full.po").raw_header is None


@needs_gettext
def test_msgcat_keeps_an_irregular_header_too() -> None:
    assert msgcat(RAW_HEADER) == RAW_HEADER


def test_loads_accepts_gettext_string_layouts() -> None:
    text = 'msgid\n"a" "b"\nmsgstr"c"\n\n   msgctxt "x"\nmsgid "d"\n\tmsgstr "e"\n\n#~\n'
    first, second = loads(text.encode(), "layout.po").messages
    assert (first.msgid, first.msgstr) == ("ab", "c")
    assert (second.msgctxt, second.msgid, second.lineno) == ("x", "d", 5)


def test_loads_never_reads_a_file_named_by_the_content(tmp_path: Path) -> None:
    target = tmp_path / "real.po"
    target.write_text('msgid "a"\nmsgstr "b"\n')
    with pytest.raises(CatalogError) as caught:
        loads(str(target).encode(), "content.po")
    assert caught.value.line == 1


BAD_INPUTS = [
    ('msgid "x\nmsgstr "y"\n', 1, "end-of-line within string"),
    ('msgid "x"\nmsgstr "a\\qb"\n', 2, "invalid control sequence"),
    ('msgid "x"\nmsgstr "a\\377"\n', 2, "non-ASCII"),
    ('msgfoo "x"\nmsgid "x"\nmsgstr "y"\n', 1, 'keyword "msgfoo" unknown'),
    ('domain "d"\nmsgid "x"\nmsgstr "y"\n', 1, 'keyword "domain" unknown'),
    ('msgid "x" y\nmsgstr "y"\n', 1, "syntax error"),
    ('msgid "x"\n\nmsgid "z"\nmsgstr "y"\n', 1, "missing 'msgstr' section"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "x"\n', 4, "missing 'msgstr' section"),
    ('msgid "x"\nmsgid_plural "xs"\nmsgstr "b"\n', 3, "syntax error"),
    ('msgid "x"\nmsgstr[0] "b"\n', 2, "missing 'msgid_plural' section"),
    ('msgid "x"\nmsgid_plural "y"\nmsgstr[1] "b"\n', 3, "first plural form has nonzero index"),
    ('msgid "x"\nmsgid_plural "y"\nmsgstr[0] "a"\nmsgstr[2] "b"\n', 4, "wrong index"),
    ('msgid "x"\nmsgstr "y"\nmsgstr "z"\n', 3, "syntax error"),
    ('msgid "x"\n# c\nmsgstr "y"\n', 2, "comment inside an entry"),
    ('msgid "x"\n#~ msgstr "y"\n', 2, "inconsistent use of #~"),
    ('"x"\nmsgid "x"\nmsgstr "y"\n', 1, "string without a keyword"),
    ('#| msgctxt "c"\nmsgid "x"\nmsgstr "y"\n', 2, "#| msgctxt without #| msgid"),
    ('msgctxt "c"\n#| msgid "p"\nmsgid "x"\nmsgstr "y"\n', 2, "syntax error"),
    ('msgid "a"\nmsgstr "b"\n\n#| msgid "p"\n', 4, "#| lines without a message"),
    ('msgid "x"\nmsgstr "y"\n\nmsgid "x"\nmsgstr "z"\n', 4, "first defined at line 1"),
    ('msgid "x"\nmsgstr "y"\n\n#~ msgid "x"\n#~ msgstr "z"\n', 4, "duplicate"),
    ('msgid ""\nmsgstr "a"\n\nmsgid ""\nmsgstr "b"\n', 4, "duplicate"),
    ('msgid "x"\nmsgstr "\xff"\n', 2, "not valid UTF-8"),
    ('msgid "x"\nmsgstr "y\0"\n', 2, "NUL"),
]


@pytest.mark.parametrize(("text", "line", "reason"), BAD_INPUTS)
def test_loads_rejects_malformed_input(text: str, line: int, reason: str) -> None:
    data = text.encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    with pytest.raises(CatalogError) as caught:
        loads(data, "bad.po")
    assert caught.value.path == "bad.po"
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"bad.po:{line}: ")


def test_loads_rejects_bytes_the_declared_charset_cannot_decode() -> None:
    header = HEADER_TEXT.replace("UTF-8", "US-ASCII")
    with pytest.raises(CatalogError, match=r"x\.po:9: bytes that are not valid US-ASCII"):
        loads(f'{header}\nmsgid "a"\nmsgstr "é"\n'.encode(), "x.po")
    with pytest.raises(CatalogError, match=r"x\.po:4: unknown charset 'NO-SUCH'"):
        loads(HEADER_TEXT.replace("UTF-8", "NO-SUCH").encode(), "x.po")


#: gettext accepts ``domain`` lines, which metsi18n refuses (it never writes them).
GETTEXT_REJECTS = [case for case in BAD_INPUTS[:-2] if not case[0].startswith("domain")]


@needs_gettext
@pytest.mark.parametrize(("text", "line", "reason"), GETTEXT_REJECTS)
def test_msgcat_rejects_the_malformed_inputs_too(text: str, line: int, reason: str) -> None:
    assert run_gettext("msgcat", text).returncode != 0
