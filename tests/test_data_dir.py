"""Every BOT_DATA_DIR problem stops the bot at start with one line naming the variable and path."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.storage import data_dir
from assistant.storage.data_dir import DataDirError, check_data_dir
from assistant.telegram import app

TOKEN = "123456:" + "A" * 35


def start(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`app.main` with BOT_DATA_DIR=data: its exit code and its one line on stderr."""
    code = app.main({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DATA_DIR": str(data)})
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and TOKEN not in err
    return code, err


def _failing(error: int) -> object:
    def fail(*_args: object, **_kwargs: object) -> int:
        raise OSError(error, os.strerror(error))

    return fail


def test_a_good_directory_is_created_and_probed(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert check_data_dir(target) == target.resolve()
    assert target.is_dir() and list(target.iterdir()) == []  # the probe file is gone


def test_a_file_where_the_directory_should_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, line = start(blocker / "data", capsys)
    assert code == 2 and "BOT_DATA_DIR" in line and str(blocker) in line and "a file" in line
    code, line = start(blocker, capsys)
    assert code == 2 and "BOT_DATA_DIR" in line and str(blocker) in line


@pytest.mark.parametrize(
    ("error", "words"),
    [(errno.EACCES, "not writable"), (errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only")],
)
def test_unwritable_full_or_read_only(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    words: str,
) -> None:
    monkeypatch.setattr(data_dir.os, "write", _failing(error))
    code, line = start(tmp_path / "data", capsys)
    assert code == 2 and "BOT_DATA_DIR" in line and str(tmp_path / "data") in line
    assert words in line


def test_a_database_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / data_dir.DB_FILENAME).write_bytes(b"not sqlite" * 100)
    code, line = start(tmp_path, capsys)
    assert code == 2 and "BOT_DATA_DIR" in line and str(tmp_path) in line


def test_a_database_file_this_user_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / data_dir.DB_FILENAME).write_bytes(b"")
    monkeypatch.setattr(data_dir.os, "access", lambda *_args: False)
    with pytest.raises(DataDirError, match=r"BOT_DATA_DIR .*bot\.sqlite3.* not readable"):
        check_data_dir(tmp_path)


def test_the_start_line_names_mode_data_and_knowledge_but_not_the_webhook_path() -> None:
    from assistant import Assistant
    from assistant.telegram.config import load_config

    assistant = Assistant.load()
    polling = app.describe_start(load_config({"TELEGRAM_BOT_TOKEN": TOKEN}), assistant)
    assert polling.startswith("mode long polling; data directory /") and "topics" in polling
    webhook = load_config(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.org/tg/s3cret"}
    )
    line = app.describe_start(webhook, assistant)
    assert "webhook for bot.example.org" in line and "s3cret" not in line
