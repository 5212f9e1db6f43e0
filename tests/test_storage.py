"""storage: files written together take their places together, or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from metsi18n import storage
from metsi18n.errors import CatalogError
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
    real = storage.write_beside
    calls: list[Path] = []

    def failing(path: Path, *args: Any, **kwargs: Any) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(storage, "write_beside", failing)

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


def test_tree_writer_changes_the_folder_only_on_finish(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "fr").mkdir(parents=True)
    (out / "index.html").write_bytes(b"old index")
    (out / "style.css").write_bytes(b"css")
    (out / "fr" / "gone.html").write_bytes(b"gone")
    kept_inode = (out / "style.css").stat().st_ino
    writer = storage.TreeWriter(out, storage.list_tree(out))
    writer.add("index.html", b"new index")
    writer.add("style.css", b"css")
    writer.add_chunks("de/page.html", iter(["<p>", "Hallo", "</p>"]))
    writer.add_chunks("sitemap.xml", iter(["<urlset/>"]))
    # Nothing visible yet but hidden temporaries.
    assert {k: v for k, v in files(out).items() if not Path(k).name.startswith(".")} == {
        "index.html": b"old index",
        "style.css": b"css",
        "fr/gone.html": b"gone",
    }
    writer.finish()
    assert files(out) == {
        "index.html": b"new index",
        "style.css": b"css",
        "de/page.html": b"<p>Hallo</p>",
        "sitemap.xml": b"<urlset/>",
    }
    assert (writer.written, writer.unchanged, writer.removed) == (
        ["de/page.html", "index.html", "sitemap.xml"],
        ["style.css"],
        ["fr/gone.html"],
    )
    assert (out / "style.css").stat().st_ino == kept_inode  # not rewritten
    assert not (out / "fr").exists()  # emptied by the build: removed


def test_tree_writer_keeps_an_equal_streamed_file_and_abandon_leaves_nothing(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "sitemap.xml").write_bytes(b"<urlset/>")
    writer = storage.TreeWriter(out, storage.list_tree(out))
    writer.add_chunks("sitemap.xml", iter(["<urlset", "/>"]))
    writer.add("index.html", b"new")
    assert writer.unchanged == ["sitemap.xml"]
    writer.abandon()
    assert files(out) == {"sitemap.xml": b"<urlset/>"}


def test_abandon_also_removes_the_folders_made_for_staged_files(tmp_path: Path) -> None:
    (tmp_path / "locales").mkdir()
    staged = StagedFiles()
    staged.add(tmp_path / "locales" / "cs" / "LC_MESSAGES" / "a.po", b"a")
    staged.add(tmp_path / "locales" / "a.pot", b"t")
    staged.abandon()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["locales"]


def test_read_if_present(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_bytes(b"abc" * 10_000)
    assert storage.read_if_present(tmp_path / "a.po", CatalogError) == b"abc" * 10_000
    assert storage.read_if_present(str(tmp_path / "none.po"), CatalogError) is None
    assert storage.read_if_present(tmp_path, CatalogError) is None  # a folder: no catalog
    # Under a file, the path cannot be read: an error naming what the user knows.
    with pytest.raises(CatalogError, match=r"^locales/a\.po/x\.po: cannot read: "):
        storage.read_if_present(tmp_path / "a.po" / "x.po", CatalogError, "locales/a.po/x.po")


def test_a_new_version_keeps_the_spares_links_and_copies_where_links_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    writer = storage.TreeWriter(out, {})
    writer.add("style.css", b"css")
    writer.add("index.html", b"one")
    writer.finish()
    first = (out / "style.css").stat().st_ino
    writer = storage.TreeWriter(out, storage.list_tree(out))
    writer.add("style.css", b"css")
    writer.add("index.html", b"two")
    writer.finish()
    assert (out / "style.css").stat().st_ino == first  # a hard link to the old file

    def no_links(*_: Any) -> None:
        raise OSError(18, "Invalid cross-device link")

    # The third version is made out of the first (the spare): its entry already is the
    # file, so nothing is done for it, even with links failing.
    monkeypatch.setattr(storage.tree.os, "link", no_links)
    writer = storage.TreeWriter(out, storage.list_tree(out))
    writer.add("style.css", b"css")
    writer.add("index.html", b"three")
    writer.finish()
    assert (out / "style.css").stat().st_ino == first
    # A file the spare does not hold as it is now: copied, since links fail.
    (out / "style.css").unlink()
    (out / "style.css").write_bytes(b"css")
    writer = storage.TreeWriter(out, storage.list_tree(out))
    writer.add("style.css", b"css")
    writer.add("index.html", b"four")
    writer.finish()
    assert files(out) == {"index.html": b"four", "style.css": b"css"}
    # Copied, not linked: no other name shares the file. (Not compared by inode number:
    # the spare's old file is deleted first, and its number may be given to the copy.)
    assert (out / "style.css").stat().st_nlink == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.metsi18n", "site"]
    assert len(list((tmp_path / ".site.metsi18n").iterdir())) == 2  # no owner: two versions


def test_staged_files_give_back_each_target_with_what_it_held_in_order(tmp_path: Path) -> None:
    with StagedFiles() as staged:
        staged.add(tmp_path / "b.po", b"new b", storage.digest(b"old b"))
        staged.add(tmp_path / "sub" / "a.v2.po", b"new a")  # no file there when read
        temporary = staged.add_chunks(tmp_path / "c.po", iter(["c"]))
        assert list(staged.targets()) == [
            (tmp_path / "b.po", storage.digest(b"old b")),
            (tmp_path / "sub" / "a.v2.po", None),
            (tmp_path / "c.po", None),
        ]
        staged.drop(temporary)
        assert [path for path, _ in staged.targets()] == [
            tmp_path / "b.po",
            tmp_path / "sub" / "a.v2.po",
        ]
        staged.commit()
    assert files(tmp_path) == {"sub/a.v2.po": b"new a", "b.po": b"new b"}
