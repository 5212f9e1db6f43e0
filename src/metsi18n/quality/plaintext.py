"""An entry's text as several checks read it, made once per text.

:func:`plain` is the text without tags, placeholders and addresses, what numbers and
words are read from; :func:`may_repeat` tells whether lint's
:func:`~metsi18n.quality.lint.doubled` can find a phrase written twice in it. Each is a
shortcut that a test (``tests/test_check_fast.py``) holds to the slower way.
"""

from __future__ import annotations

from metsi18n.catalogs import NAMED_RE, TAG_RE, URL_RE
from metsi18n.quality.lint import _TOKEN_RE as LINT_TOKEN_RE
from metsi18n.quality.lint import MAX_PHRASE


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

    A repeat is a phrase of at most ``MAX_PHRASE`` tokens (lint's, folded) starting with a
    word and written again right after it: looked for here at each token that a word
    within ``MAX_PHRASE`` tokens before it had, without lint's further conditions
    (white space between the copies, words a language doubles). A test holds this.
    """
    tokens = LINT_TOKEN_RE.findall(text)
    folded = list(map(str.casefold, tokens))
    if len(set(folded)) == len(folded):
        return False  # no token comes back, so no phrase does (most texts: one C pass)
    starts: dict[str, list[int]] = {}  # the words' positions, by folded token
    for index, key in enumerate(folded):
        earlier = starts.get(key)
        if earlier is None:
            if tokens[index][0].isalpha():
                starts[key] = [index]
            continue
        for start in reversed(earlier):
            size = index - start
            if size > MAX_PHRASE:
                break
            if folded[start:index] == folded[index : index + size]:
                return True
        if tokens[index][0].isalpha():
            earlier.append(index)
    return False
