"""What a source change costs: the templates now against those at a git revision.

Each domain's template on disk is merged, with export's own merge, into the template
of the revision (every entry "translated" by its own text): an entry carried over
fuzzy is a *changed* unit (its old text is its ``previous_msgid``), one with nothing
to start from is *new*, and an old entry left obsolete is *removed*. Per language,
the words to retranslate are those of the new and changed units its catalog has no
usable translation of yet; a page *falls* when its share of usable units reaches its
publish threshold at the revision (template and catalog as they were) and not now.
Git runs as a subprocess (``git show REV:path``). Outside a git repository (or without
git), and with no revision asked for, the templates export *would* write now are
compared with the ``.pot`` files on disk, as they are before ``export``; a revision
asked for without a repository is a ProjectError.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from metsi18n import po as pofile
from metsi18n.catalogs import merge_catalog, plan_templates
from metsi18n.config import SITE_DOMAIN, Settings, publish_threshold
from metsi18n.errors import ProjectError
from metsi18n.po import Message, POFile, message_words
from metsi18n.storage import read_catalog

FORMATS = ("text", "markdown", "github", "json")


@dataclass(frozen=True)
class Change:
    """One unit of a template that is new, changed (with its old text) or removed."""

    domain: str
    kind: str
    message: Message
    previous: str | None = None

    @property
    def reference(self) -> tuple[str, int]:
        """(file, line) of the unit's first source reference, or ("", 0)."""
        for reference in self.message.references:
            path, _, line = reference.rpartition(":")
            if path and line.isdigit():
                return path, int(line)
        return "", 0


@dataclass
class LanguageImpact:
    """What the change asks of one language."""

    language: str
    new: int = 0
    changed: int = 0
    removed: int = 0
    words: int = 0
    #: Articles (slugs) whose page is published at the revision and will not be now.
    falling: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Impact:
    #: The revision compared with; None: the templates on disk, before ``export``.
    base: str | None
    changes: tuple[Change, ...]
    languages: tuple[LanguageImpact, ...]

    @property
    def against(self) -> str:
        return f"`{self.base[:12]}`" if self.base else "the templates on disk (before export)"


def git(root: Path, *args: str) -> str | None:
    """``git args`` in ``root``: its output, or None when it fails (no such object)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise ProjectError("git is not installed; impact compares with a git revision") from exc
    return done.stdout if done.returncode == 0 else None


def in_repository(root: Path) -> bool:
    """True when ``root`` is in a git repository and git is installed."""
    try:
        return git(root, "rev-parse", "--git-dir") is not None
    except ProjectError:  # git is not installed
        return False


def default_base(root: Path) -> str:
    """The merge base of HEAD with the default branch (origin's HEAD, else main, master)."""
    candidates = []
    remote = git(root, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
    if remote:
        candidates.append(remote.strip())
    candidates += ["main", "master"]
    for branch in candidates:
        found = git(root, "merge-base", "HEAD", branch)
        if found:
            return found.strip()
    raise ProjectError("no default branch (main, master) to compare with; give --base REV")


def _at(settings: Settings, base: str, path: Path) -> POFile | None:
    relative = path.resolve().relative_to(settings.root.resolve()).as_posix()
    text = git(settings.root, "show", f"{base}:./{relative}")
    if text is None:
        return None
    return pofile.loads(text.encode("utf-8"), f"{base}:{relative}")


def _as_translated(template: POFile) -> POFile:
    """``template`` with every entry translated by its own text (nothing fuzzy)."""
    messages = tuple(
        replace(m, msgstr=m.msgid, msgstr_plural=(m.msgid, m.msgid_plural or m.msgid))
        if m.msgid_plural
        else replace(m, msgstr=m.msgid)
        for m in template.messages
    )
    return replace(template, messages=messages)


def template_changes(domain: str, old: POFile | None, new: POFile | None) -> list[Change]:
    """The new, changed and removed units of ``domain`` from ``old`` to ``new``."""
    merged = merge_catalog(new or POFile(), _as_translated(old or POFile())).catalog
    changes = []
    for message in merged.messages:
        if message.obsolete:
            changes.append(Change(domain, "removed", message))
        elif message.fuzzy:
            changes.append(Change(domain, "changed", message, message.previous_msgid))
        elif not message.msgstr and not any(message.msgstr_plural):
            changes.append(Change(domain, "new", message))
    return changes


def _usable(catalog: POFile | None) -> set[tuple[str | None, str]]:
    if catalog is None:
        return set()
    return {m.key for m in catalog.messages if m.translated and not m.obsolete}


def _percent(template: POFile | None, catalog: POFile | None) -> float:
    keys = [m.key for m in (template.messages if template else ()) if not m.obsolete]
    usable = _usable(catalog)
    return 100.0 * sum(1 for key in keys if key in usable) / len(keys) if keys else 100.0


#: Per domain (template then, template now); and a catalog's path -> that catalog then
#: (None: as it is now).
_Sides = tuple[dict[str, tuple[POFile | None, POFile | None]], Callable[[Path], POFile | None]]


def _git_sides(settings: Settings, revision: str) -> _Sides:
    """The templates at ``revision`` and on disk (as export wrote them)."""
    if git(settings.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is None:
        raise ProjectError(f"--base {revision!r} is not a revision of this repository")
    domains = {p.stem for p in settings.locales_path.glob("*.pot")}
    listed = git(settings.root, "ls-tree", "--name-only", f"{revision}:./{settings.locales_dir}")
    domains |= {n[:-4] for n in (listed or "").split() if n.endswith(".pot")}
    templates: dict[str, tuple[POFile | None, POFile | None]] = {}
    for domain in sorted(domains):
        path = settings.pot_path(domain)
        now = read_catalog(path, settings.relative(path))
        templates[domain] = (_at(settings, revision, path), now)
    return templates, lambda path: _at(settings, revision, path)


def _disk_sides(settings: Settings) -> _Sides:
    """The templates on disk (before export) and those export would write now; the
    catalogs are the same on both sides."""
    planned = {item.domain: item.template for item in plan_templates(settings)}
    domains = set(planned) | {p.stem for p in settings.locales_path.glob("*.pot")}
    templates: dict[str, tuple[POFile | None, POFile | None]] = {}
    for domain in sorted(domains):
        path = settings.pot_path(domain)
        templates[domain] = (read_catalog(path, settings.relative(path)), planned.get(domain))
    return templates, lambda path: None


def impact(settings: Settings, base: str | None = None) -> Impact:
    """The impact of the templates on disk against those at ``base`` (default: the merge
    base with the default branch); outside a git repository and without ``base``, of the
    templates export would write against those on disk."""
    revision: str | None
    if base is None and not in_repository(settings.root):
        revision = None
        templates, catalog_then = _disk_sides(settings)
    else:
        if not in_repository(settings.root):
            git(settings.root, "--version")  # git missing: says so
            raise ProjectError(
                f"--base {base}: {settings.root} is not in a git repository; without one,"
                " impact compares with the templates on disk (leave out --base)"
            )
        revision = base or default_base(settings.root)
        templates, catalog_then = _git_sides(settings, revision)
    changes: list[Change] = []
    for domain, (then, now) in templates.items():
        changes += template_changes(domain, then, now)
    languages = []
    for language in settings.languages:
        result = LanguageImpact(language.code)
        threshold = publish_threshold(settings, language.code)
        for domain, (then, now) in templates.items():
            path = settings.po_path(language.code, domain)
            catalog = read_catalog(path, settings.relative(path))
            usable = _usable(catalog)
            for change in (c for c in changes if c.domain == domain):
                setattr(result, change.kind, getattr(result, change.kind) + 1)
                if change.kind != "removed" and change.message.key not in usable:
                    result.words += message_words(change.message)
            if threshold is None or domain == SITE_DOMAIN or now is None:
                continue
            before = _percent(then, catalog_then(path) or catalog)
            if before >= threshold > _percent(now, catalog):
                result.falling.append(domain)
        languages.append(result)
    return Impact(revision, tuple(changes), tuple(languages))


# --- output --------------------------------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: Impact, form: str) -> str:
    """``text``, ``markdown`` (a pull-request comment), ``github`` or ``json``."""
    if form == "json":
        document: dict[str, Any] = {
            "version": 1,
            "base": report.base,
            "changes": [
                {
                    "domain": c.domain,
                    "kind": c.kind,
                    "msgid": c.message.msgid,
                    "previous": c.previous,
                    "file": c.reference[0],
                    "line": c.reference[1],
                }
                for c in report.changes
            ],
            "languages": [vars(item) for item in report.languages],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if form == "github":
        lines = []
        for change in report.changes:
            if change.kind == "removed":
                continue
            file, line = change.reference
            where = f"file={file},line={line}," if file else ""
            words = message_words(change.message)
            lines.append(
                f"::notice {where}title=impact ({change.kind})::{change.kind} unit of "
                f"{change.domain}, {words} words to translate in each language: "
                f"{_short(change.message.msgid)}"
            )
        for item in report.languages:
            for slug in item.falling:
                lines.append(
                    f"::warning title=impact ({item.language})::{item.language} ({slug}) "
                    "falls below its publish threshold and will not be published"
                )
        return "".join(line + "\n" for line in lines)
    if form == "markdown":
        lines = [
            f"Translation impact against {report.against}:",
            "",
            "| Language | New | Changed | Removed | Words to retranslate | No longer published |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for item in report.languages:
            falling = ", ".join(item.falling) or "–"
            lines.append(
                f"| {item.language} | {item.new} | {item.changed} | {item.removed} "
                f"| {item.words} | {falling} |"
            )
        return "\n".join(lines) + "\n"
    lines = [f"against {report.against.strip('`')}: {_counts(report.changes)}"]
    for item in report.languages:
        falling = f"; no longer published: {', '.join(item.falling)}" if item.falling else ""
        lines.append(
            f"{item.language}: {item.new} new, {item.changed} changed, {item.removed} removed, "
            f"{item.words} words to retranslate{falling}"
        )
    return "\n".join(lines) + "\n"


def _counts(changes: Sequence[Change]) -> str:
    kinds = [c.kind for c in changes]
    return ", ".join(f"{kinds.count(k)} {k}" for k in ("new", "changed", "removed"))
