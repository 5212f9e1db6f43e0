"""A deterministic (seeded) benchmark corpus: articles, catalogs and an edit script.

Everything here depends only on the seed and the sizes, never on the clock or the
machine, so two runs of the harness measure the same data.

- :func:`sentences` makes English-like sentences (health vocabulary, numbers with
  units, emphasis, links) as token lists that render to Markdown or to a msgid
  with numbered tags;
- :func:`edit` applies the edit script (about 5% of sentences changed by a word or
  two, 2% removed, 2% new) and returns the ground truth (new msgid -> old msgid);
- :func:`big_catalog` writes one catalog of N messages (translated, fuzzy,
  untranslated, obsolete) and its edited template;
- :func:`project` writes a metsi18n project of N articles x M languages.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

COMMON = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "as",
    "are",
    "be",
    "this",
    "can",
    "by",
    "on",
    "or",
    "it",
    "from",
    "at",
    "may",
    "not",
    "have",
    "which",
    "when",
    "your",
    "their",
    "more",
    "most",
    "some",
    "other",
    "these",
    "after",
    "before",
    "about",
    "people",
    "patients",
    "doctors",
    "often",
    "usually",
    "also",
    "than",
    "into",
    "only",
    "between",
    "during",
    "without",
    "because",
    "while",
    "if",
    "there",
    "each",
    "many",
    "several",
    "such",
    "both",
    "however",
    "within",
    "through",
]
MEDICAL = [
    "liver",
    "cancer",
    "tumor",
    "tumour",
    "cells",
    "blood",
    "treatment",
    "therapy",
    "surgery",
    "chemotherapy",
    "radiation",
    "metastases",
    "diagnosis",
    "symptoms",
    "pain",
    "nausea",
    "fatigue",
    "weight",
    "appetite",
    "organ",
    "kidney",
    "lung",
    "breast",
    "colon",
    "bowel",
    "stomach",
    "skin",
    "bone",
    "brain",
    "heart",
    "vessel",
    "artery",
    "vein",
    "biopsy",
    "scan",
    "ultrasound",
    "imaging",
    "tissue",
    "growth",
    "spread",
    "stage",
    "grade",
    "dose",
    "tablet",
    "infection",
    "fever",
    "immune",
    "system",
    "hormone",
    "insulin",
    "glucose",
    "pressure",
    "oxygen",
    "nurse",
    "clinic",
    "hospital",
    "specialist",
    "oncologist",
    "surgeon",
    "appointment",
    "recovery",
    "risk",
    "benefit",
    "trial",
    "study",
    "evidence",
    "outcome",
    "survival",
    "relapse",
    "remission",
    "screening",
    "test",
    "result",
    "sample",
    "marker",
    "enzyme",
    "protein",
    "vitamin",
    "diet",
    "exercise",
    "sleep",
    "stress",
    "support",
    "family",
    "care",
]
VERBS = [
    "treat",
    "reduce",
    "increase",
    "detect",
    "remove",
    "cause",
    "prevent",
    "improve",
    "measure",
    "show",
    "help",
    "spread",
    "grow",
    "shrink",
    "affect",
    "damage",
    "protect",
    "support",
    "monitor",
    "check",
    "explain",
    "discuss",
    "recommend",
    "decide",
    "choose",
    "follow",
    "repeat",
    "continue",
    "stop",
    "start",
    "change",
]
ADJECTIVES = [
    "early",
    "late",
    "small",
    "large",
    "common",
    "rare",
    "severe",
    "mild",
    "chronic",
    "acute",
    "primary",
    "secondary",
    "normal",
    "abnormal",
    "healthy",
    "serious",
    "effective",
    "safe",
    "possible",
    "important",
    "useful",
    "regular",
]
UNITS = ("mg", "ml", "cm", "mm", "kg", "%", "weeks", "days", "years", "hours", "times")
LANGUAGES = ("ar", "cs", "de", "es", "fr", "ja", "pl", "pt_BR", "it", "nl", "sv", "tr")
# Sentence token: ("w", word) plain, ("n", "2.5 mg"), ("em", words), ("link", words, url)
Token = tuple[str, ...]


class Words:
    """The vocabulary: common words, health terms and seeded coined terms."""

    def __init__(self, rng: random.Random, coined: int = 1500) -> None:
        syllables = [
            "ca",
            "lo",
            "re",
            "mi",
            "na",
            "to",
            "hep",
            "ar",
            "in",
            "os",
            "ty",
            "ma",
            "ne",
            "cor",
            "sul",
            "pha",
            "gen",
            "lys",
            "tro",
            "vi",
        ]
        made = set()
        while len(made) < coined:
            made.add("".join(rng.choice(syllables) for _ in range(rng.randint(3, 5))))
        self.terms = MEDICAL + sorted(made)
        self.rng = rng

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice(COMMON)
        if roll < 0.55:
            return self.rng.choice(VERBS)
        if roll < 0.7:
            return self.rng.choice(ADJECTIVES)
        return self.rng.choice(self.terms)


def sentence(words: Words, inline: bool = True) -> list[Token]:
    rng = words.rng
    tokens: list[Token] = [("w", words.word()) for _ in range(rng.randint(7, 22))]
    if rng.random() < 0.3:
        number = rng.choice([str(rng.randint(2, 500)), f"{rng.randint(1, 9)}.{rng.randint(1, 9)}"])
        tokens.insert(rng.randrange(1, len(tokens)), ("n", f"{number} {rng.choice(UNITS)}"))
    if inline and rng.random() < 0.15:
        at = rng.randrange(1, len(tokens) - 1)
        tokens.insert(at, ("em", words.word(), words.word()))
    if inline and rng.random() < 0.08:
        at = rng.randrange(1, len(tokens) - 1)
        slug = f"https://health.example.org/{words.word()}"
        tokens.insert(at, ("link", words.word(), words.word(), slug))
    first = tokens[0]
    tokens[0] = (first[0], first[1].capitalize(), *first[2:])
    return tokens


def _end(tokens: list[Token]) -> str:
    return "?" if len(tokens) % 11 == 0 else "."


def markdown(tokens: list[Token]) -> str:
    parts = []
    for token in tokens:
        if token[0] == "em":
            parts.append(f"*{token[1]} {token[2]}*")
        elif token[0] == "link":
            parts.append(f"[{token[1]} {token[2]}]({token[3]})")
        else:
            parts.append(token[1])
    return " ".join(parts) + _end(tokens)


def msgid(tokens: list[Token]) -> str:
    """The msgid metsi18n makes of the sentence (numbered tags for inline markup)."""
    parts, tag = [], 0
    for token in tokens:
        if token[0] in ("em", "link"):
            tag += 1
            parts.append(f"<{tag}>{token[1]} {token[2]}</{tag}>")
        else:
            parts.append(token[1])
    return " ".join(parts) + _end(tokens)


def translate(text: str) -> str:
    """A deterministic pseudo-translation: each word respelled, tags and numbers kept."""
    out = []
    for word in text.split(" "):
        if any(ch.isdigit() for ch in word) or "<" in word or len(word) < 3:
            out.append(word)
        else:
            out.append(word[::-1].lower() + "en")
    return " ".join(out)


def change(words: Words, tokens: list[Token]) -> list[Token]:
    """The sentence changed by a word or two (replaced, inserted or removed)."""
    rng = words.rng
    changed = list(tokens)
    for _ in range(rng.choice((1, 1, 2))):
        plain = [i for i, t in enumerate(changed) if t[0] == "w" and i > 0]
        roll = rng.random()
        if roll < 0.5 and plain:
            changed[rng.choice(plain)] = ("w", words.word())
        elif roll < 0.8 or len(plain) < 4:
            changed.insert(rng.randrange(1, len(changed)), ("w", words.word()))
        else:
            del changed[rng.choice(plain)]
    return changed


@dataclass
class Edited:
    """The sentences after the edit script, and its ground truth."""

    after: list[list[Token]]
    #: msgid after -> msgid before, for each changed sentence.
    origin: dict[str, str]
    #: msgids of the genuinely new sentences.
    new: list[str]
    removed: int


def edit(
    words: Words, before: list[list[Token]], p_change: float = 0.05, p_remove: float = 0.02
) -> Edited:
    """Apply the edit script: ~5% changed, ~2% removed, ~2% new (seeded by ``words``)."""
    rng = words.rng
    after: list[list[Token]] = []
    origin: dict[str, str] = {}
    new: list[str] = []
    seen = {msgid(t) for t in before}
    removed = 0
    for tokens in before:
        roll = rng.random()
        if roll < p_remove:
            removed += 1
        elif roll < p_remove + p_change:
            changed = change(words, tokens)
            if msgid(changed) in seen:
                after.append(tokens)
                continue
            seen.add(msgid(changed))
            origin[msgid(changed)] = msgid(tokens)
            after.append(changed)
        else:
            after.append(tokens)
        if rng.random() < 0.02:
            fresh = sentence(words)
            if msgid(fresh) not in seen:
                seen.add(msgid(fresh))
                new.append(msgid(fresh))
                after.append(fresh)
    return Edited(after, origin, new, removed)


def unique_sentences(words: Words, count: int) -> list[list[Token]]:
    found: list[list[Token]] = []
    seen: set[str] = set()
    while len(found) < count:
        tokens = sentence(words)
        if msgid(tokens) not in seen:
            seen.add(msgid(tokens))
            found.append(tokens)
    return found


# --- one big catalog --------------------------------------------------------------------
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


HEADER = """msgid ""
msgstr ""
"Project-Id-Version: bench\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: {date}\\n"
"PO-Revision-Date: 2026-01-01 00:00+0000\\n"
"Last-Translator: \\n"
"Language-Team: Czech (cs)\\n"
"Language: cs\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;\\n"
"""


def _entry(number: int, text: str, translation: str, fuzzy: bool = False) -> str:
    lines = [f"#. Paragraph {number // 4 + 1}, sentence {number % 4 + 1}"]
    lines.append(f"#: source/big.md:{number * 3 + 1}")
    if fuzzy:
        lines.append("#, fuzzy")
    lines += [f"msgid {_quote(text)}", f"msgstr {_quote(translation)}"]
    return "\n".join(lines) + "\n"


def big_catalog(folder: Path, count: int, seed: int = 7) -> dict[str, object]:
    """``old.po`` (count messages, realistic states), ``new.pot`` (edited), ``truth.json``.

    The files are written in GNU layout by ``msgcat`` so that both tools read the
    same canonical input.
    """
    rng = random.Random(seed)
    words = Words(rng)
    before = unique_sentences(words, count)
    edited = edit(words, before)
    folder.mkdir(parents=True, exist_ok=True)
    po = [HEADER.format(date="2026-01-01 00:00+0000")]
    for number, tokens in enumerate(before):
        text = msgid(tokens)
        roll = rng.random()
        if roll < 0.03:
            po.append(_entry(number, text, translate(text), fuzzy=True))
        elif roll < 0.05:
            po.append(_entry(number, text, ""))
        else:
            po.append(_entry(number, text, translate(text)))
    for tokens in unique_sentences(words, count // 100):  # obsolete entries
        po.append("#~ msgid " + _quote(msgid(tokens)) + "\n#~ msgstr ")
        po[-1] += _quote(translate(msgid(tokens))) + "\n"
    pot = [HEADER.format(date="2026-02-01 00:00+0000")]
    for number, tokens in enumerate(edited.after):
        pot.append(_entry(number, msgid(tokens), ""))
    for name, parts in (("old.po", po), ("new.pot", pot)):
        raw = folder / f"{name}.raw"
        raw.write_text("\n".join(parts), encoding="utf-8")
        subprocess.run(["msgcat", "-o", str(folder / name), str(raw)], check=True)
        raw.unlink()
    truth = {"origin": edited.origin, "new": edited.new, "removed": edited.removed}
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


# --- a project of N articles -------------------------------------------------------------
def article(title: str, index: int, blocks: list[tuple[str, list[list[Token]]]]) -> str:
    front = (
        f"---\ntitle: {title}\ndescription: {title} explained for patients.\n"
        f"slug: article-{index:05d}\ndate: 2026-{index % 12 + 1:02d}-{index % 28 + 1:02d}\n---\n"
    )
    body = []
    for kind, sentences in blocks:
        if kind == "h":
            body.append("## " + " ".join(t[1] for t in sentences[0] if t[0] == "w")[:60])
        elif kind == "ul":
            body.append("\n".join("- " + markdown(s) for s in sentences))
        else:
            body.append(" ".join(markdown(s) for s in sentences))
    return front + "\n" + "\n\n".join(body) + "\n"


def _title(words: Words) -> str:
    return " ".join(words.word() for _ in range(5)).capitalize()


#: The share of body sentences (paragraphs, list items) drawn from the shared pool:
#: the same sentence in several articles, as a help center repeats itself.
SHARED = 0.2
#: The share of body sentences after which the edit script plants one copied from
#: another article (half unchanged, half edited by a word), for the memory's recall.
PLANTED = 0.03


def _body_sentence(words: Words, shared: Sequence[list[Token]]) -> list[Token]:
    if shared and words.rng.random() < SHARED:
        return words.rng.choice(shared)
    return sentence(words)


def _blocks(
    words: Words, shared: Sequence[list[Token]] = ()
) -> list[tuple[str, list[list[Token]]]]:
    rng = words.rng
    blocks: list[tuple[str, list[list[Token]]]] = []
    for _ in range(rng.randint(4, 6)):
        blocks.append(("h", [sentence(words, inline=False)]))
        count = rng.randint(2, 5)
        blocks.append(("p", [_body_sentence(words, shared) for _ in range(count)]))
        if rng.random() < 0.4:
            count = rng.randint(2, 4)
            blocks.append(("ul", [_body_sentence(words, shared) for _ in range(count)]))
    return blocks


def _replace_word(words: Words, tokens: list[Token]) -> list[Token]:
    """The sentence with one plain word (not the first) replaced by another."""
    plain = [i for i, t in enumerate(tokens) if t[0] == "w" and i > 0]
    changed = list(tokens)
    at = words.rng.choice(plain)
    word = words.word()
    while word == tokens[at][1]:
        word = words.word()
    changed[at] = ("w", word)
    return changed


def _edit_blocks(
    words: Words,
    blocks: list[tuple[str, list[list[Token]]]],
    others: Sequence[list[Token]] = (),
    known: set[str] | None = None,
    planted: dict[str, str] | None = None,
) -> list:
    """The edit script on one article; with ``others`` (sentences of other articles), a
    sentence copied from one of them (unchanged or edited by a word) is planted after
    ``PLANTED`` of the body sentences, recorded in ``planted`` (msgid -> origin msgid)."""
    rng = words.rng
    own = {msgid(s) for _, sentences in blocks for s in sentences}
    edited = []
    for kind, sentences in blocks:
        if kind == "h":
            edited.append((kind, sentences))
            continue
        after = edit(words, sentences).after or sentences
        if others and planted is not None and known is not None:
            grown = []
            for tokens in after:
                grown.append(tokens)
                if rng.random() >= PLANTED:
                    continue
                origin = rng.choice(others)
                copy = origin if rng.random() < 0.5 else _replace_word(words, origin)
                text = msgid(copy)
                if text in own or (copy is not origin and text in known) or text in planted:
                    continue
                own.add(text)
                planted[text] = msgid(origin)
                grown.append(copy)
            after = grown
        edited.append((kind, after))
    return edited


def config_text(codes: Sequence[str]) -> str:
    """metsi18n.toml of a benchmark project with ``codes`` published."""
    config = (
        '[project]\nname = "bench"\nsource_dir = "source"\nlocales_dir = "locales"\n'
        'output_dir = "site"\nsource_language = "en"\nbase_url = "https://h.example.org/"\n'
        'segmentation = "sentence"\nmin_translated = 50\nfeedback_url = ""\n\n[languages]\n'
    )
    config += "".join(f'{code} = {{ status = "published" }}\n' for code in codes)
    return config


def project(root: Path, articles: int, languages: int, seed: int = 11) -> None:
    """A metsi18n project with translated catalogs, then the edit script on its source.

    After this, ``metsi18n export`` has real merging to do: the catalogs are those
    of the source before the edit.
    """
    rng = random.Random(seed)
    words = Words(rng)
    codes = LANGUAGES[:languages]
    root.mkdir(parents=True, exist_ok=True)
    (root / "source").mkdir(exist_ok=True)
    config = config_text(codes)
    (root / "metsi18n.toml").write_text(config, encoding="utf-8")
    # A pool of shared sentences, each used by about five articles (SHARED of the body).
    shared = unique_sentences(words, max(1, articles))
    plans = [(_title(words), _blocks(words, shared)) for _ in range(articles)]
    (root / "before").mkdir(exist_ok=True)
    for index, (title, blocks) in enumerate(plans):
        text = article(title, index, blocks)
        (root / "source" / f"a{index:05d}.md").write_text(text, "utf-8")
        # The source before the edit script, for the tools compared (mdpo).
        (root / "before" / f"a{index:05d}.md").write_text(text, "utf-8")
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    run = [sys.executable, "-m", "metsi18n", "-C", str(root)]
    subprocess.run([*run, "init", *codes], check=True, env=_env(env), stdout=subprocess.DEVNULL)
    fill_catalogs(root, seed)
    known = {msgid(s) for _, blocks in plans for _, sentences in blocks for s in sentences}
    planted: dict[str, dict[str, str]] = {}
    for index, (title, blocks) in enumerate(plans):
        others = _plantable(plans, index)
        mine: dict[str, str] = {}
        edited = article(title, index, _edit_blocks(words, blocks, others, known, mine))
        (root / "source" / f"a{index:05d}.md").write_text(edited, "utf-8")
        if mine:
            planted[f"article-{index:05d}"] = mine  # the domain (slug)
    text = json.dumps(planted, ensure_ascii=False, indent=0, sort_keys=True)
    (root / "planted.json").write_text(text, encoding="utf-8")


def _plantable(plans: Sequence[tuple[str, list]], index: int) -> list[list[Token]]:
    """Body sentences of the other articles, plain words only (the planted copies must be
    one unit after segmentation): those of the article before ``index``."""
    before = plans[index - 1][1] if index else plans[-1][1]
    return [
        tokens
        for kind, sentences in before
        if kind != "h"
        for tokens in sentences
        if len(tokens) > 3 and all(token[0] == "w" for token in tokens)
    ]


def fill_catalogs(root: Path, seed: int) -> None:
    """Pseudo-translate the catalogs: ~92% translated, ~4% fuzzy, the rest untranslated."""
    from dataclasses import replace

    from metsi18n import po as pofile

    rng = random.Random(seed)
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        po = pofile.loads(path.read_bytes(), str(path))
        messages = []
        for message in po.messages:
            roll = rng.random()
            if roll < 0.04:
                flags = ("fuzzy", *message.flags)
                messages.append(replace(message, msgstr=translate(message.msgid), flags=flags))
            elif roll < 0.96 or message.msgid_plural is not None:
                if message.msgid_plural is not None:
                    forms = tuple(translate(message.msgid) for _ in message.msgstr_plural)
                    messages.append(replace(message, msgstr_plural=forms))
                else:
                    messages.append(replace(message, msgstr=translate(message.msgid)))
            else:
                messages.append(message)
        path.write_bytes(pofile.dumps(replace(po, messages=tuple(messages))).encode("utf-8"))


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if sys.argv[2] == "big":
        print(json.dumps(big_catalog(target, int(sys.argv[3])))[:200])
    else:
        project(target, int(sys.argv[3]), int(sys.argv[4]))
