"""Plural-Forms rules: read without ``eval``, run over many n at once, compared by behaviour.

A ``Plural-Forms`` value is ``nplurals=N; plural=EXPRESSION;`` where EXPRESSION is C over
``n`` (``?:``, ``||``, ``&&``, ``== !=``, ``< > <= >=``, ``+ -``, ``* / %``, ``!``,
parentheses, decimal numbers), evaluated as gettext does, in unsigned 64-bit arithmetic.
Two rules are the same when they have as many forms and give the same form for every n
of :data:`SAMPLES`. A division by zero on some n is not an error here; it is reported by
:attr:`Behaviour.traps`, for the caller to judge.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

_MASK = 2**64 - 1
#: The value an evaluation gives where the expression divides by zero (real values are >= 0).
_TRAP = -1
#: Deepest expression tree accepted, and most nodes (real formulas have at most ~60).
MAX_DEPTH = 100
MAX_NODES = 1000
#: Most forms a catalog can hold (the PO reader refuses a msgstr[10]).
MAX_NPLURALS = 10


def _samples() -> tuple[int, ...]:
    """Every n of 0..10,000; 0..1,000,000 by 37 (prime to 10, so each residue mod 10, 100
    and 1000 comes back many times); 10^6..10^7 by 1000, with the neighbours of every
    multiple of 10^4; 10^k and 10^k +- 1 up to 10^9."""
    values = set(range(10_001))
    values.update(range(10_001, 1_000_001, 37))
    values.update(range(1_000_000, 10_000_001, 1000))
    for base in range(1_000_000, 10_000_001, 10_000):
        values.update((base - 1, base + 1))
    for power in range(10):
        values.update((10**power - 1, 10**power, 10**power + 1))
    return tuple(sorted(values))


#: The values of n two rules are compared on.
SAMPLES = _samples()

Values = list[int]
Node = Callable[[], Iterable[int]]


class PluralFormsError(ValueError):
    """A ``Plural-Forms`` value that is not ``nplurals=INTEGER; plural=EXPRESSION;``."""


_HEADER = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]*?)\s*;?\s*")
_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"||"}),
    frozenset({"&&"}),
    frozenset({"==", "!="}),
    frozenset({"<", ">", "<=", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%"}),
)


@dataclass(frozen=True)
class Tree:
    """One node of a parsed expression: an operator and its operands, a number, or n."""

    op: str
    args: tuple[Tree, ...] = ()
    value: int = 0
    depth: int = 1


class _Parser:
    """Recursive descent with C precedence: ?: < || < && < == != < relational < + - < * / %."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position, text = 0, text.strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise PluralFormsError(f"bad plural expression at {text[position:][:20]!r}")
            self.tokens.append(match.group(match.lastindex or 0))
            position = match.end()
        self.position = 0
        self.nodes = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PluralFormsError(f"expected {expected or 'more'} in the plural expression")
        self.position += 1
        return token

    def node(self, op: str, *args: Tree, value: int = 0) -> Tree:
        self.nodes += 1
        depth = 1 + max((arg.depth for arg in args), default=0)
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise PluralFormsError("the plural expression is too long or too deeply nested")
        return Tree(op, args, value, depth)

    def ternary(self) -> Tree:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take("?")
        yes = self.ternary()
        self.take(":")
        return self.node("?:", condition, yes, self.ternary())

    def binary(self, level: int) -> Tree:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while (token := self.peek()) is not None and token in _LEVELS[level]:
            self.take()
            left = self.node(token, left, self.binary(level + 1))
        return left

    def unary(self) -> Tree:
        token = self.take()
        if token == "!":
            return self.node("!", self.unary())
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return self.node("n")
        if token.isdigit():
            return self.node("number", value=int(token) & _MASK)
        raise PluralFormsError(f"unexpected {token!r} in the plural expression")


def parse_expression(text: str) -> Tree:
    """The tree of a C plural expression; :class:`PluralFormsError` if it is not one."""
    parser = _Parser(text)
    try:
        tree = parser.ternary()
    except RecursionError as exc:
        raise PluralFormsError("the plural expression is too deeply nested") from exc
    if parser.peek() is not None:
        raise PluralFormsError(f"unexpected {parser.peek()!r} in the plural expression")
    return tree


@dataclass(frozen=True)
class PluralRule:
    """A parsed ``Plural-Forms`` value."""

    nplurals: int
    expression: str

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def form(self, n: int) -> int | None:
        """The form for ``n``; None where the expression divides by zero."""
        value = evaluate(parse_expression(self.expression), (n,))[0]
        return None if value == _TRAP else value


def parse(value: str) -> PluralRule:
    """``nplurals=3; plural=...;`` as a rule; :class:`PluralFormsError` if malformed.

    The number of forms is not judged here (see :data:`MAX_NPLURALS`).
    """
    match = _HEADER.fullmatch(value)
    if match is None:
        raise PluralFormsError("not nplurals=INTEGER; plural=EXPRESSION;")
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > 20:  # int() of thousands of digits is slow, then refused
        raise PluralFormsError("nplurals is not a number of forms")
    parse_expression(match.group(2))
    return PluralRule(int(digits), match.group(2))


def usable(value: str) -> bool:
    """True when ``value`` parses and declares 1 to :data:`MAX_NPLURALS` forms."""
    try:
        return 1 <= parse(value).nplurals <= MAX_NPLURALS
    except PluralFormsError:
        return False


def evaluate(tree: Tree, ns: Sequence[int]) -> Values:
    """The value of ``tree`` for each n of ``ns`` (-1 where it divides by zero)."""
    return [int(value) for value in _compile(tree, ns)[0]()]


def _compile(tree: Tree, ns: Sequence[int]) -> tuple[Node, bool]:
    """A function giving the values of ``tree`` over ``ns``, and whether any can be a trap.

    Where no operand can be a trap (most formulas divide by constants only) each node is
    one ``map`` of an operator; elsewhere every value is checked for the trap. Truth
    values may come out as bools (True == 1).
    """
    op = tree.op
    if op == "n":
        return (lambda: ns), False
    if op == "number":
        return (lambda: itertools.repeat(tree.value, len(ns))), False
    compiled = [_compile(arg, ns) for arg in tree.args]
    parts = [part for part, _ in compiled]
    traps = any(trap for _, trap in compiled)
    if op == "!":
        (operand,) = parts
        if not traps:
            return (lambda: [not a for a in operand()]), False
        return (lambda: [_TRAP if a < 0 else int(not a) for a in operand()]), True
    if op == "?:":
        condition, yes, no = parts
        if not traps:
            return (
                lambda: [y if c else z for c, y, z in zip(condition(), yes(), no(), strict=True)]
            ), False
        return (
            lambda: [
                _TRAP if c < 0 else y if c else z
                for c, y, z in zip(condition(), yes(), no(), strict=True)
            ]
        ), True
    left, right = parts
    if op in ("/", "%"):
        constant = tree.args[1].op == "number" and tree.args[1].value != 0
        if not traps and constant:
            operation = operator.floordiv if op == "/" else operator.mod
            return (lambda: map(operation, left(), right())), False
        return (lambda: _dividing(op, list(left()), list(right()))), True
    if traps:
        checked = _CHECKED[op]
        return (lambda: checked(list(left()), list(right()))), True
    fast = _FAST[op]
    return (lambda: fast(left(), right())), False


_FAST: dict[str, Callable[[Iterable[int], Iterable[int]], Iterable[int]]] = {
    "||": lambda a, b: [1 if x or y else 0 for x, y in zip(a, b, strict=True)],
    "&&": lambda a, b: [1 if x and y else 0 for x, y in zip(a, b, strict=True)],
    "==": lambda a, b: map(operator.eq, a, b),
    "!=": lambda a, b: map(operator.ne, a, b),
    "<": lambda a, b: map(operator.lt, a, b),
    ">": lambda a, b: map(operator.gt, a, b),
    "<=": lambda a, b: map(operator.le, a, b),
    ">=": lambda a, b: map(operator.ge, a, b),
    "+": lambda a, b: [(x + y) & _MASK for x, y in zip(a, b, strict=True)],
    "-": lambda a, b: [(x - y) & _MASK for x, y in zip(a, b, strict=True)],
    "*": lambda a, b: [(x * y) & _MASK for x, y in zip(a, b, strict=True)],
}


def _checked(operation: Callable[[int, int], int]) -> Callable[[Values, Values], Values]:
    """``operation`` where neither value is a trap, the trap elsewhere."""

    def apply(a: Values, b: Values) -> Values:
        return [_TRAP if x < 0 or y < 0 else operation(x, y) for x, y in zip(a, b, strict=True)]

    return apply


_CHECKED: dict[str, Callable[[Values, Values], Values]] = {
    # || and && do not look at the right side where the left decides (C's short circuit).
    "||": lambda a, b: [
        _TRAP if x < 0 else 1 if x else _TRAP if y < 0 else int(y != 0)
        for x, y in zip(a, b, strict=True)
    ],
    "&&": lambda a, b: [
        _TRAP if x < 0 else 0 if not x else _TRAP if y < 0 else int(y != 0)
        for x, y in zip(a, b, strict=True)
    ],
    "==": _checked(lambda x, y: int(x == y)),
    "!=": _checked(lambda x, y: int(x != y)),
    "<": _checked(lambda x, y: int(x < y)),
    ">": _checked(lambda x, y: int(x > y)),
    "<=": _checked(lambda x, y: int(x <= y)),
    ">=": _checked(lambda x, y: int(x >= y)),
    "+": _checked(lambda x, y: (x + y) & _MASK),
    "-": _checked(lambda x, y: (x - y) & _MASK),
    "*": _checked(lambda x, y: (x * y) & _MASK),
}


def _dividing(op: str, a: Values, b: Values) -> Values:
    """``/`` or ``%``: the trap where the divisor is 0 (or either side is a trap)."""
    if op == "/":
        return [_TRAP if x < 0 or y <= 0 else x // y for x, y in zip(a, b, strict=True)]
    return [_TRAP if x < 0 or y <= 0 else x % y for x, y in zip(a, b, strict=True)]


@dataclass(frozen=True)
class Behaviour:
    """What a rule does on :data:`SAMPLES`: enough to compare it with another rule."""

    nplurals: int
    #: A digest of the form given to each sample.
    digest: bytes
    #: The largest form given (a rule is broken when it reaches ``nplurals``).
    largest: int
    #: True when the expression divides by zero for some sample.
    traps: bool


@functools.lru_cache(maxsize=1024)
def behaviour(rule: PluralRule) -> Behaviour:
    """How ``rule`` maps :data:`SAMPLES` to forms (cached: one evaluation per rule)."""
    values = evaluate(parse_expression(rule.expression), SAMPLES)
    traps = _TRAP in values
    # A form of 2**63 or more cannot be stored; any such form is out of range anyway.
    clipped = array("q", (min(value, 2**63 - 1) for value in values))
    digest = hashlib.blake2b(clipped.tobytes(), digest_size=16).digest()
    return Behaviour(rule.nplurals, digest, max(values), traps)


@functools.lru_cache(maxsize=1024)
def one_number_forms(rule: PluralRule) -> frozenset[int]:
    """The forms ``rule`` gives to exactly one n of :data:`SAMPLES` (Arabic: forms 0, 1
    and 2; English: form 0): such a form may write its number as a word ("دقيقتان",
    "one minute") and leave out the number's placeholder.

    GNU ``msgfmt -c`` is laxer: it lets a form drop a directive when fewer than 5 of
    n = 0..1000 take it, so it accepts "minuty" without the number for Czech's form
    of 2, 3 and 4; a form of several numbers must show which one, so here it must not.
    """
    values = evaluate(parse_expression(rule.expression), SAMPLES)
    taken: dict[int, int] = {}
    for value in values:
        taken[value] = taken.get(value, 0) + 1
    return frozenset(
        form for form, count in taken.items() if count == 1 and 0 <= form < rule.nplurals
    )


def spelled_alike(a: PluralRule, b: PluralRule) -> bool:
    """True when both rules are written alike, but for spaces and outer parentheses."""
    return a.nplurals == b.nplurals and _spelling(a.expression) == _spelling(b.expression)


def same_rule(a: PluralRule, b: PluralRule) -> bool:
    """True when both rules have as many forms and give the same form for every sample."""
    if spelled_alike(a, b):
        return True
    if a.nplurals != b.nplurals:
        return False
    return behaviour(a).digest == behaviour(b).digest


def _spelling(expression: str) -> str:
    """``expression`` without spaces and without one pair of parentheses around it all."""
    text = "".join(expression.split())
    if text.startswith("(") and text.endswith(")"):
        depth = 0
        for index, char in enumerate(text):
            depth += (char == "(") - (char == ")")
            if depth == 0 and index < len(text) - 1:
                return text
        return text[1:-1]
    return text
