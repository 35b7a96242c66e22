"""Writing export files so that a reader never finds half of one.

Every file is written to a hidden temporary file in its target folder and renamed over
the real name only once it is complete and flushed to disk: a rename within one folder
is atomic, so a killed, failed or out-of-space export leaves the previous file (or no
file) under the real name, never a truncated one. Symbolic links are refused, both the
target folder and a link placed under a target name, so an export can never be steered
into overwriting a file elsewhere.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from zonemetrics.errors import ZonemetricsError

# Hidden temporary names carry the writer's process id, so that parts left by a killed
# export can be told from those of an export still running, and cleared.
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.zmpart$")
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class ExportError(ZonemetricsError):
    """An export could not be written; nothing was left under the target name."""


def _refuse_links(path: Path) -> None:
    if path.is_symlink():
        raise ExportError(
            f"{path} is a symbolic link; exports never write through links "
            "(remove it or choose another path)"
        )


def prepare_folder(folder: Path) -> Path:
    """The folder an export writes into, created if absent; a link is refused."""
    folder = Path(folder)
    _refuse_links(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _clear(error, folder) from None
    clear_stale_parts(folder)
    return folder


def clear_stale_parts(folder: Path) -> list[Path]:
    """Remove temporary parts that a killed export left in a folder (their writer is
    gone); parts of an export still running are left alone."""
    removed = []
    for path in folder.iterdir():
        match = _PART.match(path.name)
        if match and not _alive(int(match["pid"])) and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clear(error: OSError, target: Path) -> ExportError:
    """An OS error as one line naming the file and the reason."""
    if error.errno in _NO_SPACE:
        return ExportError(
            f"cannot write {target}: no space left on the device "
            "(nothing was written under that name; free some space and export again)"
        )
    if error.errno == errno.EFBIG:
        return ExportError(
            f"cannot write {target}: the file is larger than this device or a limit allows "
            "(nothing was written under that name; narrow the export with --zones, "
            "--indicators or --years)"
        )
    reason = error.strerror or str(error)
    return ExportError(f"cannot write {target}: {reason}")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write the whole file to; on success it
    replaces `target` in one rename, on any failure it is removed."""
    target = Path(target)
    prepare_folder(target.parent)
    _refuse_links(target)
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    handle, name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".zmpart", dir=target.parent
    )
    os.close(handle)
    part = Path(name)
    # mkstemp makes the file private (0600); an export is read by others as any new file
    # is: the mode a plain open would give (umask applied), or the replaced file's own
    os.chmod(part, _mode_for(target))
    try:
        yield part
        _flush(part)
        _refuse_links(target)  # placed while we wrote: still refused
        os.replace(part, target)
        _flush_folder(target.parent)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise _clear(error, target) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_text(target: Path, *, bom: bool = False) -> Iterator[IO[str]]:
    """A UTF-8 text file written atomically; `bom` starts it with a byte-order mark,
    which is how Excel on Chinese Windows knows a CSV is UTF-8 and not GBK."""
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic_path(target) as part, part.open("w", encoding=encoding, newline="") as handle:
        yield handle


def _flush(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX: fsync the directory)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename has happened
    finally:
        os.close(descriptor)
