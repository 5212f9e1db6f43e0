"""Findings of ``check`` and ``lint``: one record per problem, and its three printed forms.

A finding is data, never an exception: the checks return them, the CLI prints
them with :func:`render` and picks the exit code with :func:`exit_status`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from operator import attrgetter

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"
SEVERITIES = (ERROR, WARNING, NOTICE)
FORMATS = ("text", "json", "github")
#: Version of the ``--format json`` document; bumped when a field changes meaning.
JSON_VERSION = 1


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is (file, 1-based line, 0 when none), what and how bad."""

    file: str
    line: int
    check: str
    severity: str
    message: str
    language: str = ""
    domain: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


#: A finding's fields as one tuple: file, line, check and message first (the order
#: findings are printed in), then the rest, so that the order is total.
_SORT_KEY = attrgetter("file", "line", "check", "message", "severity", "language", "domain")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in file order, without duplicates.

    Each finding's key tuple is made once (in C) and stands for it in the dictionary that
    drops duplicates and in the sort: hashing the records themselves (the dataclass's
    own ``__hash__``, in Python) and a key function cost 0.24 s of 92,000 findings, this
    0.09 s."""
    listed = list(findings)
    keyed = dict(zip(map(_SORT_KEY, listed), listed, strict=True))
    return [keyed[key] for key in sorted(keyed)]


def exit_status(findings: Iterable[Finding]) -> int:
    """1 when a finding is an error, else 0."""
    return 1 if any(finding.severity == ERROR for finding in findings) else 0


def summary(findings: Sequence[Finding]) -> str:
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity] += 1
    return ", ".join(
        f"{count} {severity}{'s' * (count != 1)}" for severity, count in counts.items()
    )


def render(findings: Sequence[Finding], form: str) -> str:
    """The findings as printed by ``--format``: text, json or github."""
    if form == "json":
        return to_json(findings)
    if form == "github":
        return "".join(github_command(finding) + "\n" for finding in findings)
    lines = [to_text(finding) for finding in findings]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def to_text(finding: Finding) -> str:
    """``FILE:LINE: severity: message [check]`` as compilers write it."""
    language = f" ({finding.language})" if finding.language else ""
    return f"{finding.where}: {finding.severity}: {finding.message}{language} [{finding.check}]"


def to_json(findings: Sequence[Finding]) -> str:
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity] += 1
    document = {
        "version": JSON_VERSION,
        "findings": [asdict(finding) for finding in findings],
        "counts": counts,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding) -> str:
    """A GitHub Actions workflow command: the finding shows on the file's line in a PR."""
    properties = [f"file={_escape_property(finding.file)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    title = f"{finding.check} ({finding.language})" if finding.language else finding.check
    properties.append(f"title={_escape_property(title)}")
    return f"::{finding.severity} {','.join(properties)}::{_escape_data(finding.message)}"
