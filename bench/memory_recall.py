"""The translation memory's recall on planted sentences: ``python3 bench/memory_recall.py``.

Copies a bench corpus project (``bench/corpus.py``; made here when missing) and adds
articles in which 20% of the sentences come from the other articles, half of them
unchanged and half edited by one word; then runs ``export`` with the memory on and
reports, over every language:

- recall: planted sentences given their origin's translation (exact and edited);
- wrong: planted sentences given another translation;
- new guessed: the added articles' fresh sentences given any translation (fuzzy).

A planted sentence counts only in the languages whose catalogs translate its origin
(the memory cannot know the others), and only where the new article's template holds
it as one unit (pysbd may cut a sentence differently in another paragraph).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MARKUP = set("*_[]`<>\\#")


def plain(text: str) -> bool:
    return text.endswith(".") and not (_MARKUP & set(text)) and " " in text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--languages", type=int, default=10)
    parser.add_argument("--planted-articles", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/metsi18n-bench"))
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import corpus

    from metsi18n import pipeline, po
    from metsi18n.config import load_settings

    pristine = args.workdir / f"project-{args.articles}x{args.languages}"
    if not (pristine / "metsi18n.toml").exists():
        corpus.project(pristine, args.articles, args.languages)
    work = args.workdir / "memory-recall"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pristine, work, symlinks=True)
    settings = load_settings(work)
    codes = [language.code for language in settings.languages]

    known: dict[str, dict[str, str]] = {code: {} for code in codes}
    for code in codes:
        for path in sorted((work / "locales" / code / "LC_MESSAGES").glob("*.po")):
            for message in po.loads(path.read_bytes(), str(path)).messages:
                if message.translated and message.msgid_plural is None:
                    known[code].setdefault(message.msgid, message.msgstr)
    pool = sorted(text for text in known[codes[0]] if plain(text))
    rng = random.Random(5)
    words = corpus.Words(rng)
    truth: dict[str, str] = {}  # planted msgid -> origin msgid
    fresh: set[str] = set()
    for index in range(args.planted_articles):
        paragraphs = []
        for _ in range(3):
            sentences = []
            for position in range(5):
                if position == 2:  # one sentence in five: 20%
                    origin = rng.choice(pool)
                    text = origin
                    if len(truth) % 2:
                        tokens = origin[:-1].split(" ")
                        at = rng.randrange(1, len(tokens))
                        tokens[at] = words.word()
                        text = " ".join(tokens) + "."
                    if text == origin or text not in known[codes[0]]:
                        truth[text] = origin
                    sentences.append(text)
                else:
                    made = corpus.markdown(corpus.sentence(words, inline=False))
                    fresh.add(made)
                    sentences.append(made)
            paragraphs.append(" ".join(sentences))
        front = f"---\ntitle: Planted {index}\ndescription: Planted.\nslug: planted-{index:04d}\n"
        front += "date: 2026-06-01\n---\n\n"
        (work / "source" / f"planted-{index:04d}.md").write_text(
            front + "\n\n".join(paragraphs) + "\n", "utf-8"
        )
    started = time.time()
    pipeline.export(settings)
    elapsed = time.time() - started

    counts = {"planted": 0, "exact": 0, "edited": 0, "found": 0, "wrong": 0, "fresh": 0}
    counts |= {"guessed": 0, "not one unit": 0}
    for code in codes:
        for path in sorted((work / "locales" / code / "LC_MESSAGES").glob("planted-*.po")):
            entries = {m.msgid: m for m in po.loads(path.read_bytes(), str(path)).messages}
            for msgid, message in entries.items():
                if msgid in truth:
                    expected = known[code].get(truth[msgid])
                    if expected is None:
                        continue
                    counts["planted"] += 1
                    counts["exact" if msgid == truth[msgid] else "edited"] += 1
                    if message.msgstr == expected:
                        counts["found"] += 1
                    elif message.msgstr:
                        counts["wrong"] += 1
                elif msgid in fresh:
                    counts["fresh"] += 1
                    counts["guessed"] += bool(message.msgstr)
    planted_sentences = set(truth)
    in_templates = set()
    for pot in (work / "locales").glob("planted-*.pot"):
        in_templates |= {m.msgid for m in po.loads(pot.read_bytes(), str(pot)).messages}
    counts["not one unit"] = len(planted_sentences - in_templates)
    planted = counts["planted"] or 1
    print(
        f"export with the memory, {args.articles}+{args.planted_articles} articles x "
        f"{len(codes)}: {elapsed:.1f} s (in-process)\n"
        f"planted: {counts['planted']} (exact {counts['exact']}, edited {counts['edited']}) "
        f"over all languages; recall {100 * counts['found'] / planted:.1f}%, "
        f"wrong {100 * counts['wrong'] / planted:.1f}%\n"
        f"fresh sentences: {counts['fresh']}, given a fuzzy guess "
        f"{100 * counts['guessed'] / max(counts['fresh'], 1):.1f}%\n"
        f"planted sentences pysbd did not keep as one unit: {counts['not one unit']} "
        f"of {len(planted_sentences)}"
    )


if __name__ == "__main__":
    main()
