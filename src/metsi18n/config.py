"""metsi18n.toml -> :class:`Settings`; the on-disk layout of a project in one place."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metsi18n.errors import ProjectError

CONFIG_NAME = "metsi18n.toml"
SITE_DOMAIN = "site"
STATUSES = ("published", "draft")
#: What a page shows for a fuzzy unit: the English text, or the previous translation
#: marked as outdated (``[languages] cs = { ..., fuzzy = "outdated" }``).
FUZZY_SHOWS = ("english", "outdated")
SEGMENTATIONS = ("sentence", "paragraph")
#: What export takes from the translation memory: nothing, exact matches, or fuzzy ones too.
MEMORY_MODES = ("off", "exact", "fuzzy")


@dataclass(frozen=True)
class MemorySettings:
    """``[memory]``: how export fills new entries from the project's translation memory."""

    mode: str = "fuzzy"
    #: Least similarity (GNU's measure) of a fuzzy match; a match needs strictly more.
    threshold: float = 0.6
    #: Exact matches from the same domain (article) taken as translated, not fuzzy.
    exact_same_domain_translated: bool = False
    #: TMX files (paths relative to the project root) added to the memory.
    tmx: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    """A target language as configured: POSIX code (folder name), status, threshold."""

    code: str
    status: str
    min_translated: float | None = None
    fuzzy: str = "english"
    #: ``reviewed_only = true``: an article is published in this language only when a
    #: medical reviewer has signed off every translated unit (``metsi18n review --sign``).
    reviewed_only: bool = False

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class Settings:
    """The settings of one project, read from its ``metsi18n.toml``."""

    root: Path
    name: str
    source_dir: str
    locales_dir: str
    output_dir: str
    source_language: str
    base_url: str
    segmentation: str
    min_translated: float
    feedback_url: str
    languages: tuple[Language, ...]
    #: The termbase (``.csv`` or ``.tbx``) relative to the root; empty: none.
    glossary: str = ""
    memory: MemorySettings = MemorySettings()
    #: Whether article pages show a table of contents (an article's front matter ``toc``
    #: decides for itself).
    toc: bool = False

    # --- layout -----------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    def source_files(self) -> list[Path]:
        """Every article of the project, in a stable order."""
        if not self.source_path.is_dir():
            raise ProjectError(f"source folder {self.source_dir!r} does not exist", CONFIG_NAME)
        return sorted(self.source_path.glob("*.md"))

    def pot_path(self, domain: str) -> Path:
        return self.locales_path / f"{domain}.pot"

    def po_path(self, code: str, domain: str) -> Path:
        return Path(self.po_file(code, domain))

    def po_file(self, code: str, domain: str) -> str:
        """:meth:`po_path` as a string: the build reads 11,000 catalogs a run, and making
        Path objects for them was most of an incremental build's time (cProfile)."""
        return f"{self.locales_path}{os.sep}{code}{os.sep}LC_MESSAGES{os.sep}{domain}.po"

    def relative(self, path: Path) -> str:
        """``path`` as written in messages and references: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def language(self, code: str) -> Language | None:
        for language in self.languages:
            if language.code == code:
                return language
        return None


def publish_threshold(settings: Settings, code: str) -> float | None:
    """Percent of an article's units a language needs for build to publish the article.

    The one threshold of the project: the language's ``min_translated``, else the
    project's (``[project] min_translated``, 80 by default); None when the language is
    not ``published`` (a draft is never built). Units count when translated, not fuzzy
    and with their tags intact (see :attr:`metsi18n.site.page.ArticleText.percent`).
    ``build`` publishes an article in a language at or above it; ``check`` reports
    what is below it as translation debt (see :mod:`metsi18n.quality.gate`).
    """
    language = settings.language(code)
    if language is None or not language.published:
        return None
    if language.min_translated is not None:
        return language.min_translated
    return settings.min_translated


def load_settings(root: Path) -> Settings:
    """Read ``root/metsi18n.toml``; a missing or invalid setting names its key."""
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProjectError(
            f"no {CONFIG_NAME} here (use -C DIR to point elsewhere)", str(path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProjectError(f"invalid TOML: {exc}", CONFIG_NAME) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(f"cannot read: {exc}", CONFIG_NAME) from exc
    project = _table(data, "project")
    segmentation = _string(project, "project.segmentation", "sentence")
    if segmentation not in SEGMENTATIONS:
        raise ProjectError(
            f"project.segmentation must be one of {', '.join(SEGMENTATIONS)}, not {segmentation!r}",
            CONFIG_NAME,
        )
    return Settings(
        root=root,
        name=_string(project, "project.name"),
        source_dir=_string(project, "project.source_dir", "source"),
        locales_dir=_string(project, "project.locales_dir", "locales"),
        output_dir=_string(project, "project.output_dir", "site"),
        source_language=_string(project, "project.source_language", "en"),
        base_url=_string(project, "project.base_url"),
        segmentation=segmentation,
        min_translated=_percent(project, "project.min_translated", 80.0),
        feedback_url=_string(project, "project.feedback_url", ""),
        languages=_languages(data.get("languages", {})),
        glossary=_glossary(project),
        memory=_memory(data.get("memory", {})),
        toc=_flag(project, "project.toc", False),
    )


def _flag(table: dict[str, Any], key: str, default: bool) -> bool:
    value = table.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, bool):
        raise ProjectError(f"setting {key} must be true or false, not {value!r}", CONFIG_NAME)
    return value


def _glossary(project: dict[str, Any]) -> str:
    name = _string(project, "project.glossary", "")
    if name and not name.lower().endswith((".csv", ".tbx")):
        raise ProjectError(f"setting project.glossary must name a .csv or .tbx file, not {name!r}",
                           CONFIG_NAME)  # fmt: skip
    return name


def _memory(table: Any) -> MemorySettings:
    if not isinstance(table, dict):
        raise ProjectError("[memory] must be a table", CONFIG_NAME)
    mode = _string(table, "memory.mode", "fuzzy")
    if mode not in MEMORY_MODES:
        raise ProjectError(
            f"memory.mode must be one of {', '.join(MEMORY_MODES)}, not {mode!r}", CONFIG_NAME
        )
    threshold = table.get("threshold", 0.6)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ProjectError("setting memory.threshold must be a number from 0 to 1", CONFIG_NAME)
    if not 0 <= threshold < 1:
        raise ProjectError("setting memory.threshold must be a number from 0 to 1", CONFIG_NAME)
    same = table.get("exact_same_domain_translated", False)
    if not isinstance(same, bool):
        raise ProjectError(
            "setting memory.exact_same_domain_translated must be true or false", CONFIG_NAME
        )
    files = table.get("tmx", [])
    if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
        raise ProjectError("setting memory.tmx must be a list of file paths", CONFIG_NAME)
    return MemorySettings(mode, float(threshold), same, tuple(files))


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ProjectError(f"missing table [{key}]", CONFIG_NAME)
    return value


def _string(table: dict[str, Any], key: str, default: str | None = None) -> str:
    name = key.rsplit(".", 1)[-1]
    value = table.get(name, default)
    if value is None:
        raise ProjectError(f"missing setting {key}", CONFIG_NAME)
    if not isinstance(value, str):
        raise ProjectError(f"setting {key} must be a string", CONFIG_NAME)
    return value


def _percent(table: dict[str, Any], key: str, default: float | None) -> float:
    name = key.rsplit(".", 1)[-1]
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ProjectError(f"setting {key} must be a number from 0 to 100", CONFIG_NAME)
    return float(value)


def _languages(table: Any) -> tuple[Language, ...]:
    if not isinstance(table, dict):
        raise ProjectError("[languages] must be a table of code = { status = ... }", CONFIG_NAME)
    languages = []
    for code, entry in table.items():
        key = f"languages.{code}"
        if isinstance(entry, str):
            entry = {"status": entry}
        if not isinstance(entry, dict):
            raise ProjectError(
                f'setting {key} must be a table such as {{ status = "draft" }}', CONFIG_NAME
            )
        status = _string(entry, f"{key}.status")
        if status not in STATUSES:
            raise ProjectError(f"setting {key}.status must be 'published' or 'draft'", CONFIG_NAME)
        threshold = None
        if "min_translated" in entry:
            threshold = _percent(entry, f"{key}.min_translated", None)
        fuzzy = "english"
        if "fuzzy" in entry:
            fuzzy = _string(entry, f"{key}.fuzzy")
            if fuzzy not in FUZZY_SHOWS:
                raise ProjectError(
                    f"setting {key}.fuzzy must be 'english' or 'outdated'", CONFIG_NAME
                )
        reviewed_only = entry.get("reviewed_only", False)
        if not isinstance(reviewed_only, bool):
            raise ProjectError(f"setting {key}.reviewed_only must be true or false", CONFIG_NAME)
        languages.append(Language(code, status, threshold, fuzzy, reviewed_only))
    return tuple(sorted(languages, key=lambda language: language.code))


def register_languages(config: str, codes: Sequence[str]) -> str:
    """``config`` (metsi18n.toml text) with each of ``codes`` not yet under [languages]
    added as ``code = { status = "draft" }`` at its place in code order; comments and
    layout are kept (tomlkit)."""
    import tomlkit  # only init and tm import write the file: not an import of every command

    document, table = _parsed_table(config, "languages")
    if not isinstance(table, dict):
        raise ProjectError("[languages] must be a table of code = { status = ... }", CONFIG_NAME)
    added = False
    for code in codes:
        if code in table or code.replace("_", "-") in table:
            continue
        # Parsed rather than built, so it is written as the README shows it.
        entry = tomlkit.parse('entry = { status = "draft" }\n')["entry"]
        _insert_sorted(table, code, entry)
        added = True
    if not added:
        return config
    text = tomlkit.dumps(document)
    return text if text.endswith("\n") else text + "\n"


def _parsed_table(config: str, name: str) -> tuple[Any, Any]:
    """``config`` parsed by tomlkit (layout kept), and its table ``name``, added empty
    when missing."""
    import tomlkit
    import tomlkit.exceptions

    try:
        document = tomlkit.parse(config)
    except tomlkit.exceptions.ParseError as exc:
        raise ProjectError(f"invalid TOML: {exc}", CONFIG_NAME, exc.line) from exc
    table = document.get(name)
    if table is None:
        table = tomlkit.table()
        document.add(name, table)
    return document, table


def register_tmx(config: str, path: str) -> str:
    """``config`` (metsi18n.toml text) with ``path`` (relative to the project, POSIX)
    added at the end of ``[memory] tmx``, the table and the list made when missing;
    unchanged when it is listed already. Comments and layout are kept (tomlkit)."""
    import tomlkit

    document, table = _parsed_table(config, "memory")
    if not isinstance(table, dict):
        raise ProjectError("[memory] must be a table", CONFIG_NAME)
    files = table.get("tmx")
    if files is None:
        table["tmx"] = files = tomlkit.array()
    if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
        raise ProjectError("setting memory.tmx must be a list of file paths", CONFIG_NAME)
    if path in files:
        return config
    files.append(path)
    text = tomlkit.dumps(document)
    return text if text.endswith("\n") else text + "\n"


def _insert_sorted(table: Any, code: str, entry: Any) -> None:
    """Put ``code = entry`` in the tomlkit ``table`` before the first key that sorts after
    it (and the comment lines right above that key), else after the last key.

    tomlkit has no public insert-before; ``Container._insert_at`` (tomlkit 0.12 to 0.15)
    is what its own ``Table`` methods use.
    """
    from tomlkit.items import Comment, Table

    if not isinstance(table, Table):  # languages = { ... } on one line: order kept as is
        table[code] = entry
        return
    body = table.value.body
    keys = [index for index, (key, _) in enumerate(body) if key is not None]
    later = [
        i for i, (key, _) in enumerate(body) if key is not None and key.key.replace("-", "_") > code
    ]
    if later:
        index = later[0]
        while index > 0 and body[index - 1][0] is None and isinstance(body[index - 1][1], Comment):
            index -= 1
    else:
        index = keys[-1] + 1 if keys else len(body)
    if index < len(body):
        table.value._insert_at(index, code, entry)
    else:
        table.append(code, entry)
