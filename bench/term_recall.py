"""Recall of glossary matching on the hand-made word list, per language.

    python3 bench/term_recall.py [tests/fixtures/term-forms.tsv]

Each line of the list is a term and one inflected form of it; a form is a hit when
the term is found in it as ``check``'s ``terminology`` finds terms. Prints a Markdown
table (language, method, hits/forms, recall, near misses wrongly matched) and
the forms missed. A fourth column ``no`` marks a near miss: a form that must not match.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from metsi18n.quality.glossary import Term
from metsi18n.quality.terms import Index, analyse, method

LIST = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "term-forms.tsv"


Row = tuple[str, str, str, bool]


def read_forms(path: Path) -> list[Row]:
    """(language, term, form, should match) for each line of the list."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, term, form, *rest = line.split("\t")
            rows.append((language, term, form, rest != ["no"]))
    return rows


def hits(rows: list[Row]) -> dict[str, list[tuple[str, str, bool, bool]]]:
    """language -> (term, form, should match, found) for every row."""
    out: dict[str, list[tuple[str, str, bool, bool]]] = defaultdict(list)
    for language, term, form, wanted in rows:
        index = Index(language, [Term(term, language, term, "preferred")])
        out[language].append((term, form, wanted, bool(index.find(analyse(form, language)))))
    return out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else LIST
    results = hits(read_forms(path))
    print("| Language | Method | Forms found | Recall | Near misses matched |")
    print("|---|---|---:|---:|---:|")
    missed = []
    for language, rows in results.items():
        forms = [ok for _, _, wanted, ok in rows if wanted]
        near = [ok for _, _, wanted, ok in rows if not wanted]
        print(f"| {language} | {method(language)} | {sum(forms)}/{len(forms)} | "
              f"{100 * sum(forms) / len(forms):.0f}% | {sum(near)}/{len(near)} |")  # fmt: skip
        missed += [
            f"{'missed' if wanted else 'wrongly matched'} {language}: {form!r} (term {term!r})"
            for term, form, wanted, ok in rows
            if ok != wanted
        ]
    print()
    for line in missed:
        print(line)


if __name__ == "__main__":
    main()
