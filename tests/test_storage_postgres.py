"""PostgreSQL outages (issue 10, item 4): a server restart, a dropped connection or a database
unreachable for a while is survived like SQLite's full disk: logged once, nothing lost, the
send-out resumes by itself on a new connection. And what a bad DATABASE_URL says at start."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from conftest import Backend, with_params
from pg_outage import Relay
from test_reminders_dispatch import NINE, FakeTelegram, subscribe

from assistant.reminders.dispatch import Backlog, dispatch_due
from assistant.storage import chat_settings, open_database, postgres
from assistant.storage.database import STORAGE_ERRORS, Database, DatabaseRefused
from assistant.storage.health import StorageHealth
from assistant.storage.transactions import transaction
from assistant.telegram import app

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
TOKEN = "123456:AAH-a-valid-looking-token-0123456789abc"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def relay(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> Iterator[Relay]:
    """The test's schema behind a relay the test can cut; reconnecting is retried at once
    (the backoff between attempts is real time, which a test need not wait for)."""
    monkeypatch.setattr(postgres, "RECONNECT_FIRST", 0.0)
    assert backend.url is not None
    relay = Relay(backend.url)
    relay.start()
    yield relay
    relay.cut()


def terminate(backend: Backend) -> None:
    """What a server restart or an administrator does to the bot's session."""
    assert backend.url is not None
    with psycopg.connect(backend.url, autocommit=True) as admin:
        schema = admin.execute("SELECT current_schema()").fetchone()
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            schema,
        ).fetchall()
    assert killed, "the bot's session should have been there to terminate"


def test_a_terminated_session_is_replaced_without_the_caller_noticing(
    backend: Backend, db: Database
) -> None:
    chat_settings.set_timezone(db, 1, "Europe/Berlin")
    terminate(backend)
    assert chat_settings.get_timezone(db, 1) == "Europe/Berlin"  # a read: repeated on a new one
    terminate(backend)
    chat_settings.set_timezone(db, 1, "Asia/Tokyo")  # a transaction: its BEGIN is repeated
    assert chat_settings.get_timezone(db, 1) == "Asia/Tokyo"


def test_a_write_cut_off_mid_transaction_fails_cleanly_and_the_next_one_works(
    relay: Relay,
) -> None:
    db = open_database(url=relay.url)
    with pytest.raises(STORAGE_ERRORS), transaction(db):
        db.execute("INSERT INTO chat_settings (chat_id, timezone) VALUES (1, 'UTC')")
        relay.cut()
        db.execute("INSERT INTO chat_settings (chat_id, timezone) VALUES (2, 'UTC')")
    with pytest.raises(STORAGE_ERRORS):  # still unreachable: fails at once, no hang
        chat_settings.get_timezone(db, 1)
    relay.start()
    assert chat_settings.get_timezone(db, 1) is None  # the cut transaction left nothing
    chat_settings.set_timezone(db, 2, "UTC")
    assert chat_settings.get_timezone(db, 2) == "UTC"
    db.close()


async def test_a_send_out_survives_the_database_going_away_and_coming_back(
    relay: Relay, caplog: pytest.LogCaptureFixture
) -> None:
    db = open_database(url=relay.url)
    subscribe(db, range(1, 201))
    telegram, clock = FakeTelegram(), Clock()
    health, backlog = StorageHealth(clock), Backlog()
    kwargs: dict[str, Any] = {"health": health, "backlog": backlog, "batch_size": 50}
    caplog.set_level(logging.INFO)
    send = telegram.send

    async def cut_after_30(delivery: Any) -> Any:
        if len(telegram.delivered) == 30:
            relay.cut()  # the server restarts mid send-out
        return await send(delivery)

    first = await dispatch_due(db, NINE, cut_after_30, **kwargs)
    assert first.paused and health.failing
    sent_before = len(telegram.delivered)
    clock.now += 100
    still = await dispatch_due(db, NINE + timedelta(seconds=20), telegram.send, **kwargs)
    assert still.paused and len(telegram.delivered) == sent_before  # unreachable: waits

    relay.start()  # a minute later the server is back
    clock.now += 100
    for second in range(40, 200, 20):
        await dispatch_due(db, NINE + timedelta(seconds=second), telegram.send, **kwargs)
    per_chat = Counter(chat for chat, _, _ in telegram.delivered)
    assert set(per_chat) == set(range(1, 201)) and max(per_chat.values()) == 1
    assert dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status")) == {
        "sent": 200
    }
    assert not health.failing and backlog == {}
    messages = [r.getMessage() for r in caplog.records]
    assert sum("cannot write to the database" in m for m in messages) == 1
    assert sum("takes writes again" in m for m in messages) == 1
    db.close()


def test_an_unreachable_or_refusing_server_at_start_is_one_line(backend: Backend) -> None:
    assert backend.url is not None
    closed = Relay(backend.url)  # never started: nothing listens on its port
    with pytest.raises(DatabaseRefused) as refused:
        open_database(url=closed.url)
    assert "DATABASE_URL" in str(refused.value) and "\n" not in str(refused.value)
    parts = urlsplit(backend.url)
    nobody = f"postgresql://nobody-here:secret-pw@{parts.hostname}:{parts.port}{parts.path}"
    with pytest.raises(DatabaseRefused) as refused:
        open_database(url=nobody)
    assert "secret-pw" not in str(refused.value)


def test_a_schema_with_another_programs_tables_is_refused(backend: Backend) -> None:
    assert backend.url is not None
    with psycopg.connect(backend.url, autocommit=True) as other:
        other.execute("CREATE TABLE reminders (id INTEGER)")
    with pytest.raises(DatabaseRefused, match="not this bot's"):
        open_database(url=backend.url)


def test_main_refuses_an_unusable_database_url_in_one_line(
    backend: Backend, capsys: pytest.CaptureFixture[str], assistant: object
) -> None:
    assert backend.url is not None
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}
    for url, words in (
        (Relay(backend.url).url, "cannot use the PostgreSQL database"),
        ("mysql://root:pw@localhost/bot", "must be a PostgreSQL URL"),
        (with_params(backend.url, sslmode="no-such-mode"), "DATABASE_URL"),
    ):
        assert app.main({**env, "DATABASE_URL": url}, assistant=assistant) == 2  # type: ignore[arg-type]
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and err.startswith("error:") and words in err, err
        assert "pw@" not in err
