"""The best memory match of each entry for a quote (``stats --analysis``), fast.

A quote scores every untranslated and fuzzy entry of a language, thousands of them,
against its whole memory. Comparing each with every memory text of a similar length
(GNU's measure at a 0.5 floor, as export's lookup does above its threshold) took
168 s of CPU on the bench project, against 5.8 s for ``stats``. :class:`NearestTexts`
does what a CAT tool's fuzzy index does instead:

- exact: a dict of the memory's texts (same text; same context where both have one);
- candidates: an inverted index from each word (lower case) and each pair of adjacent
  words to the texts holding it; an entry's rarest keys pick the texts that share most
  of them (at most :data:`CANDIDATES`, reading about :data:`POSTINGS` postings). The
  index is made once per run (:class:`SharedTexts`: the languages' memories are mostly
  the same English); each language reads its postings off it, keeping the texts it
  has, numbered in its own text order;
- score: GNU's measure (``merge.similarity``, as export's memory and merge use; 0.99
  of it when no unit of the text shares the entry's context, as export weighs it),
  computed for those candidates only, in rapidfuzz's C++ loop.

So a band is always the real score of a real memory text. What differs from a full
search: a text sharing none of the entry's rarer words and word pairs is not looked at.
From 85% up the two agree on every entry of the bench's Czech catalogs, and on 104
of 118 at 75-84% (see README, "Performance"); below,
a full search finds for most entries some unrelated sentence scoring 50-60% (two
English sentences share half their letters in order), which is noise a quote should
not price as a match. The result depends only on the texts and the entry (candidates
are ranked by shared keys, then by text), never on the order the files were read
nor on the languages quoted before.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain, pairwise

from rapidfuzz import process
from rapidfuzz.distance import Indel

from metsi18n.catalogs.merge import OTHER_CONTEXT_FACTOR, similarity

#: How many candidate texts are scored per entry.
CANDIDATES = 24
#: About how many postings an entry reads (its rarest keys first, at least three).
POSTINGS = 1500
_LEAST_KEYS = 3
_WORD = re.compile(r"\w+")
#: How far below the floor rapidfuzz searches (see ``merge._MARGIN``).
_MARGIN = 1e-6
#: How far rapidfuzz's score of a text may fall below GNU's measure of it (the same
#: quotient, 1 - (n - 2 * lcs) / n against 2 * lcs / n: float rounding only).
_SLACK = 1e-9


def _keys(text: str) -> set[str]:
    """The words of ``text`` (lower case) and each pair of adjacent words: a sentence of
    common words alone is still told apart by its word pairs."""
    words = _WORD.findall(text.lower())
    keys = set(words)
    keys.update(map(" ".join, pairwise(words)))
    return keys


class SharedTexts:
    """The memory texts of a run's languages, each indexed once: a quote indexes and
    prices mostly the same English in every language.

    Each text met (a memory text or an entry to price) has its keys (:func:`_keys`)
    worked out once, a key met in many texts being one string; each memory text gets
    a number, in the order first met, and the postings from each key to the numbers
    of the texts holding it. A language's :class:`NearestTexts` reads its own
    postings off these (see :meth:`NearestTexts.postings`) instead of indexing its
    texts again."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, str] = {}
        #: Memory text -> its number; key -> the numbers of the memory texts holding it.
        self.numbers: dict[str, int] = {}
        self.postings: dict[str, list[int]] = {}

    def keys(self, text: str) -> tuple[str, ...]:
        """The words (lower case) and word pairs of ``text``."""
        keys = self._keys.get(text)
        if keys is None:
            name = self._names.setdefault
            keys = self._keys[text] = tuple([name(key, key) for key in _keys(text)])
        return keys

    def add(self, texts: Iterable[str]) -> None:
        """Number and index the memory texts not met before."""
        numbers, postings = self.numbers, self.postings
        for text in texts:
            if text in numbers:
                continue
            number = numbers[text] = len(numbers)
            for key in self.keys(text):
                found = postings.get(key)
                if found is None:
                    postings[key] = [number]
                else:
                    found.append(number)


class NearestTexts:
    """One language's memory texts with their contexts, indexed by text, word and word pair."""

    def __init__(
        self, texts: Iterable[tuple[str, str | None]], shared: SharedTexts | None = None
    ) -> None:
        """``shared``: the run's :class:`SharedTexts`, one for every language's index."""
        #: Text -> the contexts of its units (None: a unit without one).
        self._contexts: dict[str, set[str | None]] = {}
        for text, context in texts:
            self._contexts.setdefault(text, set()).add(context)
        self._texts = sorted(self._contexts)
        self._shared = shared = SharedTexts() if shared is None else shared
        shared.add(self._texts)
        #: The run's number of a text -> this language's number of it (its place in
        #: ``_texts``, from 1), None for a text this language lacks.
        self._numbers: list[int | None] = [None] * len(shared.numbers)
        for number, text in enumerate(self._texts, start=1):
            self._numbers[shared.numbers[text]] = number
        self._postings = _Postings(shared, self._numbers)

    def postings(self, key: str) -> list[int]:
        """This language's numbers of the texts holding ``key`` (each once, in the order
        the run met them)."""
        return self._postings[key]

    def __len__(self) -> int:
        return len(self._texts)

    def exact(self, text: str, context: str | None) -> bool:
        """A unit with the same text, and the same context where both have one."""
        contexts = self._contexts.get(text, ())
        return any(c is None or context is None or c == context for c in contexts)

    def candidates(self, text: str) -> list[str]:
        """The memory texts sharing most of ``text``'s rarest words and word pairs (most
        shared first, then in text order)."""
        found = self._postings
        keys = sorted([(len(found[key]), key) for key in self._shared.keys(text)])
        read = 0
        chosen: list[list[int]] = []
        for taken, (size, key) in enumerate(keys):
            if taken >= _LEAST_KEYS and read + size > POSTINGS:
                break
            read += size
            if size:
                chosen.append(found[key])
        shared = Counter(chain.from_iterable(chosen))
        return [self._texts[number - 1] for number in _most_shared(shared, CANDIDATES)]

    def best_percent(self, text: str, context: str | None, floor: float = 0.5) -> int:
        """The entry's best match as a quote counts it: 100 for an exact one, else GNU's
        measure of the best candidate (x0.99 across contexts), rounded down, at most 99;
        0 below ``floor``."""
        if self.exact(text, context):
            return 100
        best = 0.0
        candidates = self.candidates(text)
        bar = max(floor - _MARGIN, 0.0)
        hits = process.extract(
            text, candidates, scorer=Indel.normalized_similarity, score_cutoff=bar, limit=None
        )
        for candidate, rough, _ in hits:
            if rough + _SLACK < best:  # its exact score cannot beat the best one
                continue
            score = similarity(text, candidate)
            if not self.exact(candidate, context):
                score *= OTHER_CONTEXT_FACTOR
            best = max(best, score)
        return 0 if best < floor else min(99, math.floor(best * 100 + 1e-9))


def _most_shared(shared: Counter[int], limit: int) -> list[int]:
    """The ``limit`` numbers of ``shared`` counted most, ties to the lower number, in
    that order: what sorting every item by (-count, number) gives, without sorting the
    thousand texts sharing a word or two (that sort was half of a quote's time)."""
    if len(shared) <= limit:
        return [n for n, _ in sorted(shared.items(), key=_by_count)]
    # The least count that gets in: the counts above it take fewer than ``limit`` places.
    histogram = Counter(shared.values())
    room = limit
    for least in sorted(histogram, reverse=True):
        if histogram[least] >= room:
            break
        room -= histogram[least]
    above: list[tuple[int, int]] = []
    at: list[int] = []
    for n, c in shared.items():
        if c > least:
            above.append((n, c))
        elif c == least:
            at.append(n)
    above.sort(key=_by_count)
    at.sort()
    return [n for n, _ in above] + at[:room]


def _by_count(item: tuple[int, int]) -> tuple[int, int]:
    return (-item[1], item[0])


class _Postings(dict[str, list[int]]):
    """One language's postings, each read off the run's on first use: the numbers of
    the key's texts that this language has, as this language numbers them."""

    def __init__(self, run: SharedTexts, numbers: list[int | None]) -> None:
        super().__init__()
        self._run = run
        self._numbers = numbers

    def __missing__(self, key: str) -> list[int]:
        numbers = self._numbers
        if len(numbers) < len(self._run.numbers):  # texts of languages indexed since
            numbers += [None] * (len(self._run.numbers) - len(numbers))
        ran = self._run.postings.get(key, ())
        found = self[key] = list(filter(None, map(numbers.__getitem__, ran)))
        return found
