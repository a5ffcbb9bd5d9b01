"""What the bot refuses to start on: a data directory another process holds, an empty or
foreign database file, a database that belongs to another bot; and files private to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Backend

from assistant import storage
from assistant.storage.connection import DatabaseRefused
from assistant.storage.ownership import (
    DataDirBusy,
    ForeignBot,
    claim_bot,
    lock_data_dir,
    open_storage,
)
from assistant.telegram import app


def test_a_second_lock_on_the_directory_is_refused_until_the_first_is_released(
    tmp_path: Path,
) -> None:
    first = lock_data_dir(tmp_path)
    with pytest.raises(DataDirBusy, match="another bot process"):
        lock_data_dir(tmp_path)
    first.release()
    lock_data_dir(tmp_path).release()


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"PK\x03\x04 a zip file", "not an SQLite database")],
)
def test_an_empty_or_non_sqlite_file_is_refused(tmp_path: Path, content: bytes, words: str) -> None:
    (tmp_path / "bot.sqlite3").write_bytes(content)
    with pytest.raises(DatabaseRefused, match=words):
        storage.open_database(tmp_path)
    assert (tmp_path / "bot.sqlite3").read_bytes() == content  # untouched


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "bot.sqlite3")
    other.execute("CREATE TABLE invoices (id INTEGER)")
    other.commit()
    other.close()
    with pytest.raises(DatabaseRefused, match="another program"):
        storage.open_database(tmp_path)


def test_the_database_belongs_to_the_first_bot(tmp_path: Path) -> None:
    db = storage.open_database(tmp_path)
    claim_bot(db, 111)
    claim_bot(db, 111)
    with pytest.raises(ForeignBot, match="belongs to bot 111"):
        claim_bot(db, 222)


def test_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new"
    storage.open_database(data).close()
    lock_data_dir(data).release()
    assert data.stat().st_mode & 0o777 == 0o700
    modes = {p.name: p.stat().st_mode & 0o777 for p in data.iterdir()}
    assert set(modes.values()) == {0o600}, modes


def test_main_says_it_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], assistant: object
) -> None:
    (tmp_path / "bot.sqlite3").write_bytes(b"")
    env = {
        "TELEGRAM_BOT_TOKEN": "123456:AAH-a-valid-looking-token-0123456789abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
        "BOT_DATA_DIR": str(tmp_path),
    }
    assert app.main(env, assistant=assistant) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("error:") and "is empty" in err
    holder = lock_data_dir(tmp_path / "held")
    env["BOT_DATA_DIR"] = str(tmp_path / "held")
    assert app.main(env, assistant=assistant) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "another bot process" in err
    holder.release()


def test_processes_of_one_bot_share_postgresql_but_not_a_sqlite_directory(
    backend: Backend,
) -> None:
    """SQLite: one process per BOT_DATA_DIR (its lock). PostgreSQL: any number of processes
    of the bot the database records, on any hosts; another bot is still refused."""
    first_lock, first = open_storage(backend.data_dir, backend.url)
    try:
        claim_bot(first, 111)
        if backend.url is None:
            with pytest.raises(DataDirBusy):
                open_storage(backend.data_dir, backend.url)
            return
        assert first_lock is None  # a lock file means nothing across hosts
        _, second = open_storage(backend.data_dir, backend.url)
        claim_bot(second, 111)  # the same bot: welcome
        with pytest.raises(ForeignBot, match="DATABASE_URL belongs to bot 111"):
            claim_bot(second, 222)
        second.close()
    finally:
        first.close()
        if first_lock is not None:
            first_lock.release()
