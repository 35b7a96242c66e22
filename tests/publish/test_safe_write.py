"""Export files appear whole or not at all, and never through a symbolic link."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from zonemetrics.publish.export import export
from zonemetrics.publish.safe_write import (
    ExportError,
    atomic_path,
    atomic_text,
    clear_stale_parts,
    prepare_folder,
)


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_appears_under_its_name_only_when_complete(tmp_path):
    target = tmp_path / "out.csv"
    with atomic_text(target) as handle:
        handle.write("a,b\n")
        assert not target.exists()  # still being written: nothing under the real name
    assert target.read_text() == "a,b\n"
    assert _visible(tmp_path) == ["out.csv"]


def test_a_failed_write_leaves_the_previous_file_and_no_part(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous export\n")
    with pytest.raises(RuntimeError), atomic_text(target) as handle:
        handle.write("half of a new")
        raise RuntimeError("the writer failed")
    assert target.read_text() == "previous export\n"
    assert _visible(tmp_path) == ["out.csv"]


def test_an_export_is_readable_as_any_new_file_is_and_keeps_a_replaced_files_mode(tmp_path):
    target = tmp_path / "out.csv"
    previous = os.umask(0o022)
    try:
        with atomic_text(target) as handle:
            handle.write("a\n")
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644  # not the temporary file's private 0600
    target.chmod(0o640)
    with atomic_text(target) as handle:
        handle.write("b\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_byte_order_mark_only_when_asked(tmp_path):
    with atomic_text(tmp_path / "excel.csv", bom=True) as handle:
        handle.write("名称\n")
    with atomic_text(tmp_path / "plain.csv") as handle:
        handle.write("名称\n")
    assert (tmp_path / "excel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "plain.csv").read_bytes() == "名称\n".encode()


def test_a_link_placed_under_the_target_name_is_refused_and_its_target_untouched(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "observations.csv").symlink_to(precious)
    target = folder / "observations.csv"
    with pytest.raises(ExportError, match="symbolic link"), atomic_path(target):
        pass
    assert precious.read_text() == "keep me"


def test_an_out_folder_that_is_a_link_is_refused(tiny_store, tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    with pytest.raises(ExportError, match="symbolic link"):
        export(tiny_store, "csv", tmp_path / "out")
    assert _visible(real) == []


def test_a_preplaced_link_in_the_out_folder_stops_a_csv_export(tiny_store, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sources.csv").symlink_to(precious)
    with pytest.raises(ExportError, match=r"sources\.csv"):
        export(tiny_store, "csv", out)
    assert precious.read_text() == "keep me"


def test_parts_of_a_killed_writer_are_cleared_and_a_live_writers_are_kept(tmp_path):
    dead_pid = _a_dead_pid()
    stale = tmp_path / f".out.xlsx.{dead_pid}.abc123.zmpart"
    live = tmp_path / f".out.xlsx.{os.getpid()}.def456.zmpart"
    stale.write_text("half")
    live.write_text("being written")
    assert clear_stale_parts(tmp_path) == [stale]
    assert _visible(tmp_path) == [live.name]


def _a_dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_file_where_a_folder_is_wanted_is_a_clear_error(tmp_path):
    (tmp_path / "out").write_text("a file")
    with pytest.raises(ExportError, match="not a folder"):
        prepare_folder(tmp_path / "out")


@pytest.fixture
def full_disk(tmp_path):
    """A tiny RAM file system, almost full: a real ENOSPC (needs root to mount)."""
    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs to fill needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        (mount / "filler").write_bytes(b"x" * 56 * 1024)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_a_clear_error_and_leaves_no_empty_or_partial_files(
    hostile_store, full_disk
):
    out = full_disk / "export"
    with pytest.raises(ExportError, match="no space left"):
        export(hostile_store, "csv", out)
    left = [p for p in out.iterdir()] if out.exists() else []
    assert all(p.stat().st_size > 0 for p in left)
    assert not [p for p in left if p.name.endswith(".zmpart")]
    with pytest.raises(ExportError, match="no space left"):
        export(hostile_store, "xlsx", full_disk / "ledger.xlsx")
    assert not (full_disk / "ledger.xlsx").exists()
    assert _visible(full_disk) == ["export", "filler"] or _visible(full_disk) == ["filler"]
