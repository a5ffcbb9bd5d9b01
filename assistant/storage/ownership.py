"""One owner per data directory: an exclusive lock file, and the bot the database belongs to.

`lock_data_dir` takes an exclusive `flock` on `<BOT_DATA_DIR>/bot.lock` before anything else
touches the directory, so a second bot process on the same directory stops at start with one
line (`DataDirBusy`) instead of claiming, sending and unsubscribing the first one's reminders.
The lock dies with its process (even with kill -9), so a stale lock file never blocks a restart.

`claim_bot` records the bot's id (from `getMe`) in the database on first start; a different
bot (another token) is refused (`ForeignBot`): its "chat not found" answers would otherwise
unsubscribe every chat.

PostgreSQL (DATABASE_URL): a lock file means nothing across hosts, and several processes of
the same bot share the database on purpose (their reminder claims are leased, see
`reminders.deliveries`), so only `claim_bot` applies: any number of processes of the bot the
database records, none of another bot.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from assistant.storage.connection import open_database, private_dir
from assistant.storage.database import Database
from assistant.storage.transactions import transaction

LOCK_FILENAME = "bot.lock"


class DataDirBusy(RuntimeError):
    """Another process holds the data directory; `str()` is one line for the user."""


class ForeignBot(RuntimeError):
    """The database belongs to another bot; `str()` is one line for the user."""


class DataDirLock:
    """The held lock; `release()` (or the process's end) lets the next process in."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def lock_data_dir(data_dir: Path) -> DataDirLock:
    """Take the directory's exclusive lock, or raise `DataDirBusy` naming the holder."""
    private_dir(data_dir)
    path = data_dir / LOCK_FILENAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise DataDirBusy(
            f"another bot process (pid {holder}) is using BOT_DATA_DIR {str(data_dir)!r}; "
            "stop it first, or give this one its own BOT_DATA_DIR"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return DataDirLock(path, fd)


def claim_bot(db: Database, bot_id: int) -> None:
    """Record `bot_id` as the database's owner, or raise `ForeignBot` if another bot is."""
    with transaction(db):
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('bot_id', ?) ON CONFLICT DO NOTHING",
            (str(bot_id),),
        )
        (owner,) = db.execute("SELECT value FROM meta WHERE key = 'bot_id'").fetchone()
    if str(owner) != str(bot_id):
        place = "DATABASE_URL" if db.dialect.shared else "BOT_DATA_DIR"
        raise ForeignBot(
            f"this {place} belongs to bot {owner}, but TELEGRAM_BOT_TOKEN is for bot "
            f"{bot_id}; use that bot's token or another {place}"
        )


def open_storage(data_dir: Path, url: str | None) -> tuple[DataDirLock | None, Database]:
    """The bot's storage, opened as its owner. SQLite (`url` None): the data directory's lock
    first (a second process must stop before touching anything), then the database.
    PostgreSQL: the database only (see the module's note); `data_dir` then only holds the
    heartbeat, so a directory that cannot be made is no reason to refuse."""
    if url is not None:
        with contextlib.suppress(OSError):  # the heartbeat's warning will say what is wrong
            private_dir(data_dir)
        return None, open_database(url=url)
    data_lock = lock_data_dir(data_dir)
    try:
        return data_lock, open_database(data_dir)
    except BaseException:
        data_lock.release()
        raise
