"""The real bot while its PostgreSQL database is unreachable, and after it is back (issue 10,
item 4): questions are still answered, a command that needs the database says "try again",
reminders wait and none is lost or repeated, and everything works again without a restart."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from conftest import Backend
from pg_outage import Relay

from assistant import Assistant
from assistant.reminders import store
from assistant.storage import postgres

from . import harness
from .fake_bot_api import FakeBotApi
from .harness import ask, open_db
from .reminder_harness import Clock, dispatch, reminder_bot, reminders_sent, say, services

pytestmark = pytest.mark.postgresql_only
CHATS = range(30001, 30021)
NINE = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)


async def test_an_outage_pauses_reminders_and_commands_then_everything_resumes(
    fake_api: FakeBotApi,
    tmp_path: Path,
    assistant: Assistant,
    bot_storage: Backend,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert bot_storage.url is not None
    relay = Relay(bot_storage.url)  # the bot reaches PostgreSQL through it; the test cuts it
    relay.start()
    monkeypatch.setattr(harness, "DATABASE_URL", relay.url)
    monkeypatch.setattr(postgres, "RECONNECT_FIRST", 0.0)  # reconnect at once when it is back
    fake_api.strict_chats = False
    db = open_db(tmp_path)
    for chat in CHATS:
        store.set_reminders(db, chat, "hydration", [time(9)], NINE.replace(hour=8))
    db.close()
    caplog.set_level(logging.INFO)
    clock = Clock(NINE.replace(second=5))
    async with reminder_bot(fake_api, tmp_path, assistant, clock, allow_errors=True) as app:
        assert (await ask(fake_api, "magnesium")).startswith("Magnesium")
        relay.cut()  # the server restarts, or the network between goes away

        assert (await ask(fake_api, "potassium")).startswith("Potassium")  # still answered
        failed = await say(fake_api, "/remind sleep 22:30")
        assert failed.result["text"].startswith("Something went wrong")
        report = await dispatch(app)
        assert report.paused and reminders_sent(fake_api) == []

        relay.start()  # back, a while later
        # The dispatcher's backoff: 1 s after the first failure.
        await asyncio.sleep(services(app).storage_health.retry_in())
        report = await dispatch(app)
        assert report.sent == len(CHATS) and not report.paused
        assert "sleep" in (await say(fake_api, "/remind sleep 22:30")).result["text"].lower()
        assert (await ask(fake_api, "potassium")).startswith("Potassium")
        assert (await ask(fake_api, "what foods then?")).startswith("Potassium: foods")
    per_chat = [call.params["chat_id"] for call in reminders_sent(fake_api)]
    assert sorted(per_chat) == list(CHATS)  # 0 lost, 0 twice
    messages = [record.getMessage() for record in caplog.records]
    assert sum("cannot write to the database" in m for m in messages) == 1
    assert sum("takes writes again" in m for m in messages) == 1
    assert not any(record.exc_info for record in caplog.records if "database" in record.msg)
    relay.cut()
