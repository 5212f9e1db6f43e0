"""storage.py: files written together take their places together, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from metsi18n import storage
from metsi18n.storage import StagedFiles


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_staged_files_appear_only_on_commit(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"old")
    with StagedFiles() as staged:
        staged.add(tmp_path / "a.po", b"new a")
        staged.add(tmp_path / "sub" / "b.po", b"new b")
        # Staged beside the targets, hidden; the targets are untouched so far.
        assert (tmp_path / "a.po").read_bytes() == b"old"
        assert not (tmp_path / "sub" / "b.po").exists()
        assert len(list(tmp_path.rglob(".*.tmp"))) == 2
        staged.commit()
    assert files(tmp_path) == {"a.po": b"new a", "sub/b.po": b"new b"}
    assert (tmp_path / "sub" / "b.po").stat().st_mode & 0o777 == 0o644


def test_an_error_before_commit_leaves_every_target_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"old")
    before = files(tmp_path)

    def export_with_bad_input() -> None:
        with StagedFiles() as staged:
            staged.add(tmp_path / "a.po", b"new a")
            staged.add(tmp_path / "b.po", b"new b")
            raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        export_with_bad_input()
    assert files(tmp_path) == before


def test_a_failed_write_removes_what_was_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = storage._write_beside
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(storage, "_write_beside", failing)

    def write_two() -> None:
        with StagedFiles() as staged:
            staged.add(tmp_path / "a.po", b"a")
            staged.add(tmp_path / "b.po", b"b")

    with pytest.raises(OSError, match="No space"):
        write_two()
    assert files(tmp_path) == {}


def test_commit_with_nothing_staged_does_nothing(tmp_path: Path) -> None:
    with StagedFiles() as staged:
        staged.commit()
    assert files(tmp_path) == {}
