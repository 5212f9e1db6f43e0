"""The English texts of every language's memory in a run, sorted by length, each search
made once.

The languages' memories hold mostly the same English, and the entries export looks up
are mostly the same in every language: :class:`SourceIndex` numbers each text once
(its id), in batches ("epochs", one per language that brought new texts) sorted by
length, and caches each fuzzy search; a later language's memory only adds the texts no
earlier one had, and a cached search is extended to those alone. The cache is bounded
(:data:`CACHE_SIZE` searches, the least recently used go first): a search made again is
the same search, so the bound changes the time a run takes, never what it finds.

A match is only usable when its tags map onto the entry's, which needs as many paired
and as many void tags on both sides (:func:`tag_shape`): each epoch is held as one
batch per tag shape, and a search compares only the texts of the searched text's shape
(at 1,000 articles, 27% of the comparisons were with texts of another shape, none of
which could be used).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Indel

from metsi18n.catalogs.merge import similarity
from metsi18n.source import TAG_RE

#: How far below the bar rapidfuzz searches (see ``merge._MARGIN``).
_MARGIN = 1e-6
#: Scores at which a fuzzy search may stop early (see :func:`rings`).
RING_BOUNDS = (0.95, 0.9, 0.8)
#: At most this many searches are kept (a search is a text, a threshold and a ring).
CACHE_SIZE = 16_384

#: A search's hits: (text id, GNU's score), in the order the texts were compared.
Hits = tuple[tuple[int, float], ...]


def rings(threshold: float) -> tuple[float, ...]:
    """The bounds of the length rings a fuzzy search goes through, nearest lengths first.

    Ring k holds the texts whose length lets them score at least ``bounds[k]`` and
    not ``bounds[k - 1]``; the last ring's bound is ``threshold``, so together the
    rings are every text that can score above it. A text outside rings 0..k scores
    below ``bounds[k]``: a usable match weighing that much found in them is the best
    one, and the wider rings need not be compared (an edited sentence stops early;
    the result is the full search's).
    """
    return (*(bound for bound in RING_BOUNDS if bound > threshold), threshold)


#: A text's tags by shape: (paired tags ``<n>..</n>``, void tags ``<n/>``).
Shape = tuple[int, int]


def tag_shape(text: str) -> Shape:
    """How many paired and void tags ``text`` opens: a memory text can only be used for
    an entry of the same shape (``memory.map_tags`` pairs the tags up by shape)."""
    if "<" not in text:
        return (0, 0)
    paired = void = 0
    for closing, _, slash in TAG_RE.findall(text):
        if closing:
            continue
        if slash:
            void += 1
        else:
            paired += 1
    return (paired, void)


class _Epoch:
    """Texts of one tag shape added together, sorted by length; ids ``first`` to
    ``first + len - 1``."""

    __slots__ = ("first", "lengths", "shape", "texts")

    def __init__(self, first: int, texts: list[str], shape: Shape) -> None:
        self.first = first
        self.lengths = array("L", map(len, texts))
        self.shape = shape
        self.texts = texts


class SourceIndex:
    """Every memory source text met in a run, numbered, sorted by length, searches cached."""

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._epochs: list[_Epoch] = []
        self._firsts: list[int] = []
        self._ids: dict[str, int] = {}
        self._cache: dict[tuple[str, float, int], tuple[int, Hits]] = {}
        self._cache_size = cache_size

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, texts: Iterable[str]) -> None:
        """Number and index the texts not known yet (a later language's memory adds few)."""
        known = self._ids
        batches: dict[Shape, list[str]] = {}
        for text in {text for text in texts if text not in known}:
            batches.setdefault(tag_shape(text), []).append(text)
        for shape in sorted(batches):
            new = sorted(batches[shape], key=_by_length)
            first = len(known)
            known.update(zip(new, range(first, first + len(new)), strict=True))
            self._epochs.append(_Epoch(first, new, shape))
            self._firsts.append(first)

    def id(self, text: str) -> int | None:
        """The number of ``text``; None when it is not indexed."""
        return self._ids.get(text)

    def ids(self, texts: Iterable[str]) -> list[int]:
        """The numbers of ``texts``, each indexed (:class:`KeyError` if one is not)."""
        return [self._ids[text] for text in texts]

    def text(self, number: int) -> str:
        """The text numbered ``number``."""
        epoch = self._epochs[bisect.bisect_right(self._firsts, number) - 1]
        return epoch.texts[number - epoch.first]

    def similar(self, text: str, threshold: float, ring: int = 0) -> Hits:
        """The ids and scores of the known texts of ``text``'s :func:`tag_shape` in length
        ring ``ring`` of :func:`rings` whose similarity to ``text`` is strictly above
        ``threshold``."""
        if not self._epochs:
            # Nothing indexed yet (a language without catalogs: every entry of a new
            # project is looked up): no search to make, and none worth keeping. A later
            # search of the same text makes it from the first epoch, as a kept empty one
            # would. (5 MB bench article: 187,000 such calls, 7% of export's time.)
            return ()
        key = (text, threshold, ring)
        done, hits = self._cache.pop(key, (0, ()))  # put back last: least recently used first
        if done < len(self._epochs):
            bounds = rings(threshold)
            inner = bounds[ring - 1] if ring else None
            shape = tag_shape(text)
            hits += tuple(
                hit
                for epoch in self._epochs[done:]
                if epoch.shape == shape
                for hit in _search(text, threshold, epoch, bounds[ring], inner)
            )
        self._cache[key] = (len(self._epochs), hits)
        if len(self._cache) > self._cache_size:
            del self._cache[next(iter(self._cache))]
        return hits


def _window(lengths: array[int], length: int, bound: float) -> tuple[int, int]:
    """The texts (sorted by length) whose length lets them score ``bound`` or more."""
    bar = max(bound - _MARGIN, 0.0)
    ratio = bar / (2 - bar)
    low = bisect.bisect_left(lengths, length * ratio)
    high = bisect.bisect_right(lengths, length / ratio) if ratio else len(lengths)
    return low, high


def _by_length(text: str) -> tuple[int, str]:
    return (len(text), text)


def _search(
    text: str, threshold: float, epoch: _Epoch, bound: float, inner: float | None = None
) -> list[tuple[int, float]]:
    """Of the epoch's texts in the ring between ``inner`` and ``bound`` (see
    :func:`rings`), the ids and scores of those scoring strictly above ``threshold``;
    only texts whose length can reach it are compared, in rapidfuzz's C++ loop."""
    bar = max(threshold - _MARGIN, 0.0)
    length = len(text)
    low, high = _window(epoch.lengths, length, bound)
    spans = [(low, high)]
    if inner is not None:
        in_low, in_high = _window(epoch.lengths, length, inner)
        spans = [(low, in_low), (in_high, high)]
    found = []
    for start, end in spans:
        if start >= end:
            continue
        hits = process.extract(
            text,
            epoch.texts[start:end],
            scorer=Indel.normalized_similarity,
            score_cutoff=bar,
            limit=None,
        )
        for candidate, _, place in hits:
            score = similarity(text, candidate)
            if score > threshold:
                found.append((epoch.first + start + place, score))
    return found
