"""Make metsi18n's table of Plural-Forms (src/metsi18n/plural_forms.json) from its sources.

    python tools/plural_forms.py cldr [-o FILE]     Babel's rules (CLDR), with the Babel
                                                    this Python has; needs only Babel
    python tools/plural_forms.py msginit [-o FILE]  what GNU msginit writes, per language
    python tools/plural_forms.py table [--check]    the table, from tools/plural-sources/

The sources are frozen in tools/plural-sources/: one ``cldr-babel-VERSION.json`` per
Babel release, made in a throw-away venv with that Babel:

    python3 -m venv /tmp/b && /tmp/b/bin/pip install babel==2.12.1
    /tmp/b/bin/python tools/plural_forms.py cldr -o tools/plural-sources/cldr-babel-2.12.1.json

and one ``msginit-VERSION.json`` (made with the newest Babel installed, so that every
language code Babel knows is tried). ``table`` then writes, per language, the rule a
new catalog gets (msginit's wherever msginit knows the language; Arabic in the GNU
gettext manual's order; the newest CLDR elsewhere) and every other rule a source gives
for it, which ``metsi18n check`` accepts too. ``table --check`` exits 1 when the table
is not what the sources give. The tests hold the table, the sources and the tools
together.

Each source holds a rule for every language, and for a locale (``pt_BR``) only where
its rule differs from its language's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "plural-sources"
TABLE = ROOT / "src" / "metsi18n" / "plural_forms.json"
#: Arabic as the GNU gettext manual, Poedit and Weblate write it (msginit 0.21 has none):
#: many (n%100 in 11..99) is form 4 and other (100, 101, 102...) form 5; CLDR swaps them.
ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
#: Babel's rule for a language it has no rule for, which metsi18n keeps for such languages.
DEFAULT = "nplurals=2; plural=(n != 1);"
POT = """\
msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "%d minute"
msgid_plural "%d minutes"
msgstr[0] ""
msgstr[1] ""
"""
_MSGINIT_PLURAL = re.compile(r"Plural-Forms: ((?:[^\\]|\\[^n])*)\\n")


def language_of(code: str) -> str:
    return code.split("_")[0]


def compress(rules: Mapping[str, str | None]) -> dict[str, str | None]:
    """Every language's rule; a locale's only where it differs from its language's."""
    kept: dict[str, str | None] = {}
    for code in sorted(rules):
        if "_" not in code:
            if rules[code] is not None:
                kept[code] = rules[code]
        elif rules[code] != rules.get(language_of(code)):
            kept[code] = rules[code]
    return kept


def lookup(rules: Mapping[str, str | None], code: str) -> str | None:
    """The rule for ``code``: its own, else its language's (how the sources are stored)."""
    if code in rules:
        return rules[code]
    return rules.get(language_of(code))


# --- cldr: Babel's rules (runs with any Babel from 2.9 on, without metsi18n) ----------------


def strip_parentheses(expr: str) -> str:
    """Babel wraps formulas in one pair of parentheses; drop it where it encloses all."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    depth = 0
    for index, char in enumerate(expr):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and index < len(expr) - 1:
            return expr
    return expr[1:-1]


def cldr_rules() -> dict[str, object]:
    """This Babel's rules: ``cldr`` (its CLDR data, through ``babel.plural.to_gettext``)
    and ``table`` (``get_plural``'s own table, which metsi18n wrote before it had one;
    before Babel 2.19 a hand-made list, not CLDR; its fallback ``n != 1`` is left out)."""
    import babel
    import babel.localedata
    from babel import Locale
    from babel.localedata import load, locale_identifiers
    from babel.messages.plurals import PLURALS, get_plural
    from babel.plural import to_gettext

    identifiers = [i for i in locale_identifiers() if language_of(i) != "root"]
    # Where CLDR itself has plural rules (elsewhere Babel falls back to root's "other").
    # load() caches what it read, merged or not: forget what it holds, read unmerged,
    # then forget that too.
    babel.localedata._cache.clear()
    explicit = {i for i in identifiers if "plural_form" in load(i, merge_inherited=False)}
    babel.localedata._cache.clear()
    cldr: dict[str, str | None] = {}
    table: dict[str, str | None] = {}
    for identifier in identifiers:
        locale = Locale.parse(identifier)
        code = str(locale)
        if identifier in explicit or locale.language in explicit:
            # Integers have no exponent or fraction: CLDR's e and c are 0 (older Babel
            # leaves them in the formula, which is then not C).
            rule = re.sub(r"\b[ec]\b", "0", to_gettext(locale.plural_form))
            cldr[code] = rule.rstrip(";") + ";"
        if code in PLURALS or locale.language in PLURALS:
            plural = get_plural(locale)
            expr = strip_parentheses(plural.plural_expr)
            table[code] = f"nplurals={plural.num_plurals}; plural={expr};"
    data: dict[str, object] = {
        "babel": babel.__version__,
        "cldr_rules": compress(cldr),
        "table_rules": compress(table),
    }
    try:  # Babel 2.18 and later
        from babel.core import get_cldr_version  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return data
    return {**data, "cldr": str(get_cldr_version())}


# --- msginit: what GNU gettext writes -------------------------------------------------------


def msginit_rule(code: str, folder: Path) -> str | None:
    """The Plural-Forms msginit writes for ``code``; None when it has no rule for it."""
    environment = {k: v for k, v in os.environ.items() if k != "GETTEXTCLDRDIR"}
    environment["LC_ALL"] = "C"
    result = subprocess.run(
        ["msginit", "--no-translator", "-l", code, "-i", "t.pot", "-o", "-"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if result.returncode != 0:
        return None
    found = _MSGINIT_PLURAL.search(result.stdout.replace('"\n"', ""))
    return found.group(1) if found else None


def msginit_version() -> str:
    first = subprocess.run(["msginit", "--version"], capture_output=True, text=True, check=True)
    return first.stdout.split()[3] if len(first.stdout.split()) > 3 else "unknown"


def known_codes() -> set[str]:
    """Every locale code of the stored CLDR sources, and of the Babel this Python has."""
    codes: set[str] = set()
    for path in sorted(SOURCES.glob("cldr-*.json")):
        source = json.loads(path.read_text(encoding="utf-8"))
        codes.update(source["cldr_rules"], source["table_rules"])
    try:
        from babel.localedata import locale_identifiers

        codes.update(c for c in locale_identifiers() if language_of(c) != "root")
    except ImportError:
        pass
    return codes | {language_of(code) for code in codes}


def msginit_rules(codes: Iterable[str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.pot").write_text(POT, encoding="utf-8")
        rules = {code: msginit_rule(code, Path(folder)) for code in sorted(codes)}
    return {"gettext": msginit_version(), "rules": compress(rules)}


# --- table: the sources combined ------------------------------------------------------------


def read_sources() -> tuple[dict[str, object], list[Mapping[str, object]]]:
    """The msginit source, and the CLDR sources from the newest Babel to the oldest."""
    (gettext_path,) = sorted(SOURCES.glob("msginit-*.json"))
    gettext = json.loads(gettext_path.read_text(encoding="utf-8"))
    cldr: list[Mapping[str, object]] = [
        json.loads(p.read_text(encoding="utf-8")) for p in SOURCES.glob("cldr-*.json")
    ]
    cldr.sort(
        key=lambda source: [int(part) for part in str(source["babel"]).split(".")], reverse=True
    )
    return gettext, cldr


def distinct_rules(candidates: Iterable[str]) -> list[str]:
    """The first of each group of ``candidates`` that behave alike, in order; rules no
    catalog could use (not C, dividing by zero, a form >= nplurals) left out."""
    from metsi18n.po.plurals import MAX_NPLURALS, PluralFormsError, behaviour, parse, same_rule

    distinct: list[str] = []
    for rule in candidates:
        try:
            parsed = parse(rule)
        except PluralFormsError:  # Babel 2.9's Maltese has "n%100=>1": not C
            continue
        found = behaviour(parsed)
        if found.traps or not found.largest < parsed.nplurals <= MAX_NPLURALS:
            continue  # no catalog could use it
        if not any(same_rule(parsed, parse(seen)) for seen in distinct):
            distinct.append(rule)
    return distinct


def build_table(
    gettext: Mapping[str, object], cldr: list[Mapping[str, object]]
) -> dict[str, object]:
    """Per language: [origin, the rule for a new catalog, every other rule a source gives].

    Rules are told apart by what they do (metsi18n.po.plurals); of rules that do the
    same, the first met is kept: msginit's, then the newest Babel's table, its CLDR, and
    so on back to the oldest Babel.
    """
    gettext_rules: Mapping[str, str | None] = gettext["rules"]  # type: ignore[assignment]
    babel_rules: list[Mapping[str, str | None]] = []
    for source in cldr:  # newest first
        babel_rules += [source["table_rules"], source["cldr_rules"]]  # type: ignore[list-item]
    codes = set(gettext_rules).union(*babel_rules)
    codes |= {language_of(code) for code in codes}
    entries: dict[str, list[str]] = {}
    distinct_of: dict[tuple[str, ...], list[str]] = {}
    for code in sorted(codes):
        from_gettext = lookup(gettext_rules, code)
        from_babel = [rule for rules in babel_rules if (rule := lookup(rules, code)) is not None]
        if from_gettext is not None:
            origin, candidates = "gettext", [from_gettext, *from_babel]
        elif language_of(code) == "ar":
            origin, candidates = "gettext manual", [ARABIC, *from_babel]
        elif from_babel:
            origin, candidates = "cldr", from_babel
        else:  # neither knows it: Babel's fallback, what metsi18n always wrote
            origin, candidates = "default", [DEFAULT]
        key = tuple(candidates)
        if key not in distinct_of:
            distinct_of[key] = distinct_rules(candidates)
        distinct = distinct_of[key]
        entries[code] = [origin, *distinct]
    kept = {
        code: entry
        for code, entry in entries.items()
        if "_" not in code or entry != entries.get(language_of(code))
    }
    return {
        "about": (
            "Plural-Forms per language: [origin, the rule for a new catalog, other rules a "
            "source gives]. A locale is listed where it differs from its language. Made by "
            "tools/plural_forms.py from tools/plural-sources/; do not edit by hand."
        ),
        "gettext": gettext["gettext"],
        "cldr": [_name(source) for source in cldr],
        "languages": kept,
    }


def _name(source: Mapping[str, object]) -> str:
    cldr = f" (CLDR {source['cldr']})" if "cldr" in source else ""
    return f"Babel {source['babel']}{cldr}"


def dumps(table: Mapping[str, object]) -> str:
    """The table as JSON, one language a line (diffs stay readable)."""
    lines = ["{"]
    for key, value in table.items():
        if key != "languages":
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    languages: Mapping[str, object] = table["languages"]  # type: ignore[assignment]
    lines.append('  "languages": {')
    rows = [
        f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in languages.items()
    ]
    lines.append(",\n".join(rows))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["cldr", "msginit", "table"])
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    parser.add_argument("--check", action="store_true", help="table: exit 1 if out of date")
    args = parser.parse_args(argv)
    if args.what == "table":
        sys.path.insert(0, str(ROOT / "src"))
        text = dumps(build_table(*read_sources()))
        if args.check:
            current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
            if current != text:
                print(f"{TABLE.relative_to(ROOT)} is out of date: run tools/plural_forms.py table")
                return 1
            return 0
        TABLE.write_text(text, encoding="utf-8")
        return 0
    data = cldr_rules() if args.what == "cldr" else msginit_rules(known_codes())
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
