"""An entry's text as several checks read it, made once per text.

:func:`plain` is the text without tags, placeholders and addresses, what numbers and
words are read from; :func:`may_repeat` tells whether lint's
:func:`~metsi18n.quality.lint.doubled` can find a phrase written twice in it. Each is a
shortcut that a test (``tests/test_check_fast.py``) holds to the slower way.
"""

from __future__ import annotations

import operator

from metsi18n.catalogs import NAMED_RE, TAG_RE, URL_RE
from metsi18n.quality.lint import _TOKEN_RE as LINT_TOKEN_RE


def plain(text: str) -> str:
    """Text without tags, placeholders and addresses: what numbers and words are read from.

    Each pattern is applied only where it can match: a tag needs ``<``, a named
    placeholder ``%(``, an address ``:`` or ``www`` (a test holds this).
    """
    if "<" in text:
        text = TAG_RE.sub(" ", text)
    if "%(" in text:
        text = NAMED_RE.sub(" ", text)
    if ":" in text or "www" in text.lower():
        text = URL_RE.sub(" ", text)
    return text


def may_repeat(text: str) -> bool:
    """False when :func:`~metsi18n.quality.lint.doubled` cannot find a repeat in ``text``.

    A repeat is a phrase of tokens (lint's, folded) written again right after it. Of one
    token, two neighbours are the same; of two or more, its first two tokens are a pair
    of neighbours that comes back. Both are asked in C (a list compared with itself
    shifted by one, a set of the pairs), without lint's further conditions (a word to
    start, white space between the copies, words a language doubles, at most
    ``MAX_PHRASE`` tokens). A test holds this.
    """
    folded = list(map(str.casefold, LINT_TOKEN_RE.findall(text)))
    if len(set(folded)) == len(folded):
        return False  # no token comes back, so no phrase does (most texts: one C pass)
    following = folded[1:]
    if any(map(operator.eq, folded, following)):
        return True
    neighbours = list(zip(folded, following, strict=False))  # the last token has none
    return len(set(neighbours)) != len(neighbours)
