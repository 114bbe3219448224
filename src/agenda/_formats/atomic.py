"""Writing output files atomically: readers see the old file or the new one, never half.

The new content goes to a file with no name in the target's directory (Linux ``O_TMPFILE``),
which is given a temporary name only once complete and then renamed over the target; a process
killed while writing leaves nothing behind. Elsewhere, or where the file system lacks
``O_TMPFILE``, the content is written to ``.NAME.PID.XXXXXXXX.tmp``; an exception or a signal
the command line handles removes it, and a ``kill -9`` can leave it behind: the next write to
the same directory (the first one by a process) removes such files whose process is gone.

Only a regular file (or nothing) is ever replaced: a FIFO, a device or a socket at the target
path is refused (as root, ``-o /dev/null`` would otherwise replace the system's).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from agenda.exceptions import OutputError

__all__ = ["check_replaceable", "write_atomic"]

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_replaceable(path: str | os.PathLike[str]) -> os.stat_result | None:
    """The status of the file at `path` if it is a regular file, None if there is none; raises
    `OutputError` for anything that writing must not replace (through a symbolic link too),
    `IsADirectoryError` for a directory."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    if not stat.S_ISREG(info.st_mode):
        kind = next((what for test, what in _KINDS if test(info.st_mode)), "not a regular file")
        raise OutputError(os.fspath(path), f"is {kind}, not a regular file: refusing to replace it")
    return info


def _mode_for(info: os.stat_result | None) -> int:
    """The existing file's permissions, or what a plain ``open`` would give under the umask."""
    if info is not None:
        return stat.S_IMODE(info.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}."


# The names this module gives temporary files: ``.NAME.PID.`` and 8 characters (a hex token,
# or mkstemp's letters, digits and underscores), then ``.tmp``.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp")
# Directories already swept by this process: one scan each, not one per file written (an
# invitation run writes thousands of files into one directory).
_swept: set[str] = set()


def remove_stale_temporaries(directory: Path) -> None:
    """Remove the temporary files that writes into `directory` left behind when their process
    was killed (``kill -9``); files of a running process are left alone. Once per directory
    and process."""
    key = os.path.abspath(directory)
    if key in _swept or os.name != "posix":  # os.kill(pid, 0) is a liveness probe on POSIX only
        return
    _swept.add(key)
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match is None:
                continue
            pid = int(match.group("pid"))
            if pid == os.getpid() or _alive(pid):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write `data` to `path` through a temporary file in the same directory and a rename.
    `data` may be a function that writes the bytes to the stream it is given (called once).

    Errors name `path`, not the temporary file: a directory, a folder that does not exist, or
    (`OutputError`) a FIFO, device or socket, which is never replaced.
    """
    target = Path(path)
    info = check_replaceable(target)
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such directory for the output", str(target))
    mode = _mode_for(info)
    remove_stale_temporaries(target.parent)
    if not _write_unnamed(target, data, mode):
        _write_named(target, data, mode)
    _sync_directory(target.parent)


def _write_unnamed(target: Path, data: bytes | Callable[[IO[bytes]], None], mode: int) -> bool:
    """Write through an ``O_TMPFILE`` file; False where the system or file system has none.
    Where it cannot be given a name (a /proc of another mount namespace says EXDEV), its bytes
    are copied to a named temporary file: the output is never made twice."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return False
    try:
        descriptor = os.open(target.parent, flag | os.O_RDWR, mode)
    except OSError:  # EOPNOTSUPP, EISDIR (an old kernel), EINVAL...
        return False
    temporary: str | None = None
    try:
        with os.fdopen(descriptor, "w+b") as stream:
            _write(stream, data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
            # The file gets a name only once it is complete; a kill now leaves it to the cleanup.
            temporary = str(target.parent / f"{_temporary_prefix(target)}{os.getpid()}.{secrets.token_hex(4)}.tmp")
            try:
                os.link(f"/proc/self/fd/{stream.fileno()}", temporary, follow_symlinks=True)
            except OSError:
                temporary = None
                stream.seek(0)
                _write_named(target, lambda named: shutil.copyfileobj(stream, named), mode)
                return True
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _write_named(target: Path, data: bytes | Callable[[IO[bytes]], None], mode: int) -> None:
    descriptor, temporary = tempfile.mkstemp(
        prefix=f"{_temporary_prefix(target)}{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "w+b") as stream:
            _write(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(stream: IO[bytes], data: bytes | Callable[[IO[bytes]], None]) -> None:
    if isinstance(data, bytes):
        stream.write(data)
    else:
        data(stream)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (best effort: not every system can open a directory)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
