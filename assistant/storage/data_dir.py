"""Check BOT_DATA_DIR before the database is opened, so every problem is one clear line.

SQLite's own message for all of these is "unable to open database file", which names neither
the setting nor the path. `check_data_dir` creates the directory if needed and proves it can
be written (a small probe file, synced to disk, then removed).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

VARIABLE = "BOT_DATA_DIR"
DB_FILENAME = "bot.sqlite3"
_PROBE = ".write-test"
_PROBE_BYTES = 4096


class DataDirError(OSError):
    """The data directory cannot be used; `str(error)` is one line naming the variable."""


def describe(error: OSError, path: Path) -> str:
    """One line for an OSError met while using `path` as BOT_DATA_DIR."""
    where = f"{VARIABLE} {str(path)!r}"
    code = error.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"{where}: the disk is full (no space left on its device)"
    if code == errno.EROFS:
        return f"{where} is on a read-only file system"
    if code in (errno.EACCES, errno.EPERM):
        return f"{where} is not writable by this user (uid {os.getuid()}): check its owner"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"{where}: a file is in the way where a directory should be"
    return f"{where} cannot be used: {error.strerror or error}"


def _blocking_file(path: Path) -> Path | None:
    """The path itself or a parent that exists as something other than a directory."""
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def check_data_dir(path: Path) -> Path:
    """Create `path` if needed and check it can hold the database; returns it resolved.

    Raises DataDirError with one line naming BOT_DATA_DIR and the path."""
    blocking = _blocking_file(path)
    if blocking is not None:
        what = (
            "is a file" if blocking == path else f"cannot be created: {str(blocking)!r} is a file"
        )
        raise DataDirError(f"{VARIABLE} {str(path)!r} {what}, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        _probe(path)
        database = path / DB_FILENAME
        if database.exists() and not os.access(database, os.R_OK | os.W_OK):
            raise DataDirError(
                f"{VARIABLE} {str(path)!r}: the database {DB_FILENAME} in it is not readable "
                f"and writable by this user (uid {os.getuid()}): check its owner"
            )
    except DataDirError:
        raise
    except OSError as error:
        raise DataDirError(describe(error, path)) from error
    return path.resolve()


def _probe(path: Path) -> None:
    probe = path / _PROBE
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"\0" * _PROBE_BYTES)
        os.fsync(fd)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)
