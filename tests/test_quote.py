"""`stats --analysis`, a quote before work starts: words by match band, adding up to the
words left to do."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n import pipeline, quality
from metsi18n.catalogs import NearestTexts
from metsi18n.catalogs.merge import similarity
from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.quality.quote import band_of
from tests.test_memory import CONFIG, FIRST, SECOND, translate


@pytest.fixture
def job(make_project: Callable[..., Path]) -> Path:
    """First article and chrome translated into Czech; the second article still empty."""
    root = make_project({"first-aid.md": FIRST}, CONFIG)
    pipeline.init(load_settings(root), ["cs"])
    translate(root / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po")
    translate(root / "locales" / "cs" / "LC_MESSAGES" / "site.po")
    (root / "source" / "burns.md").write_text(SECOND, encoding="utf-8")
    scalds = "---\ntitle: Burns\ndescription: Scalds.\nslug: scalds\ndate: 2026-01-04\n---\n\n"
    (root / "source" / "scalds.md").write_text(scalds + "Cool a burn under running water.\n")
    pipeline.export(load_settings(root), memory="off")
    return root


def test_the_quote_puts_each_sentences_words_in_its_band(runner: CliRunner, job: Path) -> None:
    result = runner.invoke(
        main, ["-C", str(job), "stats", "--analysis", "-l", "cs", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (quote,) = json.loads(result.output)
    assert quote["words"] == {
        "100%": 18,  # the two shared sentences, 9 words each
        "95-99%": 0,
        "85-94%": 9,  # "... for three days." against "... for two days." (93%)
        "75-84%": 0,
        "50-74%": 5,  # "What to do about burns." against "What to do first." (70%)
        "no match": 8,  # "Burns", "Cool a burn under running water.", "Scalds."
        "repetitions": 7,  # "Burns" and "Cool a burn..." again, in the scalds article
    }


def test_the_bands_add_up_to_the_untranslated_and_fuzzy_words_of_stats(job: Path) -> None:
    settings = load_settings(job)
    (quote,) = quality.project_quote(settings, ["cs"])
    stats = quality.project_stats(settings, ["cs"])
    left = sum(s.words["untranslated"] + s.words["fuzzy"] for s in stats)
    assert quote.total_words == left == 47


def test_after_export_fills_from_memory_the_bands_still_add_up_to_the_words_left(
    runner: CliRunner, job: Path
) -> None:
    pipeline.export(load_settings(job))  # the memory on: shared sentences filled, fuzzy
    stats = runner.invoke(main, ["-C", str(job), "stats", "-l", "cs", "--format", "json"])
    left = sum(
        row["words"]["untranslated"] + row["words"]["fuzzy"]
        for row in json.loads(stats.output)["catalogs"]
    )
    analysis = ["-C", str(job), "stats", "--analysis", "-l", "cs", "--format", "json"]
    (quote,) = json.loads(runner.invoke(main, analysis).output)
    assert quote["total_words"] == left == 47
    assert quote["words"]["100%"] == 18  # still priced as exact matches: a person confirms


def test_the_markdown_quote_is_a_table_for_a_purchase_order(runner: CliRunner, job: Path) -> None:
    result = runner.invoke(main, ["-C", str(job), "stats", "--analysis", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("| Language | 100% | 95-99% |")
    assert result.output.splitlines()[2] == "| cs | 18 | 0 | 9 | 0 | 5 | 8 | 7 | 47 |"


def test_a_repeated_exact_match_stays_exact_and_bands_have_their_edges() -> None:
    assert band_of(100) == "100%"
    assert band_of(99) == "95-99%"
    assert band_of(95) == "95-99%"
    assert band_of(94) == "85-94%"
    assert band_of(75) == "75-84%"
    assert band_of(74) == "50-74%"
    assert band_of(50) == "50-74%"
    assert band_of(49) == "no match"


def test_the_analysis_has_no_badge_and_quote_is_no_command(runner: CliRunner, job: Path) -> None:
    result = runner.invoke(main, ["-C", str(job), "stats", "--analysis", "--format", "svg"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "--analysis" in result.output
    assert len(result.output.splitlines()) == 1
    assert runner.invoke(main, ["-C", str(job), "quote"]).exit_code == 2


COMMON = "the a of and to in is that for with as are be this can by on or it from one".split()  # noqa: SIM905


def _decoys(count: int) -> list[str]:
    """Sentences of common words only, each word used by most of them (a seeded walk)."""
    texts, state = [], 7
    for _ in range(count):
        words = []
        for _ in range(9):
            state = (state * 1103515245 + 12345) % 2**31
            words.append(COMMON[state % len(COMMON)])
        texts.append(" ".join(words).capitalize() + ".")
    return texts


def test_a_sentence_of_common_words_edited_by_one_finds_its_origin_among_thousands() -> None:
    decoys = _decoys(3000)
    origin = "It can be that the one is on the way to or from this."
    edited = "It can be that the one is on the road to or from this."
    assert set(origin[:-1].lower().split()) - set(COMMON) == {"way"}  # replaced: "road"
    nearest = NearestTexts([(text, None) for text in [*decoys, origin]])
    expected = math.floor(similarity(edited, origin) * 100 + 1e-9)
    assert expected == 95
    assert nearest.best_percent(edited, None) == expected
    assert origin in nearest.candidates(edited)[:3]
    again = NearestTexts([(text, None) for text in reversed([*decoys, origin])])
    assert again.candidates(edited) == nearest.candidates(edited)


def test_the_analysis_scores_as_export_weighs_contexts() -> None:
    nearest = NearestTexts([("Open", "menu"), ("Close the door.", None)])
    assert nearest.best_percent("Open", "menu") == 100
    assert nearest.best_percent("Open", None) == 100  # no context on one side: exact
    assert nearest.best_percent("Open", "verb") == 99  # the same text in another context
    assert nearest.best_percent("Close the doors.", "x") == 96  # GNU's measure: 2*15/31
    assert nearest.best_percent("Nothing alike here at all", None) == 0


def _reference_candidates(nearest: NearestTexts, text: str) -> list[str]:
    """The candidates as first written: every shared text sorted by (-count, number)."""
    from collections import Counter

    from metsi18n.catalogs import nearest as module

    keys = sorted(module._keys(text), key=lambda key: (len(nearest.postings(key)), key))
    shared: Counter[int] = Counter()
    read = 0
    for count, key in enumerate(keys):
        found = nearest.postings(key)
        if count >= module._LEAST_KEYS and read + len(found) > module.POSTINGS:
            break
        read += len(found)
        shared.update(found)
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[: module.CANDIDATES]
    return [nearest._texts[number - 1] for number, _ in ranked]


_WORDS = st.sampled_from(
    ["the", "a", "burn", "water", "cool", "skin", "ice", "call", "doctor", "warm", "keep", "it"]
)
_SENTENCES = st.lists(_WORDS, min_size=1, max_size=9).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_SENTENCES, min_size=1, max_size=80), _SENTENCES, st.integers(1, 30))
def test_candidates_are_those_of_sorting_every_shared_text(
    memory: list[str], entry: str, limit: int
) -> None:
    """Few words, many ties: the top of the counts is chosen as a full sort chooses it."""
    from metsi18n.catalogs import nearest as module

    index = NearestTexts([(text, None) for text in memory])
    old = module.CANDIDATES
    module.CANDIDATES = limit
    try:
        assert index.candidates(entry) == _reference_candidates(index, entry)
    finally:
        module.CANDIDATES = old


@given(st.dictionaries(st.integers(0, 500), st.integers(1, 6), max_size=200), st.integers(1, 40))
def test_the_most_shared_texts_are_the_first_of_a_full_sort(
    shared: dict[int, int], limit: int
) -> None:
    from collections import Counter

    from metsi18n.catalogs.nearest import _most_shared

    expected = [n for n, _ in sorted(shared.items(), key=lambda i: (-i[1], i[0]))[:limit]]
    assert _most_shared(Counter(shared), limit) == expected


class _FirstIndex:
    """One language's index as first built (each text's keys worked out for it alone),
    scored without rapidfuzz: the reference the run's shared keys must agree with."""

    def __init__(self, texts: list[tuple[str, str | None]]) -> None:
        from collections import defaultdict

        from metsi18n.catalogs import nearest as module

        self.contexts: dict[str, set[str | None]] = {}
        for text, context in texts:
            self.contexts.setdefault(text, set()).add(context)
        self.texts = sorted(self.contexts)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(self.texts):
            for key in module._keys(text):
                self.postings[key].append(number)

    def exact(self, text: str, context: str | None) -> bool:
        contexts = self.contexts.get(text, set())
        return any(c is None or context is None or c == context for c in contexts)

    def candidates(self, text: str) -> list[str]:
        from collections import Counter

        from metsi18n.catalogs import nearest as module

        get = self.postings.get
        keys = sorted(module._keys(text), key=lambda key: (len(get(key, ())), key))
        shared: Counter[int] = Counter()
        read = 0
        for count, key in enumerate(keys):
            found = get(key, [])
            if count >= module._LEAST_KEYS and read + len(found) > module.POSTINGS:
                break
            read += len(found)
            shared.update(found)
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[: module.CANDIDATES]
        return [self.texts[number] for number, _ in ranked]

    def best_percent(self, text: str, context: str | None) -> int:
        if self.exact(text, context):
            return 100
        best = 0.0
        for candidate in self.candidates(text):
            score = similarity(text, candidate)
            best = max(best, score if self.exact(candidate, context) else score * 0.99)
        return 0 if best < 0.5 else min(99, math.floor(best * 100 + 1e-9))


_MIXED = st.sampled_from(
    ["The", "the", "burn", "Burn,", "water.", "cool", "skin", "ice", "call", "doctor", "it's"]
)
_TEXTS = st.lists(_MIXED, min_size=1, max_size=8).map(" ".join)
_CONTEXTS = st.sampled_from([None, None, "menu", "verb"])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(_TEXTS, _CONTEXTS), min_size=1, max_size=60),
    st.lists(st.sets(st.integers(0, 59)), min_size=1, max_size=4),
    st.lists(st.tuples(_TEXTS, _CONTEXTS), min_size=1, max_size=12),
    st.integers(1, 30),
    st.integers(1, 60),
)
def test_languages_sharing_the_runs_keys_choose_and_score_as_each_alone(
    pool: list[tuple[str, str | None]],
    languages: list[set[int]],
    entries: list[tuple[str, str | None]],
    limit: int,
    budget: int,
) -> None:
    """Several languages' memories, mostly the same texts, indexed in turn with one
    SharedTexts (which also serves the entries): every candidate list and percent is the
    one an index built alone the first way gives, small limits making ties common."""
    from metsi18n.catalogs import SharedTexts
    from metsi18n.catalogs import nearest as module

    shared = SharedTexts()
    old = module.CANDIDATES, module.POSTINGS
    module.CANDIDATES, module.POSTINGS = limit, budget
    try:
        for members in languages:
            texts = [pool[n] for n in sorted(members) if n < len(pool)] or pool[:1]
            index, alone = NearestTexts(texts, shared), _FirstIndex(texts)
            for text, context in [*entries, *pool[:6]]:
                assert index.candidates(text) == alone.candidates(text)
                assert index.best_percent(text, context) == alone.best_percent(text, context)
    finally:
        module.CANDIDATES, module.POSTINGS = old


def test_an_index_asked_after_another_language_was_indexed_keeps_to_its_own_texts() -> None:
    """The run's index grows with each language; an earlier language's index still
    reads only its own texts off it."""
    from metsi18n.catalogs import SharedTexts

    shared = SharedTexts()
    first = [("Cool the burn.", None), ("Call a doctor.", None)]
    czech = NearestTexts(first, shared)
    later = NearestTexts([("Cool the burn with water.", None), *first], shared)
    alone = _FirstIndex(first)
    for text in ("Cool the burn with ice.", "Call the doctor.", "Cool the burn with water."):
        assert czech.candidates(text) == alone.candidates(text)
        assert czech.best_percent(text, None) == alone.best_percent(text, None)
    assert "Cool the burn with water." in later.candidates("Cool the burn with ice.")
