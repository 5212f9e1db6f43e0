"""merge(): msgmerge --previous semantics, golden cases, GNU comparison, properties.

Golden cases live in tests/golden/merge/<case>/: before.po + template.pot -> after.po.
Set METSI18N_UPDATE_GOLDEN=1 to rewrite after.po from the current code (then review the diff).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n import po as pofile
from metsi18n.catalogs.merge import (
    FUZZY_THRESHOLD,
    _Candidates,
    lost_an_occurrence,
    merge,
    similarity,
    translations,
)
from metsi18n.cli import main
from metsi18n.po import Message, POFile

GOLDEN = Path(__file__).resolve().parent / "golden" / "merge"
CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext missing")

#: What each golden case does: kept, fuzzy, new, newly obsolete.
COUNTS = {
    "one-word-changed": (3, 1, 0, 0),
    "sentence-split": (2, 1, 1, 0),
    "sentences-merged": (1, 1, 0, 1),
    "paragraphs-reordered": (7, 0, 0, 0),
    "paragraph-deleted": (6, 0, 0, 3),
    "paragraph-restored": (9, 0, 0, 0),
    "translator-comment": (3, 1, 0, 0),
    "plural-cs": (9, 1, 1, 0),
    "plural-ar": (9, 1, 1, 0),
    "prefers-vanished": (1, 1, 0, 0),
}

#: Where metsi18n's result differs from GNU msgmerge --previous on a golden case, and why.
#: Every other case gives the same entries (msgid, msgstr, fuzzy, previous msgid, obsolete).
DIFFERS_FROM_MSGMERGE = {
    "prefers-vanished": (
        "msgmerge takes the globally most similar entry, which here is a sentence still in "
        "the template, so its translation is duplicated and the edited sentence's own "
        "translation ends up obsolete; metsi18n looks among the entries that vanished from "
        "the template first, so the edited sentence inherits its own former translation."
    ),
    "plural-cs": (
        "msgmerge offers the new 'Share this article' the translation of 'Was this article "
        "helpful?' (similarity 0.65), an entry still in use at its old place; metsi18n only "
        "offers entries that vanished or lost an occurrence, so the new entry stays empty "
        "instead of carrying a wrong guess."
    ),
}


def load(path: Path) -> POFile:
    return pofile.loads(path.read_bytes(), str(path))


def plain(po: POFile) -> POFile:
    """``po`` without line numbers, for comparing content."""
    return replace(po, messages=tuple(replace(m, lineno=0) for m in po.messages))


def gist(po: POFile) -> list[tuple[object, ...]]:
    """What a translator sees of each entry: for comparing with msgmerge's output."""
    return [
        (
            m.obsolete,
            m.msgctxt,
            m.msgid,
            m.msgstr,
            m.msgstr_plural,
            m.fuzzy,
            m.previous_msgid,
            m.translator_comments,
        )
        for m in po.messages
    ]


# --- golden cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str) -> None:
    folder = GOLDEN / case
    result = merge(load(folder / "template.pot"), load(folder / "before.po"))
    produced = pofile.dumps(result.catalog)
    if os.environ.get("METSI18N_UPDATE_GOLDEN"):
        (folder / "after.po").write_text(produced, encoding="utf-8")
    assert produced == (folder / "after.po").read_text(encoding="utf-8")
    counts = (result.kept, result.fuzzy, result.new, result.obsolete)
    assert counts == COUNTS[case]


@pytest.mark.parametrize("case", CASES)
def test_merging_twice_changes_nothing(case: str) -> None:
    template = load(GOLDEN / case / "template.pot")
    once = merge(template, load(GOLDEN / case / "before.po")).catalog
    twice = merge(template, once)
    assert plain(twice.catalog) == plain(once)
    assert (twice.fuzzy, twice.new, twice.obsolete) == (0, 0, 0)
    after = load(GOLDEN / case / "after.po")
    assert pofile.dumps(merge(template, after).catalog) == pofile.dumps(after)


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_lost(case: str) -> None:
    before = load(GOLDEN / case / "before.po")
    after = merge(load(GOLDEN / case / "template.pot"), before).catalog
    kept = set().union(*(translations(m) for m in after.messages))
    for message in before.messages:
        assert translations(message) <= kept, message.msgid


@needs_gettext
@pytest.mark.parametrize("case", CASES)
def test_against_gnu_msgmerge(case: str, tmp_path: Path) -> None:
    folder = GOLDEN / case
    out = tmp_path / "gnu.po"
    inputs = [str(folder / "before.po"), str(folder / "template.pot")]
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(out), *inputs],
        check=True,
    )
    gnu = load(out)
    ours = merge(load(folder / "template.pot"), load(folder / "before.po")).catalog
    if case in DIFFERS_FROM_MSGMERGE:
        assert gist(ours) != gist(gnu)
        return
    assert gist(ours) == gist(gnu)
    assert ours.headers == gnu.headers
    # Same entries, same header: GNU's own writer gives the very same bytes.
    assert pofile.dumps(ours) == out.read_text(encoding="utf-8")


@needs_gettext
@pytest.mark.parametrize("case", CASES)
def test_golden_results_pass_msgfmt_and_msgcat(case: str) -> None:
    after = GOLDEN / case / "after.po"
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(after)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    cat = subprocess.run(["msgcat", str(after)], capture_output=True, check=True)
    assert cat.stdout == after.read_bytes()


def test_the_fuzzy_matches_of_the_golden_cases() -> None:
    """The matches themselves, for the record (also visible in the after.po files)."""
    found = {}
    for case in ("one-word-changed", "sentence-split", "sentences-merged", "prefers-vanished"):
        folder = GOLDEN / case
        result = merge(load(folder / "template.pot"), load(folder / "before.po")).catalog
        found[case] = [
            (m.msgid[:30], (m.previous_msgid or "")[:30]) for m in result.messages if m.fuzzy
        ]
    assert found["sentence-split"] == [
        ("Sometimes symptoms are pulled ", "Not all patients have symptoms")
    ]
    assert found["sentences-merged"] == [
        ("Cancer metastasizes because pi", "Cancer metastasizes because pi")
    ]
    assert found["prefers-vanished"] == [
        ("Liver metastases can be found ", "Liver metastases can be seen o")
    ]


# --- rules, one by one -------------------------------------------------------------------------

HEADER = (
    ("Project-Id-Version", "p"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", "2026-01-01 00:00+0000"),
    ("PO-Revision-Date", "2026-01-02 00:00+0000"),
    ("Language", "cs"),
    ("Content-Type", "text/plain; charset=ISO-8859-2"),
    ("Plural-Forms", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
)


def pot(*messages: Message, created: str = "2026-02-02 00:00+0000") -> POFile:
    return POFile(
        headers=(("POT-Creation-Date", created), ("Report-Msgid-Bugs-To", "bugs@x")),
        messages=messages,
    )


def po(*messages: Message) -> POFile:
    return POFile(headers=HEADER, messages=messages)


def test_header_keeps_the_translators_fields_and_takes_the_template_dates() -> None:
    result = merge(pot(Message("A")), po(Message("A", "a")))
    assert result.catalog.header("POT-Creation-Date") == "2026-02-02 00:00+0000"
    assert result.catalog.header("Report-Msgid-Bugs-To") == "bugs@x"
    assert result.catalog.header("PO-Revision-Date") == "2026-01-02 00:00+0000"
    assert result.catalog.header("Content-Type") == "text/plain; charset=UTF-8"
    assert [k for k, _ in result.catalog.headers] == [k for k, _ in HEADER]


def test_exact_match_keeps_translation_comments_and_flags_refreshes_the_rest() -> None:
    old = Message(
        "Hello %(name)s",
        "Ahoj %(name)s",
        translator_comments=("informal",),
        extracted_comments=("old",),
        references=("a.md:1",),
        flags=("no-wrap",),
    )
    new = Message("Hello %(name)s", extracted_comments=("new",), references=("a.md:9",))
    new = replace(new, flags=("python-format",))
    (entry,) = merge(pot(new), po(old)).catalog.messages
    assert entry.msgstr == "Ahoj %(name)s"
    assert entry.translator_comments == ("informal",)
    assert entry.extracted_comments == ("new",)
    assert entry.references == ("a.md:9",)
    assert entry.flags == ("python-format", "no-wrap")
    assert not entry.fuzzy


def test_a_fuzzy_entry_stays_fuzzy_with_its_previous_msgid() -> None:
    old = Message(
        "Cats are tiny.", "Kočky jsou malé.", flags=("fuzzy",), previous_msgid="Cats are small."
    )
    (entry,) = merge(pot(Message("Cats are tiny.")), po(old)).catalog.messages
    assert entry.fuzzy
    assert entry.previous_msgid == "Cats are small."
    changed = merge(pot(Message("Cats are very tiny.")), po(old)).catalog.messages[0]
    assert changed.previous_msgid == "Cats are small."  # what the translation translates


def test_an_obsolete_entry_comes_back_live() -> None:
    old = Message("Dogs bark.", "Psi štěkají.", obsolete=True)
    result = merge(pot(Message("Dogs bark.")), po(old))
    (entry,) = result.catalog.messages
    assert (entry.obsolete, entry.fuzzy, entry.msgstr) == (False, False, "Psi štěkají.")
    assert result.revived == 1


def test_no_fuzzy_and_no_obsolete() -> None:
    old = po(Message("The liver is large.", "Játra jsou velká."))
    template = pot(Message("The liver is very large."))
    result = merge(template, old, fuzzy=False)
    assert [(m.msgid, m.obsolete, m.msgstr) for m in result.catalog.messages] == [
        ("The liver is very large.", False, ""),
        ("The liver is large.", True, "Játra jsou velká."),
    ]
    result = merge(template, old, fuzzy=False, obsolete=False)
    assert len(result.catalog.messages) == 1
    assert result.dropped == 1


def test_untranslated_entries_are_not_kept_obsolete() -> None:
    result = merge(pot(Message("B")), po(Message("Something else entirely", "")))
    assert [m.msgid for m in result.catalog.messages] == ["B"]


def test_plural_forms_follow_the_catalog() -> None:
    plural = Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("", ""))
    (entry,) = merge(pot(plural), po()).catalog.messages
    assert entry.msgstr_plural == ("", "", "")
    singular = po(Message("%(n)d day", "%(n)d den"))
    (entry,) = merge(pot(plural), singular).catalog.messages
    assert entry.fuzzy
    assert entry.msgstr_plural == ("%(n)d den",) * 3


def test_plural_to_singular_keeps_the_other_forms_obsolete() -> None:
    old = Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("den", "dny", "dní"))
    result = merge(pot(Message("%(n)d days")), po(old))
    live, kept = result.catalog.messages
    assert (live.fuzzy, live.msgstr) == (True, "den")
    assert kept.obsolete  # "dny" and "dní" exist nowhere else: not lost


def test_an_entry_still_used_everywhere_is_not_offered_as_a_guess() -> None:
    old = po(Message("Was this article helpful?", "Pomohl vám?", references=("page.html:3",)))
    new = pot(
        Message("Was this article helpful?", references=("page.html:3",)),
        Message("Was this page helpful?", references=("page.html:9",)),
    )
    kept, added = merge(new, old).catalog.messages
    assert (kept.msgstr, kept.fuzzy) == ("Pomohl vám?", False)
    assert (added.msgstr, added.fuzzy) == ("", False)


def test_an_edited_copy_of_a_repeated_sentence_inherits_its_translation() -> None:
    # The sentence was used twice; one copy was edited: that copy's origin is still used.
    refs = ("a.md:3", "a.md:9")
    old = po(Message("See your doctor.", "Navštivte lékaře.", references=refs))
    new = pot(
        Message("See your doctor.", references=("a.md:3",)),
        Message("See your doctor soon.", references=("a.md:9",)),
    )
    kept, edited = merge(new, old).catalog.messages
    assert (kept.msgstr, kept.fuzzy) == ("Navštivte lékaře.", False)
    assert (edited.msgstr, edited.fuzzy) == ("Navštivte lékaře.", True)
    assert edited.previous_msgid == "See your doctor."


def test_without_references_every_translated_entry_is_a_candidate() -> None:
    # Where an entry was used is unknown: offered, as msgmerge offers every entry.
    old = po(Message("See your doctor.", "Navštivte lékaře."))
    new = pot(Message("See your doctor."), Message("See your doctor soon."))
    assert merge(new, old).catalog.messages[1].previous_msgid == "See your doctor."


def test_occurrences_are_counted_per_file_without_line_numbers() -> None:
    moved = Message("A b c.", references=("a.md:30", "b.md:2"))
    assert not lost_an_occurrence(Message("A b c.", "x", references=("b.md:1", "a.md:3")), moved)
    assert lost_an_occurrence(Message("A b c.", "x", references=("a.md:3", "a.md:4")), moved)
    assert lost_an_occurrence(Message("A b c.", "x", references=("c.md",)), moved)


def test_context_counts_for_similarity() -> None:
    old = po(
        Message("Open the file", "Otevřít soubor", msgctxt="menu"),
        Message("Open the file", "Otevřete soubor"),
    )
    entry, other = merge(pot(Message("Open the files")), old).catalog.messages
    assert (entry.msgstr, entry.previous_msgctxt) == ("Otevřete soubor", None)
    assert (other.obsolete, other.msgctxt) == (True, "menu")


# --- properties --------------------------------------------------------------------------------

WORDS = ["liver", "cancer", "cells", "the", "spread", "blood", "may", "grow", "tumor", "body"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@given(
    st.text(max_size=40),
    st.lists(st.text(max_size=60), max_size=25),
    st.one_of(st.none(), st.integers(0, 30)),
)
@settings(max_examples=300, deadline=None)
def test_pruning_and_hints_find_what_a_full_scan_finds(
    target: str, texts: list[str], hint: int | None
) -> None:
    candidates = [(i, Message(text or "x", "t")) for i, text in enumerate(texts)]
    found = _Candidates(candidates).best(Message(target or "y"), hint)
    # GNU's rule: the highest similarity strictly above the threshold, the earliest on ties.
    scores = [(similarity(target or "y", m.msgid), -i) for i, m in candidates]
    best = max(scores, default=(0.0, 0))
    if best[0] <= FUZZY_THRESHOLD:
        assert found is None
    else:
        assert found is not None
        assert (found[0], -found[1]) == best


@given(st.lists(st.sampled_from("ab"), min_size=1, max_size=12).map("".join), st.data())
@settings(max_examples=200, deadline=None)
def test_similarity_is_twice_the_common_subsequence_over_both_lengths(
    a: str, data: st.DataObject
) -> None:
    b = data.draw(st.lists(st.sampled_from("abc"), max_size=12).map("".join))
    # The longest common subsequence by the textbook table, as fstrcmp defines it.
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    assert similarity(a, b) == 2 * table[-1][-1] / (len(a) + len(b))


def test_a_score_equal_to_the_threshold_is_not_a_match() -> None:
    # 2 * 3 / (5 + 5) == 0.6 exactly: GNU msgmerge wants more than FUZZY_THRESHOLD.
    assert similarity("abcde", "abcyz") == FUZZY_THRESHOLD
    assert _Candidates([(0, Message("abcyz", "t"))]).best(Message("abcde")) is None
    assert _Candidates([(0, Message("abcdz", "t"))]).best(Message("abcde")) is not None


OPERATIONS = ["change", "delete", "insert", "swap", "split", "join", "restore"]


def edit(texts: list[str], gone: list[str], step: tuple[str, int, int, str]) -> list[str]:
    """One edit of the source: the template's sentences after it."""
    operation, at, word_at, word = step
    texts = list(texts)
    if not texts:
        return [word]
    i = at % len(texts)
    words = texts[i].split()
    if operation == "change":
        words[word_at % len(words)] = word
        texts[i] = " ".join(words)
    elif operation == "delete":
        gone.append(texts.pop(i))
    elif operation == "insert":
        texts.insert(i, f"{word} {texts[i]} {word}")
    elif operation == "swap" and i + 1 < len(texts):
        texts[i], texts[i + 1] = texts[i + 1], texts[i]
    elif operation == "split" and len(words) > 1:
        cut = 1 + word_at % (len(words) - 1)
        texts[i : i + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
    elif operation == "join" and i + 1 < len(texts):
        texts[i : i + 2] = [f"{texts[i]} {texts[i + 1]}"]
    elif operation == "restore" and gone:
        texts.insert(i, gone.pop(word_at % len(gone)))
    return list(dict.fromkeys(texts))


@given(
    st.lists(sentences, min_size=1, max_size=8, unique=True),
    st.lists(
        st.tuples(
            st.sampled_from(OPERATIONS),
            st.integers(0, 20),
            st.integers(0, 20),
            st.sampled_from(WORDS),
        ),
        max_size=6,
    ),
    st.lists(st.booleans(), min_size=8, max_size=8),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_nothing_lost_over_random_edit_scripts(
    texts: list[str], script: list[tuple[str, int, int, str]], done: list[bool], fuzzy: bool
) -> None:
    catalog = po(
        *(
            Message(t, f"T{i}" if done[i] else "", references=(f"a.md:{i}",))
            for i, t in enumerate(texts)
        )
    )
    gone: list[str] = []
    for number, step in enumerate(script):
        texts = edit(texts, gone, step)
        template = pot(*(Message(t, references=(f"a.md:{i}",)) for i, t in enumerate(texts)))
        result = merge(template, catalog, fuzzy=fuzzy)
        merged = result.catalog
        # nothing lost
        before = set().union(*(translations(m) for m in catalog.messages))
        after = set().union(*(translations(m) for m in merged.messages))
        assert before <= after
        # template order, every template entry once, obsolete ones after
        live = [m for m in merged.messages if not m.obsolete]
        assert [m.msgid for m in live] == texts
        assert all(m.obsolete for m in merged.messages[len(live) :])
        # idempotent
        assert merge(template, merged, fuzzy=fuzzy).catalog == merged
        # every translation in the result is a translator's, on a reviewed or fuzzy entry
        assert result.kept + result.fuzzy + result.new == len(texts)
        # the translator adds one translation now and then
        if live and not any(translations(m) for m in live):
            first = replace(live[0], msgstr=f"N{number}")
            merged = replace(merged, messages=(first, *merged.messages[1:]))
        catalog = merged


# --- metsi18n export over a project ------------------------------------------------------------

SENTENCE = "from a cancer elsewhere in"
EDITED = "from a cancer somewhere else in"
TEXTS = {"cs": "Přeloženo", "ja": "翻訳済みの文です。", "ar": "نص مترجم"}


def fresh(project: Path, *codes: str) -> Path:
    """The repository's project without its catalogs, with ``codes`` initialised."""
    for folder in (project / "locales").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    (project / "metsi18n.toml").write_text(
        (project / "metsi18n.toml").read_text(encoding="utf-8").split("[languages]")[0]
        + "[languages]\n",
        encoding="utf-8",
    )
    if codes:
        result = CliRunner().invoke(main, ["-C", str(project), "init", *codes])
        assert result.exit_code == 0, result.output
    return project


def translate_all(project: Path, code: str) -> None:
    """A translator's pass: every entry of ``code``'s catalogs translated."""
    text = TEXTS.get(code, code)
    for path in (project / "locales" / code / "LC_MESSAGES").glob("*.po"):
        po_file = load(path)
        messages = tuple(
            replace(
                m,
                msgstr="" if m.msgid_plural else f"{text} {i}: {m.msgid}",
                msgstr_plural=tuple(
                    f"{text} {i}/{k}: {m.msgid_plural}" for k in range(len(m.msgstr_plural))
                ),
            )
            for i, m in enumerate(po_file.messages)
        )
        path.write_text(pofile.dumps(replace(po_file, messages=messages)), encoding="utf-8")


def edit_source(project: Path, old: str = SENTENCE, new: str = EDITED) -> None:
    path = project / "source" / "liver-metastases.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def gnu_checks(path: Path) -> None:
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    cat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    assert cat.stdout == path.read_bytes(), f"msgcat rewrites {path}"


@needs_gettext
def test_export_carries_a_source_edit_into_every_catalog(
    runner: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fresh(project, "cs", "ja", "ar")
    for code in ("cs", "ja", "ar"):
        translate_all(root, code)
    edit_source(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 0, result.output
    assert "wrote locales/liver-metastases.pot" in result.output
    assert "wrote locales/cs/LC_MESSAGES/liver-metastases.po" in result.output
    assert "LC_MESSAGES/site.po" not in result.output
    assert "1 fuzzy, 0 new, 0 obsolete" in result.output
    assert [line.split(":")[0] for line in result.output.splitlines() if "kept" in line] == [
        "ar",
        "cs",
        "ja",
    ]
    catalog = (root / "locales" / "cs" / "LC_MESSAGES" / "liver-metastases.po").read_text("utf-8")
    assert "#, fuzzy\n#| msgid " in catalog
    assert "POT-Creation-Date: 2027-01-15 08:00+0000" in catalog
    assert "PO-Revision-Date: 2023-11-14 22:13+0000" in catalog
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        gnu_checks(path)
    before = tree(root)
    again = runner.invoke(main, ["-C", str(root), "export"])
    assert "0 written" in again.output
    assert tree(root) == before


def test_export_check_lists_templates_and_catalogs(runner: CliRunner, project: Path) -> None:
    root = fresh(project, "cs", "de")
    assert runner.invoke(main, ["-C", str(root), "export", "--check"]).exit_code == 0
    edit_source(root)
    before = tree(root)
    result = runner.invoke(main, ["-C", str(root), "export", "--check"])
    assert result.exit_code == 1
    stale = [line.split()[3] for line in result.output.splitlines() if "out of date" in line]
    assert stale == [
        "locales/liver-metastases.pot",
        "locales/cs/LC_MESSAGES/liver-metastases.po",
        "locales/de/LC_MESSAGES/liver-metastases.po",
    ]
    assert tree(root) == before


def test_export_one_language(runner: CliRunner, project: Path) -> None:
    root = fresh(project, "cs", "de")
    translate_all(root, "cs")
    edit_source(root)
    de = (root / "locales" / "de" / "LC_MESSAGES" / "liver-metastases.po").read_bytes()
    result = runner.invoke(main, ["-C", str(root), "export", "-l", "cs"])
    assert result.exit_code == 0, result.output
    assert "cs: " in result.output
    assert "de: " not in result.output
    assert (root / "locales" / "de" / "LC_MESSAGES" / "liver-metastases.po").read_bytes() == de
    for code in ("fr", "xx-nope", "../cs"):
        bad = runner.invoke(main, ["-C", str(root), "export", "--language", code])
        assert bad.exit_code == 2
        assert bad.stderr.startswith("error: ")


def test_no_fuzzy_and_no_obsolete_from_the_command_line(runner: CliRunner, project: Path) -> None:
    root = fresh(project, "cs")
    translate_all(root, "cs")
    edit_source(root)
    result = runner.invoke(main, ["-C", str(root), "export", "--no-fuzzy", "--no-obsolete"])
    assert result.exit_code == 0, result.output
    assert "0 fuzzy, 1 new, 0 obsolete" in result.output
    catalog = (root / "locales" / "cs" / "LC_MESSAGES" / "liver-metastases.po").read_text("utf-8")
    assert "#, fuzzy" not in catalog
    assert "#~" not in catalog
    kept = runner.invoke(main, ["-C", str(root), "export"])
    assert "0 fuzzy, 0 new, 0 obsolete" in kept.output


@pytest.mark.parametrize(
    ("garbage", "line"),
    [
        (b'msgid "a"\nmsgstr "b"\nmsgid "c"\nbroken\n', 4),
        (b'msgid "a"\nmsgstr "\\q\n', 2),
        (b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4),
    ],
)
def test_a_bad_catalog_stops_export_before_any_write(
    runner: CliRunner, project: Path, garbage: bytes, line: int
) -> None:
    root = fresh(project, "cs")
    edit_source(root)
    (root / "locales" / "cs" / "LC_MESSAGES" / "site.po").write_bytes(garbage)
    before = tree(root)
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: locales/cs/LC_MESSAGES/site.po:{line}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert tree(root) == before


@pytest.mark.parametrize("encoding", ["iso-8859-2-crlf", "utf-8-bom"])
def test_legacy_catalogs_are_read_and_written_back_in_utf8(
    runner: CliRunner, project: Path, encoding: str
) -> None:
    root = fresh(project, "cs")
    translate_all(root, "cs")
    path = root / "locales" / "cs" / "LC_MESSAGES" / "site.po"
    text = path.read_text(encoding="utf-8").replace("Přeloženo", "Žluťoučký kůň")
    text = pofile.dumps(pofile.loads(text.encode("utf-8"), "site.po"))  # rewrapped as GNU's
    path.write_text(text, encoding="utf-8")
    if encoding == "utf-8-bom":
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:
        legacy = text.replace("charset=UTF-8", "charset=ISO-8859-2").replace("\n", "\r\n")
        path.write_bytes(legacy.encode("iso-8859-2"))
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == text.encode("utf-8")


def test_export_starts_the_catalog_of_a_new_article(runner: CliRunner, project: Path) -> None:
    root = fresh(project, "cs")
    (root / "source" / "b.md").write_text(
        "---\ntitle: Bees\ndescription: D.\nslug: bees\ndate: 2026-01-02\n---\n\nBuzz.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 0, result.output
    assert "wrote locales/cs/LC_MESSAGES/bees.po" in result.output
    assert load(root / "locales" / "cs" / "LC_MESSAGES" / "bees.po").header("Language") == "cs"


def test_a_safety_critical_sentence_is_never_given_a_fuzzy_guess() -> None:
    from metsi18n.model import SAFETY_CRITICAL

    old = po(Message("Do not use ice on a burn.", "Na popáleninu nedávejte led."))
    plain = merge(pot(Message("Do not use ice on a large burn.")), old)
    assert plain.fuzzy == 1  # the same edit outside a warning gets its guess
    edited = Message("Do not use ice on a large burn.", extracted_comments=(SAFETY_CRITICAL,))
    critical = merge(pot(edited), old)
    assert (critical.fuzzy, critical.new) == (0, 1)
    (entry, obsolete) = critical.catalog.messages
    assert (entry.msgstr, entry.fuzzy) == ("", False)
    assert obsolete.obsolete
    assert obsolete.msgstr == "Na popáleninu nedávejte led."
