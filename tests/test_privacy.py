"""What the database keeps: scrubbed unanswered questions, their retention, and /forget."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from conftest import Backend, columns, tables

from assistant.reminders import store
from assistant.storage import chat_settings, privacy, statistics


@pytest.mark.parametrize(
    ("typed", "kept", "gone"),
    [
        ("My name is Anna Berg and I twitch", "twitch", ("anna", "berg")),
        ("my name is anna, is zinc ok", "zinc", ("anna",)),
        ("I'm Tom, 34, email tom.b@mail.com or +44 7700 900123", "email", ("tom", "34", "7700")),
        ("ask @drsmith about my son Ben", "about my son", ("drsmith", "ben")),
        ("this is Maria. does b12 help? see https://x.example/a?id=9", "b12", ("maria", "x.ex")),
        ("I am tired and my calf twitches", "i am tired", ()),
    ],
)
def test_stored_questions_are_scrubbed(typed: str, kept: str, gone: tuple[str, ...]) -> None:
    stored = statistics.normalise_question(statistics.scrub(typed))
    assert kept in stored
    for piece in gone:
        assert piece not in stored, stored
    assert not any(c.isdigit() for c in stored.replace("b12", ""))


def test_questions_are_kept_for_the_retention_period_only(backend: Backend) -> None:
    db = backend.open()
    now = datetime(2026, 6, 1, tzinfo=UTC)
    old = now - statistics.RETENTION - timedelta(days=1)
    statistics.record_miss(db, "is zinc good", now=old)
    statistics.record_miss(db, "is coffee ok", now=old)
    statistics.record_miss(db, "is zinc good", now=now)  # asked again: counted afresh
    statistics.record_miss(db, "iron pills", now=now - timedelta(days=1))
    assert statistics.top_misses(db, now=now) == [("is zinc good", 1), ("iron pills", 1)]
    assert statistics.prune_misses(db, now) == 1  # "is coffee ok"
    assert len(db.execute("SELECT question FROM misses").fetchall()) == 2
    assert timedelta(days=90) == statistics.RETENTION
    db.close()


def test_chat_tables_cover_every_table_with_a_chat_id(backend: Backend) -> None:
    db = backend.open()
    with_chat = {t for t in tables(db) if "chat_id" in columns(db, t)}
    assert with_chat == set(privacy.CHAT_TABLES)
    db.close()


def _chat_rows(db: object, chat_id: int) -> int:
    return sum(
        db.execute(f"SELECT count(*) FROM {t} WHERE chat_id = ?", (chat_id,)).fetchone()[0]  # type: ignore[attr-defined]
        for t in privacy.CHAT_TABLES
    )


def test_forget_chat_deletes_one_chat_and_no_other(backend: Backend) -> None:
    db = backend.open()
    now = datetime.now(UTC)
    for chat in (1, 2):
        store.set_reminders(db, chat, "hydration", [time(9, 0)], now)
        chat_settings.set_timezone(db, chat, "Europe/Berlin")
    statistics.record_miss(db, "is zinc good")
    before = _chat_rows(db, 2)
    assert privacy.forget_chat(db, 1) >= 2
    assert _chat_rows(db, 1) == 0 and chat_settings.get_timezone(db, 1) is None
    assert _chat_rows(db, 2) == before and chat_settings.get_timezone(db, 2) == "Europe/Berlin"
    assert statistics.top_misses(db)  # anonymous counts are not a chat's data
    db.close()


def test_unreachable_chats_are_forgotten(backend: Backend) -> None:
    db = backend.open()
    now = datetime.now(UTC)
    for chat in (1, 2):
        chat_settings.set_timezone(db, chat, "Europe/Berlin")
        store.set_reminders(db, chat, "hydration", [time(9, 0)], now)
    db.execute(
        "INSERT INTO deliveries (chat_id, kind, slot_utc, status) VALUES (1, 'hydration', ?, ?)",
        (now.isoformat(), "sending"),
    )
    store.unsubscribe_chat(db, 1)  # what the dispatcher does on 403 Forbidden
    assert privacy.unreachable_chats(db) == [1]
    assert privacy.forget_unreachable(db) == 1
    assert chat_settings.get_timezone(db, 1) is None
    assert chat_settings.get_timezone(db, 2) == "Europe/Berlin"
    db.close()


def test_user_text_reaches_debug_logs_only_with_log_user_text() -> None:
    import io
    import logging

    from assistant.telegram.logs import HIDDEN, setup_logging

    token = "123456:" + "B" * 35
    bot_log = logging.getLogger("telegram.ext.ExtBot")
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        for user_text in (False, True):
            buffer = io.StringIO()
            setup_logging(logging.DEBUG, token, stream=buffer, user_text=user_text)
            params = {"chat_id": 1, "text": "my name is Zed and my calf twitches"}
            bot_log.debug("Calling Bot API endpoint `%s` with parameters `%s`", "x", params)
            logging.getLogger("telegram.ext.Application").debug("Processing update %s", params)
            out = buffer.getvalue()
            assert ("Zed" in out) is user_text
            assert (HIDDEN in out) is not user_text
            assert "Calling Bot API endpoint `x`" in out
    finally:
        setup_logging(logging.INFO, token, stream=io.StringIO())
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.captureWarnings(False)
